"""Mentoring pages: assigning mentors, my mentoring spaces, one private space.

Every view starts from what the person may see (``access.py``); anything else is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.groups.limits import TOO_FAST, PostingTooFast, tell_too_fast
from agora.mentoring import access, actions
from agora.mentoring.forms import AssignForm, CheckInForm, FeedbackForm, MessageForm
from agora.mentoring.models import MentorAssignment

MESSAGES_SHOWN = 100


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    spaces = (
        access.readable_spaces(request.user)
        .select_related("cohort__programme", "enrolment__user", "mentor")
        .order_by("-last_activity_at")
    )
    return render(request, "mentoring/index.html", {"spaces": spaces[:200]})


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.assigning_cohort(request.user, cohort_slug)
    mentors = list(actions.mentors_of(cohort))
    learners = list(actions.confirmed_learners(cohort).select_related("user")
                    .order_by("user__full_name", "pk"))  # fmt: skip
    current = dict(MentorAssignment.objects.filter(cohort=cohort)
                   .values_list("enrolment_id", "mentor_id"))  # fmt: skip
    form = AssignForm(request.POST or None, learners=learners, mentors=mentors, current=current)
    status = 200
    if request.method == "POST":
        if "balanced" in request.POST:
            made = actions.assign_balanced(cohort)
            messages.success(request, _("%(count)s learners were given a mentor.") % {
                "count": len(made)})
            return redirect("mentoring:assign", cohort_slug=cohort.slug)
        if form.is_valid():
            by_pk = {mentor.pk: mentor for mentor in mentors}
            # An empty choice leaves the learner as they are: removing a mentor would delete
            # the learner's feedback log with the space.
            actions.assign_by_hand([(learner, by_pk[int(mentor_id)])
                                    for learner, mentor_id in form.choices_made() if mentor_id])
            messages.success(request, _("The mentors are assigned."))
            return redirect("mentoring:assign", cohort_slug=cohort.slug)
        status = 400
    loads = {mentor.pk: 0 for mentor in mentors}
    for mentor_id in current.values():
        loads[mentor_id] = loads.get(mentor_id, 0) + 1
    return render(request, "mentoring/assign.html", {
        "cohort": cohort, "form": form,
        "loads": [(mentor, loads.get(mentor.pk, 0)) for mentor in mentors],
        "unassigned": sum(1 for learner in learners if learner.pk not in current),
    }, status=status)  # fmt: skip


def _space(request, assignment, *, message_form=None, feedback_form=None, check_in_form=None,
           status=200) -> HttpResponse:  # fmt: skip
    recent = list(assignment.messages.select_related("author")
                  .order_by("-created_at", "-pk")[:MESSAGES_SHOWN])  # fmt: skip
    recent.reverse()
    zone = assignment.cohort.zone
    check_ins = list(assignment.check_ins.upcoming())
    for check_in in check_ins:
        check_in.local_start = timezone.localtime(check_in.starts_at, zone)
    return render(request, "mentoring/space.html", {
        "assignment": assignment, "cohort": assignment.cohort,
        "learner": assignment.enrolment.user, "mentor": assignment.mentor,
        "is_mentor": access.is_mentor_of(request.user, assignment),
        "chat": recent,
        "log": assignment.feedback.select_related("author")[:200],
        "check_ins": check_ins,
        "message_form": message_form or MessageForm(),
        "feedback_form": feedback_form or FeedbackForm(),
        "check_in_form": check_in_form or CheckInForm(zone=zone),
        "zone": zone.key,
    }, status=status)  # fmt: skip


@login_required
@require_GET
def space(request: HttpRequest, pk: int) -> HttpResponse:
    return _space(request, access.readable_space(request.user, pk))


@login_required
@require_POST
def message(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.readable_space(request.user, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            sent = actions.send_message(assignment, request.user, form.cleaned_data["body"],
                                        form.cleaned_data["key"])  # fmt: skip
        except PostingTooFast:
            tell_too_fast(form)
            return _space(request, assignment, message_form=form, status=TOO_FAST)
        return redirect(reverse("mentoring:space", args=[pk]) + f"#message-{sent.pk}")
    return _space(request, assignment, message_form=form, status=400)


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.readable_space(request.user, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions.add_feedback(assignment, request.user, form.cleaned_data["body"],
                                 form.cleaned_data["key"])  # fmt: skip
        except PostingTooFast:
            tell_too_fast(form)
            return _space(request, assignment, feedback_form=form, status=TOO_FAST)
        return redirect(reverse("mentoring:space", args=[pk]) + "#log-title")
    return _space(request, assignment, feedback_form=form, status=400)


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = access.readable_space(request.user, pk)
    form = CheckInForm(request.POST, zone=assignment.cohort.zone)
    if form.is_valid():
        data = form.cleaned_data
        actions.schedule_check_in(assignment, request.user, data["starts_at"], data["topic"])
        messages.success(request, _("The check-in is scheduled; you both get a reminder the "
                                    "day before."))
        return redirect(reverse("mentoring:space", args=[pk]) + "#checkins")
    return _space(request, assignment, check_in_form=form, status=400)
