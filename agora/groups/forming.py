"""Forming a cohort's groups: by hand, at random or balanced (the splits are in splitting.py).

Forming again replaces the current grouping in one transaction: the current groups are
archived (their spaces stay readable, nothing written in them is lost) and the new ones made.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from agora.delivery.models import Cohort, Enrolment
from agora.groups import splitting
from agora.groups.models import Group, Membership

NO_CATEGORY = "—"


def confirmed_learners(cohort: Cohort) -> list[Enrolment]:
    return list(
        cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED)
        .select_related("user", "stream")
        .order_by("user__full_name", "pk")
    )


def category_of(enrolment: Enrolment, method: str) -> str:
    """What a balanced split spreads: the learner's stream, language or organisation."""
    if method == Group.Method.STREAM:
        return str(enrolment.stream_id or NO_CATEGORY)
    if method == Group.Method.LANGUAGE:
        return enrolment.language or NO_CATEGORY
    if method == Group.Method.ORGANISATION:
        answers = enrolment.answers if isinstance(enrolment.answers, dict) else {}
        return str(answers.get("organisation") or NO_CATEGORY).strip().casefold()
    raise ValueError(method)


def split(
    learners: Sequence[Enrolment], method: str, *, seed: int,
    size: int | None = None, count: int | None = None,
) -> list[list[Enrolment]]:  # fmt: skip
    """The learners split by ``method`` (random or balanced), as lists of enrolments."""
    by_id = {learner.pk: learner for learner in learners}
    if method == Group.Method.RANDOM:
        parts = splitting.random_split(list(by_id), seed=seed, size=size, count=count)
    else:
        pairs = [(learner.pk, category_of(learner, method)) for learner in learners]
        parts = splitting.balanced_split(pairs, seed=seed, size=size, count=count)
    return [[by_id[pk] for pk in part] for part in parts]


@transaction.atomic
def form_groups(cohort: Cohort, parts: Sequence[Sequence[Enrolment]], method: str) -> list[Group]:
    """Replace the cohort's current groups with ``parts`` (empty parts are dropped)."""
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one forming at a time
    now = timezone.now()
    current = Group.objects.current().filter(cohort=cohort)
    Membership.objects.filter(group__in=current, current=True).update(current=False)
    current.update(archived_at=now)
    groups = []
    for number, part in enumerate([part for part in parts if part], start=1):
        group = Group.objects.create(cohort=cohort, number=number, method=method, created_at=now,
                                     last_activity_at=now)  # fmt: skip
        Membership.objects.bulk_create(
            Membership(group=group, enrolment=enrolment) for enrolment in part
        )
        groups.append(group)
    return groups


@transaction.atomic
def move_member(group: Group, enrolment: Enrolment) -> Membership:
    """Move one learner into ``group`` (a current group of their cohort) by hand."""
    if group.is_archived or enrolment.cohort_id != group.cohort_id:
        raise ValueError("Only into a current group of the learner's cohort.")
    Membership.objects.filter(
        enrolment=enrolment, current=True, group__archived_at__isnull=True
    ).exclude(group=group).delete()
    membership, _created = Membership.objects.update_or_create(
        group=group, enrolment=enrolment, defaults={"current": True}
    )
    return membership
