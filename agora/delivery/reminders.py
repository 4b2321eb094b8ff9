"""Reminder e-mails before live sessions and before the due dates of self-paced weeks.

``send_due_reminders(now)`` is run regularly by the task worker (``tasks.send_reminders``). Each
reminder goes at most once per enrolment and key: a ``ReminderSent`` row is created in the same
transaction as the e-mail is sent, and its unique constraint makes a second run (even one
running at the same moment) skip it. If sending fails, the transaction rolls back and the next run
tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.delivery import calendars
from agora.delivery.models import Cohort, Enrolment, ReminderSent, ScheduledSession

# Before a session starts: the nearest window that has opened is the one sent.
SESSION_KINDS = (
    ScheduledSession.Kind.LIVE,
    ScheduledSession.Kind.DAY,
    ScheduledSession.Kind.EXCURSION,
)
SESSION_OFFSETS = (timedelta(hours=1), timedelta(hours=24))  # nearest first
# Before a self-paced week is due.
DUE_OFFSET = timedelta(hours=24)


@dataclass(frozen=True)
class Reminder:
    enrolment: Enrolment
    session: ScheduledSession
    key: str
    kind: str  # "session" or "due"


def due_reminders(now: datetime) -> list[Reminder]:
    """Reminders whose time has come at ``now`` and that were not sent yet."""
    horizon = now + max(SESSION_OFFSETS + (DUE_OFFSET,))
    sessions = list(
        ScheduledSession.objects.filter(
            Q(kind__in=SESSION_KINDS, starts_at__gt=now, starts_at__lte=horizon)
            | Q(kind=ScheduledSession.Kind.SELF_PACED, ends_at__gt=now, ends_at__lte=horizon)
        )
        .exclude(cohort__status__in=[Cohort.Status.DRAFT, Cohort.Status.CANCELLED])
        .select_related("cohort__programme")
    )
    if not sessions:
        return []
    enrolments = list(
        Enrolment.objects.filter(
            cohort_id__in={s.cohort_id for s in sessions}, status=Enrolment.Status.CONFIRMED
        ).select_related("user")
    )
    sent = set(
        ReminderSent.objects.filter(enrolment__in=enrolments).values_list("enrolment_id", "key")
    )
    reminders = []
    for session in sessions:
        found = _key(session, now)
        if found is None:
            continue
        key, kind = found
        for enrolment in enrolments:
            if enrolment.cohort_id != session.cohort_id:
                continue
            if session.language and session.language != enrolment.language:
                continue
            if (enrolment.pk, key) in sent:
                continue
            enrolment.cohort = session.cohort  # already loaded; saves a query per e-mail
            reminders.append(Reminder(enrolment, session, key, kind))
    return reminders


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder due at ``now``; returns how many were sent."""
    now = now or timezone.now()
    count = 0
    for reminder in due_reminders(now):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(enrolment=reminder.enrolment, key=reminder.key)
                _send(reminder)
        except IntegrityError:
            continue  # sent by another run meanwhile
        count += 1
    return count


def _key(session: ScheduledSession, now: datetime) -> tuple[str, str] | None:
    if session.kind == ScheduledSession.Kind.SELF_PACED:
        if session.ends_at - DUE_OFFSET <= now < session.ends_at:
            return f"due-{session.pk}-{_hours(DUE_OFFSET)}h", "due"
        return None
    for offset in SESSION_OFFSETS:
        if session.starts_at - offset <= now < session.starts_at:
            return f"session-{session.pk}-{_hours(offset)}h", "session"
    return None


def _hours(offset: timedelta) -> int:
    return int(offset.total_seconds() // 3600)


def local_time(moment: datetime, cohort: Cohort) -> str:
    """``moment`` in the cohort's zone, in the active language, with the zone named."""
    return f"{calendars.local_time(moment, cohort)} ({cohort.time_zone})"


def _send(reminder: Reminder) -> None:
    enrolment, session = reminder.enrolment, reminder.session
    cohort = session.cohort
    language = enrolment.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "session": str(session.title),
            "cohort": str(cohort),
            "start": local_time(session.starts_at, cohort),
            "due": local_time(session.ends_at, cohort),
            "url": settings.SITE_URL + reverse("delivery:my_learning"),
        }
        if reminder.kind == "due":
            subject = _("Due soon: %(session)s") % values
            lines = [
                _("%(session)s in %(cohort)s is due on %(due)s.") % values,
            ]
        else:
            subject = _("Reminder: %(session)s, %(start)s") % values
            lines = [_("%(session)s in %(cohort)s starts on %(start)s.") % values]
            if session.meeting_url:
                lines.append(_("Join here: %(link)s") % {"link": session.meeting_url})
        lines.append(_("Your learning: %(url)s") % values)
        send_mail(subject, "\n\n".join(lines), None, [enrolment.user.email])
