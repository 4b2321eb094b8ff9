"""Taking attendance for one scheduled session, and telling the apps that count it.

Delivery does not know what attending means for completion: the learning app does. The apps
that act on attendance are listed here by dotted path (dependencies point learning → delivery,
never back) and called with the session and the ids of the enrolments marked present.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from agora.delivery.models import Attendance, Enrolment, ScheduledSession

ATTENDANCE_HANDLERS: list[str] = ["agora.learning.progress.count_attendance"]


def record_attendance(
    session: ScheduledSession, enrolments: Iterable[Enrolment], present_ids: set[int], recorded_by
) -> list[int]:
    """Mark each of ``enrolments`` present or absent at ``session``, in one transaction, then
    call every attendance handler. Saving the same marks twice changes nothing (the handlers
    are idempotent: an activity completes once). Returns the ids of those present."""
    now = timezone.now()
    enrolments = list(enrolments)
    present = [enrolment.pk for enrolment in enrolments if enrolment.pk in present_ids]
    with transaction.atomic():
        Attendance.objects.bulk_create(
            [
                Attendance(
                    session=session, enrolment=enrolment, present=enrolment.pk in present_ids,
                    recorded_by=recorded_by, recorded_at=now,
                )
                for enrolment in enrolments
            ],
            update_conflicts=True,
            unique_fields=["session", "enrolment"],
            update_fields=["present", "recorded_by", "recorded_at"],
        )  # fmt: skip
        for handler in ATTENDANCE_HANDLERS:
            import_string(handler)(session, present)
    return present
