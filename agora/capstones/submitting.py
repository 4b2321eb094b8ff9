"""What happens to a capstone project: the learner hands in a step, a reviewer gives feedback
and decides, the learner agrees to the showcase or withdraws.

Each action is one transaction on the locked project (or version) and may be repeated: a
request names the version it hands in, and a version is handed in and decided once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from agora.assignments.filetypes import KINDS
from agora.assignments.rubrics import record_scores, total_points
from agora.capstones.models import (
    CriterionScore,
    Feedback,
    Milestone,
    Project,
    RubricLevel,
    Stage,
    Submission,
    SubmissionFile,
)
from agora.delivery.models import CohortStaff, Enrolment
from agora.learning.progress import complete_activity
from agora.notifications.sending import notify

FILE_KINDS = ["pdf", "docx", "odt", "pptx", "xlsx", "png", "jpg"]
MAX_FILE_MB = 10
MAX_FILES = 3
# Cheap protection against a script (or a stuck key) handing in over and over.
MAX_SUBMISSIONS_PER_HOUR = 10


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose type (by content) and size were checked by the form."""

    upload: UploadedFile
    kind: str


def project_of(enrolment: Enrolment) -> Project:
    project, _created = Project.objects.get_or_create(enrolment=enrolment)
    project.enrolment = enrolment
    return project


def step_milestone(project: Project, stage: str) -> Milestone | None:
    """The cohort's row giving the proposal or final step its due date and activity."""
    return Milestone.objects.filter(cohort_id=project.enrolment.cohort_id, stage=stage).first()


def versions_of(project: Project, stage: str, milestone: Milestone | None) -> list[Submission]:
    submissions = project.submissions.filter(stage=stage, milestone=milestone)
    return list(submissions.order_by("version"))


def refusal(project: Project, stage: str, milestone: Milestone | None,
            now: datetime | None = None) -> str:
    """Why the learner cannot hand in this step now ("" when they can)."""
    now = now or timezone.now()
    if project.step == Project.Step.FINISHED:
        return _("Your project is finished.")
    if stage != Stage.PROPOSAL and not project.submissions.filter(stage=Stage.PROPOSAL).exists():
        return _("Hand in your proposal first.")
    if stage == Stage.FINAL and not project.submissions.filter(
        stage=Stage.PROPOSAL, status=Submission.Status.ACCEPTED
    ).exists():
        return _("Your final submission can follow once your proposal is accepted.")
    latest = project.submissions.filter(stage=stage, milestone=milestone).order_by("-version")
    latest = latest.first()
    if latest is not None and latest.status == Submission.Status.SUBMITTED:
        return _("This step is waiting for feedback.")
    if latest is not None and latest.status == Submission.Status.ACCEPTED:
        return _("This step was accepted.")
    recent = project.submissions.filter(submitted_at__gte=now - timedelta(hours=1)).count()
    if recent >= MAX_SUBMISSIONS_PER_HOUR:
        return _("You handed in a lot in the last hour. Please try again later.")
    return ""


def next_version(project: Project, stage: str, milestone: Milestone | None) -> int:
    latest = (
        project.submissions.filter(stage=stage, milestone=milestone)
        .order_by("-version").values_list("version", flat=True).first()
    )
    return (latest or 0) + 1


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def hand_in(
    project: Project,
    *,
    stage: str,
    milestone: Milestone | None,
    version: int,
    text: str = "",
    proposal: dict | None = None,
    uploads: list[CheckedUpload] | None = None,
) -> Submission | None:
    """Hand in ``version`` of a step; None when it was handed in already (a repeated click).

    Raises ``Refused`` when the step cannot be handed in now. A step linked to an activity
    completes it (once, however often the step is handed in).
    """
    project = Project.objects.select_for_update(of=("self",)).select_related(
        "enrolment__cohort", "enrolment__user"
    ).get(pk=project.pk)
    if version != next_version(project, stage, milestone):
        return None
    reason = refusal(project, stage, milestone)
    if reason:
        raise Refused(reason)
    fields = proposal or {}
    submission = Submission.objects.create(
        project=project, stage=stage, milestone=milestone, version=version, text=text,
        **{name: fields.get(name, "") for name in ("title", "case", "objectives",
                                                   "stakeholders")},
    )
    attach_files(submission, uploads or [])
    if stage == Stage.PROPOSAL:
        for name, value in fields.items():
            setattr(project, name, value)
    if stage == Stage.FINAL:
        project.step = Project.Step.FINAL
    project.save()
    linked = milestone if milestone is not None else step_milestone(project, stage)
    if linked is not None and linked.activity_id:
        complete_activity(project.enrolment, linked.activity)
    _tell_reviewers(project, submission)
    return submission


def attach_files(submission: Submission, uploads: list[CheckedUpload]) -> None:
    for checked in uploads:
        stored = SubmissionFile(
            submission=submission,
            original_name=get_valid_filename(checked.upload.name)[-200:] or "file",
            kind=checked.kind,
            size=checked.upload.size,
        )
        extension = sorted(KINDS[checked.kind].extensions)[0]
        # A random stored name: the learner's file name never becomes a path on disk.
        stored.file.save(f"{uuid.uuid4().hex}.{extension}", checked.upload, save=False)
        stored.save()


def _tell_reviewers(project: Project, submission: Submission) -> None:
    cohort = project.enrolment.cohort
    staff = {member.user_id: member.user
             for member in CohortStaff.objects.filter(cohort=cohort).select_related("user")}
    # Told are those the one rule (``Project.objects.reviewable_by``) lets review this project:
    # the facilitators and the learner's own mentor, not every mentor of the cohort. A cohort
    # has a handful of staff, so asking the rule for each stays cheap.
    reviewers = [user for user in staff.values()
                 if Project.objects.reviewable_by(user).filter(pk=project.pk).exists()]
    notify(
        reviewers,
        verb="capstone_submitted",
        message=gettext_noop("%(learner)s handed in a capstone step: %(step)s"),
        params={"learner": project.enrolment.user.full_name or project.enrolment.user.email,
                "step": step_title(submission)},
        url=reverse("capstones:review", args=[cohort.slug, project.pk]),
    )


def step_title(submission: Submission) -> str:
    """The step's name, stored in notifications as it reads in the cohort's language."""
    if submission.milestone_id:
        return submission.milestone.title
    return str(Stage(submission.stage).label)


@transaction.atomic
def give_feedback(
    submission: Submission,
    reviewer,
    *,
    text: str,
    decision: str,
    levels: list[RubricLevel] | None = None,
) -> Feedback | None:
    """The reviewer's feedback and decision on a version; None when it was decided already.

    Accepting the proposal moves the project on to its milestones; accepting the final
    submission finishes it.
    """
    submission = Submission.objects.select_for_update(of=("self",)).select_related(
        "project__enrolment__cohort", "milestone"
    ).get(pk=submission.pk)
    if submission.status != Submission.Status.SUBMITTED:
        return None
    levels = levels or []
    feedback = Feedback.objects.create(
        submission=submission, reviewer=reviewer, text=text, decision=decision,
        points=total_points(levels) if levels else None,
    )
    record_scores(CriterionScore, feedback, levels)
    accepted = decision == Feedback.Decision.ACCEPTED
    submission.status = Submission.Status.ACCEPTED if accepted else Submission.Status.REVISE
    submission.save(update_fields=["status"])
    project = submission.project
    if accepted and submission.stage == Stage.PROPOSAL and project.step == Project.Step.PROPOSAL:
        project.step = Project.Step.UNDERWAY
        project.save(update_fields=["step"])
    if accepted and submission.stage == Stage.FINAL:
        project.step = Project.Step.FINISHED
        project.finished_at = timezone.now()
        project.save(update_fields=["step", "finished_at"])
    notify(
        [project.enrolment.user],
        verb="capstone_feedback",
        message=gettext_noop("New feedback on your capstone step: %(step)s"),
        params={"step": step_title(submission)},
        url=reverse("capstones:project", args=[project.enrolment.cohort.slug]),
    )
    return feedback


@transaction.atomic
def set_showcase(project: Project, *, consent: bool, show_name: bool, summary: str,
                 now: datetime | None = None) -> Project:
    """The learner's choice about the public showcase. Withdrawing takes effect at once;
    agreeing again records the new date."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if consent and project.showcase_consent_at is None:
        project.showcase_consent_at = now or timezone.now()
    if not consent:
        project.showcase_consent_at = None
    project.show_name = show_name and consent
    project.summary = summary
    project.save(update_fields=["showcase_consent_at", "show_name", "summary"])
    return project
