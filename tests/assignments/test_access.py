"""Who may open what: the wrong person is refused (404) on every page of assignments."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.assignments import submitting
from agora.assignments.models import Submission
from agora.assignments.submitting import CheckedUpload
from agora.delivery.models import CohortStaff, Enrolment
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories_assignments import PDF_BYTES, cohort_for, enrolment_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena_work(client, lena, assignment):
    """Lena's submitted work, with a PDF."""
    client.force_login(lena.user)
    client.post(
        reverse("assignments:submit", args=[lena.cohort.slug, assignment.activity_id]),
        {"version": 1, "text": "Lena's plan", "submit": "1",
         "files": [SimpleUploadedFile("lena.pdf", PDF_BYTES)]},
    )
    client.logout()
    return Submission.objects.get(enrolment=lena)


@pytest.fixture
def other_cohort(assignment):
    return cohort_for(assignment, slug="autumn")


def learner_page(cohort_slug, assignment):
    return reverse("assignments:submit", args=[cohort_slug, assignment.activity_id])


def file_url(submission):
    return reverse(
        "assignments:download", args=[submission.enrolment.cohort.slug, submission.files.get().pk]
    )


def grade_url(submission):
    return reverse("assignments:grade", args=[submission.enrolment.cohort.slug, submission.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, lena_work, assignment):
    for url in (learner_page("spring", assignment), file_url(lena_work), grade_url(lena_work),
                reverse("assignments:queue", args=["spring"]),
                reverse("assignments:due_dates", args=["spring"])):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response.url


def test_a_learner_of_another_cohort_cannot_open_the_assignment(client, assignment, other_cohort,
                                                                lena):
    stranger = enrolment_for(assignment, other_cohort).user
    client.force_login(stranger)
    assert client.get(learner_page("spring", assignment)).status_code == 404


def test_a_learner_not_yet_confirmed_cannot_open_the_assignment(client, assignment, cohort):
    waiting = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    client.force_login(waiting.user)
    assert client.get(learner_page("spring", assignment)).status_code == 404


def test_another_learner_cannot_download_a_learners_file(client, lena_work, assignment, cohort):
    classmate = enrolment_for(assignment, cohort).user
    client.force_login(classmate)
    assert client.get(file_url(lena_work)).status_code == 404


def test_another_learner_cannot_open_a_learners_submission(client, lena_work, assignment, cohort):
    classmate = enrolment_for(assignment, cohort).user
    client.force_login(classmate)
    assert client.get(grade_url(lena_work)).status_code == 404
    html = client.get(learner_page("spring", assignment)).content.decode()
    assert "Lena&#x27;s plan" not in html and "Lena's plan" not in html


def test_another_learner_cannot_remove_a_learners_file(client, lena, assignment, cohort):
    draft = submitting.save_draft(lena, assignment, version=1, text="", uploads=[])
    submitting.attach_files(draft, [CheckedUpload(SimpleUploadedFile("a.pdf", PDF_BYTES), "pdf")])
    classmate = enrolment_for(assignment, cohort).user
    client.force_login(classmate)
    client.post(reverse("assignments:remove_file", args=["spring", assignment.activity_id]),
                {"file": draft.files.get().pk})
    assert draft.files.count() == 1


def test_the_author_downloads_their_file_privately(client, lena_work):
    client.force_login(lena_work.enrolment.user)
    response = client.get(file_url(lena_work))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_files_are_not_under_a_public_media_address(client, lena_work):
    stored = lena_work.files.get()
    assert client.get("/media/" + stored.file.name).status_code == 404


@pytest.mark.parametrize("role", [CohortStaff.Role.FACILITATOR, CohortStaff.Role.MENTOR])
def test_staff_of_another_cohort_are_refused(client, lena_work, other_cohort, role):
    outsider = UserFactory()
    CohortStaff.objects.create(cohort=other_cohort, user=outsider, role=role)
    client.force_login(outsider)
    assert client.get(reverse("assignments:queue", args=["spring"])).status_code == 404
    assert client.get(grade_url(lena_work)).status_code == 404
    assert client.get(file_url(lena_work)).status_code == 404
    response = client.post(grade_url(lena_work), {"feedback": "Sneaky"})
    assert response.status_code == 404
    # their own cohort's address does not reach Lena's work either
    assert client.get(
        reverse("assignments:grade", args=["autumn", lena_work.pk])
    ).status_code == 404


def test_a_learner_cannot_open_the_grading_queue(client, lena):
    client.force_login(lena.user)
    assert client.get(reverse("assignments:queue", args=["spring"])).status_code == 404


@pytest.mark.parametrize("grader", ["felix", "mia"])
def test_facilitators_and_mentors_of_the_cohort_open_files(client, lena_work, grader, request):
    client.force_login(request.getfixturevalue(grader))
    assert client.get(file_url(lena_work)).status_code == 200


def test_a_draft_is_not_shown_to_graders(client, lena, assignment, felix):
    draft = submitting.save_draft(lena, assignment, version=1, text="Not yet", uploads=[])
    client.force_login(felix)
    assert client.get(grade_url(draft)).status_code == 404


def test_mentors_may_not_set_due_dates(client, mia):
    client.force_login(mia)
    assert client.get(reverse("assignments:due_dates", args=["spring"])).status_code == 404


def test_settings_are_for_the_programmes_editors_only(client, assignment, felix, olga):
    url = reverse("assignments:settings", args=[assignment.activity_id])
    client.force_login(felix)
    assert client.get(url).status_code == 404
    client.force_login(olga)
    assert client.get(url).status_code == 200
