"""Group pages: the facilitators' overview and forming, a group's space, group activities.

Every view starts from what the person may see (``access.py``); anything else is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.catalogue.models import pick_text
from agora.groups import access, forming, space
from agora.groups.forms import FormGroupsForm, HandForm, NotesForm, PostForm, ResultForm
from agora.groups.limits import TOO_FAST, PostingTooFast, tell_too_fast
from agora.groups.models import Group, GroupResult, Membership
from agora.learning import scope
from agora.learning.access import learner_activity, learner_enrolment
from agora.learning.frame import activity_frame

POSTS_SHOWN = 100


def _current_members():
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(current=True).select_related("enrolment__user")
        .order_by("enrolment__user__full_name"),
        to_attr="members",
    )  # fmt: skip


# --- Facilitators --------------------------------------------------------------------------------


def _overview(request, cohort, form, status=200) -> HttpResponse:
    groups = list(
        Group.objects.current().filter(cohort=cohort)
        .prefetch_related(_current_members(), "results")
        .annotate(post_total=Count("posts"))
    )  # fmt: skip
    activities = list(scope.cohort_activities(cohort).filter(kind="group_activity"))
    language = request.LANGUAGE_CODE
    for group in groups:
        posted = {result.activity_id for result in group.results.all()}
        group.result_rows = [
            (pick_text(activity.title, language, activity.source_language),
             activity.pk in posted)
            for activity in activities
        ]  # fmt: skip
    grouped = {m.enrolment_id for group in groups for m in group.members}
    ungrouped = [e for e in forming.confirmed_learners(cohort) if e.pk not in grouped]
    return render(request, "groups/overview.html", {
        "cohort": cohort, "groups": groups, "form": form, "ungrouped": ungrouped,
        "activities": activities,
    }, status=status)  # fmt: skip


@login_required
@require_GET
def overview(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.organised_cohort(request.user, cohort_slug)
    return _overview(request, cohort, FormGroupsForm())


@login_required
@require_POST
def form_groups(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.organised_cohort(request.user, cohort_slug)
    form = FormGroupsForm(request.POST)
    if not form.is_valid():
        return _overview(request, cohort, form, status=400)
    data = form.cleaned_data
    learners = forming.confirmed_learners(cohort)
    if not learners:
        form.add_error(None, _("This cohort has no confirmed learners to put in groups yet."))
        return _overview(request, cohort, form, status=400)
    parts = forming.split(learners, data["method"], seed=data["seed"], size=data["size"],
                          count=data["count"])  # fmt: skip
    groups = forming.form_groups(cohort, parts, data["method"])
    messages.success(request, _("%(count)s groups formed (draw number %(seed)s). Earlier groups "
                                "are archived.") % {"count": len(groups), "seed": data["seed"]})
    return redirect("groups:overview", cohort_slug=cohort.slug)


@login_required
@require_http_methods(["GET", "POST"])
def by_hand(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.organised_cohort(request.user, cohort_slug)
    learners = forming.confirmed_learners(cohort)
    current = dict(
        Membership.objects.filter(group__cohort=cohort, current=True, group__archived_at=None)
        .values_list("enrolment_id", "group__number")
    )  # fmt: skip
    form = HandForm(request.POST or None, learners=learners, initial_groups=current)
    if request.method == "POST" and form.is_valid():
        groups = forming.form_groups(cohort, form.parts(), Group.Method.HAND)
        messages.success(request, _("%(count)s groups formed by hand. Earlier groups are "
                                    "archived.") % {"count": len(groups)})
        return redirect("groups:overview", cohort_slug=cohort.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "groups/by_hand.html", {"cohort": cohort, "form": form},
                  status=status)  # fmt: skip


# --- A group's space -----------------------------------------------------------------------------


def _space(request, group, *, post_form=None, notes_form=None, status=200) -> HttpResponse:
    posts = list(group.posts.select_related("author").order_by("-created_at", "-pk")[:POSTS_SHOWN])
    posts.reverse()
    members = Membership.objects.filter(group=group).select_related("enrolment__user").order_by(
        "enrolment__user__full_name")
    results = {result.activity_id: result for result in group.results.select_related("posted_by")}
    language = request.LANGUAGE_CODE
    activities = [
        (activity, pick_text(activity.title, language, activity.source_language),
         results.get(activity.pk))
        for activity in scope.cohort_activities(group.cohort).filter(kind="group_activity")
    ]  # fmt: skip
    writable = access.may_write(request.user, group)
    return render(request, "groups/space.html", {
        # The task page is the learner's own (learner_activity): staff, and members whose
        # stream hides an activity, read the result here without a link that would 404.
        "openable": access.openable_activities(request.user, group),
        "group": group, "cohort": group.cohort, "posts": posts,
        "members": [m for m in members if m.current or group.is_archived],
        "activities": activities,
        "writable": writable,
        "post_form": post_form or PostForm(),
        "notes_form": notes_form or NotesForm(initial={"notes": group.notes,
                                                       "version": group.notes_version}),
        "organiser": access.organising_cohorts(request.user).filter(pk=group.cohort_id).exists(),
    }, status=status)  # fmt: skip


@login_required
@require_GET
def group_space(request: HttpRequest, pk: int) -> HttpResponse:
    return _space(request, access.readable_group(request.user, pk))


@login_required
@require_GET
def my_group(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    enrolment = learner_enrolment(request.user, cohort_slug)
    group = access.current_group_of(enrolment)
    if group is None:
        messages.info(request, _("You are not in a group yet: your facilitators form them."))
        return redirect("learning:course", enrolment.cohort.slug)
    return redirect("groups:space", pk=group.pk)


@login_required
@require_POST
def post(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.writable_group(request.user, pk)
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            created = space.post_message(group, request.user, form.cleaned_data["body"],
                                         form.cleaned_data["key"])  # fmt: skip
        except PostingTooFast:
            tell_too_fast(form)
            return _space(request, group, post_form=form, status=TOO_FAST)
        return redirect(reverse("groups:space", args=[group.pk]) + f"#post-{created.pk}")
    return _space(request, group, post_form=form, status=400)


@login_required
@require_POST
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    group = access.writable_group(request.user, pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            space.save_notes(group, request.user, form.cleaned_data["notes"],
                             based_on=form.cleaned_data["version"])  # fmt: skip
        except space.NotesOutdated:
            form.add_error("notes", _(
                "Someone saved the notes while you were editing them. Your text is kept here: "
                "copy what you need, reload the page to see their version, then save again."))
            return _space(request, group, notes_form=form, status=409)
        messages.success(request, _("The notes are saved."))
        return redirect(reverse("groups:space", args=[group.pk]) + "#notes-title")
    return _space(request, group, notes_form=form, status=400)


# --- Group activities ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, activity = learner_activity(request.user, cohort_slug, activity_id)
    if activity.kind != "group_activity":
        raise Http404
    group = access.current_group_of(enrolment)
    result = GroupResult.objects.filter(group=group, activity=activity).select_related(
        "posted_by").first() if group else None
    form = ResultForm(request.POST or None, initial={"body": result.body if result else ""})
    status = 200
    if request.method == "POST":
        if group is None:
            raise Http404
        status = 400
        if form.is_valid():
            try:
                space.post_result(group, activity, request.user, form.cleaned_data["body"])
            except PostingTooFast:
                tell_too_fast(form)
                status = TOO_FAST
            else:
                messages.success(request, _("Your group's result is posted. This activity is "
                                            "done for every member of your group."))
                return redirect("groups:task", cohort_slug=cohort_slug, activity_id=activity_id)
    context = activity_frame(enrolment, activity)
    context.update(group=group, result=result, form=form)
    return render(request, "groups/task.html", context, status=status)
