import pytest

from agora.live.models import Interaction
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories_live import FacilitatorFactory, InteractionFactory, RoomFactory


@pytest.fixture
def room(db):
    return RoomFactory(allow_anonymous=True)


@pytest.fixture
def poll(room) -> Interaction:
    return InteractionFactory(room=room)


@pytest.fixture
def facilitator(room):
    return FacilitatorFactory(
        cohort=room.session.cohort, user=UserFactory(full_name="Fatima Facilitator")
    ).user


@pytest.fixture
def learner(room):
    return EnrolmentFactory(
        cohort=room.session.cohort, user=UserFactory(full_name="Lena Learner")
    ).user


@pytest.fixture
def outsider(db):
    """A facilitator and learner of another cohort."""
    other = RoomFactory()
    person = UserFactory(full_name="Otto Outsider")
    FacilitatorFactory(cohort=other.session.cohort, user=person)
    EnrolmentFactory(cohort=other.session.cohort, user=person)
    return person
