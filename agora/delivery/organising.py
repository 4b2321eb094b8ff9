"""Organisers' actions on a cohort: capacity, messages to learners, copying a cohort.

Each action is one transaction. A message is recorded once per form (``CohortMessage.key`` is
unique), then sent by background tasks in batches; each recipient's copy is recorded
(``ReminderSent``, keyed by the message's key) in the same transaction that sends it, so a
message submitted or queued twice reaches everyone once.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django_tasks import task

from agora.delivery import registration
from agora.delivery.models import (
    Cohort,
    CohortMessage,
    CohortStaff,
    Enrolment,
    ReminderSent,
    ScheduledSession,
    Stream,
    StreamActivity,
)

MESSAGE_BATCH_SIZE = 50

# --- Capacity -------------------------------------------------------------------------------------


def seats_over(cohort: Cohort, capacity: int | None) -> int:
    """How many seat-holding enrolments would be beyond ``capacity`` (0 when all fit)."""
    if capacity is None:
        return 0
    return max(cohort.seats_taken() - capacity, 0)


def change_capacity(
    cohort: Cohort, capacity: int | None, now: datetime.datetime | None = None
) -> list[Enrolment]:
    """Set the number of seats; seats freed by a raise are offered to the waiting list.

    Lowering it below the seats already held takes no seat from anyone: nobody new is admitted
    until enough people leave. Returns the enrolments offered a seat."""
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        offered = registration.promote_waiting_list(locked, now)
    cohort.capacity = capacity
    return offered


# --- Messages -------------------------------------------------------------------------------------


def message_recipients(
    cohort: Cohort, *, stream: Stream | None = None, language: str = ""
) -> QuerySet[Enrolment]:
    """The learners a message reaches: everyone holding a seat, optionally one stream or
    language group."""
    enrolments = cohort.enrolments.holding_seats()
    if stream is not None:
        enrolments = enrolments.filter(stream=stream)
    if language:
        enrolments = enrolments.filter(language=language)
    return enrolments


def send_message(
    cohort: Cohort,
    *,
    texts: dict[str, dict[str, str]],
    key: uuid.UUID,
    sent_by,
    stream: Stream | None = None,
    language: str = "",
) -> CohortMessage | None:
    """Record the message in the cohort's history and queue it for sending.

    The request only records it and counts its recipients: a background task finds the
    recipients and queues them in batches, so a cohort of thousands does not hold the page.
    Returns None when a message with this ``key`` exists already (a form sent twice)."""
    recipients = message_recipients(cohort, stream=stream, language=language)
    try:
        with transaction.atomic():
            message = CohortMessage.objects.create(
                cohort=cohort, key=key, sent_by=sent_by, stream=stream, language=language,
                texts=texts, recipient_count=recipients.count(),
            )  # fmt: skip
            transaction.on_commit(lambda: queue_message.enqueue(message.pk))
    except IntegrityError:
        return None
    return message


@task()
def queue_message(message_id: int) -> int:
    """Split a recorded message's recipients into batches, one sending task each."""
    message = CohortMessage.objects.select_related("cohort", "stream").get(pk=message_id)
    ids = list(
        message_recipients(message.cohort, stream=message.stream, language=message.language)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(ids), MESSAGE_BATCH_SIZE):
        send_message_batch.enqueue(message_id, ids[start : start + MESSAGE_BATCH_SIZE])
    return len(ids)


@task()
def send_message_batch(message_id: int, enrolment_ids: list[int]) -> int:
    """Send one batch of a cohort message, each learner in their enrolment's language (else
    the cohort's first); recipients who already have it are skipped."""
    from django.core.mail import send_mail

    message = CohortMessage.objects.select_related("cohort").get(pk=message_id)
    sent = 0
    enrolments = Enrolment.objects.filter(pk__in=enrolment_ids).select_related("user")
    for enrolment in enrolments:
        text = message.text_for(enrolment.language)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(enrolment=enrolment, key=f"message-{message.key.hex}")
                send_mail(text["subject"], text["body"], None, [enrolment.user.email])
        except IntegrityError:
            continue  # this person already has it
        sent += 1
    return sent


# --- Copying a cohort -----------------------------------------------------------------------------


def shift_keeping_wall_clock(
    moment: datetime.datetime | None, days: int, zone: datetime.tzinfo
) -> datetime.datetime | None:
    """``moment`` moved by ``days`` calendar days, at the same local time in ``zone`` (so a
    10:00 session stays at 10:00 across a daylight-saving change)."""
    if moment is None:
        return None
    local = timezone.localtime(moment, zone)
    moved = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=days), local.time(), tzinfo=zone
    )
    return moved.astimezone(datetime.UTC)


def _free_slug(base: str) -> str:
    base = slugify(base)[:70].strip("-") or "cohort"
    slug, n = base, 2
    while Cohort.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def copy_cohort(cohort: Cohort, starts_on: datetime.date) -> Cohort:
    """A new draft cohort like ``cohort`` starting on ``starts_on``: settings, streams and their
    activity rules, staff and the schedule moved by the same number of days (local times kept
    in the cohort's time zone). Enrolments are not copied."""
    days = (starts_on - cohort.starts_on).days
    zone = cohort.zone
    with transaction.atomic():
        source = Cohort.objects.get(pk=cohort.pk)
        modules = list(source.modules.all())
        eligible = list(source.eligible_organisations.all())
        copy = Cohort.objects.get(pk=cohort.pk)
        copy.pk = None
        copy._state.adding = True
        copy.slug = _free_slug(f"{source.slug}-{starts_on.isoformat()}")
        copy.starts_on = starts_on
        copy.ends_on = source.ends_on + datetime.timedelta(days=days)
        copy.registration_opens_at = shift_keeping_wall_clock(
            source.registration_opens_at, days, zone
        )
        copy.registration_closes_at = shift_keeping_wall_clock(
            source.registration_closes_at, days, zone
        )
        copy.status = Cohort.Status.DRAFT
        copy.save()
        copy.modules.set(modules)
        copy.eligible_organisations.set(eligible)
        _copy_streams(source, copy)
        CohortStaff.objects.bulk_create(
            CohortStaff(cohort=copy, user_id=member.user_id, role=member.role)
            for member in source.staff.all()
        )
        _copy_sessions(source.sessions.order_by("pk"), copy, days, zone)
    return copy


def _copy_streams(source: Cohort, copy: Cohort) -> None:
    for stream in source.streams.prefetch_related("activity_rules"):
        rules = list(stream.activity_rules.all())
        stream.pk = None
        stream._state.adding = True
        stream.cohort = copy
        stream.save()
        StreamActivity.objects.bulk_create(
            StreamActivity(
                stream=stream, activity_id=rule.activity_id, requirement=rule.requirement
            )
            for rule in rules
        )


def _copy_sessions(
    sessions: Iterable[ScheduledSession], copy: Cohort, days: int, zone: datetime.tzinfo
) -> None:
    # Days first, then their blocks, so each block finds its day's copy.
    sessions = list(sessions)
    new_pk: dict[int, int] = {}
    for pass_parents in (True, False):
        for session in sessions:
            if (session.parent_id is None) != pass_parents:
                continue
            old_pk = session.pk
            session.pk = None
            session._state.adding = True
            session.cohort = copy
            session.parent_id = new_pk.get(session.parent_id) if session.parent_id else None
            session.starts_at = shift_keeping_wall_clock(session.starts_at, days, zone)
            session.ends_at = shift_keeping_wall_clock(session.ends_at, days, zone)
            session.recording_url = ""
            session.save()
            new_pk[old_pk] = session.pk


# --- Setting a cohort up --------------------------------------------------------------------------


# Apps that keep something derived from a stream's rules (the learning app: each learner's
# progress counters) are told, by dotted path, when the rules change.
RULES_CHANGED_HANDLERS: list[str] = ["agora.learning.progress.recount_stream_later"]


def set_activity_rules(stream: Stream, rules: dict[int, str]) -> int:
    """Say, for each activity id in ``rules``, whether it is required, optional or hidden in
    ``stream``; one row per activity, written in one transaction. Returns the rows written.

    The rules-changed handlers run in the same transaction (the learning app recounts the
    stream's learners in the background)."""
    with transaction.atomic():
        StreamActivity.objects.bulk_create(
            [
                StreamActivity(stream=stream, activity_id=activity_id, requirement=requirement)
                for activity_id, requirement in rules.items()
            ],
            update_conflicts=True,
            unique_fields=["stream", "activity"],
            update_fields=["requirement"],
        )
        for handler in RULES_CHANGED_HANDLERS:
            import_string(handler)(stream)
    return len(rules)


def assign_staff(cohort: Cohort, user, role: str) -> tuple[CohortStaff, bool]:
    """Make ``user`` a facilitator or mentor of ``cohort``; assigning twice changes nothing.
    Returns the assignment and whether it is new."""
    with transaction.atomic():
        return CohortStaff.objects.get_or_create(cohort=cohort, user=user, role=role)
