"""A new learner, in French, finds a free bilingual online cohort in the catalogue, registers
for the managers' stream in French, sees their week and the French live session on My learning,
fetches their calendar, and withdraws. axe checks every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from agora.catalogue.models import Programme
from agora.catalogue.views import duration
from agora.delivery.forms import stream_label
from agora.delivery.models import Cohort, Enrolment, ScheduledSession
from tests.browser.helpers import in_language
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    CohortFactory,
    LevelFactory,
    ModuleFactory,
    ProgrammeFactory,
    StreamFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


def fr(message: str, **values) -> str:
    text = in_language("fr", message)
    return text % values if values else text


def label_fr(choice) -> str:
    with translation.override("fr"):
        return str(choice.label)


@pytest.fixture
def cohort(transactional_db):
    """Like the demo's P5 cohort: free, online, in English and French, three streams."""
    programme = ProgrammeFactory(
        slug="participation-basics",
        languages=["en", "fr"],
        title={"en": "Participation basics", "fr": "Les bases de la participation"},
        summary={"en": "Public participation, step by step.", "fr": "La participation, pas à pas."},
        status=Programme.Status.PUBLISHED,
    )
    level = LevelFactory(programme=programme, title={"en": "Course", "fr": "Cours"})
    module = ModuleFactory(level=level, title={"en": "Listening", "fr": "Écouter"})
    unit = UnitFactory(
        module=module, title={"en": "Week 1: Why listen", "fr": "Semaine 1 : pourquoi écouter"}
    )
    for number in (1, 2, 3):
        ActivityFactory(
            unit=unit,
            title={"en": f"Reading {number}", "fr": f"Lecture {number}"},
            estimated_minutes=10,
        )
    today = timezone.localdate()
    cohort = CohortFactory(
        programme=programme,
        level=level,
        slug="p5-autumn",
        name={"en": "Autumn cohort", "fr": "Cohorte d'automne"},
        mode=Cohort.Mode.ONLINE,
        languages=["en", "fr"],
        time_zone="Europe/Brussels",
        status=Cohort.Status.RUNNING,
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=40),
        capacity=None,
    )
    StreamFactory(
        cohort=cohort,
        slug="practitioners",
        name={"en": "Practitioners", "fr": "Praticiens"},
        weekly_minutes=180,
    )
    StreamFactory(
        cohort=cohort, slug="managers", name={"en": "Managers", "fr": "Cadres"}, weekly_minutes=15
    )
    StreamFactory(
        cohort=cohort,
        slug="supporters",
        name={"en": "Supporters", "fr": "Soutiens"},
        weekly_minutes=60,
    )
    now = timezone.now()
    ScheduledSession.objects.create(
        cohort=cohort,
        unit=unit,
        kind=ScheduledSession.Kind.SELF_PACED,
        title={"en": "Week 1: Why listen", "fr": "Semaine 1 : pourquoi écouter"},
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=5),
    )
    # An English live session comes first: a French learner does not see it.
    ScheduledSession.objects.create(
        cohort=cohort,
        kind=ScheduledSession.Kind.LIVE,
        title={"en": "Live: listening in practice"},
        language="en",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
    )
    ScheduledSession.objects.create(
        cohort=cohort,
        kind=ScheduledSession.Kind.LIVE,
        title={"en": "Live: listening (French)", "fr": "En direct : l'écoute en pratique"},
        language="fr",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=1),
    )
    return cohort


def test_register_in_french_see_my_week_and_withdraw(visitor, cohort):
    learner = UserFactory(full_name="Fatou Fall")
    managers = cohort.streams.get(slug="managers")
    page = visitor.page

    # A new user logs in and turns the interface French.
    visitor.visit("/accounts/login/")
    page.get_by_label("Email").fill(learner.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    visitor.follow(page.locator("main form").get_by_role("button", name="Sign In"))
    page.get_by_label("Language").select_option("fr")
    visitor.follow(page.locator("form.language-switcher button[type=submit]"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # The catalogue, the programme, the cohort.
    visitor.visit("/programmes/")
    visitor.follow(page.get_by_role("link", name="Les bases de la participation"))
    visitor.follow(page.get_by_role("link", name="Cohorte d'automne"))
    expect(page.get_by_text(fr("Free"), exact=True).first).to_be_visible()
    visitor.follow(page.get_by_role("link", name=fr("Register"), exact=True))

    # The form: French, and the managers' stream with its weekly time.
    page.get_by_label(fr("Preferred language")).select_option("fr")
    with translation.override("fr"):
        managers_label = stream_label(managers)
    page.get_by_label(managers_label).check()
    page.get_by_label(fr("Organisation"), exact=True).fill("Ville de Liège")
    page.get_by_label(fr("Role or job title")).fill("Cheffe de service")
    page.get_by_label(fr("Level of government")).select_option("local")
    page.get_by_label(fr("Why do you want to take part?")).fill("Un budget participatif.")
    visitor.follow(page.get_by_role("button", name=fr("Register")))

    enrolment = Enrolment.objects.get(user=learner, cohort=cohort)
    your_stream = fr("Your stream: %(stream)s", stream="Cadres")
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.language == "fr"
    assert enrolment.stream == managers
    expect(page.get_by_text(fr("Thank you: your registration has been received."))).to_be_visible()
    expect(
        page.get_by_role(
            "heading", name=fr("Status: %(status)s", status=label_fr(Enrolment.Status.CONFIRMED))
        )
    ).to_be_visible()
    expect(page.get_by_text(your_stream, exact=True)).to_be_visible()

    # A change of mind: the supporters' stream, then back to the managers'.
    change = page.get_by_role("group", name=fr("Change your stream"))
    expect(change.get_by_role("radio", name=re.compile("^Cadres"))).to_be_checked()
    with translation.override("fr"):
        supporters_label = "Soutiens ({})".format(fr("about %(time)s a week", time=duration(60)))
    change.get_by_label(supporters_label).check()
    visitor.follow(page.get_by_role("button", name=fr("Change stream")))
    expect(page.locator(".message")).to_have_text(
        fr("Your stream is now: %(stream)s.", stream="Soutiens")
    )
    assert Enrolment.objects.get(pk=enrolment.pk).stream.slug == "supporters"
    change.get_by_role("radio", name=re.compile("^Cadres")).check()
    visitor.follow(page.get_by_role("button", name=fr("Change stream")))
    expect(page.get_by_text(your_stream, exact=True)).to_be_visible()

    # My learning: this week, and the next session in French.
    visitor.visit("/cohorts/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("My learning"))
    card = page.locator(".my-cohort")
    expect(card).to_contain_text("Semaine 1 : pourquoi écouter")
    expect(
        card.get_by_role(
            "heading", name=fr("Due now: %(unit)s", unit="Semaine 1 : pourquoi écouter")
        )
    ).to_be_visible()
    expect(card.locator(".due-activities li")).to_have_count(3)
    expect(card).to_contain_text("En direct : l'écoute en pratique")
    expect(card).not_to_contain_text("Live: listening in practice")

    # The calendar feed.
    download = page.get_by_role("link", name=fr("Download my calendar (.ics)"))
    expect(page.get_by_role("link", name=fr("Subscribe to my calendar"))).to_have_attribute(
        "href", re.compile(r"^webcal://.+\.ics$")
    )
    feed = page.request.get(download.get_attribute("href"))
    assert feed.ok
    assert feed.headers["content-type"].startswith("text/calendar")
    body = feed.text()
    assert "BEGIN:VEVENT" in body
    assert "En direct : l'écoute en pratique" in body.replace("\r\n ", "").replace("\\", "")

    # Withdraw: a confirmation page, then the withdrawn state.
    visitor.visit(f"/cohorts/{cohort.slug}/enrolment/")
    visitor.follow(page.get_by_role("link", name=fr("Withdraw from this cohort")))
    visitor.follow(page.get_by_role("button", name=fr("Yes, withdraw")))
    expect(page.locator(".message")).to_have_text(fr("You have withdrawn from this cohort."))
    expect(
        page.get_by_role(
            "heading", name=fr("Status: %(status)s", status=label_fr(Enrolment.Status.WITHDRAWN))
        )
    ).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
