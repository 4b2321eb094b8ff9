"""Editing a cohort's rubric for the final review: criteria and their levels, with labels per
language. A rubric is locked once a final submission was reviewed with it, so that a review
never changes meaning after the learner read it."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from agora.capstones.models import Criterion, CriterionScore, RubricLevel
from agora.delivery.models import Cohort


def is_locked(cohort: Cohort) -> bool:
    return CriterionScore.objects.filter(criterion__cohort=cohort).exists()


@transaction.atomic
def save_criterion(
    cohort: Cohort,
    criterion: Criterion | None,
    *,
    title: dict[str, str],
    levels: list[tuple[dict[str, str], Decimal]],
) -> Criterion:
    """Create or replace one criterion and its levels (lowest points first)."""
    if criterion is None:
        last = cohort.capstone_criteria.order_by("-order").values_list("order", flat=True).first()
        criterion = Criterion(cohort=cohort, order=(last or 0) + 1)
    criterion.title = title
    criterion.save()
    criterion.levels.all().delete()
    RubricLevel.objects.bulk_create(
        RubricLevel(criterion=criterion, order=rank, label=label, points=points)
        for rank, (label, points) in enumerate(sorted(levels, key=lambda level: level[1]))
    )
    return criterion
