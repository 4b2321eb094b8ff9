"""What learners do with an assignment: keep a draft, attach files, submit, revise.

Each action is one transaction and may be repeated: a submission is handed in once however
many times "Submit" is sent, because the request names the version it edits and a version
that was handed in is never edited again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from agora.assignments.filetypes import KINDS
from agora.assignments.models import Assignment, DueDate, Submission, SubmissionFile
from agora.delivery.models import Enrolment
from agora.learning.progress import complete_activity


class Refused(Exception):
    """The work cannot be handed in; the message says why, in the learner's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose type (by content) and size were checked by the form."""

    upload: UploadedFile
    kind: str


def due_date_of(assignment: Assignment, enrolment: Enrolment) -> DueDate | None:
    return DueDate.objects.filter(assignment=assignment, cohort_id=enrolment.cohort_id).first()


def versions_of(enrolment: Enrolment, assignment: Assignment) -> list[Submission]:
    """Every version, oldest first, with files and scores (three queries)."""
    return list(
        Submission.objects.filter(enrolment=enrolment, assignment=assignment)
        .prefetch_related("files", "scores")
        .order_by("version")
    )


def may_revise(latest: Submission, due: DueDate | None, now: datetime) -> bool:
    """A handed-in version may be followed by a new one when the grader asked for it, or,
    before it is graded, until the due date."""
    if latest.status == Submission.Status.RESUBMIT:
        return True
    return latest.status == Submission.Status.SUBMITTED and due is not None and now < due.due_at


def closed_for_late_work(
    assignment: Assignment, due: DueDate | None, answering_request: bool, now: datetime
) -> bool:
    """Whether the late policy refuses work handed in now."""
    if answering_request or due is None:
        return False
    return assignment.late_policy == Assignment.LatePolicy.REFUSE and now > due.refuses_at()


def editable_version(enrolment: Enrolment, assignment: Assignment) -> int | None:
    """The version the learner may edit now: their draft, or none while one is handed in."""
    latest = (
        Submission.objects.filter(enrolment=enrolment, assignment=assignment)
        .order_by("-version")
        .first()
    )
    if latest is None:
        return 1
    return latest.version if latest.is_draft else None


@transaction.atomic
def save_draft(
    enrolment: Enrolment,
    assignment: Assignment,
    *,
    version: int,
    text: str,
    uploads: list[CheckedUpload],
) -> Submission | None:
    """Keep the learner's work on ``version`` as a draft; None when that version was handed in
    already (a repeated request) or is not the one to edit."""
    if version != editable_version(enrolment, assignment):
        return None
    submission, _created = Submission.objects.get_or_create(
        enrolment=enrolment, assignment=assignment, version=version
    )
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_draft:
        return None
    if assignment.takes_text:
        submission.text = text
    submission.save()
    attach_files(submission, uploads)
    return submission


def attach_files(submission: Submission, uploads: list[CheckedUpload]) -> None:
    for checked in uploads:
        name = get_valid_filename(checked.upload.name)[-200:] or "file"
        extension = sorted(KINDS[checked.kind].extensions)[0]
        stored = SubmissionFile(
            submission=submission,
            original_name=name,
            kind=checked.kind,
            size=checked.upload.size,
        )
        # A random stored name: the learner's file name never becomes a path on disk.
        stored.file.save(f"{uuid.uuid4().hex}.{extension}", checked.upload, save=False)
        stored.save()


@transaction.atomic
def remove_file(submission: Submission, file_id: int) -> bool:
    """Take a file off a draft (its stored copy is deleted once the row is)."""
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if not locked.is_draft:
        return False
    stored = locked.files.filter(pk=file_id).first()
    if stored is None:
        return False
    name = stored.file.name
    storage = stored.file.storage
    stored.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return True


def files_kept(enrolment: Enrolment, assignment: Assignment, version: int | None) -> int:
    """How many files the draft ``version`` holds already."""
    return SubmissionFile.objects.filter(
        submission__enrolment=enrolment, submission__assignment=assignment,
        submission__version=version,
    ).count()


def _answers_request(enrolment: Enrolment, assignment: Assignment, version: int) -> bool:
    return Submission.objects.filter(
        enrolment=enrolment, assignment=assignment, version=version - 1,
        status=Submission.Status.RESUBMIT,
    ).exists()


def refusal(
    enrolment: Enrolment, assignment: Assignment, *, version: int, text: str, file_count: int,
    now: datetime,
) -> str:
    """Why this work cannot be handed in now ("" when it can). Asked before anything is
    stored, and again when the draft is handed in."""
    has_text = bool(text.strip()) and assignment.takes_text
    has_files = file_count > 0 and assignment.takes_files
    if not has_text and not has_files:
        return _("Write your answer or attach a file before you submit.")
    if assignment.kind == Assignment.Kind.TEXT and not has_text:
        return _("Write your answer before you submit.")
    if assignment.kind == Assignment.Kind.FILES and not has_files:
        return _("Attach a file before you submit.")
    due = due_date_of(assignment, enrolment)
    if closed_for_late_work(
        assignment, due, _answers_request(enrolment, assignment, version), now
    ):
        return _("The cut-off for this assignment has passed: work is no longer accepted.")
    return ""


@transaction.atomic
def hand_in(
    enrolment: Enrolment,
    assignment: Assignment,
    *,
    version: int,
    text: str,
    uploads: list[CheckedUpload],
    now: datetime | None = None,
) -> Submission | None:
    """Save the work on ``version`` and submit it, refusing (``Refused``) before anything is
    stored when it cannot be handed in. None when that version was handed in already."""
    now = now or timezone.now()
    if version != editable_version(enrolment, assignment):
        return None
    kept = files_kept(enrolment, assignment, version)
    reason = refusal(enrolment, assignment, version=version, text=text,
                     file_count=kept + len(uploads), now=now)
    if reason:
        raise Refused(reason)
    draft = save_draft(enrolment, assignment, version=version, text=text, uploads=uploads)
    return submit(draft, now=now) if draft is not None else None


@transaction.atomic
def submit(submission: Submission, *, now: datetime | None = None) -> Submission:
    """Hand the draft in and complete the activity (completion = submitted). Counts once."""
    now = now or timezone.now()
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__activity__unit", "enrolment__cohort", "enrolment__stream")
        .get(pk=submission.pk)
    )
    if not submission.is_draft:
        return submission
    assignment = submission.assignment
    enrolment = submission.enrolment
    reason = refusal(
        enrolment, assignment, version=submission.version, text=submission.text,
        file_count=submission.files.count(), now=now,
    )
    if reason:
        raise Refused(reason)
    due = due_date_of(assignment, enrolment)
    answering_request = _answers_request(enrolment, assignment, submission.version)
    is_late = due is not None and now > due.due_at and not answering_request
    submission.status = Submission.Status.SUBMITTED
    submission.submitted_at = now
    submission.late = is_late and assignment.late_policy != Assignment.LatePolicy.ACCEPT
    submission.save(update_fields=["status", "submitted_at", "late", "updated_at"])
    complete_activity(enrolment, assignment.activity, now=now)
    return submission


@transaction.atomic
def start_revision(
    enrolment: Enrolment, assignment: Assignment, *, now: datetime | None = None
) -> Submission | None:
    """Open a new draft version after the latest handed-in one, starting from its text.

    Repeating it returns the same draft; None when revising is not allowed now.
    """
    now = now or timezone.now()
    latest = (
        Submission.objects.select_for_update()
        .filter(enrolment=enrolment, assignment=assignment)
        .order_by("-version")
        .first()
    )
    if latest is None:
        return None
    if latest.is_draft:
        return latest
    if not may_revise(latest, due_date_of(assignment, enrolment), now):
        return None
    draft, _created = Submission.objects.get_or_create(
        enrolment=enrolment, assignment=assignment, version=latest.version + 1,
        defaults={"text": latest.text},
    )
    return draft


STORED_UNDER = "assignments"


def remove_orphaned_files(*, older_than: timedelta = timedelta(days=1),
                          now: datetime | None = None) -> int:
    """Delete stored files that no submission refers to any more: uploads whose transaction
    was rolled back, and the files of enrolments that were deleted (erasure cascades through
    the rows, and rows do not delete their files). Recent files are left alone, since their
    upload may still be committing. Returns how many were deleted."""
    now = now or timezone.now()
    storage = SubmissionFile._meta.get_field("file").storage
    known = set(SubmissionFile.objects.values_list("file", flat=True))
    removed = 0
    for name in _stored_names(storage, STORED_UNDER):
        if name in known or now - storage.get_modified_time(name) < older_than:
            continue
        storage.delete(name)
        removed += 1
    return removed


def _stored_names(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for child in folders:
        yield from _stored_names(storage, f"{folder}/{child}")
