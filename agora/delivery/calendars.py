"""iCalendar feeds of scheduled sessions: one per learner (secret address), one per listed cohort.

Times are stored in UTC and written with the TZID of the cohort's zone plus a VTIMEZONE made
from zoneinfo, so calendar programs show the right local time on both sides of a daylight-saving
change.

**One feed per learner.** The address carries the ``calendar_token`` of any one of the learner's
enrolments; the feed shows the sessions of *all* their enrolments that hold a seat (so one
subscription follows them into new cohorts). We chose an existing enrolment token over a signed
user id (``django.core.signing``) because a token can be revoked without changing the site's
secret key: "Reset my calendar address" on My learning gives every enrolment a new token and old
subscriptions stop working, and erasure deletes the enrolments and so the address. A token of
a withdrawn enrolment still identifies the learner, but withdrawn cohorts never appear in the
feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agora.delivery.models import Cohort, Enrolment, ScheduledSession, new_calendar_token

PRODID = "-//Agora//Cohort calendar//EN"
# VTIMEZONE components only need to cover the sessions' dates; a margin of a year either side.
ZONE_MARGIN = timedelta(days=366)


def local_time(moment: datetime, cohort: Cohort) -> str:
    """``moment`` in the cohort's zone, written the active language's way (weekday, date in the
    language's own order and month form, 24-hour time), without the zone's name."""
    local = timezone.localtime(moment, cohort.zone)
    return f"{date_format(local, 'l')} {date_format(local, 'DATE_FORMAT')}, {local:%H:%M}"


def learner_enrolments(token: str) -> list[Enrolment] | None:
    """The enrolments whose sessions go into the feed at ``token``; None if no such token."""
    owner = Enrolment.objects.filter(calendar_token=token).values("user_id").first()
    if owner is None:
        return None
    return list(
        Enrolment.objects.filter(user_id=owner["user_id"])
        .holding_seats()
        .select_related("cohort__programme", "user")
    )


def reset_tokens(user) -> None:
    """New calendar tokens for all of ``user``'s enrolments, so that a leaked address dies."""
    with transaction.atomic():
        for enrolment in Enrolment.objects.filter(user=user).select_for_update():
            enrolment.calendar_token = new_calendar_token()
            enrolment.save(update_fields=["calendar_token"])


def learner_sessions(enrolments: Iterable[Enrolment]) -> list[ScheduledSession]:
    """Sessions of the enrolments' cohorts in each enrolment's language, or for every language."""
    condition = Q(pk__in=[])
    for enrolment in enrolments:
        condition |= Q(cohort_id=enrolment.cohort_id) & (
            Q(language="") | Q(language=enrolment.language)
        )
    return list(
        ScheduledSession.objects.filter(condition).select_related("cohort__programme", "venue")
    )


def cohort_sessions(cohort: Cohort) -> list[ScheduledSession]:
    return list(cohort.sessions.select_related("cohort__programme", "venue"))


def build_calendar(
    sessions: Iterable[ScheduledSession], *, name: str, now: datetime | None = None
) -> bytes:
    """The iCalendar file of ``sessions``, each in its cohort's time zone."""
    now = now or timezone.now()
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    first: date | None = None
    last: date | None = None
    for session in sessions:
        calendar.add_component(_event(session, now))
        first = min(first or session.starts_at.date(), session.starts_at.date())
        last = max(last or session.ends_at.date(), session.ends_at.date())
    if first is not None and last is not None:
        calendar.add_missing_timezones(first_date=first - ZONE_MARGIN, last_date=last + ZONE_MARGIN)
    return calendar.to_ical()


def _event(session: ScheduledSession, now: datetime) -> icalendar.Event:
    cohort = session.cohort
    zone = cohort.zone
    event = icalendar.Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    title = str(session.title)
    if session.language:
        title = f"{title} ({session.language.upper()})"
    event.add("summary", title)
    lines = [str(cohort), session.get_kind_display()]
    if session.meeting_url:
        lines.append(_("Join: %(url)s") % {"url": session.meeting_url})
        event.add("url", session.meeting_url)
        event.add("location", session.meeting_url)
    elif session.venue is not None:
        event.add("location", f"{session.venue.name}, {session.venue.address}")
    event.add("description", "\n".join(lines))
    return event
