"""The learner's own pages: My learning, and the calendar feeds.

Every query starts from the signed-in person's enrolments (or, for a feed, from the secret
token); the number of queries does not grow with enrolments, activities or sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from agora.catalogue.models import Activity, Unit
from agora.delivery import calendars
from agora.delivery.models import (
    Attendance,
    Cohort,
    Enrolment,
    ScheduledSession,
    Stream,
    StreamActivity,
)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
# Sessions that mark where a cohort is: a self-paced week, an in-person day, an excursion.
PERIOD_KINDS = (
    ScheduledSession.Kind.SELF_PACED,
    ScheduledSession.Kind.DAY,
    ScheduledSession.Kind.EXCURSION,
)
LIVE_KINDS = (
    ScheduledSession.Kind.LIVE,
    ScheduledSession.Kind.DAY,
    ScheduledSession.Kind.EXCURSION,
)


@dataclass
class DueActivity:
    activity: Activity
    requirement: str  # StreamActivity.Requirement value

    @property
    def is_required(self) -> bool:
        return self.requirement == StreamActivity.Requirement.REQUIRED


@dataclass
class Overview:
    """What one confirmed enrolment shows on My learning."""

    enrolment: Enrolment
    period_label: str = ""
    period_session: ScheduledSession | None = None
    unit: Unit | None = None
    due: list[DueActivity] = field(default_factory=list)
    next_session: ScheduledSession | None = None
    changed: list[ScheduledSession] = field(default_factory=list)
    required_total: int = 0
    covered_total: int = 0
    attended: int = 0
    past_live: int = 0

    @property
    def due_minutes(self) -> int:
        return sum(item.activity.estimated_minutes for item in self.due)

    @property
    def weekly_minutes(self) -> int:
        stream = self.enrolment.stream
        return stream.weekly_minutes if stream else 0

    @property
    def share_of_week(self) -> int | None:
        """Per cent of the stream's weekly time the due activities fill (None: no weekly time)."""
        if not self.weekly_minutes:
            return None
        return round(100 * self.due_minutes / self.weekly_minutes)

    @property
    def period_due(self) -> str:
        """When today's self-paced week is due, in the cohort's zone ("" if none)."""
        period = self.period_session
        if period is None or period.kind != ScheduledSession.Kind.SELF_PACED:
            return ""
        return calendars.local_time(period.ends_at, self.enrolment.cohort)

    @property
    def counts_share(self) -> bool:
        """Whether the stream completes on a share of its activities (not every required one)."""
        stream = self.enrolment.stream
        return stream is not None and stream.completion == Stream.Completion.SHARE

    @property
    def progress_done(self) -> int:
        if self.counts_share:
            return self.enrolment.activities_done
        return self.enrolment.required_done

    @property
    def progress_total(self) -> int:
        return self.covered_total if self.counts_share else self.required_total

    @property
    def bar_width(self) -> int:
        return min(self.share_of_week or 0, 100)


def current_period(
    cohort: Cohort, sessions: list[ScheduledSession], now: datetime
) -> tuple[str, ScheduledSession | None]:
    """Where the cohort is at ``now``, in the cohort's time zone: a label and the session
    (self-paced week, in-person day, excursion) that covers today, if any."""
    today = timezone.localtime(now, cohort.zone).date()
    for session in sessions:
        if session.kind not in PERIOD_KINDS:
            continue
        if session.kind == ScheduledSession.Kind.SELF_PACED:
            if session.starts_at <= now < session.ends_at:
                return str(session.title), session
        elif _local_date(session.starts_at, cohort) <= today <= _local_date(
            session.ends_at, cohort
        ):
            return str(session.title), session
    if today < cohort.starts_on:
        return _("Starts on %(date)s") % {"date": _date(cohort.starts_on)}, None
    if today > cohort.ends_on:
        return _("Finished on %(date)s") % {"date": _date(cohort.ends_on)}, None
    week = (today - cohort.starts_on).days // 7 + 1
    return _("Week %(number)d") % {"number": week}, None


def current_unit(
    period: ScheduledSession | None, sessions: list[ScheduledSession], now: datetime
) -> Unit | None:
    """The unit of today's period; else the unit of the latest session that has started."""
    if period is not None and period.unit_id:
        return period.unit
    started = [s for s in sessions if s.unit_id and s.starts_at <= now]
    return started[-1].unit if started else None


def changes_since(sessions: list[ScheduledSession], since: datetime | None) -> list:
    """Sessions added or changed after ``since`` (the learner's last visit)."""
    if since is None:
        return []
    return [
        session
        for session in sessions
        if session.updated_at > since
    ]


def build_overviews(enrolments: list[Enrolment], now: datetime) -> list[Overview]:
    """My learning for confirmed ``enrolments``, in a fixed number of queries."""
    if not enrolments:
        return []
    cohort_ids = {e.cohort_id for e in enrolments}
    stream_ids = {e.stream_id for e in enrolments if e.stream_id}
    sessions_by_cohort: dict[int, list[ScheduledSession]] = {pk: [] for pk in cohort_ids}
    for session in ScheduledSession.objects.filter(cohort_id__in=cohort_ids).select_related(
        "unit__module__level__programme", "cohort__programme"
    ):
        sessions_by_cohort[session.cohort_id].append(session)

    overviews = []
    for enrolment in enrolments:
        sessions = [
            s for s in sessions_by_cohort[enrolment.cohort_id]
            if s.language in ("", enrolment.language)
        ]
        label, period = current_period(enrolment.cohort, sessions, now)
        unit = current_unit(period, sessions, now)
        chosen = {module.pk for module in enrolment.modules.all()}
        if unit is not None and chosen and unit.module_id not in chosen:
            unit = None  # a module this learner did not choose
        overview = Overview(
            enrolment=enrolment,
            period_label=label,
            period_session=period,
            unit=unit,
            next_session=next(
                (s for s in sessions if s.kind in LIVE_KINDS and s.ends_at > now), None
            ),
            changed=changes_since(sessions, enrolment.last_seen_at),
            past_live=sum(1 for s in sessions if s.kind in LIVE_KINDS and s.ends_at <= now),
        )
        overviews.append(overview)

    _add_due_activities(overviews, stream_ids)
    _add_progress(overviews, stream_ids)
    return overviews


def _add_due_activities(overviews: list[Overview], stream_ids: set[int]) -> None:
    unit_ids = {o.unit.pk for o in overviews if o.unit is not None}
    if not unit_ids:
        return
    activities = list(
        Activity.objects.filter(unit_id__in=unit_ids).select_related(
            "unit__module__level__programme"
        )
    )
    rules = {
        (rule.stream_id, rule.activity_id): rule.requirement
        for rule in StreamActivity.objects.filter(
            stream_id__in=stream_ids, activity__unit_id__in=unit_ids
        ).only("stream_id", "activity_id", "requirement")
    }
    for overview in overviews:
        if overview.unit is None:
            continue
        for activity in activities:
            if activity.unit_id != overview.unit.pk:
                continue
            requirement = rules.get(
                (overview.enrolment.stream_id, activity.pk), StreamActivity.Requirement.OPTIONAL
            )
            if requirement != StreamActivity.Requirement.HIDDEN:
                overview.due.append(DueActivity(activity, requirement))
        overview.due.sort(key=lambda item: (not item.is_required, item.activity.order))


def _add_progress(overviews: list[Overview], stream_ids: set[int]) -> None:
    """How many activities each enrolment counts toward completion, in two grouped queries.

    The same scope as the learning app's (agora/learning/scope.py): the cohort's programme,
    narrowed to its level and modules or the learner's chosen modules, less what the stream
    hides; within a stream the rule rows say what is required, without one everything is."""
    programme_ids = {o.enrolment.cohort.programme_id for o in overviews}
    per_module: dict[int, tuple[int, int, int]] = {}  # module → (programme, level, activities)
    for row in (
        Activity.objects.filter(unit__module__level__programme_id__in=programme_ids)
        .values(
            "unit__module_id", "unit__module__level_id", "unit__module__level__programme_id"
        )
        .annotate(total=Count("pk"))
        .order_by()
    ):
        per_module[row["unit__module_id"]] = (
            row["unit__module__level__programme_id"], row["unit__module__level_id"], row["total"]
        )  # fmt: skip
    rules: dict[tuple[int, int, str], int] = {
        (row["stream_id"], row["activity__unit__module_id"], row["requirement"]): row["total"]
        for row in StreamActivity.objects.filter(stream_id__in=stream_ids)
        .values("stream_id", "activity__unit__module_id", "requirement")
        .annotate(total=Count("pk"))
        .order_by()
    }
    attended = dict(
        Attendance.objects.filter(
            enrolment_id__in=[o.enrolment.pk for o in overviews], present=True
        )
        .values("enrolment_id")
        .annotate(total=Count("pk"))
        .values_list("enrolment_id", "total")
    )
    for overview in overviews:
        enrolment = overview.enrolment
        modules = _modules_in_scope(enrolment, per_module)
        hidden = required = 0
        for module in modules:
            hidden += rules.get((enrolment.stream_id, module, StreamActivity.Requirement.HIDDEN), 0)
            required += rules.get(
                (enrolment.stream_id, module, StreamActivity.Requirement.REQUIRED), 0
            )
        overview.covered_total = sum(per_module[module][2] for module in modules) - hidden
        overview.required_total = required if enrolment.stream_id else overview.covered_total
        overview.attended = attended.get(enrolment.pk, 0)


def _modules_in_scope(
    enrolment: Enrolment, per_module: dict[int, tuple[int, int, int]]
) -> list[int]:
    cohort = enrolment.cohort
    chosen = [m.pk for m in enrolment.modules.all()] or [m.pk for m in cohort.modules.all()]
    return [
        module
        for module, (programme, level, _total) in per_module.items()
        if programme == cohort.programme_id
        and (cohort.level_id is None or level == cohort.level_id)
        and (not chosen or module in chosen)
    ]


def calendar_links(request: HttpRequest, enrolments: list[Enrolment]) -> dict[str, str] | None:
    """The learner's feed address as https:// and webcal:// links (None: nothing to show)."""
    holding = [e for e in enrolments if e.holds_seat]
    if not holding:
        return None
    url = request.build_absolute_uri(
        reverse("delivery:learner_calendar", args=[holding[0].calendar_token])
    )
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .active()
        .select_related("cohort__programme", "stream")
        .prefetch_related("modules", "cohort__modules")
        .order_by("cohort__starts_on", "pk")
    )
    confirmed = [e for e in enrolments if e.status == Enrolment.Status.CONFIRMED]
    others = [e for e in enrolments if e.status != Enrolment.Status.CONFIRMED]
    overviews = build_overviews(confirmed, now)
    if confirmed:
        Enrolment.objects.filter(pk__in=[e.pk for e in confirmed]).update(last_seen_at=now)
    return render(
        request,
        "delivery/learner/my_learning.html",
        {
            "overviews": overviews,
            "others": others,
            "calendar": calendar_links(request, enrolments),
        },
    )


@login_required
@require_POST
def reset_calendar(request: HttpRequest) -> HttpResponse:
    """Give each of my enrolments a new calendar token: old subscriptions stop working."""
    calendars.reset_tokens(request.user)
    messages.success(
        request,
        _("Your calendar has a new address. Subscribe again with the new link below."),
    )
    return redirect("delivery:my_learning")


@require_safe  # GET, and HEAD: some calendar programs check a feed before fetching it
def learner_calendar(request: HttpRequest, token: str) -> HttpResponse:
    enrolments = calendars.learner_enrolments(token)
    if enrolments is None:
        raise Http404
    language = enrolments[0].user.preferred_language if enrolments else None
    with translation.override(language or translation.get_language()):
        body = calendars.build_calendar(
            calendars.learner_sessions(enrolments), name=_("My learning · Agora")
        )
    return _calendar_response(body, "agora.ics")


@require_safe
def cohort_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = get_object_or_404(Cohort.objects.listed().select_related("programme"), slug=slug)
    body = calendars.build_calendar(calendars.cohort_sessions(cohort), name=str(cohort))
    return _calendar_response(body, f"{cohort.slug}.ics")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def _local_date(moment: datetime, cohort: Cohort) -> date:
    return timezone.localtime(moment, cohort.zone).date()


def _date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")

