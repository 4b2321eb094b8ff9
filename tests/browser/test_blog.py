"""A member proposes a blog post; an editor asks for a change, the author revises, the editor
publishes it; the post is on the public blog, its tag page and the Atom feed. axe checks every
page."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from agora.blog.models import Post
from tests.factories import OrganiserFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def author(transactional_db):
    return UserFactory(full_name="Ana Author")


@pytest.fixture
def editor(transactional_db):
    user = OrganiserFactory(user__full_name="Edda Editor").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_a_member_proposes_and_an_editor_publishes(
    open_visitor, client, live_server, author, editor
):
    writer = open_visitor()
    writer.sign_in_as(author)
    writer.visit("/blog/")
    writer.follow(writer.page.get_by_role("link", name="Propose a post"))
    page = writer.page
    page.get_by_label("Title").fill("What our citizen jury taught us")
    page.get_by_label("Language of the post").select_option("en")
    page.get_by_label("Summary").fill("Twelve residents, three weekends, one budget.")
    page.get_by_label("Text").fill("We **listened** first. [The report](https://example.org/r)")
    # A missing field is reported next to it, and nothing typed is lost.
    page.get_by_label("Summary").fill("")
    writer.follow(page.get_by_role("button", name="Send to the editors"))
    expect(page.get_by_label("Summary")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title")).to_have_value("What our citizen jury taught us")
    page.get_by_label("Summary").fill("Twelve residents, three weekends, one budget.")
    page.get_by_label("Tags").fill("citizen juries, budgets")
    writer.follow(page.get_by_role("button", name="Send to the editors"))
    expect(page.get_by_text("Status: Submitted")).to_be_visible()
    post = Post.objects.get()

    desk = open_visitor()
    desk.sign_in_as(editor)
    desk.visit("/blog/editorial/")
    desk.follow(desk.page.get_by_role("link", name="What our citizen jury taught us"))
    desk.page.get_by_label("Ask for changes").check()
    desk.page.get_by_label("Message to the author (optional)").fill("Please name the town.")
    desk.follow(desk.page.get_by_role("button", name="Save the decision"))
    expect(desk.page.get_by_text("Status: Changes requested")).to_be_visible()

    writer.visit(f"/blog/proposals/{post.pk}/")
    expect(page.get_by_text("Please name the town.")).to_be_visible()
    writer.follow(page.get_by_role("link", name="Change your proposal"))
    page.get_by_label("Title").fill("What the Ghent citizen jury taught us")
    writer.follow(page.get_by_role("button", name="Save and send to the editors"))
    page.get_by_label("Your message").fill("Done: it was Ghent.")
    writer.follow(page.get_by_role("button", name="Send the message"))

    desk.visit(f"/blog/proposals/{post.pk}/")
    expect(desk.page.get_by_text("Done: it was Ghent.")).to_be_visible()
    desk.page.get_by_label("Publish").check()
    desk.follow(desk.page.get_by_role("button", name="Save the decision"))
    expect(desk.page.get_by_text("Status: Published")).to_be_visible()

    reader = open_visitor()
    reader.visit("/blog/")
    reader.follow(reader.page.get_by_role("link", name="What the Ghent citizen jury taught us"))
    expect(reader.page.get_by_text("By Ana Author")).to_be_visible()
    link = reader.page.get_by_role("link", name="The report")
    expect(link).to_have_attribute("rel", re.compile("nofollow"))
    reader.follow(reader.page.get_by_role("link", name="citizen juries"))
    expect(reader.page.get_by_role("heading", level=1)).to_contain_text("citizen juries")
    feed = reader.page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(feed).to_have_count(2)  # the blog's, and this tag's
    response = reader.page.request.get("/blog/feed/")
    assert "What the Ghent citizen jury taught us" in response.text()
