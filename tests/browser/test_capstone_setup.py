"""A facilitator sets a cohort's capstone milestones and rubric, a refused step included; a
visitor reads the showcase. axe finds nothing, error pages included."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from agora.capstones.models import Project
from agora.delivery.models import CohortStaff
from tests.factories import UserFactory
from tests.factories_capstones import capstone_cohort, learner_in, staff_of

pytestmark = pytest.mark.browser


def test_a_facilitator_sets_milestones_and_the_rubric(open_visitor, live_server, transactional_db):
    cohort, _milestone = capstone_cohort(slug="spring")
    felix = staff_of(cohort, CohortStaff.Role.FACILITATOR, full_name="Felix Facilitator")
    visitor = open_visitor().sign_in_as(felix)
    visitor.visit(reverse("capstones:queue", args=["spring"]))
    page = visitor.page
    visitor.follow(page.get_by_role("link", name="Set the milestones"))
    add = page.locator("form").filter(has=page.get_by_role("button", name="Add the step"))
    add.get_by_label("Description").fill("Map who is *involved*.")
    visitor.follow(add.get_by_role("button", name="Add the step"))
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    add = page.locator("form").filter(has=page.get_by_role("button", name="Add the step"))
    expect(add.get_by_label("Description")).to_have_value("Map who is *involved*.")
    add.get_by_label("Title").fill("Stakeholder map")
    visitor.follow(add.get_by_role("button", name="Add the step"))
    expect(page.get_by_role("rowheader", name="Stakeholder map")).to_be_visible()

    new = page.locator("form.rubric-criterion")
    new.get_by_label("Criterion (English)").fill("Insight")
    new.get_by_label("Level 1 (English)").fill("Weak")
    new.get_by_label("Level 1 points").fill("0")
    new.get_by_label("Level 2 (English)").fill("Strong")
    new.get_by_label("Level 2 points").fill("4")
    visitor.follow(new.get_by_role("button", name="Add the criterion"))
    expect(page.get_by_text("The rubric was saved.")).to_be_visible()


def test_the_showcase_shows_consented_projects(visitor, transactional_db):
    cohort, _milestone = capstone_cohort(slug="spring")
    enrolment = learner_in(cohort, user=UserFactory(full_name="Lena Learner"))
    Project.objects.create(
        enrolment=enrolment,
        title="Greener squares",
        summary="**Trees**",
        step=Project.Step.FINISHED,
        finished_at=timezone.now(),
        showcase_consent_at=timezone.now(),
        show_name=True,
    )
    visitor.visit(reverse("capstones:showcase"))
    expect(visitor.page.get_by_role("heading", name="Greener squares")).to_be_visible()
    expect(visitor.page.get_by_text("by Lena Learner")).to_be_visible()
