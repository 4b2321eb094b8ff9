"""Organiser pages that set a cohort up: its settings, streams and their activity rules, its
schedule (sessions, in-person days and their blocks), venues, and staff.

Who may do what, in one place:
- a cohort and everything in it: organisers of its programme's organisation and platform
  admins (``_managed_cohort``, i.e. ``Cohort.objects.managed_by``); anyone else gets 404;
- a new cohort: of a programme of an organisation the user organises (``_organised_programme``);
- a venue: of an organisation the user organises (``_organised_venues``);
- someone who organises no organisation gets 404 on those pages (``_organisations``).
Streams, sessions and staff are found through the cohort, never by their id alone.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts.models import Organisation
from agora.catalogue.models import Activity, Programme
from agora.delivery import organising
from agora.delivery.models import Cohort, ScheduledSession, Venue
from agora.delivery.setup_forms import (
    REQUIREMENTS,
    BlockForm,
    CohortForm,
    SessionForm,
    StaffForm,
    StreamForm,
    VenueForm,
    parse_activity_rules,
)

FORM_TEMPLATE = "delivery/organiser/setup/form.html"

# --- Who may see what -----------------------------------------------------------------------------


def _managed_cohort(request: HttpRequest, slug: str) -> Cohort:
    cohorts = Cohort.objects.managed_by(request.user).select_related("programme")
    return get_object_or_404(cohorts, slug=slug)


def _organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """The organisations the user organises; someone who organises none gets 404."""
    organisations = Organisation.objects.organised_by(request.user)
    if not organisations.exists():
        raise Http404
    return organisations


def _organised_programmes(request: HttpRequest) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation__in=_organisations(request)).select_related(
        "organisation"
    )


def _organised_programme(request: HttpRequest, pk: int) -> Programme:
    return get_object_or_404(_organised_programmes(request), pk=pk)


def _organised_venues(request: HttpRequest) -> QuerySet[Venue]:
    return Venue.objects.filter(organisation__in=_organisations(request)).select_related(
        "organisation"
    )


def _form_page(request: HttpRequest, form, *, title: str, back: str, **context) -> HttpResponse:
    """The page of one setup form; 400 when it comes back with errors (what was typed kept)."""
    context.update(form=form, title=title, back=back)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, FORM_TEMPLATE, context, status=status)


# --- Cohort -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def cohort_new(request: HttpRequest) -> HttpResponse:
    """First step of a new cohort: which programme it runs."""
    programmes = _organised_programmes(request).order_by("organisation__name", "slug")
    return render(request, "delivery/organiser/setup/cohort_new.html", {"programmes": programmes})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = _organised_programme(request, programme_pk)
    form = CohortForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            cohort = form.save()
        messages.success(request, _("The cohort is saved. Add its streams, schedule and staff."))
        return redirect("delivery:manage_cohort", cohort.slug)
    title = _("New cohort of “%(programme)s”") % {"programme": programme.tr.title}
    return _form_page(
        request, form, title=title, back=reverse("delivery:manage_cohort_new"),
        submit=_("Create the cohort"),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    form = CohortForm(request.POST or None, instance=cohort, programme=cohort.programme)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            cohort = form.save()
        messages.success(request, _("The cohort's settings are saved."))
        return redirect("delivery:manage_cohort", cohort.slug)
    return _form_page(
        request, form, title=_("Settings of the cohort"), cohort=cohort,
        back=reverse("delivery:manage_cohort", args=[cohort.slug]),
        intro=_(
            "The number of seats is changed on its own page, which tells you what a lower "
            "number means."
        ),
        intro_link=reverse("delivery:manage_capacity", args=[cohort.slug]),
        intro_link_text=_("Change the number of seats"),
    )  # fmt: skip


# --- Streams ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def stream_list(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    streams = cohort.streams.annotate(learners=Count("enrolments"))
    return render(
        request, "delivery/organiser/setup/streams.html", {"cohort": cohort, "streams": streams}
    )


@login_required
@require_http_methods(["GET", "POST"])
def stream_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    stream = get_object_or_404(cohort.streams, pk=pk) if pk else None
    form = StreamForm(request.POST or None, instance=stream, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            stream = form.save()
        messages.success(request, _("The stream is saved."))
        if pk is None:  # a new stream: on to which activities it requires
            return redirect("delivery:manage_stream_rules", cohort.slug, stream.pk)
        return redirect("delivery:manage_streams", cohort.slug)
    title = _("Edit the stream “%(name)s”") % {"name": stream.name} if stream else _("New stream")
    return _form_page(
        request, form, title=title, cohort=cohort,
        back=reverse("delivery:manage_streams", args=[cohort.slug]),
        delete_url=(
            reverse("delivery:manage_stream_delete", args=[cohort.slug, stream.pk])
            if stream else ""
        ),
        delete_label=_("Delete this stream"),
    )  # fmt: skip


@login_required
@require_POST
def stream_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    stream = get_object_or_404(cohort.streams.annotate(learners=Count("enrolments")), pk=pk)
    if stream.learners:
        messages.error(
            request,
            _(
                "Nobody can be left without a stream: move the %(count)d learners of "
                "“%(name)s” first."
            )
            % {"count": stream.learners, "name": stream.name},
        )
        return redirect("delivery:manage_streams", cohort.slug)
    stream.delete()
    messages.success(request, _("The stream is deleted."))
    return redirect("delivery:manage_streams", cohort.slug)


def scope_activities(cohort: Cohort) -> list[Activity]:
    """Every activity of the cohort's programme, level and modules, in curriculum order."""
    activities = Activity.objects.filter(unit__module__level__programme_id=cohort.programme_id)
    if cohort.level_id:
        activities = activities.filter(unit__module__level_id=cohort.level_id)
    modules = [module.pk for module in cohort.modules.all()]
    if modules:
        activities = activities.filter(unit__module_id__in=modules)
    return list(
        activities.select_related("unit__module__level__programme").order_by(
            "unit__module__level__order", "unit__module__order", "unit__order", "order", "pk"
        )
    )


def _grouped_by_unit(activities: list[Activity], rules: dict[int, str]) -> list[dict]:
    units: list[dict] = []
    for activity in activities:
        if not units or units[-1]["unit"].pk != activity.unit_id:
            units.append({"unit": activity.unit, "rows": []})
        units[-1]["rows"].append((activity, rules.get(activity.pk, REQUIREMENTS.OPTIONAL)))
    return units


@login_required
@require_http_methods(["GET", "POST"])
def stream_rules(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One screen: each activity of the cohort is required, optional or hidden in the stream."""
    cohort = _managed_cohort(request, slug)
    stream = get_object_or_404(cohort.streams, pk=pk)
    activities = scope_activities(cohort)
    rules = dict(stream.activity_rules.values_list("activity_id", "requirement"))
    errors: list[str] = []
    if request.method == "POST":
        posted, errors = parse_activity_rules(request.POST, {a.pk for a in activities})
        if not errors:
            organising.set_activity_rules(stream, posted)
            messages.success(
                request, _("The activities of “%(name)s” are saved.") % {"name": stream.name}
            )
            return redirect("delivery:manage_streams", cohort.slug)
        rules.update(posted)  # what was chosen stays chosen
    return render(
        request,
        "delivery/organiser/setup/stream_rules.html",
        {
            "cohort": cohort,
            "stream": stream,
            "units": _grouped_by_unit(activities, rules),
            "requirements": REQUIREMENTS.choices,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- Schedule -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    sessions = cohort.sessions.select_related("unit__module__level__programme", "venue")
    days: dict[int, list[ScheduledSession]] = {}
    top = []
    for session in sessions:
        if session.parent_id:
            days.setdefault(session.parent_id, []).append(session)
        else:
            top.append(session)
    rows = [(session, days.get(session.pk, [])) for session in top]
    return render(
        request, "delivery/organiser/setup/schedule.html", {"cohort": cohort, "rows": rows}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    session = get_object_or_404(cohort.sessions.select_related("parent"), pk=pk) if pk else None
    if session is not None and session.kind == ScheduledSession.Kind.BLOCK:
        form = BlockForm(request.POST or None, instance=session, day=session.parent)
    else:
        form = SessionForm(request.POST or None, instance=session, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The schedule is saved."))
        return redirect("delivery:manage_schedule", cohort.slug)
    title = _("Edit “%(title)s”") % {"title": session.title} if session else _("New session")
    return _form_page(
        request, form, title=title, cohort=cohort,
        back=reverse("delivery:manage_schedule", args=[cohort.slug]),
        intro=_("Times are in the cohort's time zone, %(zone)s.") % {"zone": cohort.time_zone},
        delete_url=(
            reverse("delivery:manage_session_delete", args=[cohort.slug, session.pk])
            if session else ""
        ),
        delete_label=_("Delete this session"),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def block_create(request: HttpRequest, slug: str, day_pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    day = get_object_or_404(
        cohort.sessions.filter(kind=ScheduledSession.Kind.DAY).select_related("cohort"),
        pk=day_pk,
    )
    form = BlockForm(request.POST or None, day=day)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The block is added to the day."))
        return redirect("delivery:manage_schedule", cohort.slug)
    return _form_page(
        request, form, title=_("New block of “%(day)s”") % {"day": day.title}, cohort=cohort,
        back=reverse("delivery:manage_schedule", args=[cohort.slug]),
        intro=_("Times are in the cohort's time zone, %(zone)s.") % {"zone": cohort.time_zone},
    )  # fmt: skip


@login_required
@require_POST
def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    session = get_object_or_404(cohort.sessions, pk=pk)
    session.delete()  # its blocks and attendance go with it
    messages.success(request, _("The session is deleted."))
    return redirect("delivery:manage_schedule", cohort.slug)


# --- Staff --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, role = form.cleaned_data["email"], form.cleaned_data["role"]
        member, created = organising.assign_staff(cohort, user, role)
        if created:
            messages.success(
                request,
                _("%(name)s is now %(role)s of this cohort.")
                % {"name": user.full_name or user.email, "role": member.get_role_display().lower()},
            )
        else:
            messages.info(
                request,
                _("%(name)s already has this role.") % {"name": user.full_name or user.email},
            )
        return redirect("delivery:manage_staff", cohort.slug)
    members = cohort.staff.select_related("user").order_by("role", "user__full_name", "pk")
    return render(
        request,
        "delivery/organiser/setup/staff.html",
        {"cohort": cohort, "form": form, "members": members},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def staff_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cohort = _managed_cohort(request, slug)
    member = get_object_or_404(cohort.staff.select_related("user"), pk=pk)
    member.delete()
    messages.success(
        request, _("%(name)s is no longer %(role)s of this cohort.")
        % {"name": member.user.full_name or member.user.email,
           "role": member.get_role_display().lower()},
    )  # fmt: skip
    return redirect("delivery:manage_staff", cohort.slug)


# --- Venues -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def venue_list(request: HttpRequest) -> HttpResponse:
    venues = _organised_venues(request).order_by("organisation__name", "name")
    return render(request, "delivery/organiser/setup/venues.html", {"venues": venues})


@login_required
@require_http_methods(["GET", "POST"])
def venue_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    venue = get_object_or_404(_organised_venues(request), pk=pk) if pk else None
    organisations = _organisations(request).order_by("name")
    programmes = Programme.objects.filter(organisation__in=organisations).values_list(
        "languages", flat=True
    )
    languages = list(dict.fromkeys(code for codes in programmes for code in codes)) or ["en"]
    form = VenueForm(
        request.POST or None, instance=venue, organisations=organisations, languages=languages
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The venue is saved."))
        return redirect("delivery:manage_venues")
    title = _("Edit “%(name)s”") % {"name": venue.name} if venue else _("New venue")
    return _form_page(request, form, title=title, back=reverse("delivery:manage_venues"))
