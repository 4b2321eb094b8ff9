"""Pages of capstones: the learner's project (steps, history, showcase choice), handing in a
step, the activity page of a capstone milestone, private files, the reviewers' queue and
review page, the cohort's milestones, and the public showcase.

Every page finds what it shows through ``access`` (who may open what, in one place).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.assignments.downloads import attachment_response
from agora.assignments.forms import CriterionForm, chosen_criterion, criterion_forms
from agora.assignments.rubrics import delete_criterion, save_criterion
from agora.capstones import access, rubrics, submitting
from agora.capstones.forms import FeedbackForm, MilestoneForm, ShowcaseForm, StepForm
from agora.capstones.models import Criterion, Milestone, Project, Stage, Submission
from agora.catalogue.models import pick_text
from agora.learning.frame import activity_frame
from agora.portal.markdown import render_markdown

QUEUE_PAGE_SIZE = 50
SHOWCASE_PAGE_SIZE = 24


# --- What the learner and the reviewers both see -----------------------------------------------


def timeline(project: Project) -> list[dict]:
    """Every version handed in, oldest first, with its files and the feedback on it (four
    queries, however long the history)."""
    submissions = (
        project.submissions.select_related("milestone", "feedback__reviewer")
        .prefetch_related("files")
        .order_by("submitted_at", "pk")
    )
    rows = []
    for submission in submissions:
        feedback = getattr(submission, "feedback", None)
        rows.append({
            "submission": submission,
            "step": submitting.step_title(submission),
            "text": render_markdown(submission.text),
            "case": render_markdown(submission.case),
            "objectives": render_markdown(submission.objectives),
            "stakeholders": render_markdown(submission.stakeholders),
            "files": list(submission.files.all()),
            "feedback": feedback,
            "feedback_text": render_markdown(feedback.text) if feedback else "",
        })
    return rows


def steps_of(project: Project) -> list[dict]:
    """The project's steps in order (proposal, each milestone, final) with where each stands."""
    cohort_id = project.enrolment.cohort_id
    milestones = list(Milestone.objects.filter(cohort_id=cohort_id))
    latest: dict[tuple, Submission] = {}
    for submission in project.submissions.order_by("version"):
        latest[(submission.stage, submission.milestone_id)] = submission
    by_stage = {item.stage: item for item in milestones if item.stage != Stage.MILESTONE}

    def row(stage: str, milestone: Milestone | None, title: str) -> dict:
        described = milestone or by_stage.get(stage)
        return {
            "stage": stage,
            "milestone": milestone,
            "title": title,
            "description": render_markdown(described.description) if described else "",
            "due_at": described.due_at if described else None,
            "latest": latest.get((stage, milestone.pk if milestone else None)),
            "url": step_url(project, stage, milestone),
        }

    return [
        row(Stage.PROPOSAL, None, str(Stage.PROPOSAL.label)),
        *[row(Stage.MILESTONE, item, item.title) for item in milestones
          if item.stage == Stage.MILESTONE],
        row(Stage.FINAL, None, str(Stage.FINAL.label)),
    ]


def step_url(project: Project, stage: str, milestone: Milestone | None) -> str:
    slug = project.enrolment.cohort.slug
    if milestone is not None:
        return reverse("capstones:milestone", args=[slug, milestone.pk])
    return reverse("capstones:step", args=[slug, stage])


# --- The learner's pages ------------------------------------------------------------------------


@login_required
@require_GET
def project(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    project = access.learner_project(request.user, cohort_slug)
    return render(request, "capstones/project.html", {
        "project": project,
        "cohort": project.enrolment.cohort,
        "steps": steps_of(project),
        "timeline": timeline(project),
        "showcase_form": ShowcaseForm(instance=project)
        if project.step == Project.Step.FINISHED else None,
        "zone": project.enrolment.cohort.time_zone,
    })


def _step_page(request, project: Project, stage: str, milestone: Milestone | None,
               form: StepForm | None = None, status: int = 200,
               template: str = "capstones/step.html", extra: dict | None = None) -> HttpResponse:
    reason = submitting.refusal(project, stage, milestone)
    if form is None and not reason:
        initial = {"version": submitting.next_version(project, stage, milestone)}
        if stage == Stage.PROPOSAL:
            initial |= {name: getattr(project, name)
                        for name in ("title", "case", "objectives", "stakeholders")}
        else:
            earlier = submitting.versions_of(project, stage, milestone)
            initial["text"] = earlier[-1].text if earlier else ""
        form = StepForm(stage=stage, initial=initial)
    step = next(row for row in steps_of(project)
                if row["stage"] == stage and row["milestone"] == milestone)
    context = {
        "project": project,
        "cohort": project.enrolment.cohort,
        "step": step,
        "form": form,
        "refusal": reason if form is None else "",
        "action": request.path,
        "history": [row for row in timeline(project)
                    if row["submission"].stage == stage
                    and row["submission"].milestone_id == (milestone.pk if milestone else None)],
        "zone": project.enrolment.cohort.time_zone,
    }
    return render(request, template, context | (extra or {}), status=status)


def _hand_in(request, project: Project, stage: str, milestone: Milestone | None,
             here: str, **page) -> HttpResponse:
    form = StepForm(request.POST, request.FILES, stage=stage)
    if not form.is_valid():
        return _step_page(request, project, stage, milestone, form, status=422, **page)
    try:
        saved = submitting.hand_in(
            project, stage=stage, milestone=milestone, version=form.cleaned_data["version"],
            text=form.cleaned_data.get("text", ""), proposal=form.proposal(),
            uploads=form.cleaned_data["files"],
        )
    except submitting.Refused as refusal:
        form.add_error(None, refusal.message)
        return _step_page(request, project, stage, milestone, form, status=422, **page)
    if saved is None:
        messages.info(request, _("This was already handed in."))
    else:
        messages.success(request, _("Handed in. Your mentor has been told."))
    return redirect(here)


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, cohort_slug: str, stage: str) -> HttpResponse:
    if stage not in (Stage.PROPOSAL, Stage.FINAL):
        raise Http404
    project = access.learner_project(request.user, cohort_slug)
    if request.method == "POST":
        here = reverse("capstones:step", args=[cohort_slug, stage])
        return _hand_in(request, project, stage, None, here)
    return _step_page(request, project, stage, None)


@login_required
@require_http_methods(["GET", "POST"])
def milestone(request: HttpRequest, cohort_slug: str, milestone_id: int) -> HttpResponse:
    project = access.learner_project(request.user, cohort_slug)
    item = access.cohort_milestone(project, milestone_id)
    if request.method == "POST":
        here = reverse("capstones:milestone", args=[cohort_slug, item.pk])
        return _hand_in(request, project, Stage.MILESTONE, item, here)
    return _step_page(request, project, Stage.MILESTONE, item)


@login_required
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """The page of a capstone_milestone activity: the activity, and the step linked to it."""
    project, activity = access.learner_task(request.user, cohort_slug, activity_id)
    linked = Milestone.objects.filter(
        cohort_id=project.enrolment.cohort_id, activity=activity
    ).first()
    frame = activity_frame(project.enrolment, activity)
    if linked is None:
        return render(request, "capstones/task.html", frame | {
            "project": project, "unlinked": True,
            "project_url": reverse("capstones:project", args=[cohort_slug]),
        })
    stage = linked.stage
    milestone = linked if stage == Stage.MILESTONE else None
    page = {"template": "capstones/task.html",
            "extra": frame | {"project_url": reverse("capstones:project", args=[cohort_slug])}}
    if request.method == "POST":
        here = reverse("capstones:task", args=[cohort_slug, activity_id])
        return _hand_in(request, project, stage, milestone, here, **page)
    return _step_page(request, project, stage, milestone, **page)


@login_required
@require_POST
def showcase_choice(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    project = access.learner_project(request.user, cohort_slug)
    if project.step != Project.Step.FINISHED:
        raise Http404
    form = ShowcaseForm(request.POST, instance=project)
    if not form.is_valid():
        return render(request, "capstones/project.html", {
            "project": project, "cohort": project.enrolment.cohort,
            "steps": steps_of(project), "timeline": timeline(project),
            "showcase_form": form, "zone": project.enrolment.cohort.time_zone,
        }, status=422)
    project = submitting.set_showcase(
        project, consent=form.cleaned_data["consent"], show_name=form.cleaned_data["show_name"],
        summary=form.cleaned_data["summary"],
    )
    if project.in_showcase:
        messages.success(request, _("Your project is in the public showcase."))
    else:
        messages.success(request, _("Your project is not in the public showcase."))
    return redirect(reverse("capstones:project", args=[cohort_slug]))


@login_required
@require_GET
def download(request: HttpRequest, cohort_slug: str, file_id: int) -> FileResponse:
    """A handed-in file, from private storage, for its learner and the project's reviewers."""
    files = access.visible_files(request.user).filter(
        submission__project__enrolment__cohort__slug=cohort_slug
    )
    return attachment_response(get_object_or_404(files, pk=file_id))


# --- Reviewers ----------------------------------------------------------------------------------


QUEUE_STEPS = [choice for choice, _label in Project.Step.choices]


@login_required
@require_GET
def queue(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.reviewing_cohort(request.user, cohort_slug)
    projects = (
        Project.objects.reviewable_by(request.user)
        .filter(enrolment__cohort=cohort)
        .with_waiting()
        .select_related("enrolment__user")
        .order_by("-waiting", "enrolment__user__full_name", "pk")
    )
    step_filter = request.GET.get("step", "")
    if step_filter in QUEUE_STEPS:
        projects = projects.filter(step=step_filter)
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        projects = projects.filter(waiting=True)
    page = Paginator(projects, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "capstones/queue.html", {
        "cohort": cohort,
        "page": page,
        "steps": Project.Step.choices,
        "step_filter": step_filter,
        "waiting": waiting,
        "may_set_milestones": _may_set_milestones(request.user, cohort_slug),
        "mentees_only": not cohort.is_facilitated_by(request.user),
    })


def _may_set_milestones(user, cohort_slug: str) -> bool:
    try:
        access.milestone_cohort(user, cohort_slug)
    except Http404:
        return False
    return True


def _feedback_form(request, cohort, submission: Submission, data=None) -> FeedbackForm:
    criteria = []
    if submission.stage == Stage.FINAL:
        criteria = list(Criterion.objects.filter(cohort=cohort).prefetch_related("levels"))
    return FeedbackForm(data, criteria=criteria, language=get_language(),
                        fallback=cohort.programme.source_language,
                        prefix=f"s{submission.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, cohort_slug: str, project_id: int) -> HttpResponse:
    cohort = access.reviewing_cohort(request.user, cohort_slug)
    project = access.reviewable_project(request.user, cohort, project_id)
    waiting = list(project.submissions.filter(status=Submission.Status.SUBMITTED)
                   .select_related("milestone"))
    forms = {item.pk: _feedback_form(request, cohort, item) for item in waiting}
    status = 200
    if request.method == "POST":
        chosen = request.POST.get("submission", "")
        posted = next((item for item in waiting if str(item.pk) == chosen), None)
        if posted is None:
            messages.info(request, _("This was decided already."))
            return redirect(reverse("capstones:review", args=[cohort_slug, project.pk]))
        form = forms[posted.pk] = _feedback_form(request, cohort, posted, request.POST)
        if form.is_valid():
            saved = submitting.give_feedback(
                posted, request.user, text=form.cleaned_data["text"],
                decision=form.cleaned_data["decision"], levels=form.chosen_levels(),
            )
            if saved is None:
                messages.info(request, _("This was decided already."))
            else:
                messages.success(request, _("Your feedback was saved and the learner was told."))
            return redirect(reverse("capstones:review", args=[cohort_slug, project.pk]))
        status = 422
    return render(request, "capstones/review.html", {
        "cohort": cohort,
        "project": project,
        "learner": project.enrolment.user,
        "steps": steps_of(project),
        "timeline": timeline(project),
        "waiting": [{"submission": item, "step": submitting.step_title(item),
                     "form": forms[item.pk]} for item in waiting],
        "zone": cohort.time_zone,
    }, status=status)


# --- Milestones ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def milestones(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.milestone_cohort(request.user, cohort_slug)
    form = MilestoneForm(request.POST or None, cohort=cohort)
    if request.method == "POST":
        if "delete" in request.POST:
            chosen = request.POST["delete"]
            # A step learners handed in stays: removing it would take their work with it.
            removed, _rows = Milestone.objects.filter(
                cohort=cohort, pk=int(chosen) if chosen.isdigit() else 0,
                submissions__isnull=True,
            ).delete()
            if removed:
                messages.success(request, _("The step was removed."))
            else:
                messages.error(request, _("A step that learners handed in cannot be removed."))
            return redirect(reverse("capstones:milestones", args=[cohort_slug]))
        if form.is_valid():
            form.save()
            messages.success(request, _("The step was added."))
            return redirect(reverse("capstones:milestones", args=[cohort_slug]))
    return _setup_page(request, cohort, form=form,
                       status=422 if request.method == "POST" else 200)


def _rubric_languages(cohort) -> tuple[list[str], str]:
    source = cohort.languages[0] if cohort.languages else cohort.programme.source_language
    return list(cohort.languages or [source]), source


def _setup_page(request, cohort, *, form=None, posted=None, status=200) -> HttpResponse:
    languages, source = _rubric_languages(cohort)
    criteria = Criterion.objects.filter(cohort=cohort).prefetch_related("levels")
    return render(request, "capstones/milestones.html", {
        "cohort": cohort,
        "milestones": Milestone.objects.filter(cohort=cohort).select_related("activity"),
        "form": form or MilestoneForm(cohort=cohort),
        "criterion_forms": criterion_forms(criteria, languages=languages, source=source,
                                           posted=posted),
        "locked": rubrics.is_locked(cohort),
        "zone": cohort.time_zone,
    }, status=status)


@login_required
@require_POST
def rubric(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    """Add, change or delete one criterion of the final review's rubric."""
    cohort = access.milestone_cohort(request.user, cohort_slug)
    here = reverse("capstones:milestones", args=[cohort_slug])
    if rubrics.is_locked(cohort):
        messages.error(request, _("The rubric cannot change once a project was reviewed "
                                  "with it."))
        return redirect(here)
    criterion = chosen_criterion(request.POST, Criterion.objects.filter(cohort=cohort))
    if criterion is not None and "delete" in request.POST:
        delete_criterion(criterion)
        messages.success(request, _("The criterion was deleted."))
        return redirect(here)
    languages, source = _rubric_languages(cohort)
    form = CriterionForm(request.POST, languages=languages, source=source, criterion=criterion)
    if not form.is_valid():
        return _setup_page(request, cohort, posted=form, status=422)
    save_criterion(criterion or Criterion(cohort=cohort), title=form.cleaned_data["title"],
                   levels=form.cleaned_data["levels"])
    messages.success(request, _("The rubric was saved."))
    return redirect(here)


# --- The public showcase ------------------------------------------------------------------------


@require_GET
def showcase(request: HttpRequest) -> HttpResponse:
    projects = (
        Project.objects.showcased()
        .select_related("enrolment__user", "enrolment__cohort__programme")
        .order_by("-finished_at", "pk")
    )
    page = Paginator(projects, SHOWCASE_PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    rows = [
        {"project": item,
         "summary": render_markdown(item.summary),
         "programme": pick_text(item.enrolment.cohort.programme.title, language,
                                item.enrolment.cohort.programme.source_language),
         "name": item.enrolment.user.full_name if item.show_name else ""}
        for item in page.object_list
    ]
    return render(request, "capstones/showcase.html", {"rows": rows, "page": page})

