"""Mentoring pages: a learner sees only their space, a mentor only their learners'."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.mentoring.models import CheckIn, MentorAssignment, Message
from tests.factories import EnrolmentFactory, OrganiserFactory, UserFactory
from tests.factories_groups import MentorAssignmentFactory, StaffFactory


def space_url(space):
    return reverse("mentoring:space", args=[space.pk])


def test_the_learner_opens_their_space(client, space, lena):
    client.force_login(lena)
    response = client.get(space_url(space))
    assert response.status_code == 200
    assert "Maya Mentor" in response.text


def test_the_assigned_mentor_opens_the_space(client, space, maya):
    client.force_login(maya)
    assert client.get(space_url(space)).status_code == 200


def test_a_mentor_of_someone_else_is_refused(client, space, milo, lars_space):
    client.force_login(milo)
    assert client.get(space_url(space)).status_code == 404
    response = client.post(reverse("mentoring:message", args=[space.pk]), {"message-body": "x"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_another_learner_is_refused(client, space, lars_space):
    client.force_login(lars_space.enrolment.user)
    assert client.get(space_url(space)).status_code == 404


def test_a_learner_of_another_cohort_is_refused(client, space):
    client.force_login(EnrolmentFactory().user)
    assert client.get(space_url(space)).status_code == 404


def test_a_mentor_of_another_cohort_is_refused(client, space):
    client.force_login(StaffFactory(role="mentor").user)
    assert client.get(space_url(space)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, space):
    assert "login" in client.get(space_url(space))["Location"]


def test_a_mentor_no_longer_on_the_cohort_is_refused(client, space, maya):
    maya.cohort_roles.all().delete()
    client.force_login(maya)
    assert client.get(space_url(space)).status_code == 404


def test_the_index_lists_only_ones_own_spaces(client, space, lars_space, maya):
    client.force_login(maya)
    response = client.get(reverse("mentoring:index"))
    assert "Lena Learner" in response.text
    assert "Lars Learner" not in response.text


def test_sending_a_message(client, space, lena):
    client.force_login(lena)
    response = client.post(reverse("mentoring:message", args=[space.pk]),
                           {"message-body": "When do we meet?"})  # fmt: skip
    assert response.status_code == 302
    assert "When do we meet?" in client.get(space_url(space)).text


def test_an_empty_message_is_refused_with_an_error(client, space, lena):
    client.force_login(lena)
    response = client.post(reverse("mentoring:message", args=[space.pk]), {"message-body": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text


def test_scheduling_a_check_in_in_the_cohorts_zone(client, space, maya):
    client.force_login(maya)
    response = client.post(reverse("mentoring:check_in", args=[space.pk]), {
        "checkin-day": "2099-03-02", "checkin-time": "10:00", "checkin-topic": "Plan"})
    assert response.status_code == 302
    starts = CheckIn.objects.get().starts_at
    assert starts.isoformat().startswith("2099-03-02T09:00")  # 10:00 in Brussels is 09:00 UTC


def test_a_check_in_in_the_past_is_refused_and_the_topic_kept(client, space, maya):
    client.force_login(maya)
    response = client.post(reverse("mentoring:check_in", args=[space.pk]), {
        "checkin-day": "2001-03-02", "checkin-time": "10:00", "checkin-topic": "Kept topic"})
    assert response.status_code == 400
    assert "Choose a moment in the future." in response.text
    assert 'value="Kept topic"' in response.text


# --- Assigning -----------------------------------------------------------------------------------


def test_assigning_is_for_facilitators_and_organisers(client, cohort, maya, lena):
    url = reverse("mentoring:assign", args=[cohort.slug])
    client.force_login(maya)
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory(cohort=cohort).user)
    assert client.get(url).status_code == 200
    organiser = OrganiserFactory(organisation=cohort.programme.organisation).user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_a_facilitator_assigns_balanced(client, cohort, maya, milo):
    for _ in range(4):
        EnrolmentFactory(cohort=cohort)
    client.force_login(StaffFactory(cohort=cohort).user)
    client.post(reverse("mentoring:assign", args=[cohort.slug]), {"balanced": "1"})
    assert MentorAssignment.objects.filter(mentor=maya).count() == 2


def test_a_facilitator_assigns_by_hand(client, cohort, maya, milo):
    enrolment = EnrolmentFactory(cohort=cohort)
    client.force_login(StaffFactory(cohort=cohort).user)
    response = client.post(reverse("mentoring:assign", args=[cohort.slug]),
                           {f"learner-{enrolment.pk}": str(milo.pk)})  # fmt: skip
    assert response.status_code == 302
    assert MentorAssignment.objects.get(enrolment=enrolment).mentor == milo


def test_the_facilitator_does_not_read_the_private_space(client, cohort, space):
    client.force_login(StaffFactory(cohort=cohort).user)
    assert client.get(space_url(space)).status_code == 404


@pytest.mark.parametrize("count", [3])
def test_lists_use_a_bounded_number_of_queries(
    client, cohort, maya, count, django_assert_max_num_queries
):
    for _ in range(12):
        MentorAssignmentFactory(enrolment=EnrolmentFactory(cohort=cohort), mentor=maya)
    client.force_login(maya)
    with django_assert_max_num_queries(15):
        client.get(reverse("mentoring:index"))
    client.force_login(StaffFactory(cohort=cohort).user)
    with django_assert_max_num_queries(25):
        client.get(reverse("mentoring:assign", args=[cohort.slug]))


def test_a_strangers_user_cannot_open_index_spaces(client, space):
    client.force_login(UserFactory())
    assert "Lena Learner" not in client.get(reverse("mentoring:index")).text


def test_posting_too_fast_keeps_the_text_with_an_error(client, space, lena, monkeypatch):
    from agora.groups import limits

    monkeypatch.setattr(limits, "RATE_LIMITS", [(60, 1)])
    client.force_login(lena)
    url = reverse("mentoring:message", args=[space.pk])
    client.post(url, {"message-body": "First"})
    response = client.post(url, {"message-body": "Second, kept"})
    assert response.status_code == 429
    assert 'class="errorlist" role="alert"' in response.text  # in French: Lena reads French
    assert "Second, kept" in response.text
    assert Message.objects.count() == 1
