"""An organiser sets a cohort up in a real browser: creates it in two languages, adds a stream
and chooses its activities with the keyboard, schedules a live session in French and assigns a
facilitator. axe-core checks every page on the way."""

import datetime
import re
import zoneinfo

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from agora.delivery.models import Cohort
from tests.factories import (
    ActivityFactory,
    LevelFactory,
    ModuleFactory,
    OrganiserFactory,
    ProgrammeFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def programme(transactional_db):
    programme = ProgrammeFactory(languages=["en", "fr"], title={"en": "Citizen panels in practice"})
    unit = UnitFactory(
        module=ModuleFactory(level=LevelFactory(programme=programme), title={"en": "Listening"}),
        title={"en": "Week 1: the mandate"},
    )
    ActivityFactory(unit=unit, title={"en": "Read the mandate"})
    ActivityFactory(unit=unit, title={"en": "Interview a resident"}, kind="assignment")
    return programme


@pytest.fixture
def organiser(programme):
    user = OrganiserFactory(organisation=programme.organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_an_organiser_sets_up_a_bilingual_cohort(
    visitor, client, live_server, programme, organiser
):
    facilitator = UserFactory(email="lea@example.org", full_name="Léa Martin")
    visitor.sign_in_as(organiser)
    page = visitor.page

    # The cohort, in English and French.
    visitor.visit("/cohorts/manage/")
    visitor.follow(page.get_by_role("link", name="New cohort"))
    visitor.follow(page.get_by_role("link", name="Citizen panels in practice"))
    page.get_by_label("Name (English)").fill("Autumn 2027")
    page.get_by_label("Name (français)").fill("Automne 2027")
    page.get_by_label("Address").fill("autumn-2027")
    page.get_by_role("checkbox", name="français").check()
    page.get_by_label("Starts on").fill("2027-10-04")
    page.get_by_label("Ends on").fill("2027-09-01")  # before the start: refused
    page.get_by_label("Time zone").select_option("Europe/Paris")
    page.get_by_label("Mode").select_option("online")
    visitor.follow(page.get_by_role("button", name="Create the cohort"))
    expect(page.get_by_role("alert")).to_contain_text("The cohort cannot end before it starts.")
    expect(page.get_by_label("Name (français)")).to_have_value("Automne 2027")
    page.get_by_label("Ends on").fill("2027-11-08")
    visitor.follow(page.get_by_role("button", name="Create the cohort"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Autumn 2027")
    cohort = Cohort.objects.get(slug="autumn-2027")
    assert cohort.languages == ["en", "fr"]

    # A stream, and which activities it requires, chosen with the keyboard.
    visitor.follow(page.get_by_role("link", name="Streams"))
    visitor.follow(page.get_by_role("link", name="Add a stream"))
    page.get_by_label("Name (English)").fill("Managers")
    page.get_by_label("Name (français)").fill("Cadres")
    page.get_by_label("Address").fill("managers")
    page.get_by_label("Recommended minutes per week").fill("90")
    visitor.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activities of Managers")
    reading = page.get_by_role("radio", name=re.compile("^Optional Read the mandate"))
    expect(reading).to_be_checked()
    reading.focus()
    page.keyboard.press("ArrowLeft")  # Optional → Required, in the same row
    expect(page.get_by_role("radio", name=re.compile("^Required Read the mandate"))).to_be_checked()
    page.get_by_role("radio", name=re.compile("^Hidden Interview a resident")).check()
    visitor.follow(page.get_by_role("button", name="Save"))
    stream = cohort.streams.get()
    assert sorted(stream.activity_rules.values_list("requirement", flat=True)) == [
        "hidden", "required",
    ]  # fmt: skip

    # A live session in French, in the cohort's time zone.
    visitor.follow(page.get_by_role("link", name="Schedule"))
    visitor.follow(page.get_by_role("link", name="Add a session"))
    page.get_by_label("Kind").select_option("live")
    page.get_by_label("Title (English)").fill("Live session, week 1")
    page.get_by_label("Title (français)").fill("Séance en direct, semaine 1")
    page.locator("main").get_by_label("Language").select_option("fr")
    page.get_by_label("Starts").fill("2027-10-06T18:00")
    page.get_by_label("Ends").fill("2027-10-06T19:30")
    page.get_by_label("Unit").select_option(label="Listening · Week 1: the mandate")
    page.get_by_label("Meeting link").fill("https://meet.example.org/autumn-fr-1")
    visitor.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("row", name=re.compile("Live session, week 1"))).to_contain_text(
        "2027-10-06 18:00"
    )
    session = cohort.sessions.get()
    assert session.language == "fr"
    assert session.starts_at == datetime.datetime(
        2027, 10, 6, 18, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")
    )

    # A facilitator, by the e-mail address of their account.
    visitor.follow(page.get_by_role("link", name="Facilitators and mentors"))
    page.get_by_label("E-mail address").fill("lea@example.org")
    page.get_by_label("Role").select_option("facilitator")
    visitor.follow(page.get_by_role("button", name="Assign"))
    expect(page.get_by_role("row", name=re.compile("Léa Martin"))).to_contain_text("Facilitator")
    assert list(cohort.staff.values_list("user", "role")) == [(facilitator.pk, "facilitator")]
