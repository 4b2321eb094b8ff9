"""P2: a learner and a partner organisation (by its one-time link) rank the candidate deep-dive
topics; the organiser reads the chart and its table, then schedules the two winners into two
morning deep-dive blocks in one step and sees them in the schedule. axe checks every page."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from agora.delivery.models import ScheduledSession
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories_surveys import (
    BallotFactory,
    PartnerInvitationFactory,
    RankingQuestionFactory,
    organiser_of,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def ballot(transactional_db):
    cohort = CohortFactory(
        slug="citizen-collectives", mode="in_person", time_zone="Europe/Amsterdam"
    )
    first_day = timezone.localdate() + timedelta(days=21)
    zone = cohort.zone
    for number in range(2):
        day = first_day + timedelta(weeks=2 * number)
        day_session = ScheduledSession.objects.create(
            cohort=cohort,
            kind="day",
            title={"en": f"Day {number + 1}"},
            starts_at=datetime(day.year, day.month, day.day, 9, tzinfo=zone),
            ends_at=datetime(day.year, day.month, day.day, 17, tzinfo=zone),
        )
        ScheduledSession.objects.create(
            cohort=cohort,
            kind="block",
            parent=day_session,
            title={"en": "Morning deep dive"},
            starts_at=datetime(day.year, day.month, day.day, 9, 30, tzinfo=zone),
            ends_at=datetime(day.year, day.month, day.day, 12, 30, tzinfo=zone),
        )
    survey = BallotFactory(cohort=cohort)
    RankingQuestionFactory(survey=survey)
    return survey


def rank(page, places):
    for topic, place in places.items():
        page.get_by_label(topic).select_option(str(place))


def test_participants_rank_topics_and_the_organiser_schedules_the_winners(
    open_visitor, live_server, ballot
):
    cohort = ballot.cohort
    lena = EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Lena Learner")).user
    invitation = PartnerInvitationFactory(survey=ballot, organisation_name="Energie Samen")

    learner = open_visitor().sign_in_as(lena)
    learner.visit(reverse("surveys:learner_list", args=[cohort.slug]))
    learner.follow(learner.page.get_by_role("link", name="Choose the deep-dive topics"))
    page = learner.page
    rank(
        page,
        {"Food networks": 1, "Energy cooperatives": 2, "Care collectives": 2, "Housing commons": 4},
    )
    learner.follow(page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_text("Give each option a different place, from 1 to 4.")).to_be_visible()
    expect(page.get_by_label("Food networks")).to_have_value("1")  # what was chosen is kept
    page.get_by_label("Care collectives").select_option("3")
    learner.follow(page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_text("Thank you: your answers are recorded.").first).to_be_visible()

    partner = open_visitor()
    partner.visit(reverse("surveys:partner", args=[invitation.token]))
    expect(partner.page.get_by_text("You answer for Energie Samen")).to_be_visible()
    rank(
        partner.page,
        {"Food networks": 1, "Energy cooperatives": 2, "Housing commons": 3, "Care collectives": 4},
    )
    partner.follow(partner.page.get_by_role("button", name="Send my answers"))
    expect(partner.page.get_by_text("This link has been used and works no more.")).to_be_visible()

    organiser = open_visitor().sign_in_as(organiser_of(cohort.programme.organisation))
    organiser.visit(reverse("surveys:manage_list", args=[cohort.slug]))
    page = organiser.page
    organiser.follow(page.get_by_role("link", name="Results of Choose the deep-dive topics"))
    expect(page.locator("svg.survey-chart")).to_be_visible()
    table = page.get_by_role("table", name="Results: Rank the deep-dive topics")
    expect(table.locator("tbody tr").first).to_contain_text("Food networks")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("Energy cooperatives")

    page.get_by_label("Number of winning topics").fill("2")
    for checkbox in page.get_by_role("checkbox", name="Morning deep dive").all():
        checkbox.check()
    organiser.follow(page.get_by_role("button", name="Preview the changes"))
    changes = page.get_by_role("table", name="What will change")
    expect(changes.locator("tbody tr").first).to_contain_text("Food networks")
    expect(changes.locator("tbody tr").nth(1)).to_contain_text("Energy cooperatives")
    organiser.follow(page.get_by_role("button", name="Replace these titles"))

    expect(page.get_by_text("The winning topics are in the schedule.")).to_be_visible()
    schedule = page.get_by_role("table", name="Sessions of this cohort")
    expect(schedule.get_by_role("link", name="Food networks")).to_be_visible()
    expect(schedule.get_by_role("link", name="Energy cooperatives")).to_be_visible()
    expect(schedule.get_by_text("Morning deep dive")).to_have_count(0)
