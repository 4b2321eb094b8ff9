"""Who may see and do what with groups: the one place for these rules.

- Facilitators of a cohort and the organisers who manage it (``organising_cohorts``) form its
  groups and read every group space of it.
- A learner reads the spaces of the groups they are (or were) a member of, through their
  confirmed enrolment, and writes only in their current group.
- Anybody else, mentors included, gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from agora.delivery.models import Cohort, Enrolment
from agora.groups.models import Group
from agora.learning import scope


def organising_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts whose groups ``user`` forms: as a facilitator or as a managing organiser."""
    return Cohort.objects.run_by(user)


def organised_cohort(user, slug: str) -> Cohort:
    return get_object_or_404(organising_cohorts(user).select_related("programme"), slug=slug)


def readable_groups(user) -> QuerySet[Group]:
    """The groups whose space ``user`` may open."""
    if not user.is_authenticated:
        return Group.objects.none()
    member = Q(
        memberships__enrolment__user=user,
        memberships__enrolment__status=Enrolment.Status.CONFIRMED,
    )
    organiser = Q(cohort__in=organising_cohorts(user).values("pk"))
    return Group.objects.filter(
        pk__in=Group.objects.filter(member | organiser).values("pk")
    )


def readable_group(user, pk: int) -> Group:
    return get_object_or_404(readable_groups(user).select_related("cohort__programme"), pk=pk)


def may_write(user, group: Group) -> bool:
    """Members write in their current group; facilitators and organisers in any current one."""
    if group.is_archived:
        return False
    if group.memberships.filter(
        enrolment__user=user, current=True, enrolment__status=Enrolment.Status.CONFIRMED
    ).exists():
        return True
    return organising_cohorts(user).filter(pk=group.cohort_id).exists()


def current_group_of(enrolment: Enrolment) -> Group | None:
    return Group.objects.current().filter(
        memberships__enrolment=enrolment, memberships__current=True
    ).first()


def writable_group(user, pk: int) -> Group:
    group = readable_group(user, pk)
    if not may_write(user, group):
        raise Http404
    return group


def openable_activities(user, group: Group) -> set[int]:
    """The group activities of ``group``'s cohort whose task page ``user`` may open: those
    their confirmed enrolment covers (the rule of ``learning.access.learner_activity``)."""
    enrolment = (
        Enrolment.objects.filter(
            user=user, cohort_id=group.cohort_id, status=Enrolment.Status.CONFIRMED
        )
        .select_related("cohort")
        .first()
    )
    if enrolment is None:
        return set()
    covered = scope.covered_activities(enrolment).filter(kind="group_activity")
    return set(covered.values_list("pk", flat=True))
