"""The demo directory (agora/directory/demo.py); a second load adds nothing."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo
from agora.directory import demo
from agora.directory.models import ContactRequest, Profile


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()


def test_the_demo_learner_mentor_and_learners_have_profiles(loaded):
    owners = set(Profile.objects.filter(kind="person").values_list("owner__email", flat=True))
    assert {"learner@agora.example", "mentor@agora.example"} <= owners
    assert len(owners) == len(demo.PEOPLE)


def test_the_partner_collective_has_a_profile_held_by_its_organiser(loaded):
    collective = Profile.objects.get(kind="organisation")
    assert collective.organisation.slug == demo.COLLECTIVE_SLUG
    assert collective.organisation.memberships.filter(
        user=collective.owner, role="organiser"
    ).exists()
    assert collective.methods


def test_the_demo_learner_has_one_pending_request(loaded):
    request = ContactRequest.objects.get()
    assert request.status == "pending"
    assert request.profile.owner.email == "learner@agora.example"


def test_a_second_load_adds_nothing(loaded):
    demo.load()
    assert Profile.objects.count() == len(demo.PEOPLE) + 1
    assert ContactRequest.objects.count() == 1
