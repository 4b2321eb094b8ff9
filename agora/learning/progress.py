"""Recording what learners do: opening and completing activities, attending sessions.

Completion is kept incrementally: finishing one activity updates the enrolment's counters
(``Enrolment.activities_done``, ``required_done``) and checks the stream's rule against two
counts of the curriculum, never rescanning the learner's records. Each call is one transaction
and may be repeated: an activity completes once, however many times it is sent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from agora.catalogue.activity_types import REGISTRY
from agora.catalogue.models import Activity, Module
from agora.delivery.models import Enrolment, ScheduledSession, Stream
from agora.learning import scope
from agora.learning.models import ActivityProgress, ModuleCompletion, WeeklyTime

# Called, in this order and in the same transaction, with the enrolment when it completes.
# Listed by path so that learning does not import the apps that build on it.
COMPLETION_HANDLERS: list[str] = ["agora.credentials.issuing.issue_on_completion"]

# A single report of time spent is capped: a tab left open over lunch is not study time.
MAX_SECONDS_PER_REPORT = 15 * 60


def week_of(moment: datetime, enrolment: Enrolment) -> date:
    """The Monday of ``moment``'s week, in the cohort's time zone."""
    day = timezone.localtime(moment, enrolment.cohort.zone).date()
    return day - timedelta(days=day.weekday())


@transaction.atomic
def record_visit(
    enrolment: Enrolment, activity: Activity, *, seconds: int = 0, now: datetime | None = None
) -> ActivityProgress:
    """The learner opened ``activity`` (and spent ``seconds`` on it since the last report).

    Activities done by opening them (readings, resources, case studies) complete here.
    """
    now = now or timezone.now()
    progress, _ = ActivityProgress.objects.get_or_create(enrolment=enrolment, activity=activity)
    seconds = max(0, min(int(seconds), MAX_SECONDS_PER_REPORT))
    if seconds:
        ActivityProgress.objects.filter(pk=progress.pk).update(
            seconds_spent=F("seconds_spent") + seconds
        )
        week, _ = WeeklyTime.objects.get_or_create(
            enrolment=enrolment, week=week_of(now, enrolment)
        )
        WeeklyTime.objects.filter(pk=week.pk).update(seconds=F("seconds") + seconds)
        progress.refresh_from_db()
    if REGISTRY[activity.kind].done_on_open:
        return complete_activity(enrolment, activity, now=now)
    return progress


@transaction.atomic
def complete_activity(
    enrolment: Enrolment,
    activity: Activity,
    *,
    score: Decimal | None = None,
    now: datetime | None = None,
) -> ActivityProgress:
    """``activity`` is done (viewed, answered, passed, submitted, attended or posted).

    ``score`` (a percentage) is kept when it beats the best so far. Counts once.
    """
    now = now or timezone.now()
    progress, _ = ActivityProgress.objects.get_or_create(enrolment=enrolment, activity=activity)
    progress = ActivityProgress.objects.select_for_update().get(pk=progress.pk)
    if score is not None and (progress.score is None or score > progress.score):
        progress.score = score
        progress.save(update_fields=["score"])
    if progress.completed_at is not None:
        return progress
    progress.completed_at = now
    progress.save(update_fields=["completed_at"])

    requirement = scope.requirement_of(enrolment, activity)
    if requirement != scope.Requirement.HIDDEN:
        enrolment.count_activity_done(required=requirement == scope.Requirement.REQUIRED)
    _complete_module_if_done(enrolment, activity.unit.module_id, now)
    if enrolment.completed_at is None and meets_completion_rule(enrolment):
        complete_enrolment(enrolment, now=now)
    return progress


def meets_completion_rule(enrolment: Enrolment) -> bool:
    """Whether the counters satisfy the stream's rule (two counts of the curriculum)."""
    stream = enrolment.stream
    if stream is not None and stream.completion == Stream.Completion.SHARE:
        covered = scope.covered_activities(enrolment).count()
        return covered > 0 and enrolment.activities_done * 100 >= stream.completion_share * covered
    required = scope.required_activities(enrolment).count()
    if required == 0:  # nothing marked required: everything covered is
        covered = scope.covered_activities(enrolment).count()
        return covered > 0 and enrolment.activities_done >= covered
    return enrolment.required_done >= required


@transaction.atomic
def complete_enrolment(enrolment: Enrolment, *, now: datetime | None = None) -> bool:
    """Record the enrolment's completion and tell the apps that act on it. Once only."""
    if not enrolment.mark_completed(now):
        return False
    for handler in COMPLETION_HANDLERS:
        import_string(handler)(enrolment)
    return True


def _complete_module_if_done(enrolment: Enrolment, module_id: int, now: datetime) -> None:
    """A module is finished when every activity of it that the learner covers is done."""
    in_module = scope.covered_activities(enrolment).filter(unit__module_id=module_id)
    done = ActivityProgress.objects.completed().filter(
        enrolment__user_id=enrolment.user_id, activity__in=in_module.values("pk")
    )
    if done.values("activity_id").distinct().count() < in_module.count():
        return
    ModuleCompletion.objects.get_or_create(
        user_id=enrolment.user_id,
        module=Module(pk=module_id),
        defaults={"enrolment": enrolment, "completed_at": now},
    )


@transaction.atomic
def count_attendance(session: ScheduledSession, present_enrolment_ids: list[int]) -> int:
    """Attending ``session`` completes its unit's activities that are done by attending.

    Called by the attendance screen after it saved attendance; returns how many activities
    were completed now.
    """
    if session.unit_id is None or not present_enrolment_ids:
        return 0
    kinds = [name for name, entry in REGISTRY.items() if entry.completion == "attended"]
    attended = list(
        Activity.objects.filter(unit_id=session.unit_id, kind__in=kinds).select_related(
            "unit"
        )
    )
    completed = 0
    enrolments = Enrolment.objects.filter(
        pk__in=present_enrolment_ids, cohort_id=session.cohort_id
    ).select_related("cohort", "stream")
    for enrolment in enrolments:
        covered = set(
            scope.covered_activities(enrolment)
            .filter(pk__in=[a.pk for a in attended])
            .values_list("pk", flat=True)
        )
        for activity in attended:
            if activity.pk in covered:
                progress = complete_activity(enrolment, activity)
                completed += progress.completed_at is not None
    return completed


def recount(enrolment: Enrolment, *, now: datetime | None = None) -> None:
    """Count the enrolment's finished activities again from its records (after its stream's
    rules changed): what is covered or required may have changed. Completion, once recorded,
    stays; a learner who now meets the rule completes."""
    done = set(
        ActivityProgress.objects.completed()
        .filter(enrolment=enrolment)
        .values_list("activity_id", flat=True)
    )
    covered = set(scope.covered_activities(enrolment).values_list("pk", flat=True))
    required = set(scope.required_activities(enrolment).values_list("pk", flat=True))
    enrolment.set_activity_counts(done=len(done & covered), required_done=len(done & required))
    if enrolment.completed_at is None and meets_completion_rule(enrolment):
        complete_enrolment(enrolment, now=now)


def recount_stream(stream_id: int) -> int:
    """Recount every confirmed learner of one stream; returns how many."""
    enrolments = Enrolment.objects.filter(
        stream_id=stream_id, status=Enrolment.Status.CONFIRMED
    ).select_related("cohort", "stream")
    count = 0
    for enrolment in enrolments.iterator(chunk_size=500):
        with transaction.atomic():
            recount(enrolment)
        count += 1
    return count


def recount_stream_later(stream: Stream) -> None:
    """Delivery's rules-changed handler: recount the stream's learners in the task queue,
    once the new rules are committed (thousands of learners do not hold up the request)."""
    from agora.learning.tasks import recount_stream_task

    transaction.on_commit(lambda: recount_stream_task.enqueue(stream.pk))
