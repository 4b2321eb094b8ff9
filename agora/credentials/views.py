"""Pages of certificates: the learner's, the public verification, and the organisers'.

Who may see what, in one place:
- ``_my_certificate``: the learner the certificate was issued to; anyone else gets 404.
- ``_managed_cohort`` / ``_managed_certificate``: organisers of the programme's organisation
  and platform admins (``Cohort.objects.managed_by``); anyone else gets 404.
- ``_organised_organisation``: organisers of that organisation (issuer profile, keys).
- Public, by design: the verification page and form, the issuer profile and its keys.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import Organisation
from agora.credentials import badges, issuing, keys, pdf, verifying
from agora.credentials.forms import IssuerProfileForm, ReasonForm, VerifyForm
from agora.credentials.models import Certificate, IssuerProfile, SigningKey
from agora.delivery.models import Cohort, Enrolment

PAGE_SIZE = 50

# --- Who may see what -----------------------------------------------------------------------


def _my_certificate(request: HttpRequest, public_id: str) -> Certificate:
    certificates = Certificate.objects.of_learner(request.user).select_related("organisation")
    return get_object_or_404(certificates, public_id=public_id)


def _managed_cohort(request: HttpRequest, slug: str) -> Cohort:
    return get_object_or_404(
        Cohort.objects.managed_by(request.user).select_related("programme"), slug=slug
    )


def _managed_certificate(request: HttpRequest, public_id: str) -> Certificate:
    certificates = Certificate.objects.managed_by(request.user).select_related(
        "enrolment__cohort"
    )
    return get_object_or_404(certificates, public_id=public_id)


def _organised_organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.organised_by(request.user), slug=slug)


# --- The learner's certificates ---------------------------------------------------------------


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's "add to profile" address for a certification, filled in."""
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.programme_title,
        "organizationName": certificate.issuer_name,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certUrl": badges.verify_page_url(certificate.public_id),
        "certId": certificate.public_id,
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@login_required
@require_http_methods(["GET"])
def my_certificates(request: HttpRequest) -> HttpResponse:
    certificates = list(
        Certificate.objects.of_learner(request.user).select_related("organisation")
    )
    for certificate in certificates:
        certificate.share_url = badges.verify_page_url(certificate.public_id)
        certificate.linkedin_url = linkedin_url(certificate)
    return render(request, "credentials/my_certificates.html", {"certificates": certificates})


@login_required
@require_http_methods(["GET"])
def certificate_pdf(request: HttpRequest, public_id: str) -> HttpResponse:
    certificate = _my_certificate(request, public_id)
    response = HttpResponse(pdf.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{pdf.certificate_filename(certificate)}"'
    )
    return response


@login_required
@require_http_methods(["GET"])
def credential_json(request: HttpRequest, public_id: str) -> HttpResponse:
    certificate = _my_certificate(request, public_id)
    _header, claims = keys.read_unverified(certificate.credential_jwt)
    body = json.dumps(badges.credential_of_claims(claims), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credential-{public_id}.json"'
    return response


@login_required
@require_http_methods(["GET"])
def credential_jwt(request: HttpRequest, public_id: str) -> HttpResponse:
    certificate = _my_certificate(request, public_id)
    response = HttpResponse(certificate.credential_jwt, content_type="application/jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{public_id}.jwt"'
    return response


# --- Public verification ----------------------------------------------------------------------


@require_http_methods(["GET"])
def verify_page(request: HttpRequest, public_id: str) -> HttpResponse:
    certificate = (
        Certificate.objects.select_related("organisation").filter(public_id=public_id).first()
    )
    if certificate is None:
        return render(request, "credentials/verify_unknown.html", status=404)
    verdict = verifying.verify_certificate(certificate)
    return render(
        request, "credentials/verify.html", {"certificate": certificate, "verdict": verdict}
    )


@require_http_methods(["GET", "POST"])
def verify_file(request: HttpRequest) -> HttpResponse:
    verdict = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            verdict = verifying.verify_submitted(form.cleaned_data["text"])
    else:
        form = VerifyForm()
    return render(request, "credentials/verify_file.html", {"form": form, "verdict": verdict})


@require_http_methods(["GET"])
def issuer_profile(request: HttpRequest, slug: str) -> JsonResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    profile = {
        "@context": [badges.VC_CONTEXT, badges.OB_CONTEXT],
        "id": badges.issuer_id(slug),
        "type": ["Profile"],
        "name": organisation.name,
    }
    if organisation.website:
        profile["url"] = organisation.website
    response = JsonResponse(profile, json_dumps_params={"ensure_ascii": False})
    response["Link"] = f'<{badges.jwks_url(slug)}>; rel="jwks"'
    return response


@require_http_methods(["GET"])
def jwks(request: HttpRequest, slug: str) -> JsonResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    return JsonResponse(keys.jwks(organisation))


# --- Organisers -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def manage_index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.organised_by(request.user).order_by("name")
    cohorts = (
        Cohort.objects.managed_by(request.user)
        .select_related("programme")
        .order_by("-starts_on", "slug")
    )
    page = Paginator(cohorts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "credentials/manage_index.html",
        {"organisations": organisations, "page": page},
    )


@login_required
@require_http_methods(["GET"])
def manage_cohort(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    enrolments = (
        cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED)
        .select_related("user", "certificate")
        .order_by("user__full_name", "pk")
    )
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    for enrolment in page.object_list:
        try:
            enrolment.issued_certificate = enrolment.certificate
        except Certificate.DoesNotExist:
            enrolment.issued_certificate = None
    return render(request, "credentials/manage_cohort.html", {"cohort": cohort, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, slug: str, enrolment_id: int) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    enrolment = get_object_or_404(
        cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).select_related("user"),
        pk=enrolment_id,
    )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        certificate = issuing.issue_certificate(
            enrolment, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The certificate of %(name)s is issued.")
                         % {"name": certificate.learner_name})
        return redirect("credentials:manage_cohort", slug=cohort.slug)
    return render(
        request, "credentials/issue.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    certificate = _managed_certificate(request, public_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issuing.revoke_certificate(
            certificate, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The certificate of %(name)s is revoked.")
                         % {"name": certificate.learner_name})
        return redirect("credentials:manage_cohort", slug=certificate.enrolment.cohort.slug)
    return render(request, "credentials/revoke.html", {"certificate": certificate, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def issuer_settings(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organised_organisation(request, slug)
    profile = IssuerProfile.objects.filter(organisation=organisation).first()
    profile = profile or IssuerProfile(organisation=organisation)
    form = IssuerProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The issuer profile is saved."))
        return redirect("credentials:issuer_settings", slug=organisation.slug)
    signing_keys = SigningKey.objects.filter(organisation=organisation).order_by("-created_at")
    return render(
        request, "credentials/issuer_settings.html",
        {"organisation": organisation, "form": form, "signing_keys": signing_keys,
         "jwks_url": reverse("credentials:jwks", args=[organisation.slug])},
    )


@login_required
@require_POST
def rotate(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organised_organisation(request, slug)
    key = keys.rotate_key(organisation)
    messages.success(request, _("A new signing key (%(kid)s) signs from now on; credentials "
                                "signed before still verify.") % {"kid": key.kid})
    return redirect("credentials:issuer_settings", slug=organisation.slug)


