"""Read models for the learner's pages: the course outline with its states, time per week.

Each function runs a fixed number of queries, whatever the size of the course.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language

from agora.catalogue.models import Activity, Competence, Module, Programme, Unit, pick_text
from agora.delivery.models import Enrolment
from agora.learning import scope
from agora.learning.models import ActivityProgress, ModuleCompletion, WeeklyTime


@dataclass
class ActivityLine:
    activity: Activity
    title: str
    requirement: str
    progress: ActivityProgress | None

    @property
    def is_done(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None

    @property
    def is_required(self) -> bool:
        return self.requirement == scope.Requirement.REQUIRED


@dataclass
class UnitBlock:
    unit: Unit
    title: str
    lines: list[ActivityLine] = field(default_factory=list)
    # The lines as ready-made HTML, when a page renders them in Python (the course outline).
    lines_html: str = ""


@dataclass
class ModuleBlock:
    module: Module
    title: str
    units: list[UnitBlock] = field(default_factory=list)

    @property
    def lines(self) -> list[ActivityLine]:
        return [line for unit in self.units for line in unit.lines]

    @property
    def is_done(self) -> bool:
        return all(line.is_done for line in self.lines)


@dataclass
class Outline:
    modules: list[ModuleBlock]

    @cached_property
    def lines(self) -> list[ActivityLine]:  # read by every figure below: gathered once
        return [line for module in self.modules for line in module.lines]

    @property
    def required_total(self) -> int:
        return sum(line.is_required for line in self.lines)

    @property
    def required_done(self) -> int:
        return sum(line.is_required and line.is_done for line in self.lines)

    @property
    def done(self) -> int:
        return sum(line.is_done for line in self.lines)

    @property
    def next_line(self) -> ActivityLine | None:
        """The first required activity not done, else the first activity not done."""
        lines = self.lines
        return next((li for li in lines if li.is_required and not li.is_done), None) or next(
            (li for li in lines if not li.is_done), None
        )


# What the outline reads of each activity and of what contains it. The rest (the programme's
# descriptions and outcomes, each a JSON map of languages) would be decoded on every line.
OUTLINE_FIELDS = (
    "kind", "title", "estimated_minutes", "unit__title", "unit__module__title",
    "unit__module__level__programme__source_language",
)  # fmt: skip


def course_outline(enrolment: Enrolment) -> Outline:
    language = enrolment.language
    activities = (
        scope.covered_activities(enrolment)
        .select_related("unit__module__level__programme")
        .only(*OUTLINE_FIELDS)
    )
    rules = scope.requirements(enrolment)
    default = scope.Requirement.OPTIONAL if enrolment.stream_id else scope.Requirement.REQUIRED
    records = {
        record.activity_id: record
        for record in ActivityProgress.objects.filter(enrolment=enrolment)
    }
    modules: dict[int, ModuleBlock] = {}
    units: dict[int, UnitBlock] = {}
    for activity in activities:
        unit, module = activity.unit, activity.unit.module
        source = module.level.programme.source_language
        if module.pk not in modules:
            modules[module.pk] = ModuleBlock(module, pick_text(module.title, language, source))
        if unit.pk not in units:
            units[unit.pk] = UnitBlock(unit, pick_text(unit.title, language, source))
            modules[module.pk].units.append(units[unit.pk])
        units[unit.pk].lines.append(
            ActivityLine(
                activity,
                pick_text(activity.title, language, source),
                rules.get(activity.pk, default),
                records.get(activity.pk),
            )
        )
    return Outline(list(modules.values()))


@dataclass
class WeekLine:
    week: date
    minutes: int
    recommended: int

    @property
    def share(self) -> int | None:
        if not self.recommended:
            return None
        return round(100 * self.minutes / self.recommended)

    @property
    def bar(self) -> int:
        return min(self.share or 0, 100)


def weekly_time(enrolment: Enrolment) -> list[WeekLine]:
    """Minutes spent per week of the cohort so far, against the stream's recommendation."""
    recommended = enrolment.stream.weekly_minutes if enrolment.stream else 0
    spent = {
        row.week: row.seconds // 60 for row in WeeklyTime.objects.filter(enrolment=enrolment)
    }
    cohort = enrolment.cohort
    start = cohort.starts_on
    monday = start.toordinal() - start.weekday()
    today = min(timezone.localdate(timezone=cohort.zone), cohort.ends_on)
    weeks = []
    ordinal = monday
    while ordinal <= today.toordinal():
        week = date.fromordinal(ordinal)
        weeks.append(WeekLine(week, spent.get(week, 0), recommended))
        ordinal += 7
    # Time recorded outside the cohort's dates (a late visit) still shows.
    known = {line.week for line in weeks}
    weeks.extend(WeekLine(w, m, recommended) for w, m in sorted(spent.items()) if w not in known)
    return weeks


def finished_modules(enrolment: Enrolment) -> list[tuple[Module, str, ModuleCompletion]]:
    """Every module the learner finished, in any cohort (they count toward learning paths)."""
    completions = ModuleCompletion.objects.filter(user_id=enrolment.user_id).select_related(
        "module__level__programme"
    ).order_by("completed_at")
    return [
        (
            completion.module,
            pick_text(
                completion.module.title,
                enrolment.language,
                completion.module.level.programme.source_language,
            ),
            completion,
        )
        for completion in completions
    ]


@dataclass
class PathProgress:
    competence: Competence
    name: str
    done: int
    total: int


def learning_paths(user) -> list[PathProgress]:
    """Each learning path (modules teaching one competence) the person has begun, with how
    many of its published modules they finished, whichever cohort they took them in."""
    done_ids = list(
        ModuleCompletion.objects.filter(user=user).values_list("module_id", flat=True)
    )
    if not done_ids:
        return []
    done = Counter(
        Module.competences.through.objects.filter(module_id__in=done_ids).values_list(
            "competence_id", flat=True
        )
    )
    totals = dict(
        Module.objects.filter(
            competences__in=list(done),
            level__programme__status=Programme.Status.PUBLISHED,
        )
        .values("competences")
        .annotate(total=Count("pk", distinct=True))
        .values_list("competences", "total")
    )
    language = get_language()
    return [
        PathProgress(
            competence,
            pick_text(competence.name, language, competence.source_language),
            done[competence.pk],
            max(totals.get(competence.pk, 0), done[competence.pk]),
        )
        for competence in Competence.objects.filter(pk__in=list(done)).order_by("order", "code")
    ]
