"""Who may open what in assignments: one place for its rules.

- A learner opens an assignment through ``learning.access.learner_activity`` (their confirmed
  enrolment covers it), and only their own submissions and files.
- Facilitators of a cohort grade all its submissions; a mentor of the cohort grades only the
  work of the learners assigned to them (``mentoring.MentorAssignment``) while they are still
  its mentor. ``Submission.objects.gradable_by`` holds that rule: every grading page, list and
  download goes through it.
- Organisers of the cohort's programme and its facilitators set its due dates.
- Programme editors (organisers of the owning organisation) edit assignment settings.
Anyone else gets 404, so nothing says whether the thing exists.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from agora.assignments.models import Assignment, Submission, SubmissionFile
from agora.catalogue.models import Activity, Programme
from agora.delivery.models import Cohort, Enrolment
from agora.learning.access import learner_activity


def learner_assignment(user, cohort_slug: str, activity_id: int) -> tuple[Enrolment, Assignment]:
    """The learner's enrolment and the assignment of an activity it covers, else 404.

    An assignment activity without settings yet gets the defaults (written answer and files).
    """
    enrolment, activity = learner_activity(user, cohort_slug, activity_id)
    if activity.kind != "assignment":
        raise Http404
    assignment, _created = Assignment.objects.get_or_create(activity=activity)
    assignment.activity = activity
    return enrolment, assignment


def grading_cohort(user, cohort_slug: str) -> Cohort:
    """A cohort where ``user`` is a facilitator or a mentor, else 404.

    This only opens the cohort's grading queue: which submissions it shows is decided by
    ``Submission.objects.gradable_by`` (a mentor's queue holds only their learners' work).
    """
    cohorts = Cohort.objects.staffed_by(user).select_related("programme")
    return get_object_or_404(cohorts, slug=cohort_slug)


def gradable_submission(user, cohort: Cohort, submission_id: int) -> Submission:
    submissions = Submission.objects.gradable_by(user).handed_in().filter(
        enrolment__cohort=cohort
    ).select_related("enrolment__user", "enrolment__stream", "assignment__activity")
    return get_object_or_404(submissions, pk=submission_id)


def due_date_cohort(user, cohort_slug: str) -> Cohort:
    """A cohort whose due dates ``user`` sets: its organisers and facilitators, else 404."""
    cohorts = Cohort.objects.run_by(user).select_related("programme")
    return get_object_or_404(cohorts, slug=cohort_slug)


def visible_files(user):
    """Files of the user's own submissions and of submissions they may grade."""
    if not user.is_authenticated:
        return SubmissionFile.objects.none()
    own = Submission.objects.of_learner(user).values("pk")
    graded = Submission.objects.gradable_by(user).handed_in().values("pk")
    return SubmissionFile.objects.filter(Q(submission__in=own) | Q(submission__in=graded))


def editable_assignment(user, activity_id: int) -> Assignment:
    """The settings of an assignment activity of a programme ``user`` edits, else 404."""
    if not user.is_authenticated:
        raise Http404
    activities = Activity.objects.filter(
        kind="assignment",
        unit__module__level__programme__in=Programme.objects.editable_by(user).values("pk"),
    ).select_related("unit__module__level__programme")
    activity = get_object_or_404(activities, pk=activity_id)
    assignment, _created = Assignment.objects.get_or_create(activity=activity)
    assignment.activity = activity
    return assignment
