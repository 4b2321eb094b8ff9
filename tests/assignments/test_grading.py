"""Facilitators and mentors grade with the rubric, give feedback, ask for a new version; the
learner is told by e-mail in their language and reads the feedback on the activity page."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agora.assignments import submitting
from agora.assignments.grading import grade, set_due_date
from agora.assignments.models import CriterionScore, Submission
from agora.learning.models import ActivityProgress
from tests.factories import StreamFactory
from tests.factories_assignments import enrolment_for

pytestmark = pytest.mark.django_db


def hand_in(enrolment, assignment, text="My plan", now=None):
    draft = submitting.save_draft(enrolment, assignment, version=1, text=text, uploads=[])
    return submitting.submit(draft, now=now)


def rubric_form(assignment, *ranks, feedback="Good start.", resubmit=False):
    """The grading form choosing, for each criterion in order, the level of that rank."""
    data = {"feedback": feedback}
    if resubmit:
        data["resubmit"] = "on"
    for criterion, rank in zip(assignment.criteria.all(), ranks, strict=True):
        data[f"criterion_{criterion.pk}"] = criterion.levels.all()[rank].pk
    return data


def grade_url(submission):
    return reverse("assignments:grade", args=[submission.enrolment.cohort.slug, submission.pk])


def test_a_facilitator_grades_with_the_rubric(client, lena, assignment, felix, immediate_tasks):
    submission = hand_in(lena, assignment)
    client.force_login(felix)
    response = client.post(grade_url(submission), rubric_form(assignment, 2, 1))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED
    assert submission.points == Decimal(6)
    assert submission.score == Decimal("75.00")
    assert submission.graded_by == felix
    assert CriterionScore.objects.filter(submission=submission).count() == 2


def test_the_score_reaches_the_learning_record(lena, assignment, felix):
    submission = hand_in(lena, assignment)
    levels = [criterion.levels.all()[2] for criterion in assignment.criteria.all()]
    grade(submission, felix, levels=levels, feedback="", resubmit=False)
    progress = ActivityProgress.objects.get(enrolment=lena, activity=assignment.activity)
    assert progress.score == Decimal("100.00")


def test_a_mentor_of_the_cohort_grades_too(client, lena, assignment, mia):
    submission = hand_in(lena, assignment)
    client.force_login(mia)
    client.post(grade_url(submission), rubric_form(assignment, 0, 0))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED
    assert submission.score == Decimal(0)


def test_every_criterion_needs_a_level(client, lena, assignment, felix):
    submission = hand_in(lena, assignment)
    client.force_login(felix)
    data = rubric_form(assignment, 1, 1)
    del data[f"criterion_{assignment.criteria.first().pk}"]
    response = client.post(grade_url(submission), data)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert "Good start." in response.content.decode()  # the feedback typed is kept
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_the_learner_is_emailed_in_their_language(lena, assignment, felix, immediate_tasks,
                                                 django_capture_on_commit_callbacks):
    lena.user.preferred_language = "fr"
    lena.user.save()
    submission = hand_in(lena, assignment)
    with django_capture_on_commit_callbacks(execute=True):
        grade(submission, felix, levels=[], feedback="Bien.", resubmit=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lena.user.email]
    assert reverse("assignments:submit", args=["spring", assignment.activity_id]) in message.body
    with translation.override("fr"):
        expected = translation.gettext("Read the feedback: %(url)s").split("%")[0]
    assert expected in message.body


def test_the_learner_reads_the_feedback_on_the_activity_page(client, lena, assignment, felix):
    submission = hand_in(lena, assignment)
    levels = [criterion.levels.all()[1] for criterion in assignment.criteria.all()]
    grade(submission, felix, levels=levels, feedback="Name *who* you will invite.",
          resubmit=True)
    client.force_login(lena.user)
    html = client.get(
        reverse("assignments:submit", args=["spring", assignment.activity_id])
    ).content.decode()
    assert "Name <em>who</em> you will invite." in html
    assert "4 of 8 points (50 %)" in html
    assert "Revise my work" in html


def test_the_queue_filters_by_status_and_stream(client, assignment, cohort, felix):
    practitioners = StreamFactory(cohort=cohort, name={"en": "Practitioners"})
    managers = StreamFactory(cohort=cohort, name={"en": "Managers"})
    to_grade = hand_in(enrolment_for(assignment, cohort, stream=practitioners,
                                     user__full_name="Paula Practitioner"), assignment)
    graded = hand_in(enrolment_for(assignment, cohort, stream=managers,
                                   user__full_name="Max Manager"), assignment)
    grade(graded, felix, levels=[], feedback="", resubmit=False)
    late_one = enrolment_for(assignment, cohort, stream=managers,
                             user__full_name="Lou Late")
    set_due_date(assignment, cohort, timezone.now() - datetime.timedelta(days=1))
    hand_in(late_one, assignment)
    client.force_login(felix)
    queue = reverse("assignments:queue", args=["spring"])

    def names(**params):
        html = client.get(queue, params).content.decode()
        return {name for name in ("Paula Practitioner", "Max Manager", "Lou Late")
                if name in html}

    assert names() == {"Paula Practitioner", "Lou Late"}
    assert names(status="graded") == {"Max Manager"}
    assert names(status="late") == {"Lou Late"}
    assert names(status="all", stream=managers.pk) == {"Max Manager", "Lou Late"}
    assert to_grade.status == Submission.Status.SUBMITTED


def test_the_queue_lists_only_the_latest_version(client, lena, assignment, felix):
    first = hand_in(lena, assignment)
    grade(first, felix, levels=[], feedback="Again", resubmit=True)
    draft = submitting.start_revision(lena, assignment)
    submitting.submit(draft)
    client.force_login(felix)
    response = client.get(reverse("assignments:queue", args=["spring"]), {"status": "all"})
    assert [row["submission"].version for row in response.context["rows"]] == [2]


def test_the_queue_uses_a_bounded_number_of_queries(client, assignment, cohort, felix,
                                                    django_assert_max_num_queries):
    for _ in range(12):
        hand_in(enrolment_for(assignment, cohort), assignment)
    client.force_login(felix)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("assignments:queue", args=["spring"]))
    assert len(response.context["rows"]) == 12


def test_grading_again_replaces_the_grade_of_the_version(lena, assignment, felix):
    submission = hand_in(lena, assignment)
    criteria = list(assignment.criteria.all())
    grade(submission, felix, levels=[c.levels.all()[0] for c in criteria], feedback="",
          resubmit=False)
    grade(submission, felix, levels=[c.levels.all()[1] for c in criteria], feedback="",
          resubmit=False)
    submission.refresh_from_db()
    assert submission.points == Decimal(4)
    assert CriterionScore.objects.filter(submission=submission).count() == 2


def test_the_same_grade_sent_twice_emails_once(client, lena, assignment, felix, immediate_tasks,
                                               django_capture_on_commit_callbacks):
    submission = hand_in(lena, assignment)
    client.force_login(felix)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(grade_url(submission), rubric_form(assignment, 1, 1))
        client.post(grade_url(submission), rubric_form(assignment, 1, 1))
    assert len(mail.outbox) == 1


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_learner_page_does_not_grow_with_versions(client, lena, assignment, felix):
    client.force_login(lena.user)
    url = reverse("assignments:submit", args=["spring", assignment.activity_id])
    counts = []
    for version in range(1, 4):
        draft = (submitting.start_revision(lena, assignment) if version > 1
                 else submitting.save_draft(lena, assignment, version=1, text="x", uploads=[]))
        submission = submitting.submit(draft)
        levels = [criterion.levels.all()[1] for criterion in assignment.criteria.all()]
        grade(submission, felix, levels=levels, feedback="Again", resubmit=True)
        client.get(url)  # the session and caches settle
        counts.append(count_queries(client, url))
    assert counts[0] == counts[-1]
