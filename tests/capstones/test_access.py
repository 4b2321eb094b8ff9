"""Who may open what: the wrong person gets 404 on every page, and the showcase never shows
a project without its learner's consent."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.capstones.models import Project, Stage
from agora.capstones.submitting import CheckedUpload, hand_in, project_of
from agora.delivery.models import CohortStaff
from tests.factories import UserFactory
from tests.factories_capstones import PDF_BYTES, capstone_cohort, learner_in, staff_of


@pytest.fixture
def handed_in(lena):
    project = project_of(lena)
    upload = SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")
    submission = hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1,
                         proposal={"title": "Trees"},
                         uploads=[CheckedUpload(upload=upload, kind="pdf")])
    return project, submission.files.get()


@pytest.fixture
def other_cohort(db):
    return capstone_cohort(slug="autumn")[0]


def outsiders(cohort, other_cohort):
    return {
        "another learner": learner_in(cohort).user,
        "another cohort's mentor": staff_of(other_cohort),
        "another cohort's facilitator": staff_of(other_cohort, CohortStaff.Role.FACILITATOR),
        "a stranger": UserFactory(),
    }


def refused(client, user, url):
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    client.logout()
    return response.status_code in (302, 404) and (user is not None) == (
        response.status_code == 404)


def test_the_reviewers_pages_refuse_everyone_but_the_cohorts_staff(
    client, cohort, other_cohort, handed_in, mia, felix
):
    project, stored = handed_in
    urls = [reverse("capstones:queue", args=["spring"]),
            reverse("capstones:review", args=["spring", project.pk])]
    for user in [None, *outsiders(cohort, other_cohort).values(), project.enrolment.user]:
        for url in urls:
            assert refused(client, user, url), (user, url)
    for reviewer in (mia, felix):
        client.force_login(reviewer)
        assert all(client.get(url).status_code == 200 for url in urls)


def test_a_learners_files_are_for_them_and_their_reviewers_only(
    client, cohort, other_cohort, handed_in, mia
):
    project, stored = handed_in
    url = reverse("capstones:download", args=["spring", stored.pk])
    for user in [None, *outsiders(cohort, other_cohort).values()]:
        assert refused(client, user, url), user
    for allowed in (project.enrolment.user, mia):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "sandbox" in response["Content-Security-Policy"]


def test_a_learner_sees_only_their_own_project(client, cohort, handed_in, milestone):
    other = learner_in(cohort, user=UserFactory(full_name="Otto Other"))
    client.force_login(other.user)
    response = client.get(reverse("capstones:project", args=["spring"]))
    assert response.status_code == 200
    assert "Trees" not in response.content.decode()


def test_learner_pages_refuse_staff_strangers_and_visitors(client, cohort, mia, milestone):
    urls = [reverse("capstones:project", args=["spring"]),
            reverse("capstones:step", args=["spring", "proposal"]),
            reverse("capstones:milestone", args=["spring", milestone.pk]),
            reverse("capstones:task", args=["spring", milestone.activity_id])]
    for user in (None, mia, UserFactory()):
        for url in urls:
            assert refused(client, user, url), (user, url)


def test_a_milestone_of_another_cohort_is_not_found(client, lena, other_cohort):
    foreign = other_cohort.capstone_milestones.get()
    client.force_login(lena.user)
    assert client.get(reverse("capstones:milestone", args=["spring", foreign.pk])
                      ).status_code == 404


def test_milestones_are_set_by_facilitators_not_mentors(client, cohort, mia, felix, lena):
    url = reverse("capstones:milestones", args=["spring"])
    for user in (None, mia, lena.user):
        assert refused(client, user, url), user
    client.force_login(felix)
    assert client.get(url).status_code == 200


def test_reviewable_by_is_the_cohorts_mentors_and_facilitators(cohort, other_cohort, lena,
                                                                mia, felix):
    project = project_of(lena)
    assert list(Project.objects.reviewable_by(mia)) == [project]
    assert list(Project.objects.reviewable_by(felix)) == [project]
    assert not Project.objects.reviewable_by(staff_of(other_cohort)).exists()


@pytest.mark.parametrize("step, consented", [
    (Project.Step.FINISHED, False),
    (Project.Step.FINAL, True),
    (Project.Step.UNDERWAY, True),
])
def test_the_showcase_never_shows_an_unfinished_or_unconsented_project(
    client, lena, step, consented
):
    from django.utils import timezone

    project = project_of(lena)
    Project.objects.filter(pk=project.pk).update(
        title="Hidden Trees", step=step,
        showcase_consent_at=timezone.now() if consented else None,
    )
    response = client.get(reverse("capstones:showcase"))
    assert response.status_code == 200
    assert "Hidden Trees" not in response.content.decode()
