"""A mentor sees and reviews only the projects of the learners assigned to them, and only they
(with the facilitators) are told of a hand-in; a mentor of someone else, or a mentor no longer
on the cohort's staff, is refused (404) and nothing they send is saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.capstones.access import visible_files
from agora.capstones.models import Feedback, Project, Stage, Submission
from agora.capstones.submitting import CheckedUpload, hand_in, project_of
from agora.delivery.models import CohortStaff
from agora.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories_capstones import PDF_BYTES, capstone_cohort, learner_in, staff_of

pytestmark = pytest.mark.django_db


def propose(enrolment, title):
    upload = SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")
    return hand_in(
        project_of(enrolment),
        stage=Stage.PROPOSAL,
        milestone=None,
        version=1,
        proposal={"title": title},
        uploads=[CheckedUpload(upload=upload, kind="pdf")],
    )


def review_url(submission):
    return reverse("capstones:review", args=["spring", submission.project_id])


def file_url(submission):
    return reverse("capstones:download", args=["spring", submission.files.get().pk])


def feedback_form(submission, text="Go ahead."):
    prefix = f"s{submission.pk}"
    return {"submission": submission.pk, f"{prefix}-text": text, f"{prefix}-decision": "accepted"}


def queue(client, user):
    client.force_login(user)
    response = client.get(reverse("capstones:queue", args=["spring"]))
    client.logout()
    return response


@pytest.fixture
def nico(cohort):
    """Nico, another mentor of the cohort."""
    return staff_of(cohort, full_name="Nico Mentor")


@pytest.fixture
def bruno(cohort, nico):
    """Bruno Learner, in Lena's cohort, mentored by Nico (not by Mia)."""
    return learner_in(cohort, mentor=nico, user=UserFactory(full_name="Bruno Learner"))


@pytest.fixture
def work(lena, bruno, mia, felix):
    """Lena's and Bruno's proposals, each with a file, handed in once the staff is set."""
    return propose(lena, "Greener squares"), propose(bruno, "Bike lanes")


def test_a_mentor_sees_only_their_learners_projects_in_the_queue(client, work, mia):
    body = queue(client, mia).content.decode()
    assert "Greener squares" in body
    assert "Bike lanes" not in body and "Bruno Learner" not in body
    assert "As a mentor, you see the work of the learners assigned to you." in body


def test_a_mentor_reviews_their_learners_project(client, work, mia):
    lenas, _brunos = work
    client.force_login(mia)
    assert client.get(review_url(lenas)).status_code == 200
    assert client.get(file_url(lenas)).status_code == 200
    assert client.post(review_url(lenas), feedback_form(lenas)).status_code == 302
    lenas.refresh_from_db()
    assert lenas.status == Submission.Status.ACCEPTED
    assert Feedback.objects.get(submission=lenas).reviewer == mia


def test_a_mentor_of_someone_else_is_refused_and_nothing_is_saved(client, work, mia, bruno):
    _lenas, brunos = work
    client.force_login(mia)
    assert client.get(review_url(brunos)).status_code == 404
    assert client.get(file_url(brunos)).status_code == 404
    told = Notification.objects.count()
    response = client.post(review_url(brunos), feedback_form(brunos, text="Not mine"))
    assert response.status_code == 404
    brunos.refresh_from_db()
    assert brunos.status == Submission.Status.SUBMITTED
    assert not Feedback.objects.filter(submission=brunos).exists()
    assert Project.objects.get(enrolment=bruno).step == Project.Step.PROPOSAL
    assert Notification.objects.count() == told


def test_a_facilitator_sees_and_reviews_every_project(client, work, felix):
    body = queue(client, felix).content.decode()
    assert "Greener squares" in body and "Bike lanes" in body
    assert "As a mentor, you see the work of the learners assigned to you." not in body
    client.force_login(felix)
    for submission in work:
        assert client.get(file_url(submission)).status_code == 200
        assert client.post(review_url(submission), feedback_form(submission)).status_code == 302
    assert Feedback.objects.filter(reviewer=felix).count() == 2


def test_facilitator_rights_win_for_someone_who_also_mentors(client, work, mia, cohort):
    CohortStaff.objects.create(cohort=cohort, user=mia, role=CohortStaff.Role.FACILITATOR)
    body = queue(client, mia).content.decode()
    assert "Greener squares" in body and "Bike lanes" in body
    assert Project.objects.reviewable_by(mia).count() == 2


def test_a_removed_mentor_sees_nothing(client, work, mia, cohort):
    """Their assignment to Lena stays in mentoring's records, but they no longer mentor the
    cohort: the queue, the project, its files and feedback are all refused."""
    lenas, _brunos = work
    CohortStaff.objects.filter(cohort=cohort, user=mia).delete()
    assert not Project.objects.reviewable_by(mia).exists()
    assert not visible_files(mia).exists()
    assert queue(client, mia).status_code == 404
    client.force_login(mia)
    assert client.get(review_url(lenas)).status_code == 404
    assert client.get(file_url(lenas)).status_code == 404
    assert client.post(review_url(lenas), feedback_form(lenas)).status_code == 404
    assert not Feedback.objects.exists()


def test_a_mentee_in_one_cohort_is_not_a_mentee_in_another(lena, work, mia):
    """Mia mentors Lena in spring and is a mentor in autumn too, where Lena is not assigned
    to her: Lena's autumn project stays out of her reach."""
    autumn, _milestone = capstone_cohort(slug="autumn")
    CohortStaff.objects.create(cohort=autumn, user=mia, role=CohortStaff.Role.MENTOR)
    project_of(learner_in(autumn, user=lena.user))
    assert list(Project.objects.reviewable_by(mia).values_list("title", flat=True)) == [
        "Greener squares"
    ]


def test_only_the_learners_mentor_and_the_facilitators_are_told_of_a_hand_in(
    lena, bruno, mia, nico, felix
):
    propose(bruno, "Bike lanes")
    told = set(Notification.objects.values_list("recipient__full_name", flat=True))
    assert told == {"Nico Mentor", "Felix Facilitator"}
    Notification.objects.all().delete()
    propose(lena, "Greener squares")
    told = set(Notification.objects.values_list("recipient__full_name", flat=True))
    assert told == {"Mia Mentor", "Felix Facilitator"}


def test_a_mentors_queue_uses_a_bounded_number_of_queries(
    client, cohort, mia, nico, django_assert_max_num_queries
):
    for number in range(12):
        enrolment = learner_in(cohort, mentor=mia if number % 2 else nico)
        hand_in(
            project_of(enrolment),
            stage=Stage.PROPOSAL,
            milestone=None,
            version=1,
            proposal={"title": f"Project {number}"},
        )
    client.force_login(mia)
    with django_assert_max_num_queries(16):  # as for a facilitator's queue
        response = client.get(reverse("capstones:queue", args=["spring"]))
    assert response.content.decode().count("Project ") == 6
