"""A facilitator forms groups balanced by language; a learner opens their group's space, then
the group activity, and posts the group's result; the activity shows as done for every member
of the group. axe checks every page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff
from agora.groups.models import Membership
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories_groups import StaffFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    today = timezone.localdate()
    cohort = CohortFactory(
        slug="public-engagement", starts_on=today - timedelta(days=8), languages=["en", "fr"],
        ends_on=today + timedelta(days=28), status="running",
    )  # fmt: skip
    unit = UnitFactory(module__level__programme=cohort.programme, title={"en": "Week 2"})
    task = ActivityFactory(
        unit=unit, kind="group_activity", title={"en": "Map your stakeholders"},
        body={"en": "Draw the map of your stakeholders together."},
    )  # fmt: skip
    learners = {}
    for name, language in [
        ("Lena Learner", "en"),
        ("Lars Learner", "en"),
        ("Louise Apprenante", "fr"),
        ("Léo Apprenant", "fr"),
    ]:
        user = UserFactory(full_name=name)
        EnrolmentFactory(cohort=cohort, user=user, language=language)
        learners[name] = user
    fiona = StaffFactory(cohort=cohort, user=UserFactory(full_name="Fiona Facilitator"),
                         role=CohortStaff.Role.FACILITATOR).user  # fmt: skip
    return cohort, task, learners, fiona


def test_a_facilitator_forms_groups_and_a_group_posts_its_result(open_visitor, live_server, people):
    cohort, task, learners, fiona = people

    facilitator = open_visitor().sign_in_as(fiona)
    facilitator.visit(f"/groups/cohorts/{cohort.slug}/")
    page = facilitator.page
    page.get_by_label("How to form the groups").select_option("language")
    page.get_by_label("Number of groups").fill("2")
    facilitator.follow(page.get_by_role("button", name="Form the groups"))
    expect(page.get_by_role("row")).to_have_count(3)  # a header and two groups
    for row in page.get_by_role("row").all()[1:]:
        expect(row).to_contain_text("(en)")
        expect(row).to_contain_text("(fr)")
        expect(row).to_contain_text("not yet")

    lena = learners["Lena Learner"]
    mine = Membership.objects.get(enrolment__user=lena, current=True).group
    partner = Membership.objects.exclude(enrolment__user=lena).get(group=mine).enrolment.user

    visitor = open_visitor().sign_in_as(lena)
    visitor.visit(f"/groups/cohorts/{cohort.slug}/mine/")
    learner_page = visitor.page
    # The name in English, whatever language an earlier test left active in this process.
    expect(learner_page.get_by_role("heading", level=1)).to_have_text(f"Group {mine.number}")
    expect(learner_page.get_by_text(partner.full_name)).to_be_visible()
    visitor.follow(learner_page.get_by_role("link", name="Map your stakeholders"))
    expect(learner_page.get_by_role("heading", level=1)).to_have_text("Map your stakeholders")
    expect(learner_page.locator("#activity-status")).not_to_have_text("Done")
    learner_page.get_by_label("Our result").fill("Four circles, **young people** missing.")
    visitor.follow(learner_page.get_by_role("button", name="Post our result"))
    expect(learner_page.locator("#activity-status")).to_have_text("Done")
    expect(learner_page.locator(".post-body strong")).to_have_text("young people")

    other = open_visitor().sign_in_as(partner)
    other.visit(f"/groups/task/{cohort.slug}/{task.pk}/")
    expect(other.page.locator("#activity-status")).to_have_text("Done")
    expect(other.page.get_by_role("button", name="Update our result")).to_be_visible()

    facilitator.visit(f"/groups/cohorts/{cohort.slug}/")
    expect(page.get_by_role("row", name=f"Group {mine.number}")).to_contain_text("posted")
