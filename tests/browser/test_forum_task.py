"""A learner opens the week's "post your result" task from the course outline, posts a result
and sees the activity done; another learner reacts (htmx); the facilitator hides a post.
axe checks every page and the page after the htmx swap."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff
from agora.forums import posting
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories_forums import CohortStaffFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    today = timezone.localdate()
    cohort = CohortFactory(
        slug="public-engagement", starts_on=today - timedelta(days=8),
        ends_on=today + timedelta(days=28), status="running",
    )  # fmt: skip
    unit = UnitFactory(module__level__programme=cohort.programme, title={"en": "Week 2"})
    task = ActivityFactory(
        unit=unit, kind="forum_task", title={"en": "Post your result"},
        body={"en": "Share one thing your interviews showed."},
    )  # fmt: skip
    lena = UserFactory(full_name="Lena Learner")
    lars = UserFactory(full_name="Lars Learner")
    fiona = UserFactory(full_name="Fiona Facilitator")
    for learner in (lena, lars):
        EnrolmentFactory(cohort=cohort, user=learner)
    CohortStaffFactory(cohort=cohort, user=fiona, role=CohortStaff.Role.FACILITATOR)
    return cohort, task, lena, lars, fiona


def test_a_learner_posts_a_result_and_a_facilitator_hides_a_post(open_visitor, live_server, people):
    cohort, task, lena, lars, fiona = people

    visitor = open_visitor().sign_in_as(lena)
    visitor.visit(f"/learn/{cohort.slug}/")
    page = visitor.page
    visitor.follow(page.get_by_role("link", name="Post your result").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Post your result")
    expect(page.locator("#activity-status")).not_to_have_text("Done")
    page.get_by_label("Message").fill("Residents want **later** opening hours.")
    visitor.follow(page.get_by_role("button", name="Post my result"))
    expect(page.locator("#activity-status")).to_have_text("Done")
    expect(page.locator(".post-body strong")).to_have_text("later")

    thread = posting.task_thread(cohort, task)
    other = open_visitor().sign_in_as(lars)
    other.visit(f"/forums/threads/{thread.pk}/")
    thanks = other.page.get_by_role("button", name="Thanks")
    thanks.click()
    expect(other.page.get_by_role("button", name="Thanks 1")).to_have_attribute(
        "aria-pressed", "true"
    )
    other.check_accessibility()
    other.page.get_by_label("Message").fill("Off-topic rant")
    other.follow(other.page.get_by_role("button", name="Post the reply"))

    facilitator = open_visitor().sign_in_as(fiona)
    facilitator.visit(f"/forums/threads/{thread.pk}/")
    rant = facilitator.page.locator("article.post", has_text="Off-topic rant")
    facilitator.follow(rant.get_by_role("link", name="Hide post"))
    facilitator.page.get_by_label("Why is it hidden?").fill("Not about the interviews")
    facilitator.follow(facilitator.page.get_by_role("button", name="Hide post"))
    expect(facilitator.page.locator("article.post", has_text="Off-topic rant")).to_contain_text(
        "Hidden from members"
    )

    visitor.visit(f"/forums/threads/{thread.pk}/")
    expect(page.get_by_text("Off-topic rant")).to_have_count(0)
    expect(page.get_by_text("Hidden by a moderator.")).to_be_visible()
    expect(page.locator(".post-body", has_text="Residents want")).to_be_visible()
