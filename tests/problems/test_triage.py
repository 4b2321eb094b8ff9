"""Organisers triage the reports; nobody else sees them."""

import pytest
from django.urls import reverse

from agora.problems.models import ProblemReport
from agora.problems.reporting import report_problem

TRIAGE = reverse("problems:triage")


@pytest.fixture
def reports(db):
    broken = report_problem(page="/blog/", kinds=["broken"], description="Dead link")
    wording = report_problem(page="/catalogue/", kinds=["translation"], description="Typo")
    done = report_problem(page="/", kinds=["other"], description="Old news")
    done.status = ProblemReport.Status.RESOLVED
    done.save()
    return broken, wording, done


def test_anonymous_visitors_are_sent_to_log_in(client, reports):
    response = client.get(TRIAGE)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_learner_does_not_see_the_list(client, user, reports):
    client.force_login(user)
    assert client.get(TRIAGE).status_code == 404


def test_a_learner_cannot_change_a_status(client, user, reports):
    client.force_login(user)
    response = client.post(
        reverse("problems:change_status", args=[reports[0].pk]), {"status": "dismissed"}
    )
    assert response.status_code == 404
    reports[0].refresh_from_db()
    assert reports[0].status == ProblemReport.Status.NEW


def test_organisers_see_the_open_reports_first(client, organiser, reports):
    client.force_login(organiser)
    page = client.get(TRIAGE).content.decode()
    assert "Dead link" in page and "Typo" in page
    assert "Old news" not in page


def test_organisers_filter_by_status_and_kind(client, organiser, reports):
    client.force_login(organiser)
    resolved = client.get(TRIAGE, {"status": "resolved"}).content.decode()
    assert "Old news" in resolved and "Dead link" not in resolved
    translation = client.get(TRIAGE, {"status": "", "kind": "translation"}).content.decode()
    assert "Typo" in translation and "Dead link" not in translation


def test_an_unknown_filter_value_shows_the_open_reports(client, organiser, reports):
    client.force_login(organiser)
    response = client.get(TRIAGE, {"status": "bogus", "kind": "bogus"})
    assert response.status_code == 200
    assert "Dead link" in response.content.decode()


def test_an_organiser_moves_a_report_to_in_progress(client, organiser, reports):
    client.force_login(organiser)
    response = client.post(
        reverse("problems:change_status", args=[reports[0].pk]),
        {"status": "in_progress", "back": TRIAGE + "?status=open"},
    )
    assert response["Location"] == TRIAGE + "?status=open"
    reports[0].refresh_from_db()
    assert reports[0].status == ProblemReport.Status.IN_PROGRESS


def test_an_unknown_status_changes_nothing(client, organiser, reports):
    client.force_login(organiser)
    client.post(reverse("problems:change_status", args=[reports[0].pk]), {"status": "gone"})
    reports[0].refresh_from_db()
    assert reports[0].status == ProblemReport.Status.NEW


def test_the_way_back_stays_on_the_triage_list(client, organiser, reports):
    client.force_login(organiser)
    response = client.post(
        reverse("problems:change_status", args=[reports[0].pk]),
        {"status": "resolved", "back": "https://evil.example/"},
    )
    assert response["Location"] == TRIAGE


def test_the_list_uses_a_bounded_number_of_queries(
    client, organiser, django_assert_max_num_queries
):
    for number in range(60):
        report_problem(page="/blog/", kinds=["broken"], description=f"Report {number}")
    client.force_login(organiser)
    with django_assert_max_num_queries(13):
        response = client.get(TRIAGE)
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode()


def test_anonymising_keeps_the_report_without_its_author(user):
    report = report_problem(page="/", kinds=["other"], reporter=user)
    report.anonymise()
    report.refresh_from_db()
    assert report.reporter is None
    assert report.page == "/"
