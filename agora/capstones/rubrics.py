"""When a cohort's rubric for the final review is locked. The rubric itself (models, editing,
scores) is shared with assignments: see ``agora.assignments.rubrics``."""

from __future__ import annotations

from agora.capstones.models import CriterionScore
from agora.delivery.models import Cohort


def is_locked(cohort: Cohort) -> bool:
    """Once a final submission was reviewed with the rubric it stays as it is, so that a
    review never changes meaning after the learner read it."""
    return CriterionScore.objects.filter(criterion__cohort=cohort).exists()
