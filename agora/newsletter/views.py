"""Subscribing, confirming and unsubscribing (anyone), and the organisers' issue pages.

Who may see what, in one place:
- ``subscribe``, ``confirm``, ``unsubscribe``: anyone; the signed token in the link is the
  permission (``subscribing.py``).
- issue pages: ``Issue.objects.editable_by(user)``: organisers of the issue's organisation and
  platform admins; anyone else gets 404. ``issue_list`` and ``issue_new`` need an organisation
  the person organises.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import Organisation
from agora.newsletter import sending, subscribing
from agora.newsletter.forms import IssueForm, ScheduleForm, SubscribeForm, VersionForm
from agora.newsletter.models import Issue, IssueVersion, Subscription
from agora.portal.markdown import render_markdown

# --- Subscribers ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "email": user.email if user.is_authenticated else "",
        "language": (user.is_authenticated and user.preferred_language) or request.LANGUAGE_CODE,
    }
    form = SubscribeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if subscribing.allowed_to_sign_up(request.META.get("REMOTE_ADDR", "")):
            data = form.cleaned_data
            subscription = subscribing.subscribe(data["email"], data["language"], user=user)
            if user.is_authenticated and subscription.is_confirmed and subscription.user == user:
                messages.success(request, _("You are subscribed to the newsletter."))
                return redirect("newsletter:subscribe")
            return redirect("newsletter:check_inbox")
        form.add_error(None, _("Too many sign-ups from your network. Please try again later."))
        status = 429
    current = None
    if user.is_authenticated:
        current = Subscription.objects.confirmed().filter(email__iexact=user.email).first()
    unsubscribe_url = ""
    if current:
        token = subscribing.unsubscribe_token(current)
        unsubscribe_url = reverse("newsletter:unsubscribe", args=[token])
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form, "current": current, "unsubscribe_url": unsubscribe_url},
        status=status,
    )


@require_http_methods(["GET"])
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/check_inbox.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: link checkers in mail systems open links without a person.
    subscription = subscribing.subscription_to_confirm(token)
    if subscription is None:
        return render(request, "newsletter/link_invalid.html", status=400)
    if request.method == "POST":
        subscribing.confirm(subscription)
        return render(request, "newsletter/confirmed.html")
    return render(request, "newsletter/confirm.html", {"subscription": subscription})


# The token is the only permission this view needs, and RFC 8058 one-click requests come from
# mail programs without a session or a CSRF token; a forged request would need the token.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        if not subscribing.unsubscribe(token):
            return render(request, "newsletter/link_invalid.html", status=400)
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html")


# --- Organisers -----------------------------------------------------------------------------------


def _editable_issue(request: HttpRequest, pk: int) -> Issue:
    return get_object_or_404(
        Issue.objects.editable_by(request.user).select_related("organisation"), pk=pk
    )


def _organisations(request: HttpRequest):
    organisations = Organisation.objects.organised_by(request.user).order_by("name")
    if not organisations.exists():
        raise Http404
    return organisations


@login_required
@require_http_methods(["GET"])
def issue_list(request: HttpRequest) -> HttpResponse:
    _organisations(request)
    issues = (
        Issue.objects.editable_by(request.user)
        .select_related("organisation")
        .annotate(delivered=Count("deliveries"))
    )
    return render(
        request,
        "newsletter/issue_list.html",
        {"issues": issues, "subscribers": Subscription.objects.confirmed().count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_new(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST or None, organisations=_organisations(request))
    if request.method == "POST" and form.is_valid():
        issue = Issue.objects.create(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Issue created. Now write its first language version."))
        return redirect("newsletter:version_new", issue.pk)
    return render(request, "newsletter/issue_new.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    initial = {"send_at": issue.scheduled_at} if issue.scheduled_at else {}
    return _detail(request, issue, ScheduleForm(initial=initial))


def _detail(request, issue: Issue, schedule_form: ScheduleForm, status: int = 200):
    context = {
        "issue": issue,
        "versions": issue.versions.all(),
        "schedule_form": schedule_form,
        "delivered": issue.deliveries.count(),
        "subscribers": Subscription.objects.confirmed().count(),
    }
    return render(request, "newsletter/issue_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, pk: int, language: str = "") -> HttpResponse:
    issue = _editable_issue(request, pk)
    version = None
    if language:
        version = get_object_or_404(IssueVersion, issue=issue, language=language)
    if not issue.is_editable:
        messages.error(request, _("This issue is being sent or was sent; it can no longer change."))
        return redirect("newsletter:issue", issue.pk)
    taken = set(
        issue.versions.exclude(pk=getattr(version, "pk", None)).values_list("language", flat=True)
    )
    form = VersionForm(request.POST or None, instance=version, taken=taken)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = {
                "subject": form.cleaned_data["subject"],
                "body": render_markdown(form.cleaned_data["body"]),
                "language": form.cleaned_data["language"],
            }
        else:
            with transaction.atomic():
                saved = form.save(commit=False)
                saved.issue = issue
                saved.save()
            messages.success(request, _("The version is saved."))
            return redirect("newsletter:issue", issue.pk)
    return render(
        request,
        "newsletter/version_form.html",
        {"issue": issue, "version": version, "form": form, "preview": preview},
    )


@login_required
@require_http_methods(["GET"])
def version_preview(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    issue = _editable_issue(request, pk)
    version = get_object_or_404(IssueVersion, issue=issue, language=language)
    return render(
        request,
        "newsletter/version_preview.html",
        {"issue": issue, "version": version, "body": render_markdown(version.body)},
    )


@login_required
@require_POST
def issue_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    form = ScheduleForm(request.POST)
    if not issue.is_editable:
        messages.error(request, _("This issue is being sent or was sent; it can no longer change."))
    elif not issue.versions.exists():
        messages.error(request, _("Write at least one language version before scheduling."))
    elif form.is_valid():
        sending.schedule(issue, form.cleaned_data["send_at"])
        messages.success(request, _("The issue is scheduled."))
        return redirect("newsletter:issue", issue.pk)
    else:
        return _detail(request, issue, form, status=400)
    return redirect("newsletter:issue", issue.pk)


@login_required
@require_POST
def issue_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue(request, pk)
    sending.unschedule(issue)
    if issue.status == Issue.Status.DRAFT:
        messages.success(request, _("The issue is a draft again; it will not be sent."))
    else:
        messages.error(request, _("Too late: the issue is already being sent."))
    return redirect("newsletter:issue", issue.pk)
