"""Quiz results for a cohort's facilitators and organisers, and extra time for learners.

Who: ``access.results_cohort`` (facilitators of the cohort, organisers of its programme's
organisation); anyone else gets 404. Every list is one page of learners with their figures
computed in a fixed number of queries, whatever the cohort's size.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from agora.catalogue.models import Activity, pick_text
from agora.delivery.models import Enrolment
from agora.quizzes.access import cohort_quiz, results_cohort
from agora.quizzes.attempts import grant_extra_time
from agora.quizzes.models import Attempt, ExtraTime

PAGE_SIZE = 50


class ExtraTimeForm(forms.Form):
    percent = forms.IntegerField(
        label=gettext_lazy("Extra time (%)"), min_value=0, max_value=400,
        help_text=gettext_lazy("For example 25 or 50; 0 removes it. Applies to attempts started "
                               "from now on."),
    )


@login_required
@require_GET
def cohort_quizzes(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    """The cohort's quizzes with how many learners attempted and passed each (two queries)."""
    cohort = results_cohort(request.user, cohort_slug)
    activities = Activity.objects.filter(
        kind="quiz", unit__module__level__programme_id=cohort.programme_id
    ).select_related("unit__module__level__programme").order_by(
        "unit__module__level__order", "unit__module__order", "unit__order", "order"
    )
    if cohort.level_id:
        activities = activities.filter(unit__module__level_id=cohort.level_id)
    figures = {
        row["quiz__activity_id"]: row
        for row in Attempt.objects.submitted()
        .filter(enrolment__cohort=cohort)
        .values("quiz__activity_id")
        .annotate(
            learners=Count("enrolment", distinct=True),
            passed=Count("enrolment", filter=Q(passed=True), distinct=True),
        )
    }
    language = request.LANGUAGE_CODE
    rows = [
        {
            "activity": activity,
            "title": pick_text(activity.title, language, activity.source_language),
            "module": pick_text(
                activity.unit.module.title, language, activity.source_language
            ),
            "learners": figures.get(activity.pk, {}).get("learners", 0),
            "passed": figures.get(activity.pk, {}).get("passed", 0),
        }
        for activity in activities
    ]
    return render(request, "quizzes/results_index.html", {"cohort": cohort, "rows": rows})


@login_required
@require_GET
def quiz_results(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """One quiz's results: a page of the cohort's learners, attempts, best score, extra time."""
    cohort = results_cohort(request.user, cohort_slug)
    activity = cohort_quiz(cohort, activity_id)
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.CONFIRMED)
        .select_related("user", "stream")
        .order_by("user__full_name", "user__email", "pk")
    )
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [enrolment.pk for enrolment in page]
    figures = {
        row["enrolment_id"]: row
        for row in Attempt.objects.submitted()
        .filter(quiz__activity=activity, enrolment_id__in=ids)
        .values("enrolment_id")
        .annotate(
            attempts=Count("pk"), best=Max("score"), last=Max("submitted_at"),
            passes=Count("pk", filter=Q(passed=True)),
        )
    }
    under_way = set(
        Attempt.objects.in_progress()
        .filter(quiz__activity=activity, enrolment_id__in=ids)
        .values_list("enrolment_id", flat=True)
    )
    extra = dict(
        ExtraTime.objects.filter(enrolment_id__in=ids).values_list("enrolment_id", "percent")
    )
    rows = [
        {
            "enrolment": enrolment,
            "figures": figures.get(enrolment.pk),
            "under_way": enrolment.pk in under_way,
            "extra": extra.get(enrolment.pk, 0),
        }
        for enrolment in page
    ]
    context = {
        "cohort": cohort,
        "activity": activity,
        "title": pick_text(activity.title, request.LANGUAGE_CODE, activity.source_language),
        "rows": rows,
        "page": page,
    }
    return render(request, "quizzes/results.html", context)


@login_required
@require_POST
def extra_time(
    request: HttpRequest, cohort_slug: str, activity_id: int, enrolment_id: int
) -> HttpResponse:
    cohort = results_cohort(request.user, cohort_slug)
    activity = cohort_quiz(cohort, activity_id)
    enrolment = Enrolment.objects.filter(cohort=cohort, pk=enrolment_id).select_related(
        "user"
    ).first()
    back = reverse("quizzes:results", args=[cohort.slug, activity.pk])
    if enrolment is None:
        return HttpResponse(status=404)
    form = ExtraTimeForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Extra time for %(name)s was not changed: %(errors)s") % {
                "name": enrolment.user.full_name or enrolment.user.email,
                "errors": " ".join(form.errors.get("percent", [])),
            },
        )
        return redirect(back)
    grant_extra_time(enrolment, form.cleaned_data["percent"], by=request.user)
    messages.success(request, _("Extra time for %(name)s: %(percent)s %%.") % {
        "name": enrolment.user.full_name or enrolment.user.email,
        "percent": form.cleaned_data["percent"],
    })
    return redirect(back)
