"""Rubrics, shared by assignments (one rubric per assignment) and capstones (one rubric per
cohort, for the final review): criteria with their levels, texts per language, and the scores a
grader or reviewer chose.

Each app keeps its own tables (``assignments.Criterion``/``RubricLevel``/``CriterionScore`` and
the same names in ``capstones``): the abstract bases here hold the fields, ordering and logic
they share, and each concrete model adds the foreign key to what owns it and names it in
``owner_field``. Lazy references such as ``"Criterion"`` in a base resolve in the app of the
concrete model, so each app's models must keep these three names.

A rubric is locked once work was graded or reviewed with it (each app says when), so that a
grade never changes meaning after the learner read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, TypeVar

from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField


class RubricCriterionBase(models.Model):
    """One row of a rubric; its levels are ``levels``."""

    # The name of the concrete model's foreign key to what the rubric belongs to.
    owner_field: ClassVar[str]

    order = models.PositiveIntegerField(_("order"), default=0)
    title = I18nCharField(_("criterion"))
    description = I18nTextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.title)

    def rubric(self) -> models.QuerySet:
        """Every criterion of the rubric this one belongs to (itself included)."""
        owner_id = getattr(self, f"{self.owner_field}_id")
        return type(self).objects.filter(**{f"{self.owner_field}_id": owner_id})

    def best_points(self) -> Decimal:
        """The points of the highest level (0 without levels); reads ``levels.all()`` so that
        a ``prefetch_related("levels")`` serves it."""
        return max((level.points for level in self.levels.all()), default=Decimal(0))


class RubricLevelBase(models.Model):
    """One level of a criterion (for example "Meets expectations", 3 points)."""

    criterion = models.ForeignKey("Criterion", on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveIntegerField(_("order"), default=0)
    label = I18nCharField(_("level"))
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        abstract = True
        ordering = ["order", "points", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.points})"


class CriterionScoreBase(models.Model):
    """The level chosen for one criterion of one piece of work; the points are copied so that
    a grade keeps its value."""

    # The name of the concrete model's foreign key to what was scored.
    owner_field: ClassVar[str]

    criterion = models.ForeignKey("Criterion", on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey("RubricLevel", on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class LevelText:
    label: dict[str, str]
    points: Decimal


def total_points(levels: Iterable[RubricLevelBase]) -> Decimal:
    return sum((level.points for level in levels), Decimal(0))


def max_points(criteria: Iterable[RubricCriterionBase]) -> Decimal:
    """A rubric's best total: the highest level of every criterion."""
    return sum((criterion.best_points() for criterion in criteria), Decimal(0))


CriterionT = TypeVar("CriterionT", bound=RubricCriterionBase)


@transaction.atomic
def save_criterion(
    criterion: CriterionT, *, title: dict[str, str], levels: Sequence[LevelText]
) -> CriterionT:
    """Save one criterion and replace its levels (ranked lowest points first). A new
    (unsaved) criterion comes last in its rubric."""
    if criterion.pk is None:
        last = criterion.rubric().order_by("-order").values_list("order", flat=True).first()
        criterion.order = (last or 0) + 1
    criterion.title = title
    criterion.save()
    criterion.levels.all().delete()
    level_model = criterion.levels.model
    level_model.objects.bulk_create(
        level_model(criterion=criterion, order=rank, label=level.label, points=level.points)
        for rank, level in enumerate(sorted(levels, key=lambda level: level.points))
    )
    return criterion


@transaction.atomic
def delete_criterion(criterion: RubricCriterionBase) -> None:
    criterion.delete()


ScoreT = TypeVar("ScoreT", bound=CriterionScoreBase)


@transaction.atomic
def record_scores(
    score_model: type[ScoreT], owner: models.Model, levels: Sequence[RubricLevelBase]
) -> list[ScoreT]:
    """Replace the scores of ``owner`` (what ``score_model.owner_field`` points to: a
    submission, a review) with one per chosen level."""
    scored = {score_model.owner_field: owner}
    score_model.objects.filter(**scored).delete()
    return score_model.objects.bulk_create(
        score_model(**scored, criterion_id=level.criterion_id, level=level, points=level.points)
        for level in levels
    )
