"""The problem report form (a page of its own, or loaded into the footer by htmx) and the
organisers' triage list.

Who may see what, in one place:
- ``report``: anyone, signed in or not (rate-limited per IP address and per account).
- ``triage`` and ``change_status``: ``ProblemReport.objects.triaged_by(user)``, which is every
  report for organisers and platform admins and nothing for anyone else (404 for them).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.problems.forms import ProblemReportForm, StatusForm, TriageFilterForm, validate_site_path
from agora.problems.models import ProblemReport, may_triage
from agora.problems.reporting import allowed_to_report, report_problem, set_status

PAGE_SIZE = 50


def _page_to_report(value: str) -> str:
    try:
        return validate_site_path(value)
    except ValidationError:
        return ""


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    inline = bool(request.htmx)
    status = 200
    if request.method == "POST":
        form = ProblemReportForm(request.POST, signed_in=signed_in)
        if form.is_valid():
            if allowed_to_report(request.META.get("REMOTE_ADDR", ""), request.user):
                data = form.cleaned_data
                report_problem(
                    page=data["page"],
                    kinds=data["kinds"],
                    description=data["description"],
                    email=data.get("email", ""),
                    reporter=request.user if signed_in else None,
                    language=request.LANGUAGE_CODE,
                )
                thanks = _("Thank you: your report reached the organisers.")
                if inline:
                    return render(request, "problems/_thanks.html", {"thanks": thanks})
                messages.success(request, thanks)
                return redirect(data["page"])
            form.add_error(
                None,
                _(
                    "You sent many reports in a short time. "
                    "Please wait a few minutes and try again."
                ),
            )
            status = 200 if inline else 429
    else:
        page = _page_to_report(request.GET.get("page", ""))
        if not page:
            raise Http404(_("There is no such page to report."))
        form = ProblemReportForm(initial={"page": page}, signed_in=signed_in)
    template = "problems/_report_form.html" if inline else "problems/report.html"
    return render(request, template, {"form": form, "inline": inline}, status=status)


@login_required
@require_http_methods(["GET"])
def triage(request: HttpRequest) -> HttpResponse:
    if not may_triage(request.user):
        raise Http404
    filters = TriageFilterForm(request.GET or {"status": "open"})
    reports = ProblemReport.objects.triaged_by(request.user).select_related("reporter")
    status, kind = "open", ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    if status == "open":
        reports = reports.open()
    elif status:
        reports = reports.filter(status=status)
    if kind:
        reports = reports.of_kind(kind)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"status": status, "kind": kind})
    return render(
        request,
        "problems/triage.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "statuses": ProblemReport.Status.choices,
            "back": request.get_full_path(),
        },
    )


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProblemReport.objects.triaged_by(request.user), pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        set_status(report, form.cleaned_data["status"])
        messages.success(
            request,
            _("The report about %(page)s is now “%(status)s”.")
            % {"page": report.page, "status": report.get_status_display()},
        )
    else:
        messages.error(request, _("Choose one of the statuses in the list."))
    back = request.POST.get("back", "")
    if not back.startswith(reverse("problems:triage")):
        back = reverse("problems:triage")
    return redirect(back)
