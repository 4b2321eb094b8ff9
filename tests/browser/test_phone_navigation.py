"""The header on a phone: the menu folds behind a "Menu" button (menu.js), opens and closes from
the keyboard too, keeps the account links and the language switcher within reach, and the page
never scrolls sideways at 320 px. Without the script the menu is simply shown; on a desktop
nothing folds. axe checks every page, and the open menu too."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
SMALLEST = {"width": 320, "height": 640}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def menu_button(page):
    return page.get_by_role("button", name="Menu")


def main_nav(page):
    return page.get_by_role("navigation", name="Main")


def open_menu(visitor):
    """Open the menu and check the page again with it open (its contrast, its targets)."""
    button = menu_button(visitor.page)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    visitor.check_accessibility()


@pytest.fixture
def learner(transactional_db):
    return UserFactory(full_name="Lea Learner")


def test_a_visitor_opens_the_menu_and_follows_a_link(open_visitor, transactional_db):
    visitor = open_visitor(viewport=PHONE)
    page = visitor.page
    visitor.visit("/")

    button = menu_button(page)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "site-menu")
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, f"the Menu button is too small: {box}"
    # Folded: nothing of the menu shows before the content.
    expect(page.get_by_role("link", name="Programmes")).to_be_hidden()
    expect(page.get_by_role("link", name="Log in", exact=True)).to_have_count(1)  # the page's own

    open_menu(visitor)
    expect(main_nav(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Sign up")).to_be_visible()
    visitor.follow(main_nav(page).get_by_role("link", name="Programmes"))

    expect(page).to_have_url(re.compile(r"/programmes/$"))
    expect(menu_button(page)).to_have_attribute("aria-expanded", "false")


def test_a_learner_reaches_my_learning_and_the_account_links(open_visitor, learner):
    visitor = open_visitor(viewport=PHONE)
    visitor.sign_in_as(learner)
    page = visitor.page
    visitor.visit("/")

    open_menu(visitor)
    visitor.follow(main_nav(page).get_by_role("link", name="My learning"))

    expect(page).to_have_url(re.compile(r"/cohorts/my/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    open_menu(visitor)
    expect(main_nav(page).get_by_role("link", name="My learning")).to_have_attribute(
        "aria-current", "page"
    )
    expect(main_nav(page).get_by_role("link", name="My account")).to_be_visible()
    expect(main_nav(page).get_by_role("button", name="Log out")).to_be_visible()


def test_escape_closes_the_menu_and_returns_to_the_button(open_visitor, transactional_db):
    visitor = open_visitor(viewport=PHONE)
    page = visitor.page
    visitor.visit("/")
    button = menu_button(page)

    # The keyboard alone: the button, then into the menu.
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(main_nav(page).get_by_role("link", name="Home")).to_be_focused()

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(main_nav(page).get_by_role("link", name="Home")).to_be_hidden()

    # The button folds the menu as well as it opens it.
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_the_language_switcher_is_reachable_on_a_phone(open_visitor, transactional_db):
    visitor = open_visitor(viewport=PHONE)
    page = visitor.page
    visitor.visit("/programmes/")

    expect(page.locator("#language-select")).to_be_hidden()
    open_menu(visitor)
    page.locator("#language-select").select_option("fr")
    visitor.follow(page.locator("form.language-switcher button[type=submit]"))

    expect(page).to_have_url(re.compile(r"/programmes/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "learner"])
def test_the_header_fits_a_320px_screen_folded_and_open(open_visitor, learner, signed_in):
    visitor = open_visitor(viewport=SMALLEST)
    if signed_in:
        visitor.sign_in_as(learner)
    page = visitor.page
    visitor.visit("/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the home page scrolls sideways at 320px"
    open_menu(visitor)
    expect(page.get_by_label("Language")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the open menu scrolls sideways at 320px"


def test_without_the_script_the_menu_is_simply_shown(open_visitor, transactional_db):
    visitor = open_visitor(viewport=PHONE)
    page = visitor.page
    page.route(re.compile(r".*/menu\.js$"), lambda route: route.abort())
    visitor.visit("/")

    expect(menu_button(page)).to_be_hidden()
    expect(page.get_by_label("Language")).to_be_visible()
    visitor.follow(main_nav(page).get_by_role("link", name="Blog"))
    expect(page).to_have_url(re.compile(r"/blog/$"))


def test_on_a_desktop_nothing_folds(visitor, learner):
    visitor.sign_in_as(learner)
    page = visitor.page
    visitor.visit("/")

    expect(menu_button(page)).to_be_hidden()
    expect(main_nav(page).get_by_role("link", name="My learning")).to_be_visible()
    expect(page.get_by_label("Language")).to_be_visible()
