"""Calendar feeds: the learner's secret feed and a listed cohort's public feed."""

from datetime import UTC, datetime

import icalendar
import pytest

from agora.delivery.models import Cohort, Enrolment, ScheduledSession
from tests.factories import CohortFactory, EnrolmentFactory

pytestmark = pytest.mark.django_db


def make_session(cohort, title, starts_at, *, language="", hours=1, **fields):
    return ScheduledSession.objects.create(
        cohort=cohort,
        kind=fields.pop("kind", ScheduledSession.Kind.LIVE),
        title={"en": title},
        language=language,
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=starts_at.hour + hours),
        **fields,
    )


def feed_events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def learner_feed(client, enrolment):
    return client.get(f"/cohorts/calendar/{enrolment.calendar_token}.ics")


def test_my_feed_has_my_language_and_every_language_sessions(client, user):
    cohort = CohortFactory(languages=["en", "fr"])
    enrolment = EnrolmentFactory(cohort=cohort, user=user, language="fr")
    at = datetime(2027, 5, 3, 9, tzinfo=UTC)
    make_session(cohort, "Plenary", at)
    make_session(cohort, "Atelier", at, language="fr", meeting_url="https://meet.example.org/fr")
    make_session(cohort, "Workshop", at, language="en")

    events = feed_events(learner_feed(client, enrolment))

    assert set(events) == {"Plenary", "Atelier (FR)"}
    assert str(events["Atelier (FR)"]["url"]) == "https://meet.example.org/fr"
    assert "https://meet.example.org/fr" in str(events["Atelier (FR)"]["description"])


def test_one_feed_covers_all_my_cohorts_but_not_withdrawn_or_waiting_ones(client, user):
    at = datetime(2027, 5, 3, 9, tzinfo=UTC)
    first = EnrolmentFactory(user=user)
    second = EnrolmentFactory(user=user)
    withdrawn = EnrolmentFactory(user=user, status=Enrolment.Status.WITHDRAWN)
    waiting = EnrolmentFactory(user=user, status=Enrolment.Status.WAITLISTED)
    for enrolment, title in [
        (first, "First"), (second, "Second"), (withdrawn, "Left"), (waiting, "Waiting"),
    ]:
        make_session(enrolment.cohort, title, at)

    for token_of in (first, second, withdrawn):
        assert set(feed_events(learner_feed(client, token_of))) == {"First", "Second"}


def test_my_feed_never_shows_another_persons_cohort(client, user, other_user):
    mine = EnrolmentFactory(user=user)
    theirs = EnrolmentFactory(user=other_user)
    at = datetime(2027, 5, 3, 9, tzinfo=UTC)
    make_session(mine.cohort, "Mine", at)
    make_session(theirs.cohort, "Theirs", at)

    assert set(feed_events(learner_feed(client, mine))) == {"Mine"}


def test_calendar_programs_may_check_a_feed_with_head(client, user):
    enrolment = EnrolmentFactory(user=user)
    response = client.head(f"/cohorts/calendar/{enrolment.calendar_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert client.post(f"/cohorts/calendar/{enrolment.calendar_token}.ics").status_code == 405


def test_a_wrong_token_is_not_found(client, user):
    EnrolmentFactory(user=user)
    assert client.get("/cohorts/calendar/not-a-real-token.ics").status_code == 404
    assert client.get("/cohorts/calendar/.ics").status_code == 404


@pytest.mark.parametrize(
    ("zone", "before", "after", "utc_before", "utc_after"),
    [
        # Brussels moves from UTC+1 to UTC+2 on 28 March 2027.
        ("Europe/Brussels", (2027, 3, 27), (2027, 3, 29), 9, 8),
        # Toronto moves from UTC-5 to UTC-4 on 14 March 2027.
        ("America/Toronto", (2027, 3, 13), (2027, 3, 15), 15, 14),
    ],
)
def test_times_stay_right_across_a_daylight_saving_change(
    client, user, zone, before, after, utc_before, utc_after
):
    cohort = CohortFactory(time_zone=zone)
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    # Stored in UTC: both sessions are at 10:00 local time.
    make_session(cohort, "Before", datetime(*before, utc_before, tzinfo=UTC))
    make_session(cohort, "After", datetime(*after, utc_after, tzinfo=UTC))

    response = learner_feed(client, enrolment)
    text = response.content.decode()
    events = feed_events(response)

    for title, day in [("Before", before), ("After", after)]:
        start = events[title]["dtstart"]
        assert start.params["TZID"] == zone
        assert start.dt.replace(tzinfo=None) == datetime(*day, 10)
        assert f"DTSTART;TZID={zone}:{day[0]}{day[1]:02}{day[2]:02}T100000" in text
    assert events["Before"].decoded("dtstart") == datetime(*before, utc_before, tzinfo=UTC)
    assert events["After"].decoded("dtstart") == datetime(*after, utc_after, tzinfo=UTC)
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]


def test_a_listed_cohort_has_a_public_feed_with_every_language(client):
    cohort = CohortFactory(languages=["en", "fr"], status=Cohort.Status.RUNNING)
    at = datetime(2027, 5, 3, 9, tzinfo=UTC)
    make_session(cohort, "Workshop", at, language="en")
    make_session(cohort, "Atelier", at, language="fr")

    events = feed_events(client.get(f"/cohorts/{cohort.slug}/calendar.ics"))

    assert set(events) == {"Workshop (EN)", "Atelier (FR)"}


@pytest.mark.parametrize("status", [Cohort.Status.DRAFT, Cohort.Status.CANCELLED])
def test_an_unlisted_cohort_has_no_public_feed(client, status):
    cohort = CohortFactory(status=status)
    assert client.get(f"/cohorts/{cohort.slug}/calendar.ics").status_code == 404


def test_an_empty_feed_is_still_a_calendar(client, user):
    enrolment = EnrolmentFactory(user=user)
    assert feed_events(learner_feed(client, enrolment)) == {}


def test_resetting_my_calendar_address_ends_the_old_one(client, user):
    first = EnrolmentFactory(user=user)
    second = EnrolmentFactory(user=user)
    old_tokens = [first.calendar_token, second.calendar_token]
    client.force_login(user)

    response = client.post("/cohorts/calendar/reset/")

    assert response.status_code == 302
    assert response["Location"] == "/cohorts/my/"
    for token in old_tokens:
        assert client.get(f"/cohorts/calendar/{token}.ics").status_code == 404
    first.refresh_from_db()
    assert first.calendar_token not in old_tokens
    assert learner_feed(client, first).status_code == 200


def test_only_my_own_address_is_reset(client, user, other_user):
    theirs = EnrolmentFactory(user=other_user)
    client.force_login(user)

    client.post("/cohorts/calendar/reset/")

    assert learner_feed(client, theirs).status_code == 200


def test_resetting_needs_a_logged_in_post(client, user):
    assert client.post("/cohorts/calendar/reset/").status_code == 302  # to log in
    client.force_login(user)
    assert client.get("/cohorts/calendar/reset/").status_code == 405
