"""Handing in steps and giving feedback: versions, decisions, completion, notifications."""

from decimal import Decimal

import pytest

from agora.capstones.models import Feedback, Milestone, Project, Stage, Submission
from agora.capstones.submitting import (
    MAX_SUBMISSIONS_PER_HOUR,
    Refused,
    give_feedback,
    hand_in,
    project_of,
    set_showcase,
)
from agora.learning.models import ActivityProgress
from agora.notifications.models import Notification
from tests.factories_capstones import add_rubric

PROPOSAL = {"title": "Greener squares", "case": "Our squares are grey.",
            "objectives": "Plant trees.", "stakeholders": "Residents."}


@pytest.fixture
def project(lena):
    return project_of(lena)


def propose(project, version=1):
    return hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=version,
                   proposal=PROPOSAL)


def test_a_proposal_fills_the_project_and_keeps_its_version(project):
    submission = propose(project)
    project.refresh_from_db()
    assert project.title == "Greener squares"
    assert submission.version == 1
    assert submission.case == "Our squares are grey."


def test_a_repeated_hand_in_counts_once(project):
    propose(project)
    assert propose(project) is None
    assert Submission.objects.count() == 1


def test_reviewers_are_told_of_a_hand_in(project, mia, felix):
    propose(project)
    assert set(Notification.objects.values_list("recipient__full_name", flat=True)) == {
        "Mia Mentor", "Felix Facilitator"
    }


def test_a_milestone_waits_for_the_proposal(project, milestone):
    with pytest.raises(Refused):
        hand_in(project, stage=Stage.MILESTONE, milestone=milestone, version=1, text="x")


def test_a_milestone_linked_to_an_activity_completes_it_once(project, milestone, mia):
    propose(project)
    first = hand_in(project, stage=Stage.MILESTONE, milestone=milestone, version=1, text="v1")
    give_feedback(first, mia, text="More detail.", decision=Feedback.Decision.REVISE)
    hand_in(project, stage=Stage.MILESTONE, milestone=milestone, version=2, text="v2")
    progress = ActivityProgress.objects.get(activity=milestone.activity)
    assert progress.completed_at is not None
    project.enrolment.refresh_from_db()
    assert project.enrolment.activities_done == 1


def test_a_step_waiting_for_feedback_cannot_be_handed_in_again(project):
    propose(project)
    with pytest.raises(Refused):
        propose(project, version=2)


def test_asking_for_a_revision_opens_the_next_version_and_tells_the_learner(project, mia):
    submission = propose(project)
    give_feedback(submission, mia, text="Name the *squares*.", decision="revise")
    assert propose(project, version=2).version == 2
    assert Notification.objects.filter(recipient=project.enrolment.user).exists()


def test_feedback_is_given_once(project, mia, felix):
    submission = propose(project)
    give_feedback(submission, mia, text="Good.", decision="accepted")
    assert give_feedback(submission, felix, text="Bad.", decision="revise") is None
    assert Feedback.objects.get().reviewer == mia


def test_accepting_the_proposal_moves_the_project_on(project, mia):
    give_feedback(propose(project), mia, text="Good.", decision="accepted")
    project.refresh_from_db()
    assert project.step == Project.Step.UNDERWAY


def test_the_final_submission_waits_for_an_accepted_proposal(project):
    propose(project)
    with pytest.raises(Refused):
        hand_in(project, stage=Stage.FINAL, milestone=None, version=1, text="Done")


def test_accepting_the_final_submission_with_the_rubric_finishes_the_project(project, mia, cohort):
    criteria = add_rubric(cohort)
    give_feedback(propose(project), mia, text="Good.", decision="accepted")
    final = hand_in(project, stage=Stage.FINAL, milestone=None, version=1, text="Done")
    strong = [criterion.levels.get(points=4) for criterion in criteria]
    feedback = give_feedback(final, mia, text="Great.", decision="accepted", levels=strong)
    project.refresh_from_db()
    assert project.step == Project.Step.FINISHED
    assert project.finished_at is not None
    assert feedback.points == Decimal(8)
    assert feedback.scores.count() == 2


def test_the_proposal_step_completes_its_linked_activity(project, cohort, milestone):
    activity = milestone.activity
    milestone.activity = None
    milestone.save()
    Milestone.objects.create(cohort=cohort, stage=Stage.PROPOSAL, title="Proposal",
                             activity=activity)
    propose(project)
    assert ActivityProgress.objects.get(activity=activity).completed_at is not None


def test_handing_in_is_rate_limited(project, mia, milestone):
    give_feedback(propose(project), mia, text="ok", decision="revise")
    for version in range(2, MAX_SUBMISSIONS_PER_HOUR + 1):
        give_feedback(propose(project, version), mia, text="again", decision="revise")
    with pytest.raises(Refused):
        propose(project, MAX_SUBMISSIONS_PER_HOUR + 1)


def test_withdrawing_consent_clears_it_and_the_name(project):
    project.step = Project.Step.FINISHED
    project.save()
    set_showcase(project, consent=True, show_name=True, summary="Trees.")
    project.refresh_from_db()
    assert project.in_showcase and project.show_name
    set_showcase(project, consent=False, show_name=True, summary="Trees.")
    project.refresh_from_db()
    assert not project.in_showcase
    assert project.showcase_consent_at is None
    assert not project.show_name
