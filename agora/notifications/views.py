"""The notifications page, opening one (marks it read), and how to be e-mailed.

Rule: a person sees and changes only their own notifications and preference
(``access.own_notification``, ``Notification.objects.shown_to``); anonymous visitors are sent
to log in.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.notifications import sending
from agora.notifications.access import own_notification
from agora.notifications.forms import PreferenceForm
from agora.notifications.models import Notification, Preference

PAGE_SIZE = 30


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    shown = Notification.objects.shown_to(request.user)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/index.html",
        {"page": page, "unread": any(item.read_at is None for item in page)},
    )


@login_required
@require_GET
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = own_notification(request.user, pk)
    sending.mark_read(request.user, [notification.pk])
    url = notification.url
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        url = "/"  # only paths on this site are ever stored; never follow anything else
    return redirect(url)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    sending.mark_read(request.user)
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:index")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    preference, _created = Preference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
