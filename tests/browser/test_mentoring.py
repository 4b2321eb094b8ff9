"""A mentor opens the space of their learner, gives feedback and schedules a check-in; the learner
reads it, adds a reflection and replies. axe checks every page."""

import pytest
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories_groups import MentorAssignmentFactory, StaffFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pair(transactional_db):
    cohort = CohortFactory(status="running")
    maya = StaffFactory(cohort=cohort, user=UserFactory(full_name="Maya Mentor"),
                        role=CohortStaff.Role.MENTOR).user  # fmt: skip
    lena = UserFactory(full_name="Lena Learner")
    MentorAssignmentFactory(enrolment=EnrolmentFactory(cohort=cohort, user=lena), mentor=maya)
    return maya, lena


def test_a_mentor_gives_feedback_and_the_learner_reflects(open_visitor, live_server, pair):
    maya, lena = pair

    mentor = open_visitor().sign_in_as(maya)
    mentor.visit("/mentoring/")
    page = mentor.page
    mentor.follow(page.get_by_role("link", name="Lena Learner"))
    page.get_by_label("Entry").fill("Your notes are *clear*.")
    mentor.follow(page.get_by_role("button", name="Add feedback"))
    page.get_by_label("Date").fill("2099-05-04")
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Topic").fill("Interview plan")
    mentor.follow(page.get_by_role("button", name="Schedule"))
    expect(page.locator("#checkins + ul")).to_contain_text("Interview plan")

    learner = open_visitor().sign_in_as(lena)
    learner.visit("/mentoring/")
    mine = learner.page
    learner.follow(mine.get_by_role("link", name="With your mentor Maya Mentor"))
    expect(mine.locator(".post-body em")).to_have_text("clear")
    mine.get_by_label("Entry").fill("I will ask one more question.")
    learner.follow(mine.get_by_role("button", name="Add a reflection"))
    mine.get_by_role("textbox", name="Message").fill("Thank you!")
    learner.follow(mine.get_by_role("button", name="Send"))
    expect(mine.locator("article.post", has_text="Thank you!")).to_be_visible()
    expect(mine.get_by_role("heading", name="My reflection", exact=False)).to_be_visible()
