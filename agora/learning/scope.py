"""Which activities an enrolment covers, and how each counts in the learner's stream.

An enrolment covers the activities of its cohort's programme, narrowed to the cohort's level,
to the cohort's modules and to the modules the learner chose, less those its stream hides.
Within a stream, an activity's rule row says whether it is required or optional (no row:
optional). Without a stream, every covered activity is required.
"""

from __future__ import annotations

from django.db.models import QuerySet

from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment, StreamActivity

Requirement = StreamActivity.Requirement


def chosen_module_ids(enrolment: Enrolment) -> list[int]:
    """The learner's own module choice, else the cohort's; [] means every module."""
    chosen = [module.pk for module in enrolment.modules.all()]
    return chosen or [module.pk for module in enrolment.cohort.modules.all()]


def in_curriculum_order(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.order_by(
        "unit__module__level__order", "unit__module__order", "unit__order", "order", "pk"
    )


def cohort_activities(cohort: Cohort) -> QuerySet[Activity]:
    """Every activity a cohort teaches: its programme's, narrowed to its level and modules."""
    activities = Activity.objects.filter(unit__module__level__programme_id=cohort.programme_id)
    if cohort.level_id:
        activities = activities.filter(unit__module__level_id=cohort.level_id)
    modules = [module.pk for module in cohort.modules.all()]
    if modules:
        activities = activities.filter(unit__module_id__in=modules)
    return in_curriculum_order(activities)


def covered_activities(enrolment: Enrolment) -> QuerySet[Activity]:
    """Every activity the enrolment covers, hidden ones excluded, in curriculum order."""
    cohort = enrolment.cohort
    activities = Activity.objects.filter(unit__module__level__programme_id=cohort.programme_id)
    if cohort.level_id:
        activities = activities.filter(unit__module__level_id=cohort.level_id)
    modules = chosen_module_ids(enrolment)
    if modules:
        activities = activities.filter(unit__module_id__in=modules)
    if enrolment.stream_id:
        activities = activities.exclude(
            pk__in=StreamActivity.objects.filter(
                stream_id=enrolment.stream_id, requirement=Requirement.HIDDEN
            ).values("activity_id")
        )
    return in_curriculum_order(activities)


def required_activities(enrolment: Enrolment) -> QuerySet[Activity]:
    covered = covered_activities(enrolment)
    if not enrolment.stream_id:
        return covered
    return covered.filter(
        pk__in=StreamActivity.objects.filter(
            stream_id=enrolment.stream_id, requirement=Requirement.REQUIRED
        ).values("activity_id")
    )


def requirements(enrolment: Enrolment) -> dict[int, str]:
    """Activity id → rule, for the activities the enrolment's stream names (one query)."""
    if not enrolment.stream_id:
        return {}
    return dict(
        StreamActivity.objects.filter(stream_id=enrolment.stream_id).values_list(
            "activity_id", "requirement"
        )
    )


def requirement_of(enrolment: Enrolment, activity: Activity) -> str:
    if not enrolment.stream_id:
        return Requirement.REQUIRED
    rule = (
        StreamActivity.objects.filter(stream_id=enrolment.stream_id, activity=activity)
        .values_list("requirement", flat=True)
        .first()
    )
    return rule or Requirement.OPTIONAL
