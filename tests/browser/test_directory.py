"""A local official opts in to the peer directory; a regional official finds her with the
filters and sends a contact request; she accepts, and only then does he see her e-mail address.
axe checks every page."""

import re

import pytest
from playwright.sync_api import expect

from agora.directory.models import ContactRequest, Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pia(transactional_db):
    return UserFactory(full_name="Pia Peer", email="pia@example.org")


@pytest.fixture
def sam(transactional_db):
    return UserFactory(full_name="Sam Seeker", email="sam@example.org")


def test_a_contact_request_accepted_shares_the_email_addresses(open_visitor, live_server, pia, sam):
    pia_tab = open_visitor()
    pia_tab.sign_in_as(pia)
    pia_tab.visit("/directory/")
    page = pia_tab.page
    pia_tab.follow(page.get_by_role("link", name="Create your profile"))
    page.get_by_label(re.compile(r"^Organisation")).fill("City of Aarhavn")
    page.get_by_label("Role").fill("Participation officer")
    page.get_by_label("Level of government").select_option("local")
    page.get_by_label("Country").select_option("DK")
    page.get_by_label("dansk").check()
    page.get_by_label("Why and when to engage").check()
    page.get_by_label("Interests").fill("Citizen collectives managing public spaces")
    page.get_by_label("About").fill("I work with **residents' collectives**.")
    pia_tab.follow(page.get_by_role("button", name="Save the profile"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pia Peer")
    expect(page.locator("strong")).to_have_text("residents' collectives")

    sam_tab = open_visitor()
    sam_tab.sign_in_as(sam)
    sam_tab.visit("/directory/")
    search = sam_tab.page
    filters = search.get_by_role("form", name="Search the directory")
    filters.get_by_label("Level of government").select_option("local")
    filters.get_by_label("Language").select_option("da")
    sam_tab.follow(filters.get_by_role("button", name="Search"))
    expect(search.get_by_role("heading", name="1 profile")).to_be_visible()
    sam_tab.follow(search.get_by_role("link", name="Pia Peer"))
    expect(search.get_by_text("pia@example.org")).to_have_count(0)
    search.get_by_label("Your message").fill("Could we compare notes on collectives?")
    sam_tab.follow(search.get_by_role("button", name="Send a contact request"))
    expect(search.get_by_text("Your contact request was sent.")).to_be_visible()
    expect(search.get_by_text("pia@example.org")).to_have_count(0)

    pia_tab.visit("/directory/requests/")
    expect(page.get_by_text("Could we compare notes on collectives?")).to_be_visible()
    expect(page.get_by_text("sam@example.org")).to_have_count(0)
    pia_tab.follow(page.get_by_role("button", name="Accept Sam Seeker"))
    expect(page.get_by_role("link", name="sam@example.org")).to_be_visible()

    sam_tab.visit(f"/directory/{Profile.objects.get(owner=pia).pk}/")
    expect(search.get_by_role("link", name="pia@example.org")).to_be_visible()
    assert ContactRequest.objects.get().status == ContactRequest.Status.ACCEPTED
