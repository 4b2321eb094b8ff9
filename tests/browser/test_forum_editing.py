"""A learner corrects a typo in their post and sees it marked "edited" with the time; the
facilitator hides another post with a reason, which the learners then see only as hidden.
axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff
from agora.forums import posting
from tests.factories import CohortFactory, EnrolmentFactory, UnitFactory, UserFactory
from tests.factories_forums import CohortStaffFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    today = timezone.localdate()
    cohort = CohortFactory(
        slug="public-engagement", starts_on=today - timedelta(days=8),
        ends_on=today + timedelta(days=28), status="running",
    )  # fmt: skip
    UnitFactory(module__level__programme=cohort.programme, title={"en": "Week 2"})
    lena = UserFactory(full_name="Lena Learner")
    lars = UserFactory(full_name="Lars Learner")
    fiona = UserFactory(full_name="Fiona Facilitator")
    for learner in (lena, lars):
        EnrolmentFactory(cohort=cohort, user=learner)
    CohortStaffFactory(cohort=cohort, user=fiona, role=CohortStaff.Role.FACILITATOR)
    space = posting.cohort_forum(cohort).spaces.exclude(unit=None).get()
    thread = posting.start_thread(
        space, lena, title="Interview notes", body="We met five residnets.", check_rate=False
    )
    posting.reply(thread, lars, body="Buy cheap watches here", check_rate=False)
    return thread, lena, fiona


def test_an_author_edits_a_post_and_a_facilitator_hides_one(open_visitor, people):
    thread, lena, fiona = people

    learner = open_visitor().sign_in_as(lena)
    learner.visit(f"/forums/threads/{thread.pk}/")
    page = learner.page
    mine = page.locator("article.post", has_text="We met five residnets.")
    expect(page.get_by_role("link", name="Edit")).to_have_count(1)  # her post only
    learner.follow(mine.get_by_role("link", name="Edit"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit a post")
    page.get_by_label("Message").fill("   ")  # passes the browser's check, not the server's
    learner.follow(page.get_by_role("button", name="Save the changes"))
    expect(page.get_by_text("Write a message.")).to_be_visible()
    page.get_by_label("Message").fill("We met five **residents**.")
    learner.follow(page.get_by_role("button", name="Save the changes"))
    mine = page.locator("article.post", has_text="We met five residents.")
    expect(mine.locator(".post-body strong")).to_have_text("residents")
    expect(mine.locator(".post-edited")).to_contain_text("edited")
    expect(mine.locator(".post-edited time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d{2}-\d{2}T")
    )

    facilitator = open_visitor().sign_in_as(fiona)
    facilitator.visit(f"/forums/threads/{thread.pk}/")
    spam = facilitator.page.locator("article.post", has_text="Buy cheap watches")
    facilitator.follow(spam.get_by_role("link", name="Hide post"))
    facilitator.page.get_by_label("Why is it hidden?").fill("  ")
    facilitator.follow(facilitator.page.get_by_role("button", name="Hide post"))
    expect(facilitator.page.get_by_text("Say why the post is hidden.")).to_be_visible()
    facilitator.page.get_by_label("Why is it hidden?").fill("Advertising")
    facilitator.follow(facilitator.page.get_by_role("button", name="Hide post"))
    spam = facilitator.page.locator("article.post", has_text="Buy cheap watches")
    expect(spam).to_contain_text("Hidden from members")
    expect(spam).to_contain_text("Advertising")

    learner.visit(f"/forums/threads/{thread.pk}/")
    expect(page.get_by_text("Buy cheap watches")).to_have_count(0)
    expect(page.get_by_text("Hidden by a moderator.")).to_be_visible()
    expect(page.get_by_text("Advertising")).to_have_count(0)
