"""Who may open what in capstones: one place for its rules.

- A learner opens their own project through their confirmed enrolment
  (``learning.access.learner_enrolment``), and only their own files.
- Facilitators of a cohort review every project of that cohort; a mentor of the cohort reviews
  only the projects of the learners assigned to them (``mentoring.MentorAssignment``) while they
  are still its mentor. ``Project.objects.reviewable_by`` holds that rule: every reviewing page,
  list, download and notification goes through it.
- Organisers of the cohort's programme and its facilitators set its milestones.
- Anyone sees the showcase, which holds only finished projects with their learner's consent.
Anyone else gets 404, so nothing says whether the thing exists.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from agora.capstones.models import Milestone, Project, SubmissionFile
from agora.capstones.submitting import project_of
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort
from agora.learning.access import learner_activity, learner_enrolment


def learner_project(user, cohort_slug: str) -> Project:
    """The project of ``user``'s confirmed enrolment in the cohort (started on first visit)."""
    return project_of(learner_enrolment(user, cohort_slug))


def learner_task(user, cohort_slug: str, activity_id: int) -> tuple[Project, Activity]:
    enrolment, activity = learner_activity(user, cohort_slug, activity_id)
    if activity.kind != "capstone_milestone":
        raise Http404
    return project_of(enrolment), activity


def cohort_milestone(project: Project, milestone_id: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.filter(cohort_id=project.enrolment.cohort_id, stage="milestone"),
        pk=milestone_id,
    )


def reviewing_cohort(user, cohort_slug: str) -> Cohort:
    """A cohort where ``user`` is a facilitator or a mentor, else 404.

    This only opens the cohort's queue: which projects it shows is decided by
    ``Project.objects.reviewable_by`` (a mentor's queue holds only their learners' projects).
    """
    cohorts = Cohort.objects.staffed_by(user).select_related("programme")
    return get_object_or_404(cohorts, slug=cohort_slug)


def reviewable_project(user, cohort: Cohort, project_id: int) -> Project:
    projects = Project.objects.reviewable_by(user).filter(enrolment__cohort=cohort)
    return get_object_or_404(
        projects.select_related("enrolment__user", "enrolment__cohort__programme"),
        pk=project_id,
    )


def milestone_cohort(user, cohort_slug: str) -> Cohort:
    """A cohort whose milestones ``user`` sets: its organisers and facilitators, else 404."""
    cohorts = Cohort.objects.run_by(user).select_related("programme")
    return get_object_or_404(cohorts, slug=cohort_slug)


def visible_files(user):
    """Files of the user's own project and of projects they review."""
    if not user.is_authenticated:
        return SubmissionFile.objects.none()
    own = Project.objects.of_learner(user).values("pk")
    reviewed = Project.objects.reviewable_by(user).values("pk")
    return SubmissionFile.objects.filter(
        Q(submission__project__in=own) | Q(submission__project__in=reviewed)
    )
