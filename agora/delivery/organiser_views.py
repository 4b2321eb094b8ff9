"""Organiser pages of a cohort: figures, enrolments, exports, messages, capacity, copies, and
the attendance screen that facilitators use too.

Who may see what, in one place:
- ``_managed_cohort``: organisers of the programme's organisation, and platform admins
  (``Cohort.objects.managed_by``); anyone else gets 404.
- ``_attendance_cohort``: those, and the cohort's facilitators.
Everything else is found through the cohort.
"""

from __future__ import annotations

import mimetypes
import uuid
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.db.models import Count, F, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import Organisation
from agora.delivery import exports, organising, registration
from agora.delivery.attendance import record_attendance
from agora.delivery.models import (
    Cohort,
    Enrolment,
    EnrolmentQuerySet,
)
from agora.delivery.registration import invite

PAGE_SIZE = 50

# --- Who may see what -----------------------------------------------------------------------------


def _managed_cohort(request: HttpRequest, slug: str) -> Cohort:
    cohorts = Cohort.objects.managed_by(request.user).select_related("programme")
    return get_object_or_404(cohorts, slug=slug)


def _attendance_cohort(request: HttpRequest, slug: str) -> Cohort:
    cohorts = Cohort.objects.run_by(request.user).select_related("programme")
    return get_object_or_404(cohorts, slug=slug)


def _back(request: HttpRequest, cohort: Cohort) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("delivery:manage_cohort", args=[cohort.slug])


# --- Cohort list ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = (
        Cohort.objects.managed_by(request.user)
        .select_related("programme")
        .annotate(
            taken=Count(
                "enrolments",
                filter=Q(enrolments__status__in=EnrolmentQuerySet.SEAT_HOLDING),
                distinct=True,
            ),
            waiting=Count(
                "enrolments",
                filter=Q(enrolments__status=Enrolment.Status.WAITLISTED),
                distinct=True,
            ),
        )
    )
    # New cohorts and venues belong to an organisation: only its organisers get the buttons
    # (setup_views answers 404 to everybody else).
    organises = Organisation.objects.organised_by(request.user).exists()
    return render(
        request,
        "delivery/organiser/cohort_list.html",
        {"cohorts": cohorts, "organises": organises},
    )


# --- Cohort page: figures, filtered enrolments, exports -------------------------------------------


class EnrolmentFilter(forms.Form):
    PAYMENT_CHOICES = [
        ("", gettext_lazy("Any")),
        ("unpaid", gettext_lazy("Waiting for payment")),
        ("paid", gettext_lazy("Paid")),
    ]

    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    stream = forms.ChoiceField(label=gettext_lazy("Stream"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    payment = forms.ChoiceField(
        label=gettext_lazy("Payment"), required=False, choices=PAYMENT_CHOICES
    )

    def __init__(self, data, *, cohort: Cohort, organisations: list[str]):
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["status"].choices = anything + list(Enrolment.Status.choices)
        self.fields["stream"].choices = anything + [
            (str(stream.pk), str(stream)) for stream in cohort.streams.all()
        ]
        names = dict(settings.CONTENT_LANGUAGES)
        self.fields["language"].choices = anything + [
            (code, names.get(code, code)) for code in cohort.languages
        ]
        self.fields["organisation"].choices = anything + [(o, o) for o in organisations]

    def apply(self, enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
        if not self.is_valid():
            return enrolments
        data = self.cleaned_data
        if data["status"]:
            enrolments = enrolments.filter(status=data["status"])
        if data["stream"]:
            enrolments = enrolments.filter(stream_id=int(data["stream"]))
        if data["language"]:
            enrolments = enrolments.filter(language=data["language"])
        if data["organisation"]:
            enrolments = enrolments.filter(answers__organisation=data["organisation"])
        if data["payment"] == "paid":
            enrolments = enrolments.filter(paid_at__isnull=False)
        elif data["payment"] == "unpaid":
            enrolments = enrolments.filter(
                status=Enrolment.Status.AWAITING_PAYMENT, paid_at__isnull=True
            )
        return enrolments


def _filtered_enrolments(request: HttpRequest, cohort: Cohort):
    organisations = sorted(
        {
            str(value)
            for value in cohort.enrolments.order_by()
            .values_list("answers__organisation", flat=True)
            .distinct()
            if value
        }
    )
    form = EnrolmentFilter(request.GET or None, cohort=cohort, organisations=organisations)
    enrolments = form.apply(cohort.enrolments.select_related("user", "stream"))
    return form, enrolments


@login_required
@require_http_methods(["GET"])
def cohort_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    figures = cohort.enrolments.aggregate(
        taken=Count("pk", filter=Q(status__in=EnrolmentQuerySet.SEAT_HOLDING)),
        waiting=Count("pk", filter=Q(status=Enrolment.Status.WAITLISTED)),
        pending=Count("pk", filter=Q(status=Enrolment.Status.PENDING_APPROVAL)),
        unpaid=Count("pk", filter=Q(status=Enrolment.Status.AWAITING_PAYMENT)),
    )
    # The sign-up day is stored (in the cohort's zone): one GROUP BY over an index.
    per_day = list(
        cohort.enrolments.order_by()
        .filter(registered_on__isnull=False)
        .values(day=F("registered_on"))
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    most = max((day["count"] for day in per_day), default=0)
    for day in per_day:
        day["percent"] = round(100 * day["count"] / most) if most else 0
    form, enrolments = _filtered_enrolments(request, cohort)
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    # One lookup per row: get_status_display() would translate every status on every row.
    status_names = dict(Enrolment.Status.choices)
    for enrolment in page.object_list:
        enrolment.status_name = status_names.get(enrolment.status, enrolment.status)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "delivery/organiser/cohort_detail.html",
        {
            "cohort": cohort,
            "figures": figures,
            "seats_left": (
                max(cohort.capacity - figures["taken"], 0) if cohort.capacity is not None else None
            ),
            "per_day": per_day,
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET"])
def export_enrolments(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _, enrolments = _filtered_enrolments(request, cohort)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(enrolments), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(enrolments),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{cohort.slug}-{stamp}.{fmt}"'
    return response


# --- Actions on one enrolment ---------------------------------------------------------------------

ENROLMENT_ACTIONS = {
    "approve": (registration.approve, gettext_lazy("Approved: %(name)s.")),
    "reject": (registration.reject, gettext_lazy("Not admitted: %(name)s.")),
    "mark-paid": (registration.mark_paid, gettext_lazy("Payment recorded: %(name)s.")),
}


@login_required
@require_POST
def enrolment_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    if action not in ENROLMENT_ACTIONS:
        raise Http404
    enrolment = get_object_or_404(cohort.enrolments.select_related("user", "cohort"), pk=pk)
    function, message = ENROLMENT_ACTIONS[action]
    function(enrolment)
    messages.success(request, message % {"name": enrolment.user.full_name or enrolment.user})
    return redirect(_back(request, cohort))


@login_required
@require_http_methods(["GET"])
def enrolment_receipt(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The learner's proof of payment, from private storage, as a download."""
    cohort = _managed_cohort(request, slug)
    enrolment = get_object_or_404(cohort.enrolments.exclude(receipt=""), pk=pk)
    stored = enrolment.receipt.name
    try:
        handle = default_storage.open(stored, "rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = PurePosixPath(stored).suffix.lower()
    filename = get_valid_filename(
        f"{_('receipt')}-{enrolment.payment_reference or enrolment.pk}{suffix}"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=mimetypes.guess_type(stored)[0] or "application/octet-stream",
    )
    # Whatever the file holds, a browser opening it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    return response


# --- Messages -------------------------------------------------------------------------------------


class MessageForm(forms.Form):
    """A message to a cohort, a stream or a language group, with one text per language of the
    cohort. The first language's text is required: it goes to those whose language has none."""

    stream = forms.ChoiceField(label=gettext_lazy("Stream"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language group"), required=False)
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, cohort: Cohort, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["stream"].choices = [("", _("Every stream"))] + [
            (str(stream.pk), str(stream)) for stream in cohort.streams.all()
        ]
        names = dict(settings.CONTENT_LANGUAGES)
        self.fields["language"].choices = [("", _("Every language"))] + [
            (code, names.get(code, code)) for code in cohort.languages
        ]
        for index, code in enumerate(cohort.languages):
            name = names.get(code, code)
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name}, max_length=200,
                required=index == 0, widget=forms.TextInput(attrs={"lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message (%(language)s)") % {"language": name}, required=index == 0,
                widget=forms.Textarea(attrs={"lang": code, "rows": 6}),
                help_text=(
                    _("Left empty, readers of %(language)s get the %(first)s text.")
                    % {"language": name, "first": names.get(cohort.languages[0])}
                    if index else ""
                ),
            )  # fmt: skip

    def clean_stream(self):
        value = self.cleaned_data["stream"]
        return self.cohort.streams.get(pk=int(value)) if value else None

    def clean(self):
        cleaned = super().clean()
        for code in self.cohort.languages:
            subject, body = cleaned.get(f"subject_{code}"), cleaned.get(f"body_{code}")
            if bool(subject) != bool(body) and not self.errors.get(f"subject_{code}"):
                missing = f"body_{code}" if subject else f"subject_{code}"
                self.add_error(missing, _("Write both the subject and the message, or neither."))
        if not self.errors and not self.texts():  # a cohort without languages has no fields
            raise ValidationError(_("Write the message in at least one language."))
        return cleaned

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            code: {"subject": data[f"subject_{code}"], "body": data[f"body_{code}"]}
            for code in self.cohort.languages
            if data.get(f"subject_{code}") and data.get(f"body_{code}")
        }

    def text_fields(self):
        return [self[name] for name in self.fields if name.startswith(("subject_", "body_"))]


@login_required
@require_http_methods(["GET", "POST"])
def cohort_message(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    if request.method == "GET":
        form = MessageForm(initial={"key": uuid.uuid4()}, cohort=cohort)
        return render(request, "delivery/organiser/message.html", {"cohort": cohort, "form": form})
    form = MessageForm(request.POST, cohort=cohort)
    if not form.is_valid():
        return render(
            request, "delivery/organiser/message.html", {"cohort": cohort, "form": form},
            status=400,
        )
    data = form.cleaned_data
    recipients = organising.message_recipients(
        cohort, stream=data["stream"], language=data["language"]
    )
    if request.POST.get("send") != "1":
        return render(
            request,
            "delivery/organiser/message_preview.html",
            {"cohort": cohort, "form": form, "count": recipients.count(), "texts": form.texts()},
        )
    message = organising.send_message(
        cohort, texts=form.texts(), key=data["key"], sent_by=request.user,
        stream=data["stream"], language=data["language"],
    )  # fmt: skip
    if message is None:  # the same form submitted twice (a double click, a reload)
        messages.info(request, _("This message was already sent."))
    else:
        messages.success(
            request,
            _("Your message is being sent to %(count)d people.")
            % {"count": message.recipient_count},
        )
    return redirect("delivery:manage_messages", cohort.slug)


@login_required
@require_http_methods(["GET"])
def message_history(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    page = Paginator(
        cohort.messages.select_related("sent_by", "stream"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    names = dict(settings.CONTENT_LANGUAGES)
    for message in page.object_list:
        message.text_list = [
            (code, names.get(code, code), message.texts[code])
            for code in cohort.languages
            if code in message.texts
        ]
    return render(
        request, "delivery/organiser/message_history.html", {"cohort": cohort, "page": page}
    )


# --- Capacity -------------------------------------------------------------------------------------


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=gettext_lazy("Seats"), min_value=0, required=False,
        help_text=gettext_lazy("Leave empty for no limit."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_capacity(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    taken = cohort.seats_taken()
    context = {"cohort": cohort, "taken": taken}
    if request.method == "GET":
        context["form"] = CapacityForm(initial={"capacity": cohort.capacity})
        return render(request, "delivery/organiser/capacity.html", context)
    form = CapacityForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return render(request, "delivery/organiser/capacity.html", context, status=400)
    capacity = form.cleaned_data["capacity"]
    over = organising.seats_over(cohort, capacity)
    if over and request.POST.get("confirm") != "1":
        context.update(capacity=capacity, over=over)
        return render(request, "delivery/organiser/capacity_confirm.html", context)
    offered = organising.change_capacity(cohort, capacity)
    messages.success(request, _("The number of seats is changed."))
    if offered:
        messages.info(
            request,
            _("%(count)d people on the waiting list were offered a seat.")
            % {"count": len(offered)},
        )
    return redirect("delivery:manage_cohort", cohort.slug)


# --- Copy -----------------------------------------------------------------------------------------


class CopyForm(forms.Form):
    starts_on = forms.DateField(
        label=gettext_lazy("New start date"), widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_copy(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    form = CopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = organising.copy_cohort(cohort, form.cleaned_data["starts_on"])
        messages.success(request, _("The copy is saved as a draft."))
        return redirect("delivery:manage_cohort", copy.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "delivery/organiser/copy.html", {"cohort": cohort, "form": form}, status=status
    )


# --- Attendance -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, slug: str, session_pk: int) -> HttpResponse:
    cohort = _attendance_cohort(request, slug)
    session = get_object_or_404(cohort.sessions, pk=session_pk)
    enrolments = cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).select_related(
        "user"
    ).order_by("user__full_name", "pk")
    if session.language:
        enrolments = enrolments.filter(language=session.language)
    enrolments = list(enrolments)
    if request.method == "POST":
        present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
        record_attendance(session, enrolments, present, request.user)
        messages.success(request, _("Attendance saved."))
        return redirect(request.path)
    marks = dict(session.attendance.values_list("enrolment_id", "present"))
    rows = [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]
    starts = timezone.localtime(session.starts_at, cohort.zone)
    return render(
        request,
        "delivery/organiser/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "rows": rows,
            "starts": starts,
            "may_manage": Cohort.objects.managed_by(request.user).filter(pk=cohort.pk).exists(),
        },
    )


# --- Invitations ----------------------------------------------------------------------------------


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses, one per line"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_emails(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["emails"].splitlines() if line.strip()]
        invalid = []
        for line in lines:
            try:
                validate_email(line)
            except ValidationError:
                invalid.append(line)
        if invalid:
            raise ValidationError(
                _("These are not e-mail addresses: %(list)s") % {"list": ", ".join(invalid)}
            )
        return lines


@login_required
@require_http_methods(["GET", "POST"])
def cohort_invite(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = invite(cohort, form.cleaned_data["emails"], invited_by=request.user)
        messages.success(request, _("Invitations sent: %(count)d.") % {"count": len(sent)})
        return redirect("delivery:manage_invite", cohort.slug)
    invitations = cohort.invitations.all()
    return render(
        request,
        "delivery/organiser/invite.html",
        {"cohort": cohort, "form": form, "invitations": invitations},
        status=400 if form.errors else 200,
    )
