import pytest

from tests.factories import UserFactory
from tests.factories_directory import ProfileFactory


@pytest.fixture
def pia(db):
    """Pia, a local official who opted in to the directory."""
    return ProfileFactory(owner=UserFactory(full_name="Pia Peer", email="pia@example.org"))


@pytest.fixture
def sam(db):
    """Sam, a signed-in person without a profile, who looks for peers."""
    return UserFactory(full_name="Sam Seeker", email="sam@example.org")


@pytest.fixture
def tom(db):
    """Tom, a third person with nothing to do with Pia's and Sam's exchange."""
    return UserFactory(full_name="Tom Third", email="tom@example.org")
