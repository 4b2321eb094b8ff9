"""Editing an assignment's rubric: criteria and their levels, with texts per language.

A rubric is locked once work has been graded with it, so that a grade never changes meaning
after the learner read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from agora.assignments.models import Assignment, Criterion, RubricLevel, Submission


@dataclass(frozen=True)
class LevelText:
    label: dict[str, str]
    points: Decimal


def is_locked(assignment: Assignment) -> bool:
    return Submission.objects.filter(
        assignment=assignment, graded_at__isnull=False
    ).exists()


@transaction.atomic
def save_criterion(
    assignment: Assignment,
    criterion: Criterion | None,
    *,
    title: dict[str, str],
    levels: list[LevelText],
) -> Criterion:
    """Create or replace one criterion and its levels (lowest points first)."""
    if criterion is None:
        last = assignment.criteria.order_by("-order").values_list("order", flat=True).first()
        criterion = Criterion(assignment=assignment, order=(last or 0) + 1)
    criterion.title = title
    criterion.save()
    criterion.levels.all().delete()
    RubricLevel.objects.bulk_create(
        RubricLevel(criterion=criterion, order=rank, label=level.label, points=level.points)
        for rank, level in enumerate(sorted(levels, key=lambda level: level.points))
    )
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion) -> None:
    criterion.delete()
