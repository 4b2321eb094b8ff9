"""Background tasks of assignments, run by `agora worker` from the database queue."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from agora.assignments import submitting
from agora.assignments.models import Submission
from agora.catalogue.models import pick_text


@task()
def send_feedback(submission_id: int) -> bool:
    """Tell the learner their work was graded, in their language, with a link to the feedback."""
    submission = (
        Submission.objects.filter(pk=submission_id)
        .select_related("enrolment__user", "enrolment__cohort__programme", "assignment__activity")
        .first()
    )
    if submission is None or not submission.is_graded:
        return False
    enrolment = submission.enrolment
    cohort = enrolment.cohort
    activity = submission.assignment.activity
    language = enrolment.user.preferred_language or enrolment.language or settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "assignment": pick_text(activity.title, enrolment.language,
                                    cohort.programme.source_language),
            "cohort": str(cohort),
            "url": settings.SITE_URL + reverse("assignments:submit",
                                               args=[cohort.slug, activity.pk]),
        }
        subject = _("Feedback on “%(assignment)s”") % values
        lines = [_("Your work on “%(assignment)s” in %(cohort)s has been graded.") % values]
        if submission.status == Submission.Status.RESUBMIT:
            lines.append(_("Your facilitator asks you to revise it and hand it in again."))
        lines.append(_("Read the feedback: %(url)s") % values)
        send_mail(subject, "\n\n".join(lines), None, [enrolment.user.email])
    return True


@task()
def remove_orphaned_files() -> int:
    """Delete submitted files no row refers to (erased enrolments, rolled-back uploads);
    enqueue it regularly (daily is enough)."""
    return submitting.remove_orphaned_files()
