"""Public pages: the designed 404 page in English and French, and the home page at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import french_skip_link, has_french_catalogue, in_language

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "fr"])
def test_unknown_address_shows_the_designed_404_page(open_visitor, language):
    visitor = open_visitor(locale=language)
    page = visitor.page

    response = visitor.visit("/no-such-page/")

    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        in_language(language, "Page not found")
    )
    # It is the site's own page, with its header and a way back.
    expect(page.get_by_role("navigation", name=in_language(language, "Main"))).to_be_visible()
    expect(
        page.get_by_role("link", name=in_language(language, "Go to the home page"))
    ).to_be_visible()
    if language == "fr" and has_french_catalogue():
        expect(page.locator("a.skip-link")).to_have_text(french_skip_link())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_page_fits_a_320px_screen(open_visitor, language):
    visitor = open_visitor(locale=language, viewport={"width": 320, "height": 640})
    page = visitor.page

    visitor.visit("/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"the page scrolls sideways: {scroll_width}px wide at 320px"
