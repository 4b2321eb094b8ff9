"""“Teaching”: the cohorts a person facilitates, mentors or organises, with their tools."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from agora.delivery.models import CohortStaff, ScheduledSession
from tests.factories import CohortFactory, EnrolmentFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/teaching/"


def staff(cohort, role=CohortStaff.Role.FACILITATOR):
    user = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=user, role=role)
    return user


def test_a_facilitator_sees_their_cohort_with_its_tools(client):
    cohort = CohortFactory(name={"en": "Autumn run"})
    start = timezone.now() + timedelta(days=1)
    session = ScheduledSession.objects.create(
        cohort=cohort, kind=ScheduledSession.Kind.LIVE, title={"en": "Kick-off"},
        starts_at=start, ends_at=start + timedelta(hours=1), language="en",
    )
    client.force_login(staff(cohort))
    page = client.get(URL).content.decode()
    assert "Autumn run" in page
    assert f"/learn/{cohort.slug}/gradebook/" in page
    assert f"/sessions/{session.pk}/attendance/" in page
    assert "Enrolments and settings" not in page  # organisers only
    assert ">Teaching</a>" in page  # and the nav offers the page


def test_a_mentor_gets_grading_but_not_the_gradebook(client):
    cohort = CohortFactory()
    client.force_login(staff(cohort, CohortStaff.Role.MENTOR))
    page = client.get(URL).content.decode()
    assert f"/assignments/{cohort.slug}/grading/" in page
    assert "/gradebook/" not in page


def test_an_organiser_sees_the_cohorts_they_manage(client):
    membership = OrganiserFactory()
    Authenticator.objects.create(user=membership.user, type=Authenticator.Type.TOTP, data={})
    cohort = CohortFactory(programme__organisation=membership.organisation)
    client.force_login(membership.user)
    page = client.get(URL).content.decode()
    assert f"/cohorts/manage/{cohort.slug}/" in page
    assert "Organiser tools" in page and "/problems/" in page
    # Not on the cohort's staff: the grading and review queues would refuse them.
    assert f"/assignments/{cohort.slug}/grading/" not in page
    assert "Capstone projects" not in page


def test_another_cohort_s_facilitator_does_not_see_it(client):
    mine = CohortFactory(name={"en": "Mine"})
    staff(CohortFactory(name={"en": "Theirs"}))
    client.force_login(staff(mine))
    page = client.get(URL).content.decode()
    assert "Mine" in page and "Theirs" not in page


def test_a_learner_has_no_teaching(client):
    learner = EnrolmentFactory().user
    client.force_login(learner)
    page = client.get(URL).content.decode()
    assert "You do not facilitate" in page
    assert ">Teaching</a>" not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_page_is_bounded_in_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    for _ in range(8):
        cohort = CohortFactory()
        CohortStaff.objects.create(cohort=cohort, user=user, role=CohortStaff.Role.FACILITATOR)
    client.force_login(user)
    with django_assert_max_num_queries(16):  # the same for 1 cohort or 100
        client.get(URL)
