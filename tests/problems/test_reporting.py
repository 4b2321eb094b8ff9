"""Anyone reports a problem with the page they are on; the report keeps the page's address."""

import pytest
from django.urls import reverse

from agora.problems.models import ProblemReport
from agora.problems.reporting import REPORTS_PER_WINDOW

REPORT = reverse("problems:report")


def post_report(client, page="/blog/", **extra):
    data = {"page": page, "kinds": ["broken"], "description": "The link to week 2 is dead."}
    data.update(extra)
    return client.post(REPORT, data, **extra.pop("headers", {}))


def test_every_page_links_to_the_report_form_with_its_own_address(client, db):
    response = client.get("/blog/?page=2")
    assert f'href="{REPORT}?page=/blog/%3Fpage%3D2"' in response.content.decode()


def test_the_form_names_the_page(client, db):
    response = client.get(REPORT, {"page": "/blog/"})
    assert response.status_code == 200
    assert 'name="page" value="/blog/"' in response.content.decode()


@pytest.mark.parametrize(
    "page", ["", "https://evil.example/", "//evil.example/", "blog/", "/no-such-page-here/"]
)
def test_the_form_refuses_an_address_that_is_not_a_page_of_the_site(client, db, page):
    assert client.get(REPORT, {"page": page}).status_code == 404


def test_an_anonymous_visitor_reports_and_goes_back_to_the_page(client, db):
    response = client.post(
        REPORT,
        {
            "page": "/blog/",
            "kinds": ["broken", "translation"],
            "description": "The link to week 2 is dead.",
            "email": "ana@example.org",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/blog/"
    assert "your report reached the organisers" in response.content.decode()
    report = ProblemReport.objects.get()
    assert (report.page, report.broken, report.translation, report.other) == (
        "/blog/",
        True,
        True,
        False,
    )
    assert report.email == "ana@example.org"
    assert report.reporter is None
    assert report.status == ProblemReport.Status.NEW


def test_a_signed_in_person_is_recorded_and_gives_no_email(client, user):
    client.force_login(user)
    form = client.get(REPORT, {"page": "/blog/"}).content.decode()
    assert 'name="email"' not in form
    client.post(REPORT, {"page": "/blog/", "kinds": ["other"], "email": "x@example.org"})
    report = ProblemReport.objects.get()
    assert report.reporter == user
    assert report.email == ""


def test_a_report_needs_a_ticked_box_or_a_few_words_and_keeps_what_was_typed(client, db):
    response = client.post(REPORT, {"page": "/blog/", "email": "ana@example.org"})
    assert response.status_code == 200
    assert "Tick what is wrong or tell us in a few words." in response.content.decode()
    assert 'value="ana@example.org"' in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_report_about_a_foreign_address_is_refused(client, db):
    response = client.post(REPORT, {"page": "https://evil.example/", "description": "Look here"})
    assert response.status_code == 200
    assert "not the address of a page of this site" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_a_bad_email_address_is_refused_and_the_text_kept(client, db):
    response = client.post(
        REPORT, {"page": "/blog/", "description": "Typo in title", "email": "not-an-address"}
    )
    assert "Typo in title" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_reports_from_one_address_are_rate_limited(client, db):
    for _ in range(REPORTS_PER_WINDOW):
        assert post_report(client).status_code == 302
    response = post_report(client)
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert ProblemReport.objects.count() == REPORTS_PER_WINDOW


def test_reports_from_one_account_are_rate_limited_whatever_the_address(client, user):
    client.force_login(user)
    for number in range(REPORTS_PER_WINDOW):
        client.post(REPORT, {"page": "/blog/", "kinds": ["other"]}, REMOTE_ADDR=f"10.0.0.{number}")
    response = client.post(REPORT, {"page": "/blog/", "kinds": ["other"]}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert ProblemReport.objects.count() == REPORTS_PER_WINDOW


def test_the_rate_limit_message_is_translated(client, db, settings):
    for _ in range(REPORTS_PER_WINDOW):
        post_report(client)
    response = client.post(
        REPORT, {"page": "/blog/", "kinds": ["other"]}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 429
    assert '<html lang="fr"' in response.content.decode()


def test_with_htmx_the_form_and_the_thanks_come_as_fragments(client, db):
    form = client.get(REPORT, {"page": "/blog/"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form
    assert 'hx-post="/problems/report/"' in form
    thanks = client.post(REPORT, {"page": "/blog/", "kinds": ["broken"]}, HTTP_HX_REQUEST="true")
    assert thanks.status_code == 200
    assert "your report reached the organisers" in thanks.content.decode()
    assert ProblemReport.objects.count() == 1


def test_script_in_a_report_is_shown_as_text(client, organiser):
    client.post(REPORT, {"page": "/blog/", "description": "<script>alert(1)</script>"})
    client.force_login(organiser)
    page = client.get(reverse("problems:triage")).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_secret_parts_of_the_address_are_not_recorded(client, db):
    from agora.newsletter.models import Subscription
    from agora.newsletter.subscribing import unsubscribe_token

    token = unsubscribe_token(Subscription.objects.create(email="ana@example.org"))
    page = f"/newsletter/unsubscribe/{token}/"
    client.post(REPORT, {"page": page, "kinds": ["broken"]})
    report = ProblemReport.objects.get()
    assert token not in report.page
    assert report.page == "/newsletter/unsubscribe/hidden/"
