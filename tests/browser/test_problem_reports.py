"""A visitor reports a mistake from a page's footer (in the page with htmx, and without
JavaScript on a page of its own); an organiser finds it in the triage list and resolves it.
axe checks every page and the form once it is shown."""

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from agora.problems.models import ProblemReport
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(transactional_db):
    user = OrganiserFactory(user__full_name="Olga Organiser").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_a_report_from_the_footer_reaches_the_triage_list(
    open_visitor, client, live_server, organiser
):
    visitor = open_visitor()
    visitor.visit("/blog/")
    page = visitor.page
    page.get_by_role("link", name="Report a problem or mistake on this page").click()
    form = page.locator("#problem-report form")
    expect(form).to_be_visible()  # loaded into the footer, no new page
    visitor.check_accessibility()
    page.get_by_label("A translation mistake").check()
    page.get_by_label("Tell us more").fill("The heading says “Blgo”.")
    page.get_by_label("Your e-mail address (optional)").fill("ana@example.org")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("your report reached the organisers")).to_be_visible()
    visitor.check_accessibility()
    assert page.url.endswith("/blog/")

    triage = open_visitor()
    triage.sign_in_as(organiser)
    triage.visit("/problems/")
    row = triage.page.get_by_role("row").filter(has_text="The heading says")
    expect(row).to_contain_text("/blog/")
    expect(row).to_contain_text("A translation mistake")
    expect(row).to_contain_text("ana@example.org")
    row.get_by_role("combobox").select_option("resolved")
    triage.follow(row.get_by_role("button", name="Save"))
    expect(triage.page.get_by_text("No reports match.")).to_be_visible()
    assert ProblemReport.objects.get().status == ProblemReport.Status.RESOLVED


def test_without_htmx_the_form_is_a_page_of_its_own(open_visitor, transactional_db):
    visitor = open_visitor()
    page = visitor.page
    # As if scripts failed to load (axe itself needs JavaScript, so it stays on).
    page.route("**/htmx-*.js", lambda route: route.abort())
    visitor.visit("/blog/")
    visitor.follow(page.get_by_role("link", name="Report a problem or mistake on this page"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a problem or mistake")
    visitor.follow(page.get_by_role("button", name="Send the report"))
    expect(page.get_by_text("Tick what is wrong or tell us in a few words.")).to_be_visible()
    page.get_by_label("A broken link or page").check()
    visitor.follow(page.get_by_role("button", name="Send the report"))
    expect(page.get_by_text("your report reached the organisers")).to_be_visible()
    assert page.url.endswith("/blog/")
    assert ProblemReport.objects.get().broken
