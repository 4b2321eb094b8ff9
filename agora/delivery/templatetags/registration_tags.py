"""``{% upcoming_cohorts programme %}``: a programme's listed cohorts, for its public page.

A template tag rather than context from the catalogue's view, so that ``catalogue`` does not
import ``delivery`` (dependencies point the other way). One query, whatever the number of
cohorts.
"""

from django import template
from django.db.models import Count, Q

from agora.delivery.models import Cohort, EnrolmentQuerySet
from agora.delivery.registration_views import LANGUAGE_NAMES, fee_text

register = template.Library()
SEAT_HOLDING = EnrolmentQuerySet.SEAT_HOLDING


@register.inclusion_tag("delivery/registration/_upcoming.html")
def upcoming_cohorts(programme) -> dict:
    cohorts = list(
        Cohort.objects.listed()
        .filter(programme=programme)
        .select_related("venue")
        .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING)))
        .order_by("starts_on", "slug")
    )
    for cohort in cohorts:
        cohort.language_list = [
            (code, LANGUAGE_NAMES.get(code, code)) for code in cohort.languages
        ]
        cohort.fee_shown = fee_text(cohort)
        cohort.left = None if cohort.capacity is None else max(cohort.capacity - cohort.taken, 0)
    return {"cohorts": cohorts}
