"""The person's own account pages: profile, their data, erasure request.

Authorization: every view here acts on ``request.user`` only and requires a log-in.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.accounts.erasure import request_erasure
from agora.accounts.forms import ErasureRequestForm, ProfileForm
from agora.accounts.models import ErasureRequest
from agora.accounts.personal_data import export_records


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        if request.user.preferred_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                request.user.preferred_language,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    pending = ErasureRequest.objects.pending().filter(user=request.user).first()
    return render(
        request,
        "accounts/my_data.html",
        {"records": export_records(request.user), "pending": pending, "form": ErasureRequestForm()},
    )


@login_required
@require_GET
def export_my_data(request: HttpRequest) -> HttpResponse:
    payload = {
        "exported_at": timezone.now().isoformat(),
        "account": request.user.email,
        "data": export_records(request.user),
    }
    response = HttpResponse(
        json.dumps(payload, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="agora-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_my_erasure(request: HttpRequest) -> HttpResponse:
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        pending = ErasureRequest.objects.pending().filter(user=request.user).first()
        context = {"records": export_records(request.user), "pending": pending, "form": form}
        return render(request, "accounts/my_data.html", context, status=400)
    request_erasure(request.user, form.cleaned_data["reason"])
    messages.success(
        request,
        _(
            "Your erasure request is recorded. "
            "An administrator will confirm it and we will e-mail you."
        ),
    )
    return redirect("accounts:my_data")
