"""Who may see what in mentoring: the one place for these rules.

- Organisers who manage a cohort and its facilitators assign mentors (``assigning_cohorts``);
  they do not read the private spaces.
- A learner opens only their own space (through their confirmed enrolment).
- A mentor opens only the spaces of the learners assigned to them, while they are a mentor of
  that cohort.
- Anybody else gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from agora.delivery.models import Cohort, Enrolment
from agora.mentoring.models import MentorAssignment


def assigning_cohorts(user) -> QuerySet[Cohort]:
    return Cohort.objects.run_by(user)


def assigning_cohort(user, slug: str) -> Cohort:
    return get_object_or_404(assigning_cohorts(user), slug=slug)


def readable_spaces(user) -> QuerySet[MentorAssignment]:
    if not user.is_authenticated:
        return MentorAssignment.objects.none()
    return MentorAssignment.objects.filter(
        Q(enrolment__user=user, enrolment__status=Enrolment.Status.CONFIRMED)
        | Q(pk__in=MentorAssignment.objects.current_of(user).values("pk"))
    )


def readable_space(user, pk: int) -> MentorAssignment:
    return get_object_or_404(
        readable_spaces(user).select_related("cohort__programme", "enrolment__user", "mentor"),
        pk=pk,
    )


def is_mentor_of(user, assignment: MentorAssignment) -> bool:
    return assignment.mentor_id == user.pk


def is_learner_of(user, assignment: MentorAssignment) -> bool:
    return assignment.enrolment.user_id == user.pk
