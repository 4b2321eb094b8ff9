"""Stored files leave with their rows: after erasure no learner's file stays in storage."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from agora.accounts.erasure import confirm_erasure, request_erasure
from agora.assignments import submitting
from agora.assignments.models import SubmissionFile
from tests.factories import UserFactory
from tests.factories_assignments import PDF_BYTES

pytestmark = pytest.mark.django_db


def stored_file(lena, assignment) -> str:
    draft = submitting.save_draft(
        lena, assignment, version=1, text="",
        uploads=[submitting.CheckedUpload(SimpleUploadedFile("a.pdf", PDF_BYTES), "pdf")],
    )
    return draft.files.get().file.name


def test_an_erased_learners_files_are_removed_from_storage(lena, assignment):
    name = stored_file(lena, assignment)
    storage = SubmissionFile._meta.get_field("file").storage
    confirm_erasure(request_erasure(lena.user), admin=UserFactory(is_superuser=True))
    assert storage.exists(name)  # the rows went; the file waits for the clean-up
    later = timezone.now() + datetime.timedelta(days=2)
    assert submitting.remove_orphaned_files(now=later) == 1
    assert not storage.exists(name)


def test_files_still_referred_to_are_kept(lena, assignment):
    name = stored_file(lena, assignment)
    later = timezone.now() + datetime.timedelta(days=2)
    assert submitting.remove_orphaned_files(now=later) == 0
    assert SubmissionFile._meta.get_field("file").storage.exists(name)


def test_a_recent_orphan_is_left_while_its_upload_may_still_commit(lena, assignment):
    name = stored_file(lena, assignment)
    SubmissionFile.objects.all().delete()
    assert submitting.remove_orphaned_files() == 0
    assert SubmissionFile._meta.get_field("file").storage.exists(name)
