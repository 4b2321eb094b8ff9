"""Who may open what in the learning app: one place for its rules.

A learner opens the activities their confirmed enrolment covers (``scope``), in their own
cohort only. Pages of other apps that play an activity (quizzes, assignments, forum tasks)
use ``learner_activity`` too, so the rule is the same everywhere.
"""

from __future__ import annotations

from django.http import Http404

from agora.catalogue.models import Activity
from agora.delivery.models import Enrolment
from agora.learning import scope


def learner_enrolment(user, cohort_slug: str) -> Enrolment:
    """``user``'s confirmed enrolment in the cohort, else 404 (anonymous included)."""
    if not user.is_authenticated:
        raise Http404
    enrolment = (
        Enrolment.objects.filter(
            user=user, cohort__slug=cohort_slug, status=Enrolment.Status.CONFIRMED
        )
        .select_related("cohort__programme", "cohort__level", "stream", "user")
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def learner_activity(user, cohort_slug: str, activity_id: int) -> tuple[Enrolment, Activity]:
    """``user``'s enrolment and one activity it covers, else 404."""
    enrolment = learner_enrolment(user, cohort_slug)
    activity = (
        scope.covered_activities(enrolment)
        .select_related("unit__module__level__programme")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    return enrolment, activity
