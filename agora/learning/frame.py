"""The frame every activity page shares (title, where it sits, previous and next, progress).

Apps that play an activity type themselves (quizzes, assignments, forum tasks) render their
page with ``learning/activity_base.html`` and pass ``activity_frame(...)`` as context, so a
learner moves through a course the same way whatever the activity.
"""

from __future__ import annotations

from django.urls import reverse

from agora.catalogue.activity_types import REGISTRY
from agora.catalogue.models import Activity, pick_text
from agora.delivery.models import Enrolment
from agora.learning import scope
from agora.learning.models import ActivityProgress
from agora.portal.markdown import render_markdown


def activity_url(enrolment: Enrolment, activity: Activity) -> str:
    return _url_of(enrolment, activity.pk)


def _url_of(enrolment: Enrolment, activity_id: int) -> str:
    return reverse("learning:activity", args=[enrolment.cohort.slug, activity_id])


def title_of(item, language: str) -> str:
    """An item's title in the learner's content language, else its programme's."""
    return pick_text(item.title, language, item.source_language)


def activity_frame(enrolment: Enrolment, activity: Activity) -> dict:
    """Context for ``learning/activity_base.html``."""
    language = enrolment.language
    siblings = list(scope.covered_activities(enrolment).values_list("pk", flat=True))
    position = siblings.index(activity.pk) if activity.pk in siblings else -1
    previous_id = siblings[position - 1] if position > 0 else None
    next_id = siblings[position + 1] if 0 <= position < len(siblings) - 1 else None
    progress = ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).first()
    unit = activity.unit
    module = unit.module
    return {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "activity": activity,
        "activity_type": REGISTRY[activity.kind],
        "activity_title": title_of(activity, language),
        "activity_body": render_markdown(
            pick_text(activity.body, language, activity.source_language)
        ),
        "content_language": language,
        "module_title": title_of(module, language),
        "unit_title": title_of(unit, language),
        "requirement": scope.requirement_of(enrolment, activity),
        "progress": progress,
        "position": position + 1,
        "total": len(siblings),
        "previous_url": _url_of(enrolment, previous_id) if previous_id else "",
        "next_url": _url_of(enrolment, next_id) if next_id else "",
        "course_url": reverse("learning:course", args=[enrolment.cohort.slug]),
    }
