"""E-mail reminders of mentoring check-ins, once per check-in.

``send_check_in_reminders(now)`` runs regularly in the task worker (``tasks.py``). A check-in
starting within ``REMIND_BEFORE`` gets one reminder to the learner and one to the mentor, each in
their own language, with the time in the cohort's zone. ``reminded_at`` is claimed by a
conditional UPDATE in the same transaction as the e-mails are sent: a second run, even at the
same moment, finds nothing to claim; if sending fails, the claim rolls back and the next run
tries again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.delivery.models import Cohort
from agora.delivery.reminders import local_time
from agora.mentoring.models import CheckIn

REMIND_BEFORE = timedelta(hours=24)
BATCH = 200


def due_check_ins(now: datetime) -> list[CheckIn]:
    return list(
        CheckIn.objects.filter(reminded_at__isnull=True, starts_at__gt=now,
                               starts_at__lte=now + REMIND_BEFORE)
        .exclude(assignment__cohort__status=Cohort.Status.CANCELLED)
        .select_related("assignment__cohort__programme", "assignment__mentor",
                        "assignment__enrolment__user")
        .order_by("starts_at")[:BATCH]
    )  # fmt: skip


def send_check_in_reminders(now: datetime | None = None) -> int:
    """Send the reminders of check-ins starting soon; returns how many check-ins were reminded."""
    now = now or timezone.now()
    count = 0
    for check_in in due_check_ins(now):
        with transaction.atomic():
            claimed = CheckIn.objects.filter(pk=check_in.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # reminded by another run meanwhile
            assignment = check_in.assignment
            _send(check_in, assignment.enrolment.user, other=assignment.mentor)
            _send(check_in, assignment.mentor, other=assignment.enrolment.user)
        count += 1
    return count


def _send(check_in: CheckIn, recipient, *, other) -> None:
    cohort = check_in.assignment.cohort
    language = recipient.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "topic": check_in.topic,
            "start": local_time(check_in.starts_at, cohort),
            "other": other.full_name or str(other),
            "url": settings.SITE_URL + reverse("mentoring:space", args=[check_in.assignment_id]),
        }
        subject = _("Check-in reminder: %(topic)s, %(start)s") % values
        body = "\n\n".join([
            _("Your mentoring check-in with %(other)s starts on %(start)s.") % values,
            _("Topic: %(topic)s") % values,
            _("Your mentoring space: %(url)s") % values,
        ])  # fmt: skip
    send_mail(subject, body, None, [recipient.email])
