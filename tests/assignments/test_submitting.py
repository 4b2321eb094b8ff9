"""Learners keep drafts, attach files, submit once, and revise when allowed."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agora.assignments import submitting
from agora.assignments.grading import grade, set_due_date
from agora.assignments.models import Assignment, Submission, SubmissionFile
from agora.learning.models import ActivityProgress
from tests.factories_assignments import EXE_BYTES, PDF_BYTES

pytestmark = pytest.mark.django_db


def page(enrolment, assignment):
    return reverse("assignments:submit", args=[enrolment.cohort.slug, assignment.activity_id])


def pdf(name="plan.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_learning_activity_page_sends_the_learner_here(client, lena, assignment):
    client.force_login(lena.user)
    response = client.get(
        reverse("learning:activity", args=[lena.cohort.slug, assignment.activity_id])
    )
    assert response.status_code == 302
    assert response.url == page(lena, assignment)


def test_the_page_shows_instructions_and_rubric_in_the_enrolment_language(
    client, lena, assignment
):
    lena.language = "fr"
    lena.save()
    client.force_login(lena.user)
    response = client.get(page(lena, assignment))
    assert response.status_code == 200
    assert "<strong>public consultation</strong>" in response.content.decode()
    assert "Clarté" in response.content.decode()
    assert "Solide" in response.content.decode()


def test_saving_a_draft_keeps_text_and_file_without_completing(client, lena, assignment):
    client.force_login(lena.user)
    response = client.post(
        page(lena, assignment), {"version": 1, "text": "First thoughts", "files": [pdf()],
                                 "save": "1"},
    )
    assert response.status_code == 302
    draft = Submission.objects.get(enrolment=lena)
    assert draft.status == Submission.Status.DRAFT
    assert draft.text == "First thoughts"
    stored = draft.files.get()
    assert stored.original_name == "plan.pdf"
    assert stored.file.name.startswith(
        f"assignments/{lena.cohort_id}/{assignment.pk}/{lena.pk}/"
    )
    assert not ActivityProgress.objects.completed().filter(enrolment=lena).exists()


def test_submitting_completes_the_activity(client, lena, assignment):
    client.force_login(lena.user)
    client.post(page(lena, assignment), {"version": 1, "text": "My plan", "submit": "1"})
    submission = Submission.objects.get(enrolment=lena)
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.submitted_at is not None
    progress = ActivityProgress.objects.get(enrolment=lena, activity=assignment.activity)
    assert progress.completed_at is not None


def test_a_double_submit_counts_once(client, lena, assignment):
    client.force_login(lena.user)
    form = {"version": 1, "text": "My plan", "submit": "1"}
    client.post(page(lena, assignment), form)
    second = client.post(page(lena, assignment), form)
    assert second.status_code == 302
    assert Submission.objects.filter(enrolment=lena).count() == 1
    lena.refresh_from_db()
    assert lena.activities_done == 1


def test_markdown_in_a_submission_is_sanitised(client, lena, assignment):
    client.force_login(lena.user)
    client.post(
        page(lena, assignment),
        {"version": 1, "text": "Hi <script>alert(1)</script> [x](javascript:alert(1))",
         "submit": "1"},
    )
    html = client.get(page(lena, assignment)).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html


def test_an_empty_submission_is_refused_with_a_message(client, lena, assignment):
    client.force_login(lena.user)
    response = client.post(page(lena, assignment), {"version": 1, "text": "  ", "submit": "1"})
    assert response.status_code == 422
    assert "Write your answer or attach a file before you submit." in response.content.decode()
    assert not Submission.objects.filter(enrolment=lena).exists()


def test_an_oversize_file_is_refused_before_anything_is_stored(client, lena, assignment):
    client.force_login(lena.user)
    big = pdf(content=PDF_BYTES + b"0" * (1024 * 1024))
    response = client.post(
        page(lena, assignment), {"version": 1, "text": "Keep me", "files": [big], "submit": "1"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "“plan.pdf” is larger than 1 MB." in html
    assert "Keep me" in html  # what was typed is not lost
    assert not Submission.objects.exists()
    assert not SubmissionFile.objects.exists()


def test_a_program_disguised_as_a_pdf_is_refused(client, lena, assignment, settings):
    client.force_login(lena.user)
    response = client.post(
        page(lena, assignment),
        {"version": 1, "files": [pdf(name="plan.pdf", content=EXE_BYTES)], "submit": "1"},
    )
    assert response.status_code == 422
    assert "“plan.pdf” is not one of the accepted types" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not SubmissionFile.objects.exists()
    media = settings.MEDIA_ROOT / "assignments"
    assert not media.exists() or not any(media.rglob("*.*"))


def test_too_many_files_are_refused(client, lena, assignment):
    client.force_login(lena.user)
    response = client.post(
        page(lena, assignment),
        {"version": 1, "files": [pdf(f"p{n}.pdf") for n in range(4)], "save": "1"},
    )
    assert response.status_code == 422
    assert "You may attach at most 3 files." in response.content.decode()


def test_a_file_can_be_removed_from_a_draft(client, lena, assignment):
    client.force_login(lena.user)
    client.post(page(lena, assignment), {"version": 1, "files": [pdf()], "save": "1"})
    stored = SubmissionFile.objects.get()
    client.post(
        reverse("assignments:remove_file", args=[lena.cohort.slug, assignment.activity_id]),
        {"file": stored.pk},
    )
    assert not SubmissionFile.objects.exists()


def test_text_only_assignments_refuse_a_missing_text(lena, assignment):
    assignment.kind = Assignment.Kind.TEXT
    assignment.save()
    draft = submitting.save_draft(lena, assignment, version=1, text="", uploads=[])
    with pytest.raises(submitting.Refused):
        submitting.submit(draft)


# --- Due dates and late work -------------------------------------------------------------------


def submit_at(enrolment, assignment, moment):
    draft = submitting.save_draft(enrolment, assignment, version=1, text="Plan", uploads=[])
    return submitting.submit(draft, now=moment)


def test_late_work_is_marked_late(lena, assignment):
    due = timezone.now() - datetime.timedelta(days=1)
    set_due_date(assignment, lena.cohort, due)
    submission = submit_at(lena, assignment, timezone.now())
    assert submission.late is True


def test_late_work_is_not_marked_when_the_policy_accepts_it(lena, assignment):
    assignment.late_policy = Assignment.LatePolicy.ACCEPT
    assignment.save()
    set_due_date(assignment, lena.cohort, timezone.now() - datetime.timedelta(days=1))
    assert submit_at(lena, assignment, timezone.now()).late is False


def test_work_after_the_cut_off_is_refused(client, lena, assignment):
    assignment.late_policy = Assignment.LatePolicy.REFUSE
    assignment.save()
    now = timezone.now()
    set_due_date(assignment, lena.cohort, now - datetime.timedelta(days=2),
                 now - datetime.timedelta(days=1))
    with pytest.raises(submitting.Refused):
        submit_at(lena, assignment, now)
    client.force_login(lena.user)
    html = client.get(page(lena, assignment)).content.decode()
    assert "work is no longer accepted" in html
    assert 'name="submit"' not in html


def test_work_between_due_date_and_cut_off_is_accepted_late(lena, assignment):
    assignment.late_policy = Assignment.LatePolicy.REFUSE
    assignment.save()
    now = timezone.now()
    set_due_date(assignment, lena.cohort, now - datetime.timedelta(days=1),
                 now + datetime.timedelta(days=1))
    assert submit_at(lena, assignment, now).late is True


# --- Revising ----------------------------------------------------------------------------------


def test_revising_before_the_due_date_opens_a_new_version_and_keeps_the_first(
    client, lena, assignment
):
    set_due_date(assignment, lena.cohort, timezone.now() + datetime.timedelta(days=3))
    submit_at(lena, assignment, timezone.now())
    client.force_login(lena.user)
    revise = reverse("assignments:revise", args=[lena.cohort.slug, assignment.activity_id])
    client.post(revise)
    client.post(revise)  # twice: still one new draft
    client.post(page(lena, assignment), {"version": 2, "text": "Better plan", "submit": "1"})
    versions = list(Submission.objects.filter(enrolment=lena).order_by("version"))
    assert [(v.version, v.text, v.status) for v in versions] == [
        (1, "Plan", Submission.Status.SUBMITTED),
        (2, "Better plan", Submission.Status.SUBMITTED),
    ]


def test_revising_is_refused_after_the_due_date_without_a_request(lena, assignment):
    set_due_date(assignment, lena.cohort, timezone.now() + datetime.timedelta(hours=1))
    submit_at(lena, assignment, timezone.now())
    later = timezone.now() + datetime.timedelta(hours=2)
    assert submitting.start_revision(lena, assignment, now=later) is None


def test_a_requested_resubmission_is_accepted_after_the_cut_off(lena, assignment, felix):
    assignment.late_policy = Assignment.LatePolicy.REFUSE
    assignment.save()
    now = timezone.now()
    set_due_date(assignment, lena.cohort, now + datetime.timedelta(hours=1))
    first = submit_at(lena, assignment, now)
    grade(first, felix, levels=[], feedback="Add a budget.", resubmit=True)
    later = now + datetime.timedelta(days=3)
    draft = submitting.start_revision(lena, assignment, now=later)
    resubmitted = submitting.submit(draft, now=later)
    assert resubmitted.version == 2
    assert resubmitted.late is False


def test_a_file_refused_at_the_cut_off_is_not_stored(client, lena, assignment, settings):
    assignment.late_policy = Assignment.LatePolicy.REFUSE
    assignment.save()
    now = timezone.now()
    set_due_date(assignment, lena.cohort, now - datetime.timedelta(days=2))
    client.force_login(lena.user)
    response = client.post(page(lena, assignment),
                           {"version": 1, "text": "Late", "files": [pdf()], "submit": "1"})
    assert response.status_code == 422
    assert not SubmissionFile.objects.exists()
    media = settings.MEDIA_ROOT / "assignments"
    assert not media.exists() or not any(media.rglob("*.*"))
