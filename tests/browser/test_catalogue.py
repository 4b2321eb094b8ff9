"""A visitor browses the catalogue, filters it, searches it, opens a programme, then switches the
interface to French and reads the programme in French. axe checks every page and every
update of the results (htmx pushes each filtered list's address into the history)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from agora.catalogue import search
from agora.catalogue.models import Level, Programme
from tests.factories import (
    ActivityFactory,
    LevelFactory,
    ModuleFactory,
    ProgrammeFactory,
    UnitFactory,
)

pytestmark = pytest.mark.browser


def make_catalogue():
    deliberation = ProgrammeFactory(
        slug="deliberation",
        languages=["en", "fr"],
        title={"en": "Deliberation in practice", "fr": "La délibération en pratique"},
        summary={"en": "Run a citizens' assembly.", "fr": "Organiser une assemblée citoyenne."},
        format=Programme.Format.IN_PERSON,
        fee=Decimal("300.00"),
        certificate_offered=True,
    )
    level = LevelFactory(
        programme=deliberation,
        slug="basic",
        kind=Level.Kind.BASIC,
        title={"en": "Foundations", "fr": "Les bases"},
    )
    module = ModuleFactory(
        level=level,
        slug="sortition",
        required=True,
        title={"en": "Sortition", "fr": "Le tirage au sort"},
    )
    ActivityFactory(
        unit=UnitFactory(module=module, title={"en": "Week 1", "fr": "Semaine 1"}),
        title={"en": "Why draw lots", "fr": "Pourquoi tirer au sort"},
    )
    ProgrammeFactory(
        slug="budgets",
        title={"en": "Participatory budgeting"},
        format=Programme.Format.ONLINE,
    )
    ProgrammeFactory(
        slug="open-data", title={"en": "Open data for engagement"}, format=Programme.Format.ONLINE
    )
    search.reindex_all()


def check_update(visitor, address: str) -> None:
    """Wait for htmx to push ``address`` (a regex), then run axe on the updated results.

    Before pushing a new address, htmx re-saves the entry it leaves (``history.replaceState``
    with the same address). Playwright reports that as a navigation too, though nothing new was
    shown: the page at that address was checked already, so that one event is dropped here.
    """
    page = visitor.page
    expect(page).to_have_url(re.compile(address))
    pending = visitor._loaded[visitor._checked_upto :]
    if len(pending) == 2 and pending[0] == visitor.checked_urls[-1]:
        del visitor._loaded[visitor._checked_upto]
    visitor.check_accessibility()


def results(page):
    return page.locator("#catalogue-results")


def programme_links(page):
    return results(page).get_by_role("heading", level=3).get_by_role("link")


def test_browse_filter_search_open_and_read_in_french(visitor, transactional_db):
    make_catalogue()
    page = visitor.page

    # The whole catalogue.
    visitor.visit("/programmes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programmes")
    expect(page.locator("#result-count")).to_have_text("3 programmes found.")
    expect(programme_links(page)).to_have_count(3)

    # A filter updates the results in place, and the address follows.
    page.get_by_label("Format").select_option("in_person")
    expect(page.locator("#result-count")).to_have_text("1 programme found.")
    check_update(visitor, r"[?&]format=in_person")
    expect(programme_links(page)).to_have_text(["Deliberation in practice"])

    # Widening the filter again, then searching: each word matches the start of words.
    page.get_by_label("Format").select_option("online")
    expect(page.locator("#result-count")).to_have_text("2 programmes found.")
    check_update(visitor, r"[?&]format=online")
    page.get_by_label("Search").fill("budget")
    expect(page.locator("#result-count")).to_have_text("1 programme found.")
    check_update(visitor, r"[?&]q=budget")
    expect(programme_links(page)).to_have_text(["Participatory budgeting"])

    # Nothing found: the page says so and offers a way back.
    page.get_by_label("Search").fill("zzzz")
    expect(page.get_by_text("No programme matches your search.")).to_be_visible()
    check_update(visitor, r"[?&]q=zzzz")
    visitor.follow(results(page).get_by_role("link", name="Show all programmes"))
    expect(page.locator("#result-count")).to_have_text("3 programmes found.")

    # Searching in another language finds the programme too.
    page.get_by_label("Search").fill("délibération")
    expect(page.locator("#result-count")).to_have_text("1 programme found.")
    check_update(visitor, r"[?&]q=d%C3%A9lib%C3%A9ration")

    # The programme's page.
    visitor.follow(programme_links(page).first)
    expect(page).to_have_url(re.compile(r"/programmes/deliberation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Deliberation in practice")
    expect(page.get_by_role("heading", name="Sortition")).to_be_visible()
    expect(page.get_by_text("300.00 EUR")).to_be_visible()
    expect(page.get_by_role("heading", name="Upcoming cohorts")).to_be_visible()

    # The interface in French: the programme follows.
    page.locator("#language-select").select_option("fr")
    visitor.follow(page.locator("form.language-switcher button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/programmes/deliberation/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("La délibération en pratique")
    expect(page.get_by_role("heading", name="Le tirage au sort")).to_be_visible()

    # And so does the module's page.
    visitor.follow(page.get_by_role("link", name="Le tirage au sort"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Le tirage au sort")
    expect(page.get_by_role("table")).to_contain_text("Pourquoi tirer au sort")


def test_the_filters_work_without_htmx(open_visitor, transactional_db):
    """With scripts blocked (as if htmx failed to load), the form is an ordinary GET form."""
    make_catalogue()
    visitor = open_visitor()
    page = visitor.page
    page.route(re.compile(r".*\.js$"), lambda route: route.abort())

    visitor.visit("/programmes/")
    page.get_by_label("Format").select_option("online")
    page.get_by_label("Search").fill("open")
    visitor.follow(page.get_by_role("button", name="Show programmes"))

    expect(page).to_have_url(re.compile(r"/programmes/\?q=open&.*format=online"))
    expect(programme_links(page)).to_have_text(["Open data for engagement"])


@pytest.mark.parametrize(
    "url",
    [
        "/programmes/",
        "/programmes/deliberation/",
        "/programmes/deliberation/basic/sortition/",
        "/programmes/competences/digital-tools/",
    ],
)
def test_catalogue_pages_fit_a_320px_screen(open_visitor, transactional_db, url):
    make_catalogue()
    visitor = open_visitor(viewport={"width": 320, "height": 640})

    visitor.visit(url)

    expect(visitor.page.get_by_role("heading", level=1)).to_be_visible()
    width = visitor.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{url} scrolls sideways: {width}px wide at 320px"
