import pytest
from allauth.mfa.models import Authenticator

from tests.factories import OrganiserFactory


@pytest.fixture
def organiser(db):
    user = OrganiserFactory(user__full_name="Olga Organiser").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user
