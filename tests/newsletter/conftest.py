import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from agora.newsletter.models import Issue, IssueVersion, Subscription
from tests.factories import OrganiserFactory


@pytest.fixture
def organiser(db):
    user = OrganiserFactory(user__full_name="Olga Organiser").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def other_organiser(db):
    user = OrganiserFactory(user__full_name="Oscar Elsewhere").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def subscriber(email: str, language: str = "en", confirmed: bool = True) -> Subscription:
    return Subscription.objects.create(
        email=email, language=language, confirmed_at=timezone.now() if confirmed else None
    )


def make_issue(organisation, versions=(("en", "Autumn news", "Hello **all**"),), **fields):
    issue = Issue.objects.create(organisation=organisation, name="Autumn", **fields)
    for language, subject, body in versions:
        IssueVersion.objects.create(issue=issue, language=language, subject=subject, body=body)
    return issue


@pytest.fixture
def issue(organiser):
    return make_issue(
        organiser.memberships.get().organisation,
        versions=[("en", "Autumn news", "Hello **all**"), ("fr", "Nouvelles", "Bonjour")],
    )
