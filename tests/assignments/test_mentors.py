"""A mentor sees and grades only the work of the learners assigned to them; a facilitator sees
the whole cohort; a mentor of someone else, or a mentor no longer on the cohort's staff, is
refused (404) and nothing they send is saved."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.assignments import submitting
from agora.assignments.models import CriterionScore, Submission, SubmissionFile
from agora.assignments.submitting import CheckedUpload
from agora.delivery.models import CohortStaff
from agora.learning.models import ActivityProgress
from tests.factories import UserFactory
from tests.factories_assignments import PDF_BYTES, cohort_for, enrolment_for

pytestmark = pytest.mark.django_db


def hand_in(enrolment, assignment, text):
    draft = submitting.save_draft(enrolment, assignment, version=1, text=text, uploads=[])
    submitting.attach_files(draft, [CheckedUpload(SimpleUploadedFile("w.pdf", PDF_BYTES), "pdf")])
    return submitting.submit(draft)


def rubric_form(assignment, feedback="Well argued."):
    data = {"feedback": feedback}
    for criterion in assignment.criteria.all():
        data[f"criterion_{criterion.pk}"] = criterion.levels.all()[2].pk
    return data


def grade_url(submission):
    return reverse("assignments:grade", args=[submission.enrolment.cohort.slug, submission.pk])


def file_url(submission):
    return reverse(
        "assignments:download", args=[submission.enrolment.cohort.slug, submission.files.get().pk]
    )


def queue(client, user):
    client.force_login(user)
    response = client.get(reverse("assignments:queue", args=["spring"]), {"status": "all"})
    client.logout()
    return response


@pytest.fixture
def nico(cohort):
    """Nico, another mentor of the cohort."""
    user = UserFactory(full_name="Nico Mentor")
    CohortStaff.objects.create(cohort=cohort, user=user, role=CohortStaff.Role.MENTOR)
    return user


@pytest.fixture
def bruno(assignment, cohort, nico):
    """Bruno Learner, in Lena's cohort, mentored by Nico (not by Mia)."""
    return enrolment_for(
        assignment, cohort, mentor=nico, user=UserFactory(full_name="Bruno Learner")
    )


@pytest.fixture
def work(lena, bruno, assignment):
    """Lena's and Bruno's handed-in work, each with a file."""
    return hand_in(lena, assignment, "Lena's plan"), hand_in(bruno, assignment, "Bruno's plan")


def test_a_mentor_sees_only_their_learners_work_in_the_queue(client, work, mia):
    body = queue(client, mia).content.decode()
    assert "Lena Learner" in body
    assert "Bruno Learner" not in body
    assert "1 submission" in body  # the count follows the same rule
    assert "As a mentor, you see the work of the learners assigned to you." in body


def test_a_mentor_grades_their_learners_work(client, work, assignment, mia):
    lenas, _brunos = work
    client.force_login(mia)
    assert client.get(grade_url(lenas)).status_code == 200
    assert client.get(file_url(lenas)).status_code == 200
    response = client.post(grade_url(lenas), rubric_form(assignment))
    assert response.status_code == 302
    lenas.refresh_from_db()
    assert lenas.status == Submission.Status.GRADED
    assert lenas.graded_by == mia


def test_a_mentor_of_someone_else_is_refused_and_nothing_is_saved(
    client, work, assignment, mia, bruno
):
    _lenas, brunos = work
    client.force_login(mia)
    assert client.get(grade_url(brunos)).status_code == 404
    assert client.get(file_url(brunos)).status_code == 404
    mail.outbox.clear()
    response = client.post(grade_url(brunos), rubric_form(assignment, feedback="Not mine"))
    assert response.status_code == 404
    brunos.refresh_from_db()
    assert brunos.status == Submission.Status.SUBMITTED
    assert brunos.graded_by is None and brunos.feedback == ""
    assert not CriterionScore.objects.filter(submission=brunos).exists()
    assert not ActivityProgress.objects.filter(enrolment=bruno, score__isnull=False).exists()
    assert mail.outbox == []


def test_a_facilitator_sees_and_grades_every_learners_work(client, work, assignment, felix):
    body = queue(client, felix).content.decode()
    assert "Lena Learner" in body and "Bruno Learner" in body
    assert "As a mentor, you see the work of the learners assigned to you." not in body
    client.force_login(felix)
    for submission in work:
        assert client.get(file_url(submission)).status_code == 200
        assert client.post(grade_url(submission), rubric_form(assignment)).status_code == 302
    assert Submission.objects.filter(status=Submission.Status.GRADED).count() == 2


def test_facilitator_rights_win_for_someone_who_also_mentors(client, work, mia, cohort):
    CohortStaff.objects.create(cohort=cohort, user=mia, role=CohortStaff.Role.FACILITATOR)
    body = queue(client, mia).content.decode()
    assert "Lena Learner" in body and "Bruno Learner" in body
    assert Submission.objects.gradable_by(mia).count() == 2


def test_a_mentor_without_learners_sees_an_empty_queue(client, work, cohort):
    newcomer = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=newcomer, role=CohortStaff.Role.MENTOR)
    response = queue(client, newcomer)
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_a_removed_mentor_sees_nothing(client, work, assignment, mia, cohort):
    """Their assignment to Lena stays in mentoring's records, but they no longer mentor the
    cohort: the queue, the work, its files and grading are all refused."""
    lenas, _brunos = work
    CohortStaff.objects.filter(cohort=cohort, user=mia).delete()
    assert not Submission.objects.gradable_by(mia).exists()
    assert queue(client, mia).status_code == 404
    client.force_login(mia)
    assert client.get(grade_url(lenas)).status_code == 404
    assert client.get(file_url(lenas)).status_code == 404
    assert client.post(grade_url(lenas), rubric_form(assignment)).status_code == 404
    lenas.refresh_from_db()
    assert lenas.status == Submission.Status.SUBMITTED


def test_a_mentee_in_one_cohort_is_not_a_mentee_in_another(assignment, lena, work, mia):
    """Mia mentors Lena in spring and is a mentor in autumn too, where Lena is not assigned
    to her: Lena's autumn work stays out of her reach."""
    autumn = cohort_for(assignment, slug="autumn")
    elsewhere = enrolment_for(assignment, autumn, user=lena.user)
    CohortStaff.objects.create(cohort=autumn, user=mia, role=CohortStaff.Role.MENTOR)
    hand_in(elsewhere, assignment, "Lena in autumn")
    assert list(Submission.objects.gradable_by(mia).values_list("text", flat=True)) == [
        "Lena's plan"
    ]


def test_only_the_files_a_mentor_may_grade_are_visible_to_them(work, mia):
    from agora.assignments.access import visible_files

    lenas, _brunos = work
    assert list(visible_files(mia)) == list(SubmissionFile.objects.filter(submission=lenas))


def test_a_mentors_queue_uses_a_bounded_number_of_queries(
    client, assignment, cohort, mia, nico, django_assert_max_num_queries
):
    for number in range(12):
        mentor = mia if number % 2 else nico
        enrolment = enrolment_for(assignment, cohort, mentor=mentor)
        draft = submitting.save_draft(enrolment, assignment, version=1, text="x", uploads=[])
        submitting.submit(draft)
    client.force_login(mia)
    with django_assert_max_num_queries(17):  # as for a facilitator's queue
        response = client.get(reverse("assignments:queue", args=["spring"]))
    assert len(response.context["rows"]) == 6
