"""A new visitor signs up, verifies their e-mail, logs in and switches the interface to French."""

import re

import pytest
from playwright.sync_api import expect

from agora.accounts.models import User
from tests.browser.helpers import french_skip_link, has_french_catalogue

pytestmark = pytest.mark.browser

EMAIL = "new.learner@example.org"
PASSWORD = "a-long-browser-password-42"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def log_in(visitor, email, password):
    page = visitor.page
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(password)
    visitor.follow(page.locator("main form").get_by_role("button", name="Sign In"))


def assert_french(visitor):
    page = visitor.page
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    if has_french_catalogue():
        # The skip link is the first thing the keyboard reaches, and shows itself on focus.
        page.keyboard.press("Tab")
        skip_link = page.locator("a.skip-link")
        expect(skip_link).to_be_focused()
        expect(skip_link).to_be_visible()
        expect(skip_link).to_have_text(french_skip_link())


def test_sign_up_verify_log_in_and_switch_to_french(visitor, mailoutbox, open_visitor):
    page = visitor.page

    # A new visitor finds the way to sign up from the home page.
    visitor.visit("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Learn and practise citizen engagement"
    )
    visitor.follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up"))
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))

    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):", exact=True).fill(PASSWORD)
    visitor.follow(page.locator("main form").get_by_role("button", name="Sign Up"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")

    # The verification e-mail arrives; its link leads to a page that asks to confirm.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    link = CONFIRM_LINK.search(message.body)
    assert link, f"no confirmation link in the e-mail:\n{message.body}"
    visitor.visit(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    visitor.follow(page.locator("main form").get_by_role("button", name="Confirm"))

    # Confirmed, the visitor is sent to log in.
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    log_in(visitor, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="My account")).to_be_visible()

    # The language switcher in the header turns the interface French.
    page.get_by_label("Language").select_option("fr")
    visitor.follow(page.locator("form.language-switcher button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/$"))
    assert_french(visitor)
    # allauth's own pages are French too.
    visitor.visit("/accounts/password/change/")
    assert_french(visitor)
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le mot de passe")
    assert User.objects.get(email=EMAIL).preferred_language == "fr"

    # Log out: the language cookie keeps the visitor in French.
    visitor.follow(page.locator("header form[action$='/logout/'] button"))
    expect(page).to_have_url(re.compile(r"/$"))
    assert_french(visitor)
    visitor.visit("/accounts/login/")
    assert_french(visitor)
    expect(page).to_have_title(re.compile(r"^Connexion"))

    # On another browser, with no cookie, the log-in page is English, and logging in
    # brings the French saved on the account back.
    elsewhere = open_visitor(locale="en")
    elsewhere.visit("/accounts/login/")
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "en")
    expect(elsewhere.page).to_have_title(re.compile(r"^Sign In"))
    log_in(elsewhere, EMAIL, PASSWORD)
    expect(elsewhere.page).to_have_url(re.compile(r"/$"))
    assert_french(elsewhere)
    elsewhere.visit("/accounts/password/change/")
    expect(elsewhere.page.get_by_role("heading", level=1)).to_have_text("Modifier le mot de passe")
