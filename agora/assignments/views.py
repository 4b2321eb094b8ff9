"""Pages of assignments: the learner's page (instructions, draft, submit, history, feedback),
private file downloads, the grading queue and grading, due dates, and settings.

Every page finds what it shows through ``access`` (who may open what, in one place).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.assignments import access, rubrics, submitting
from agora.assignments.downloads import attachment_response
from agora.assignments.forms import (
    AssignmentSettingsForm,
    CriterionForm,
    DueDateForm,
    GradeForm,
    SubmissionForm,
    chosen_criterion,
    criterion_forms,
)
from agora.assignments.grading import grade, set_due_date
from agora.assignments.models import Assignment, Criterion, DueDate, Submission
from agora.catalogue.models import Activity, pick_text
from agora.delivery.models import Enrolment
from agora.learning.frame import activity_frame
from agora.portal.markdown import render_markdown

QUEUE_PAGE_SIZE = 50
QUEUE_FILTERS = {
    "to_grade": {"status": Submission.Status.SUBMITTED},
    "graded": {"status": Submission.Status.GRADED},
    "resubmit": {"status": Submission.Status.RESUBMIT},
    "late": {"late": True},
}


# --- The learner's page ---------------------------------------------------------------------------


def _rubric(assignment: Assignment, language: str, fallback: str) -> list[dict]:
    return [
        {
            "title": pick_text(criterion.title, language, fallback),
            "description": pick_text(criterion.description, language, fallback),
            "levels": [
                {"pk": level.pk, "label": pick_text(level.label, language, fallback),
                 "description": pick_text(level.description, language, fallback),
                 "points": level.points}
                for level in criterion.levels.all()
            ],
            "pk": criterion.pk,
        }
        for criterion in assignment.criteria.prefetch_related("levels")
    ]


def _history(versions: list[Submission], rubric: list[dict]) -> list[dict]:
    labels = {level["pk"]: level["label"] for row in rubric for level in row["levels"]}
    titles = {row["pk"]: row["title"] for row in rubric}
    return [
        {
            "submission": version,
            "text": render_markdown(version.text),
            "feedback": render_markdown(version.feedback),
            "scores": [
                {"criterion": titles.get(score.criterion_id, ""),
                 "level": labels.get(score.level_id, ""), "points": score.points}
                for score in version.scores.all()
            ],
        }
        for version in versions
    ]


def _learner_page(
    request: HttpRequest, enrolment: Enrolment, assignment: Assignment,
    form: SubmissionForm | None = None, status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    cohort = enrolment.cohort
    fallback = cohort.programme.source_language
    rubric = _rubric(assignment, enrolment.language, fallback)
    versions = submitting.versions_of(enrolment, assignment)
    latest = versions[-1] if versions else None
    draft = latest if latest is not None and latest.is_draft else None
    handed_in = [version for version in versions if not version.is_draft]
    due = submitting.due_date_of(assignment, enrolment)
    answering_request = bool(handed_in) and handed_in[-1].status == Submission.Status.RESUBMIT
    editable = latest is None or draft is not None
    closed = editable and submitting.closed_for_late_work(assignment, due, answering_request, now)
    if form is None and editable and not closed:
        form = SubmissionForm(
            assignment=assignment,
            files_kept=len(draft.files.all()) if draft else 0,
            initial={"version": draft.version if draft else 1,
                     "text": draft.text if draft else ""},
        )
    context = activity_frame(enrolment, assignment.activity) | {
        "assignment": assignment,
        "rubric": rubric,
        "max_points": sum((max((lv["points"] for lv in row["levels"]), default=0)
                           for row in rubric), 0),
        "due": due,
        "overdue": due is not None and now > due.due_at,
        "history": _history(handed_in, rubric),
        "draft": draft,
        "form": form if editable and not closed else None,
        "closed": closed,
        "may_revise": latest is not None and not latest.is_draft
        and submitting.may_revise(latest, due, now),
        "zone": cohort.time_zone,
    }
    return render(request, "assignments/submit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, assignment = access.learner_assignment(request.user, cohort_slug, activity_id)
    if request.method == "GET":
        return _learner_page(request, enrolment, assignment)
    here = reverse("assignments:submit", args=[cohort_slug, activity_id])
    version = submitting.editable_version(enrolment, assignment)
    kept = submitting.files_kept(enrolment, assignment, version)
    form = SubmissionForm(request.POST, request.FILES, assignment=assignment, files_kept=kept)
    if not form.is_valid():
        return _learner_page(request, enrolment, assignment, form, status=422)
    work = {
        "version": form.cleaned_data["version"],
        "text": form.cleaned_data.get("text", ""),
        "uploads": form.cleaned_data.get("files", []),
    }
    try:
        if "submit" in request.POST:
            saved = submitting.hand_in(enrolment, assignment, **work)
        else:
            saved = submitting.save_draft(enrolment, assignment, **work)
    except submitting.Refused as refusal:
        form.add_error(None, refusal.message)
        return _learner_page(request, enrolment, assignment, form, status=422)
    if saved is None:  # this version was handed in already: a repeated click
        messages.info(request, _("This work was already handed in."))
        return redirect(here)
    if "submit" in request.POST:
        messages.success(request, _("Your work was handed in."))
    else:
        messages.success(request, _("Your draft was saved."))
    return redirect(here)


@login_required
@require_POST
def revise(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, assignment = access.learner_assignment(request.user, cohort_slug, activity_id)
    if submitting.start_revision(enrolment, assignment) is None:
        messages.error(request, _("This work cannot be revised now."))
    return redirect(reverse("assignments:submit", args=[cohort_slug, activity_id]))


@login_required
@require_POST
def remove_file(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, assignment = access.learner_assignment(request.user, cohort_slug, activity_id)
    draft = Submission.objects.filter(
        enrolment=enrolment, assignment=assignment, status=Submission.Status.DRAFT
    ).first()
    try:
        file_id = int(request.POST.get("file", ""))
    except ValueError:
        file_id = 0
    if draft is not None and submitting.remove_file(draft, file_id):
        messages.success(request, _("The file was removed."))
    return redirect(reverse("assignments:submit", args=[cohort_slug, activity_id]))


@login_required
@require_GET
def download(request: HttpRequest, cohort_slug: str, file_id: int) -> FileResponse:
    """A submitted file, from private storage, for its author and the cohort's graders."""
    files = access.visible_files(request.user).filter(
        submission__enrolment__cohort__slug=cohort_slug
    )
    return attachment_response(get_object_or_404(files, pk=file_id))


# --- Grading --------------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.grading_cohort(request.user, cohort_slug)
    submissions = (
        Submission.objects.gradable_by(request.user)
        .filter(enrolment__cohort=cohort)
        .current()
        .select_related("enrolment__user", "enrolment__stream", "assignment__activity")
        .order_by("submitted_at", "pk")
    )
    streams = list(cohort.streams.all())
    stream = request.GET.get("stream", "")
    if stream.isdigit():
        submissions = submissions.filter(enrolment__stream_id=int(stream))
    status = request.GET.get("status", "to_grade")
    if status in QUEUE_FILTERS:
        submissions = submissions.filter(**QUEUE_FILTERS[status])
    page = Paginator(submissions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    fallback = cohort.programme.source_language
    rows = [
        {"submission": item,
         "assignment": pick_text(item.assignment.activity.title, language, fallback)}
        for item in page.object_list
    ]
    return render(request, "assignments/queue.html", {
        "cohort": cohort,
        "streams": streams,
        "stream": stream,
        "status": status,
        "statuses": [
            ("to_grade", _("To grade")), ("graded", _("Graded")),
            ("resubmit", _("Resubmission requested")), ("late", _("Late")), ("all", _("All")),
        ],
        "rows": rows,
        "page": page,
        "may_set_due_dates": _may_set_due_dates(request.user, cohort_slug),
        "mentees_only": not cohort.is_facilitated_by(request.user),
    })


def _may_set_due_dates(user, cohort_slug: str) -> bool:
    try:
        access.due_date_cohort(user, cohort_slug)
    except Http404:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def grade_submission(request: HttpRequest, cohort_slug: str, submission_id: int) -> HttpResponse:
    cohort = access.grading_cohort(request.user, cohort_slug)
    submission = access.gradable_submission(request.user, cohort, submission_id)
    assignment = submission.assignment
    fallback = cohort.programme.source_language
    criteria = list(assignment.criteria.prefetch_related("levels"))
    chosen = {score.criterion_id: str(score.level_id) for score in submission.scores.all()}
    form = GradeForm(
        request.POST or None, criteria=criteria, language=get_language(), fallback=fallback,
        initial={"feedback": submission.feedback,
                 "resubmit": submission.status == Submission.Status.RESUBMIT,
                 **{f"criterion_{pk}": level for pk, level in chosen.items()}},
    )
    if request.method == "POST" and form.is_valid():
        grade(submission, request.user, levels=form.chosen_levels(),
              feedback=form.cleaned_data["feedback"], resubmit=form.cleaned_data["resubmit"])
        messages.success(request, _("The grade was saved and the learner was told."))
        return redirect(reverse("assignments:queue", args=[cohort_slug]))
    earlier = (
        Submission.objects.handed_in()
        .filter(enrolment=submission.enrolment, assignment=assignment,
                version__lt=submission.version)
        .order_by("-version")
    )
    return render(request, "assignments/grade.html", {
        "cohort": cohort,
        "submission": submission,
        "assignment_title": pick_text(assignment.activity.title, get_language(), fallback),
        "text": render_markdown(submission.text),
        "files": list(submission.files.all()),
        "earlier": [{"submission": item, "feedback": render_markdown(item.feedback)}
                    for item in earlier],
        "form": form,
        "max_points": assignment.max_points(),
    }, status=422 if request.method == "POST" else 200)


# --- Due dates and settings ----------------------------------------------------------------------


def _cohort_assignments(cohort) -> list[Assignment]:
    activities = Activity.objects.filter(
        kind="assignment", unit__module__level__programme_id=cohort.programme_id
    )
    if cohort.level_id:
        activities = activities.filter(unit__module__level_id=cohort.level_id)
    activities = list(activities.order_by(
        "unit__module__level__order", "unit__module__order", "unit__order", "order", "pk"
    ))
    existing = {item.activity_id: item
                for item in Assignment.objects.filter(activity__in=activities)}
    missing = [Assignment(activity=activity) for activity in activities
               if activity.pk not in existing]
    if missing:
        Assignment.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {item.activity_id: item
                    for item in Assignment.objects.filter(activity__in=activities)}
    for activity in activities:
        existing[activity.pk].activity = activity
    return [existing[activity.pk] for activity in activities]


@login_required
@require_http_methods(["GET", "POST"])
def due_dates(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.due_date_cohort(request.user, cohort_slug)
    assignments = _cohort_assignments(cohort)
    dues = {due.assignment_id: due
            for due in DueDate.objects.filter(cohort=cohort, assignment__in=assignments)}
    posted = None
    if request.method == "POST":
        chosen = request.POST.get("assignment", "")
        posted = next((a for a in assignments if str(a.pk) == chosen), None)
        if posted is None:
            raise Http404
        form = DueDateForm(request.POST, cohort=cohort, prefix=f"a{posted.pk}")
        if form.is_valid():
            set_due_date(posted, cohort, form.cleaned_data["due_at"],
                         form.cleaned_data["cutoff_at"])
            messages.success(request, _("The due date was saved."))
            return redirect(reverse("assignments:due_dates", args=[cohort_slug]))
    language = get_language()
    fallback = cohort.programme.source_language
    rows = []
    for assignment in assignments:
        if posted is not None and assignment.pk == posted.pk:
            row_form = form
        else:
            row_form = DueDateForm(cohort=cohort, due=dues.get(assignment.pk),
                                   prefix=f"a{assignment.pk}")
        rows.append({
            "assignment": assignment,
            "title": pick_text(assignment.activity.title, language, fallback),
            "form": row_form,
        })
    return render(request, "assignments/due_dates.html", {"cohort": cohort, "rows": rows},
                  status=422 if posted is not None else 200)


def _settings_page(request: HttpRequest, assignment: Assignment, form=None, posted=None,
                   status: int = 200) -> HttpResponse:
    programme = assignment.activity.unit.module.level.programme
    return render(request, "assignments/settings.html", {
        "assignment": assignment,
        "title": pick_text(assignment.activity.title, get_language(), programme.source_language),
        "form": form or AssignmentSettingsForm(instance=assignment),
        "locked": assignment.rubric_is_locked(),
        "criterion_forms": criterion_forms(
            assignment.criteria.prefetch_related("levels"), languages=programme.languages,
            source=programme.source_language, posted=posted,
        ),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_settings(request: HttpRequest, activity_id: int) -> HttpResponse:
    assignment = access.editable_assignment(request.user, activity_id)
    if request.method == "GET":
        return _settings_page(request, assignment)
    form = AssignmentSettingsForm(request.POST, instance=assignment)
    if form.is_valid():
        form.save()
        messages.success(request, _("The assignment settings were saved."))
        return redirect(reverse("assignments:settings", args=[activity_id]))
    return _settings_page(request, assignment, form=form, status=422)


@login_required
@require_POST
def edit_rubric(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Add, change or delete one criterion of the rubric (locked once work is graded)."""
    assignment = access.editable_assignment(request.user, activity_id)
    here = reverse("assignments:settings", args=[activity_id])
    if assignment.rubric_is_locked():
        messages.error(request, _("The rubric cannot change once work has been graded with it."))
        return redirect(here)
    criterion = chosen_criterion(request.POST, assignment.criteria)
    if criterion is not None and "delete" in request.POST:
        rubrics.delete_criterion(criterion)
        messages.success(request, _("The criterion was deleted."))
        return redirect(here)
    programme = assignment.activity.unit.module.level.programme
    form = CriterionForm(request.POST, languages=programme.languages,
                         source=programme.source_language, criterion=criterion)
    if not form.is_valid():
        return _settings_page(request, assignment, posted=form, status=422)
    rubrics.save_criterion(criterion or Criterion(assignment=assignment),
                           title=form.cleaned_data["title"], levels=form.cleaned_data["levels"])
    messages.success(request, _("The rubric was saved."))
    return redirect(here)
