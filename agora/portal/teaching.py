"""“Teaching”: one page for the people who run cohorts (facilitators, mentors, organisers),
with each cohort's tools from every app: gradebook, grading, quiz results, forum, attendance
and live interactions for the next sessions, certificates, settings.

The portal is the front door and may link to any app; each linked page keeps its own rule,
so a link shown here is a convenience, never a permission.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from agora.delivery.models import Cohort, CohortStaff, ScheduledSession

SESSIONS_SHOWN = 3
ATTENDANCE_KINDS = (
    ScheduledSession.Kind.LIVE,
    ScheduledSession.Kind.DAY,
    ScheduledSession.Kind.BLOCK,
    ScheduledSession.Kind.EXCURSION,
)


@dataclass
class TeachingCohort:
    cohort: Cohort
    roles: set[str] = field(default_factory=set)
    sessions: list[ScheduledSession] = field(default_factory=list)

    @property
    def manages(self) -> bool:
        return "organiser" in self.roles

    @property
    def facilitates(self) -> bool:
        return self.manages or CohortStaff.Role.FACILITATOR in self.roles

    @property
    def mentors(self) -> bool:
        return CohortStaff.Role.MENTOR in self.roles

    @property
    def reviews_work(self) -> bool:
        """Facilitators and mentors grade and review; organisers who are not on the cohort's
        staff do not (the queues would refuse them)."""
        return self.mentors or CohortStaff.Role.FACILITATOR in self.roles


def teaching_cohorts(user) -> list[TeachingCohort]:
    """The cohorts ``user`` staffs or manages, not finished or cancelled, with their next
    sessions (a fixed number of queries)."""
    now = timezone.now()
    managed = set(Cohort.objects.managed_by(user).values_list("pk", flat=True))
    cohorts = (
        Cohort.objects.filter(Q(pk__in=managed) | Q(staff__user=user))
        .exclude(status__in=[Cohort.Status.FINISHED, Cohort.Status.CANCELLED])
        .distinct()
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "staff", queryset=CohortStaff.objects.filter(user=user), to_attr="my_roles"
            ),
            Prefetch(
                "sessions",
                queryset=ScheduledSession.objects.filter(
                    kind__in=ATTENDANCE_KINDS, ends_at__gte=now - timedelta(hours=12)
                ).order_by("starts_at"),
                to_attr="coming_sessions",
            ),
        )
        .order_by("starts_on", "pk")
    )
    entries = []
    for cohort in cohorts:
        roles = {staff.role for staff in cohort.my_roles}
        if cohort.pk in managed:
            roles.add("organiser")
        entries.append(TeachingCohort(cohort, roles, cohort.coming_sessions[:SESSIONS_SHOWN]))
    return entries


def teaches(user) -> bool:
    """Whether the nav shows “Teaching”: organisers, and anyone staffing a cohort."""
    if not user.is_authenticated:
        return False
    return user.is_organiser or CohortStaff.objects.filter(user=user).exists()


def nav(request: HttpRequest) -> dict:
    """Context processor: evaluated only where the nav asks, once per request."""
    return {"teaches": SimpleLazyObject(lambda: teaches(request.user))}


@login_required
@require_GET
def teaching(request: HttpRequest) -> HttpResponse:
    entries = teaching_cohorts(request.user)
    return render(request, "portal/teaching.html", {"entries": entries})
