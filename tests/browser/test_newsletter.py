"""A visitor subscribes to the newsletter, confirms with the link from the e-mail, and later
unsubscribes from the link in an issue. axe checks every page."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from agora.newsletter.models import Issue, Subscription
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.browser


def link_in(message) -> str:
    return re.search(r"http://\S+/newsletter/\S+", message.body).group(0)


def test_a_visitor_subscribes_and_confirms(visitor, transactional_db, live_server):
    visitor.visit("/newsletter/")
    page = visitor.page
    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_label("Language of the newsletter").select_option("fr")
    visitor.follow(page.get_by_role("button", name="Subscribe"))
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert not Subscription.objects.get().is_confirmed

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    path = link_in(message).split("/newsletter/", 1)[1]
    visitor.visit(f"/newsletter/{path}")
    visitor.follow(page.get_by_role("button", name="Confirm my subscription"))
    expect(page.get_by_role("heading", name="Subscription confirmed")).to_be_visible()
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed and subscription.language == "fr"


def test_a_subscriber_unsubscribes_from_the_link(visitor, transactional_db):
    from agora.newsletter.subscribing import unsubscribe_token

    subscription = Subscription.objects.create(email="ana@example.org", confirmed_at=timezone.now())
    visitor.visit(f"/newsletter/unsubscribe/{unsubscribe_token(subscription)}/")
    visitor.follow(visitor.page.get_by_role("button", name="Unsubscribe"))
    expect(visitor.page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert not Subscription.objects.exists()


def test_an_organiser_writes_previews_and_schedules_an_issue(
    open_visitor, transactional_db, live_server
):
    organiser = OrganiserFactory(user__full_name="Olga Organiser").user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    visitor = open_visitor().sign_in_as(organiser)
    page = visitor.page
    visitor.visit("/newsletter/issues/")
    visitor.follow(page.get_by_role("link", name="Write a new issue"))
    page.get_by_label("Internal name").fill("Spring news")
    visitor.follow(page.get_by_role("button", name="Create the issue"))
    page.get_by_label("Language of this version").select_option("en")
    page.get_by_label("Subject").fill("Spring at Agora")
    page.get_by_label("Text").fill("New **cohorts**. [Read more](https://example.org)")
    visitor.follow(page.get_by_role("button", name="Preview"))
    expect(page.get_by_role("link", name="Read more")).to_have_attribute(
        "rel", re.compile("nofollow")
    )
    visitor.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Spring at Agora")).to_be_visible()
    later = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Send on").fill(later)
    visitor.follow(page.get_by_role("button", name="Schedule"))
    expect(page.get_by_text("The issue is scheduled.")).to_be_visible()
    assert Issue.objects.get().status == Issue.Status.SCHEDULED
