"""Organisers write, preview and schedule issues of their own organisation only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agora.newsletter.models import Issue, IssueVersion


def test_anonymous_visitors_are_sent_to_log_in(client, issue):
    response = client.get(reverse("newsletter:issue", args=[issue.pk]))
    assert response.status_code == 302


@pytest.mark.parametrize("url_name", ["newsletter:issues", "newsletter:issue_new"])
def test_a_learner_sees_no_issue_pages(client, user, url_name):
    client.force_login(user)
    assert client.get(reverse(url_name)).status_code == 404


def test_another_organisations_organiser_cannot_see_or_schedule(client, issue, other_organiser):
    client.force_login(other_organiser)
    assert client.get(reverse("newsletter:issue", args=[issue.pk])).status_code == 404
    response = client.post(
        reverse("newsletter:issue_schedule", args=[issue.pk]),
        {"send_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 404
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert "Autumn" not in client.get(reverse("newsletter:issues")).content.decode()


def test_an_organiser_writes_an_issue_with_two_languages(client, organiser):
    client.force_login(organiser)
    organisation = organiser.memberships.get().organisation
    response = client.post(
        reverse("newsletter:issue_new"), {"organisation": organisation.pk, "name": "Winter"}
    )
    issue = Issue.objects.get()
    assert response["Location"] == reverse("newsletter:version_new", args=[issue.pk])
    client.post(
        reverse("newsletter:version_new", args=[issue.pk]),
        {"language": "en", "subject": "Winter news", "body": "Hello"},
    )
    client.post(
        reverse("newsletter:version_new", args=[issue.pk]),
        {"language": "pl", "subject": "Zima", "body": "Cześć"},
    )
    assert list(issue.versions.values_list("language", flat=True)) == ["en", "pl"]


def test_an_organiser_cannot_create_an_issue_for_another_organisation(
    client, organiser, other_organiser
):
    client.force_login(organiser)
    foreign = other_organiser.memberships.get().organisation
    client.post(reverse("newsletter:issue_new"), {"organisation": foreign.pk, "name": "X"})
    assert not Issue.objects.exists()


def test_a_second_version_in_the_same_language_is_refused(client, organiser, issue):
    client.force_login(organiser)
    response = client.post(
        reverse("newsletter:version_new", args=[issue.pk]),
        {"language": "en", "subject": "Again", "body": "Again"},
    )
    assert "already has a version in this language" in response.content.decode()
    assert 'value="Again"' in response.content.decode()
    assert issue.versions.count() == 2


def test_preview_renders_without_saving(client, organiser, issue):
    client.force_login(organiser)
    response = client.post(
        reverse("newsletter:version_edit", args=[issue.pk, "en"]),
        {
            "language": "en",
            "subject": "New",
            "body": "A [link](https://e.org) <b>x</b>",
            "preview": "1",
        },
    )
    page = response.content.decode()
    assert 'rel="noopener noreferrer nofollow"' in page
    assert "<b>x</b>" not in page
    assert IssueVersion.objects.get(issue=issue, language="en").subject == "Autumn news"


def test_the_saved_preview_page(client, organiser, issue):
    client.force_login(organiser)
    page = client.get(reverse("newsletter:version_preview", args=[issue.pk, "fr"]))
    assert "Bonjour" in page.content.decode()


def test_scheduling_needs_a_future_time(client, organiser, issue):
    client.force_login(organiser)
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("newsletter:issue_schedule", args=[issue.pk]), {"send_at": past})
    assert response.status_code == 400
    assert "in the future" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_an_organiser_schedules_and_unschedules(client, organiser, issue):
    client.force_login(organiser)
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("newsletter:issue_schedule", args=[issue.pk]), {"send_at": later})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SCHEDULED
    client.post(reverse("newsletter:issue_unschedule", args=[issue.pk]))
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_an_issue_without_versions_cannot_be_scheduled(client, organiser):
    client.force_login(organiser)
    issue = Issue.objects.create(organisation=organiser.memberships.get().organisation, name="E")
    later = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("newsletter:issue_schedule", args=[issue.pk]), {"send_at": later})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


def test_a_sent_issue_cannot_change(client, organiser, issue):
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT)
    client.force_login(organiser)
    client.post(
        reverse("newsletter:version_edit", args=[issue.pk, "en"]),
        {"language": "en", "subject": "Changed", "body": "Changed"},
    )
    assert IssueVersion.objects.get(issue=issue, language="en").subject == "Autumn news"


def test_the_issue_list_uses_a_bounded_number_of_queries(
    client, organiser, django_assert_max_num_queries
):
    from tests.newsletter.conftest import make_issue

    for _ in range(20):
        make_issue(organiser.memberships.get().organisation)
    client.force_login(organiser)
    with django_assert_max_num_queries(14):  # 13 with one issue: the count does not grow
        assert client.get(reverse("newsletter:issues")).status_code == 200
