"""Invitation-only cohorts: organisers invite by e-mail; only the invited address registers."""


import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from agora.delivery.models import Cohort, Enrolment, Invitation
from agora.delivery.registration import RegistrationRefused, invite, register
from tests.factories import CohortFactory, OrganiserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(slug="by-invitation", eligibility=Cohort.Eligibility.INVITATION)


@pytest.fixture
def organiser(cohort):
    user = OrganiserFactory(organisation=cohort.programme.organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_an_invited_person_registers_with_the_link_once(cohort, organiser, user,
                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (invitation,) = invite(cohort, [user.email.upper()], invited_by=organiser)
    assert mail.outbox[-1].to == [user.email]
    assert f"invitation={invitation.token}" in mail.outbox[-1].body

    enrolment = register(user, cohort, language="en", invitation=invitation.token)
    assert enrolment.status == Enrolment.Status.CONFIRMED
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_without_an_invitation_registration_is_refused(cohort, user):
    with pytest.raises(RegistrationRefused, match="invitation"):
        register(user, cohort, language="en")
    assert not Enrolment.objects.exists()


def test_someone_else_cannot_use_an_invitation(cohort, organiser, user, other_user):
    (invitation,) = invite(cohort, [user.email], invited_by=organiser)
    with pytest.raises(RegistrationRefused):
        register(other_user, cohort, language="en", invitation=invitation.token)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_address_is_invited_only_once(cohort, organiser, user):
    invite(cohort, [user.email], invited_by=organiser)
    assert invite(cohort, [user.email, f" {user.email} "], invited_by=organiser) == []
    assert Invitation.objects.count() == 1


def test_the_registration_form_carries_the_invitation(client, cohort, organiser, user):
    (invitation,) = invite(cohort, [user.email], invited_by=organiser)
    client.force_login(user)
    url = reverse("delivery:register", kwargs={"slug": cohort.slug})
    page = client.get(f"{url}?invitation={invitation.token}").content.decode()
    assert f'name="invitation" value="{invitation.token}"' in page
    answers = {
        "language": "en", "organisation": "Town hall", "role": "Officer",
        "government_level": "local", "reason": "To learn",
    }
    response = client.post(url, {**answers, "invitation": invitation.token})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrolment.objects.get(user=user).status == Enrolment.Status.CONFIRMED


def test_organisers_invite_from_the_cohort_page(client, cohort, organiser):
    client.force_login(organiser)
    url = reverse("delivery:manage_invite", args=[cohort.slug])
    response = client.post(url, {"emails": "a@example.org\nnot-an-address\n"})
    assert response.status_code == 400
    assert "not-an-address" in response.content.decode()
    assert not Invitation.objects.exists()
    response = client.post(url, {"emails": "a@example.org\nb@example.org"})
    assert response.status_code == 302
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "a@example.org", "b@example.org"
    ]


@pytest.mark.parametrize("who", ["anonymous", "learner", "other_organiser"])
def test_only_the_cohorts_organisers_may_invite(client, cohort, who):
    url = reverse("delivery:manage_invite", args=[cohort.slug])
    if who == "learner":
        client.force_login(UserFactory())
    elif who == "other_organiser":
        other = OrganiserFactory().user
        Authenticator.objects.create(user=other, type=Authenticator.Type.TOTP, data={})
        client.force_login(other)
    response = client.post(url, {"emails": "a@example.org"})
    assert response.status_code in (302, 404)
    if who == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404
    assert not Invitation.objects.exists()
