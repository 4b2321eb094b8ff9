"""Registration pages: a cohort's public page, the registration form, one's enrolment (status,
payment, receipt, invoice, withdrawal).

Who may see what:
- a cohort page: anyone, for listed cohorts; a cohort's organisers also see it unlisted;
- the registration form: a logged-in person, for listed cohorts;
- an enrolment page, receipt upload, withdrawal, accepting an offer: only its owner (the
  enrolment is found among the user's own, so anyone else gets 404);
- an invoice: its owner, or an organiser of the cohort (``Cohort.objects.managed_by``).
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.catalogue.views import duration
from agora.delivery import invoices
from agora.delivery.forms import (
    LANGUAGE_NAMES,
    ReceiptForm,
    RegistrationForm,
    needs_billing,
    needs_travel,
)
from agora.delivery.models import Cohort, Enrolment
from agora.delivery.registration import RegistrationRefused, accept_offer, register, withdraw
from agora.portal.markdown import render_markdown as markdown


def _visible_cohorts(user):
    listed = Cohort.objects.listed()
    if not user.is_authenticated:
        return listed
    return Cohort.objects.filter(
        Q(pk__in=listed.values("pk")) | Q(pk__in=Cohort.objects.managed_by(user).values("pk"))
    )


def _get_cohort(request: HttpRequest, slug: str, *, listed_only: bool = False) -> Cohort:
    cohorts = Cohort.objects.listed() if listed_only else _visible_cohorts(request.user)
    return get_object_or_404(
        cohorts.select_related("programme__organisation", "venue").prefetch_related("streams"),
        slug=slug,
    )


def _get_own_enrolment(request: HttpRequest, slug: str) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.filter(user=request.user).select_related(
            "cohort__programme__organisation", "cohort__venue", "stream", "user"
        ),
        cohort__slug=slug,
    )


def _enrolment_url(cohort: Cohort) -> str:
    return reverse("delivery:enrolment", kwargs={"slug": cohort.slug})


def fee_text(cohort: Cohort) -> str:
    if not cohort.is_paid:
        return _("Free")
    return f"{number_format(cohort.fee, 2, force_grouping=True)} {cohort.currency}"


def cohort_facts(cohort: Cohort) -> dict:
    """What the cohort page and the form show about a cohort."""
    zone = cohort.zone
    seats_left = cohort.seats_left()
    streams = list(cohort.streams.all())
    for stream in streams:
        stream.weekly = duration(stream.weekly_minutes) if stream.weekly_minutes else ""
    return {
        "cohort": cohort,
        "programme": cohort.programme,
        "cohort_languages": [(code, LANGUAGE_NAMES.get(code, code)) for code in cohort.languages],
        "fee": fee_text(cohort),
        "seats_left": seats_left,
        "full": seats_left == 0,
        "streams": streams,
        "opens_at": cohort.registration_opens_at
        and timezone.localtime(cohort.registration_opens_at, zone),
        "closes_at": cohort.registration_closes_at
        and timezone.localtime(cohort.registration_closes_at, zone),
        "registration_open": cohort.registration_is_open(),
        "cancellation_html": markdown(_text(cohort.cancellation_policy)),
        "access_html": markdown(_text(cohort.venue.access)) if cohort.venue else "",
        "accessibility_html": markdown(_text(cohort.venue.accessibility)) if cohort.venue else "",
    }


def _text(value) -> str:
    """A multilingual field's text in the active language (with i18nfield's fallback)."""
    return str(value) if value else ""


@require_GET
def cohort_page(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _get_cohort(request, slug)
    context = cohort_facts(cohort)
    context["enrolment"] = (
        Enrolment.objects.filter(cohort=cohort, user=request.user).first()
        if request.user.is_authenticated else None
    )
    return render(request, "delivery/registration/cohort.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def register_page(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _get_cohort(request, slug, listed_only=True)
    existing = Enrolment.objects.filter(cohort=cohort, user=request.user).first()
    if existing and existing.is_active:
        messages.info(request, _("You are already registered for this cohort."))
        return redirect(_enrolment_url(cohort))
    form = RegistrationForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            register(
                request.user,
                cohort,
                language=form.cleaned_data["language"],
                stream=form.cleaned_data.get("stream"),
                answers=form.answers(),
                modules=form.chosen_modules(),
                invitation=request.POST.get("invitation", ""),
            )
        except RegistrationRefused as refusal:
            if Enrolment.objects.filter(cohort=cohort, user=request.user).active().exists():
                # A second submission of the same form: the first one counted.
                messages.info(request, _("You are already registered for this cohort."))
                return redirect(_enrolment_url(cohort))
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Thank you: your registration has been received."))
            return redirect(_enrolment_url(cohort))
    context = cohort_facts(cohort)
    context.update(
        form=form,
        billing_fields=[form[name] for name in form.BILLING_FIELDS if name in form.fields],
        travel_fields=[form[name] for name in form.TRAVEL_FIELDS if name in form.fields],
        needs_billing=needs_billing(cohort),
        needs_travel=needs_travel(cohort),
        invitation=request.POST.get("invitation") or request.GET.get("invitation", ""),
    )
    return render(request, "delivery/registration/register.html", context)


def waiting_position(enrolment: Enrolment) -> int:
    ahead = enrolment.cohort.enrolments.waiting().filter(
        Q(created_at__lt=enrolment.created_at)
        | Q(created_at=enrolment.created_at, pk__lt=enrolment.pk)
    )
    return ahead.count() + 1


def _enrolment_context(enrolment: Enrolment, receipt_form: ReceiptForm | None = None) -> dict:
    cohort = enrolment.cohort
    context = cohort_facts(cohort)
    zone = cohort.zone
    context.update(
        enrolment=enrolment,
        status=enrolment.status,
        Status=Enrolment.Status,
        position=waiting_position(enrolment)
        if enrolment.status == Enrolment.Status.WAITLISTED else None,
        offer_expires_at=enrolment.offer_expires_at
        and timezone.localtime(enrolment.offer_expires_at, zone),
        payment_due_at=invoices.due_date(enrolment),
        bank=invoices.bank_account(),
        amount=fee_text(cohort),
        has_invoice=cohort.is_paid and bool(enrolment.payment_reference),
        may_upload=enrolment.status == Enrolment.Status.AWAITING_PAYMENT,
        receipt_form=receipt_form or ReceiptForm(),
        receipt_name=enrolment.receipt.name.rsplit("/", 1)[-1] if enrolment.receipt else "",
    )
    return context


@login_required
@require_GET
def enrolment_page(request: HttpRequest, slug: str) -> HttpResponse:
    enrolment = _get_own_enrolment(request, slug)
    return render(request, "delivery/registration/enrolment.html", _enrolment_context(enrolment))


@login_required
@require_POST
def accept_page(request: HttpRequest, slug: str) -> HttpResponse:
    enrolment = _get_own_enrolment(request, slug)
    try:
        accept_offer(enrolment)
    except RegistrationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You have accepted the seat."))
    return redirect(_enrolment_url(enrolment.cohort))


@login_required
@require_POST
def change_stream_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Move one's active enrolment to another of the cohort's streams."""
    enrolment = _get_own_enrolment(request, slug)
    cohort = enrolment.cohort
    if not enrolment.is_active:
        messages.error(request, _("You are no longer registered for this cohort."))
        return redirect(_enrolment_url(cohort))
    stream = cohort.streams.filter(pk=_int(request.POST.get("stream"))).first()
    if stream is None:
        messages.error(request, _("Choose one of this cohort's streams."))
        return redirect(_enrolment_url(cohort))
    Enrolment.objects.filter(pk=enrolment.pk).update(stream=stream)
    messages.success(
        request, _("Your stream is now: %(stream)s.") % {"stream": stream.name}
    )
    return redirect(_enrolment_url(cohort))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_POST
def receipt_page(request: HttpRequest, slug: str) -> HttpResponse:
    enrolment = _get_own_enrolment(request, slug)
    if enrolment.status != Enrolment.Status.AWAITING_PAYMENT:
        messages.error(request, _("A proof of payment is not needed for this enrolment."))
        return redirect(_enrolment_url(enrolment.cohort))
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The proof of payment was not uploaded; see below."))
        context = _enrolment_context(enrolment, receipt_form=form)
        return render(request, "delivery/registration/enrolment.html", context, status=400)
    upload = form.cleaned_data["receipt"]
    name = f"{enrolment.payment_reference or enrolment.pk}-{secrets.token_hex(4)}.{upload.kind}"
    if enrolment.receipt:
        enrolment.receipt.delete(save=False)
    enrolment.receipt.save(name, upload, save=False)
    enrolment.save(update_fields=["receipt"])
    messages.success(
        request, _("Thank you: your proof of payment was uploaded. The organisers will check it.")
    )
    return redirect(_enrolment_url(enrolment.cohort))


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_page(request: HttpRequest, slug: str) -> HttpResponse:
    enrolment = _get_own_enrolment(request, slug)
    if not enrolment.is_active:
        messages.info(request, _("You are no longer registered for this cohort."))
        return redirect(_enrolment_url(enrolment.cohort))
    if request.method == "POST":
        withdraw(enrolment)
        messages.success(request, _("You have withdrawn from this cohort."))
        return redirect(_enrolment_url(enrolment.cohort))
    context = cohort_facts(enrolment.cohort)
    context["enrolment"] = enrolment
    return render(request, "delivery/registration/withdraw.html", context)


@login_required
@require_GET
def invoice_page(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """The invoice PDF: the owner's own (no ``pk``), or any of the cohort's for its organisers."""
    enrolments = Enrolment.objects.select_related(
        "cohort__programme__organisation", "user"
    ).filter(cohort__slug=slug, cohort__fee__gt=0, payment_reference__isnull=False)
    if pk is None:
        enrolment = get_object_or_404(enrolments, user=request.user)
    else:
        enrolment = get_object_or_404(
            enrolments.filter(cohort__in=Cohort.objects.managed_by(request.user)), pk=pk
        )
    if not enrolment.cohort.is_paid:
        raise Http404
    response = HttpResponse(invoices.invoice_pdf(enrolment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{invoices.invoice_filename(enrolment)}"'
    )
    return response
