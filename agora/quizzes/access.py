"""Who may do what with quizzes: one place for the app's rules.

- A learner takes a quiz activity their confirmed enrolment covers (``learner_activity``, the
  learning app's rule: another cohort's quiz, or one their stream hides, is 404), and sees only
  their own attempts.
- Facilitators of a cohort and organisers of its programme's organisation see its results and
  grant extra time (``results_cohorts``); mentors do not.
- Organisers edit the question banks and quiz settings of programmes they may edit
  (``editable_modules``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from agora.catalogue.models import Activity, Module, Programme
from agora.delivery.models import Cohort, CohortStaff
from agora.quizzes.models import Attempt


def results_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts whose quiz results ``user`` sees: as a facilitator, or as an organiser."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    facilitated = CohortStaff.objects.filter(
        user=user, role=CohortStaff.Role.FACILITATOR
    ).values("cohort_id")
    managed = Cohort.objects.managed_by(user).values("pk")
    return Cohort.objects.filter(Q(pk__in=facilitated) | Q(pk__in=managed))


def results_cohort(user, cohort_slug: str) -> Cohort:
    cohort = results_cohorts(user).select_related("programme", "level").filter(
        slug=cohort_slug
    ).first()
    if cohort is None:
        raise Http404
    return cohort


def cohort_quiz(cohort: Cohort, activity_id: int) -> Activity:
    """A quiz activity of the cohort's programme (and level, if the cohort runs one)."""
    activities = Activity.objects.filter(
        kind="quiz", unit__module__level__programme_id=cohort.programme_id
    )
    if cohort.level_id:
        activities = activities.filter(unit__module__level_id=cohort.level_id)
    activity = activities.select_related("unit__module__level__programme").filter(
        pk=activity_id
    ).first()
    if activity is None:
        raise Http404
    return activity


def own_attempt(enrolment, activity: Activity, number: int) -> Attempt:
    attempt = Attempt.objects.filter(
        enrolment=enrolment, quiz__activity=activity, number=number
    ).first()
    if attempt is None:
        raise Http404
    return attempt


def editable_modules(user) -> QuerySet[Module]:
    if not user.is_authenticated:
        return Module.objects.none()
    return Module.objects.filter(level__programme__in=Programme.objects.editable_by(user))


def editable_module(user, module_id: int) -> Module:
    module = editable_modules(user).select_related("level__programme").filter(
        pk=module_id
    ).first()
    if module is None:
        raise Http404
    return module
