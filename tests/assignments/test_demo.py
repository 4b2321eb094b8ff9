"""The demo assignments load twice without duplicates and show graded work with feedback."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.assignments import demo
from agora.assignments.models import Assignment, Criterion, DueDate, Submission
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()


def counts():
    return [model.objects.count() for model in (Assignment, Criterion, DueDate, Submission)]


def test_loading_twice_adds_nothing(loaded):
    before = counts()
    demo.load()
    assert counts() == before


def test_demo_learners_have_graded_work_with_feedback(loaded):
    lisbon = Submission.objects.filter(enrolment__cohort__slug="civic-tech-leadership-lisbon")
    statuses = sorted(lisbon.values_list("status", flat=True))
    assert statuses == [Submission.Status.GRADED, Submission.Status.RESUBMIT,
                        Submission.Status.SUBMITTED]
    graded = lisbon.get(status=Submission.Status.GRADED)
    assert graded.feedback and graded.score is not None
    assert DueDate.objects.filter(cohort__slug="civic-tech-leadership-lisbon").exists()


def test_every_demo_assignment_has_a_rubric(loaded):
    assert Assignment.objects.exists()
    assert not Assignment.objects.filter(criteria=None).exists()


def test_the_demo_learner_finds_feedback_in_the_running_p5_cohort(loaded):
    p5 = Submission.objects.filter(enrolment__cohort__slug="public-engagement-2027")
    mine = p5.get(enrolment__user__email="learner@agora.example")
    assert mine.status == Submission.Status.GRADED
    assert mine.feedback.startswith("Un plan clair")  # they follow the course in French


def test_the_demo_mentor_has_work_to_grade_once_mentors_are_assigned(loaded):
    """Mentors grade only their learners' work: after the mentoring demo (loaded later), the
    demo mentor finds the work handed in, some of it waiting, in the P5 and Lisbon queues."""
    from agora.accounts.models import User
    from agora.mentoring import demo as mentoring_demo

    mentoring_demo.load()
    mentor = User.objects.get(email="mentor@agora.example")
    gradable = Submission.objects.gradable_by(mentor).handed_in()
    for slug in demo.DEMO_COHORTS:
        assert gradable.filter(enrolment__cohort__slug=slug,
                               status=Submission.Status.SUBMITTED).exists(), slug
