"""What graders and organisers do: set due dates, grade with the rubric, give feedback.

A grade's percentage goes to the learner's activity record through
``learning.progress.complete_activity(..., score=…)`` (which keeps the best score): that is
where the gradebook reads it, so learning never imports this app.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from agora.assignments.models import (
    Assignment,
    CriterionScore,
    DueDate,
    RubricLevel,
    Submission,
)
from agora.assignments.rubrics import record_scores, total_points
from agora.assignments.tasks import send_feedback
from agora.delivery.models import Cohort
from agora.learning.progress import complete_activity

HUNDRED = Decimal(100)


@transaction.atomic
def set_due_date(
    assignment: Assignment, cohort: Cohort, due_at: datetime | None,
    cutoff_at: datetime | None = None,
) -> DueDate | None:
    """Set (or, with no date, clear) when ``assignment`` is due in ``cohort``."""
    if due_at is None:
        DueDate.objects.filter(assignment=assignment, cohort=cohort).delete()
        return None
    due, _created = DueDate.objects.update_or_create(
        assignment=assignment, cohort=cohort,
        defaults={"due_at": due_at, "cutoff_at": cutoff_at},
    )
    return due


def percentage(points: Decimal, best: Decimal) -> Decimal | None:
    if best <= 0:
        return None
    return (points * HUNDRED / best).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def grade(
    submission: Submission,
    grader,
    *,
    levels: list[RubricLevel],
    feedback: str,
    resubmit: bool,
    now: datetime | None = None,
    notify: bool = True,
) -> Submission:
    """Record the rubric levels chosen, the feedback and whether a new version is asked for;
    tell the learner by e-mail once the transaction is committed (unless ``notify`` is off, as
    for demo data). Grading again replaces the
    grade of this version (earlier versions keep theirs)."""
    now = now or timezone.now()
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__activity__unit", "enrolment__cohort", "enrolment__stream")
        .get(pk=submission.pk)
    )
    if submission.is_draft:
        raise ValueError("A draft cannot be graded.")
    status = Submission.Status.RESUBMIT if resubmit else Submission.Status.GRADED
    chosen = {level.pk for level in levels}
    if (submission.is_graded and submission.status == status
            and submission.feedback == feedback
            and set(submission.scores.values_list("level_id", flat=True)) == chosen):
        return submission  # the same grade sent twice (a double click): recorded and told once
    assignment = submission.assignment
    record_scores(CriterionScore, submission, levels)
    points = total_points(levels)
    best = assignment.max_points()
    submission.points = points if levels else None
    submission.score = percentage(points, best) if levels else None
    submission.feedback = feedback
    submission.status = status
    submission.graded_by = grader
    submission.graded_at = now
    submission.save()
    complete_activity(submission.enrolment, assignment.activity, score=submission.score, now=now)
    if notify:
        submission_id = submission.pk
        transaction.on_commit(lambda: send_feedback.enqueue(submission_id))
    return submission
