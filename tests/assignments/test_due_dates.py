"""Organisers and facilitators set each assignment's due date for their cohort, in its zone."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from agora.assignments.models import Assignment, DueDate

pytestmark = pytest.mark.django_db


@pytest.fixture
def toronto(cohort):
    cohort.time_zone = "America/Toronto"
    cohort.save()
    return cohort


def due_form(assignment, due="2027-03-01T17:00", cutoff=""):
    prefix = f"a{assignment.pk}"
    return {"assignment": assignment.pk, f"{prefix}-due_at": due, f"{prefix}-cutoff_at": cutoff}


@pytest.mark.parametrize("setter", ["felix", "olga"])
def test_a_due_date_is_read_in_the_cohorts_time_zone(client, assignment, toronto, setter,
                                                     request):
    client.force_login(request.getfixturevalue(setter))
    response = client.post(reverse("assignments:due_dates", args=["spring"]),
                           due_form(assignment))
    assert response.status_code == 302
    due = DueDate.objects.get(assignment=assignment, cohort=toronto)
    assert due.due_at == datetime.datetime(
        2027, 3, 1, 17, 0, tzinfo=zoneinfo.ZoneInfo("America/Toronto")
    )


def test_the_page_shows_the_saved_local_time(client, assignment, toronto, felix):
    client.force_login(felix)
    client.post(reverse("assignments:due_dates", args=["spring"]), due_form(assignment))
    html = client.get(reverse("assignments:due_dates", args=["spring"])).content.decode()
    assert 'value="2027-03-01T17:00"' in html


def test_a_cut_off_before_the_due_date_is_refused(client, assignment, cohort, felix):
    assignment.late_policy = Assignment.LatePolicy.REFUSE
    assignment.save()
    client.force_login(felix)
    response = client.post(
        reverse("assignments:due_dates", args=["spring"]),
        due_form(assignment, cutoff="2027-02-28T17:00"),
    )
    assert response.status_code == 422
    assert "The cut-off cannot be before the due date." in response.content.decode()
    assert not DueDate.objects.exists()


def test_clearing_the_date_removes_it(client, assignment, cohort, felix):
    client.force_login(felix)
    url = reverse("assignments:due_dates", args=["spring"])
    client.post(url, due_form(assignment))
    client.post(url, due_form(assignment, due=""))
    assert not DueDate.objects.exists()


def test_the_learner_sees_the_due_date_in_the_cohorts_zone(client, lena, assignment, toronto,
                                                          felix):
    client.force_login(felix)
    client.post(reverse("assignments:due_dates", args=["spring"]), due_form(assignment))
    client.force_login(lena.user)
    html = client.get(
        reverse("assignments:submit", args=["spring", assignment.activity_id])
    ).content.decode()
    assert "5 p.m." in html and "America/Toronto" in html


def test_editors_change_the_settings(client, assignment, olga):
    client.force_login(olga)
    response = client.post(
        reverse("assignments:settings", args=[assignment.activity_id]),
        {"kind": "files", "file_kinds": ["pdf", "png"], "max_file_mb": 5, "max_files": 2,
         "late_policy": "refuse"},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert (assignment.kind, assignment.file_kinds, assignment.late_policy) == (
        "files", ["pdf", "png"], "refuse"
    )


def test_files_without_a_type_are_refused_in_settings(client, assignment, olga):
    client.force_login(olga)
    response = client.post(
        reverse("assignments:settings", args=[assignment.activity_id]),
        {"kind": "files", "max_file_mb": 5, "max_files": 2, "late_policy": "accept"},
    )
    assert response.status_code == 422
    assert "Allow at least one file type." in response.content.decode()
