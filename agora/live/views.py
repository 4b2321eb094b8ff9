"""Live sessions' pages. Who may see what is in ``access.py``; views find what the user may see
through it, call an action, and render.

- Participants (``/live/``, ``/live/j/<code>/``): join by code, answer, ask, upvote. Every form
  works without JavaScript; with it, sends go over the WebSocket, and pages poll when WebSockets
  are blocked.
- Facilitators (``/live/sessions/<id>/``): prepare, open, close, reveal, moderate, project,
  export. 404 for anyone who does not run the session's cohort.
"""

from __future__ import annotations

import csv
import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.delivery.exports import escape_cell
from agora.live import access, answering, charts, running
from agora.live.broadcast import notify_after_commit
from agora.live.forms import CopyForm, InteractionForm, RoomSettingsForm, answer_value
from agora.live.models import Interaction, Participant, Question, Room
from agora.live.state import answers_of, interaction_state, room_state
from agora.live.tally import InvalidAnswer

# --- Finding what the user may see ------------------------------------------------------------


def _run_session(request: HttpRequest, session_pk: int):
    sessions = access.sessions_run_by(request.user).select_related("cohort__programme")
    return get_object_or_404(sessions, pk=session_pk)


def _run_room(request: HttpRequest, session_pk: int) -> Room:
    rooms = access.rooms_run_by(request.user).select_related("session__cohort", "current")
    return get_object_or_404(rooms, session_id=session_pk)


def _joined(request: HttpRequest, code: str) -> tuple[Room, Participant | None]:
    """The room of ``code`` and this person's (or device's) participant in it; None when they
    must log in first. 404 for an unknown code."""
    room = access.room_by_code(code)
    if room is None:
        raise Http404
    device = access.device_of(request.COOKIES)
    try:
        return room, answering.join(room, user=request.user, device=device)
    except PermissionError:
        if request.user.is_authenticated and not room.allow_anonymous:
            raise Http404 from None  # an account that is not of this cohort
        return room, None  # to log in, or to join as this device


# --- Participants -----------------------------------------------------------------------------


@require_GET
def join_page(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")
    error = ""
    if code:
        room = access.room_by_code(code)
        if room is not None:
            return redirect("live:participate", code=room.code)
        error = _("No live session has this code. Check it on the screen and try again.")
    return render(request, "live/join.html", {"code": code, "error": error})


def _participant_context(room: Room, participant: Participant) -> dict:
    state = room_state(room, moderator=False)
    interactions = {i.pk: i for i in room.interactions.exclude(state=Interaction.State.DRAFT)}
    items = [(interactions[item["id"]], item) for item in state["interactions"]]
    mine = answers_of(participant)
    return {"room": room, "state": state, "items": items, "mine": mine, "participant": participant}


@require_GET
def participate(request: HttpRequest, code: str) -> HttpResponse:
    room, participant = _joined(request, code)
    if participant is None and not room.allow_anonymous:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    response = HttpResponse()
    if participant is None:  # anonymous: this device becomes the participant
        device = access.ensure_device(request, response)
        participant = answering.join(room, device=device)
    elif not request.user.is_authenticated:
        access.ensure_device(request, response)  # renew the cookie
    template = "live/_participant_panel.html" if request.htmx else "live/participate.html"
    context = _participant_context(room, participant)
    response.content = render(request, template, context).content
    return response


def _after_send(request: HttpRequest, room: Room, message: str, ok: bool) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=200 if ok else 422)
        response.content = message.encode()
        return response
    (messages.success if ok else messages.error)(request, message)
    return redirect("live:participate", code=room.code)


def _participant_action(request: HttpRequest, code: str, action, *arguments) -> HttpResponse:
    room, participant = _joined(request, code)
    if participant is None:
        raise Http404
    try:
        done = action(participant, *arguments)
    except answering.Refused as refused:
        return _after_send(request, room, str(refused.message), ok=False)
    everyone = not (isinstance(done, Question) and done.status == Question.Status.PENDING)
    notify_after_commit(room.pk, everyone=everyone)
    return _after_send(request, room, _("Thank you: recorded."), ok=True)


@require_POST
def answer(request: HttpRequest, code: str, interaction_pk: int) -> HttpResponse:
    room = access.room_by_code(code)
    interaction = room and room.interactions.filter(pk=interaction_pk).first()
    if interaction is None:
        raise Http404
    try:
        value = answer_value(interaction, request.POST)
    except InvalidAnswer as invalid:
        return _after_send(request, room, str(answering.REFUSALS[invalid.code]), ok=False)
    return _participant_action(request, code, answering.submit_answer, interaction_pk, value)


@require_POST
def ask(request: HttpRequest, code: str, interaction_pk: int) -> HttpResponse:
    text = request.POST.get("text", "")
    return _participant_action(request, code, answering.ask_question, interaction_pk, text)


@require_POST
def upvote(request: HttpRequest, code: str, question_pk: int) -> HttpResponse:
    return _participant_action(request, code, answering.upvote, question_pk)


# --- Facilitators -----------------------------------------------------------------------------


def _manage_context(request: HttpRequest, room: Room) -> dict:
    state = room_state(room, moderator=True)
    interactions = {i.pk: i for i in room.interactions.all()}
    items = [(interactions[item["id"]], item) for item in state["interactions"]]
    sources = (
        access.rooms_run_by(request.user)
        .exclude(pk=room.pk)
        .filter(interactions__isnull=False)
        .distinct()
        .select_related("session__cohort__programme")
        .order_by("-session__starts_at")
    )
    return {
        "room": room,
        "session": room.session,
        "state": state,
        "items": items,
        "join_url": request.build_absolute_uri(reverse("live:participate", args=[room.code])),
        "settings_form": RoomSettingsForm(initial={"allow_anonymous": room.allow_anonymous}),
        "copy_form": CopyForm(sources=sources) if sources.exists() else None,
    }


@login_required
@require_GET
def manage(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _run_session(request, session_pk)
    room = access.rooms_run_by(request.user).filter(session=session).first()
    if room is None:
        return render(request, "live/prepare.html", {"session": session})
    room.session = session
    if request.htmx:
        return render(request, "live/_manage_panel.html", _manage_context(request, room))
    return render(request, "live/manage.html", _manage_context(request, room))


@login_required
@require_POST
def prepare(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = _run_session(request, session_pk)
    running.prepare_room(session)
    return redirect("live:manage", session_pk=session.pk)


@login_required
@require_POST
def room_settings(request: HttpRequest, session_pk: int) -> HttpResponse:
    room = _run_room(request, session_pk)
    form = RoomSettingsForm(request.POST)
    if form.is_valid():
        room.allow_anonymous = form.cleaned_data["allow_anonymous"]
        room.save(update_fields=["allow_anonymous"])
        messages.success(request, _("Saved."))
    return redirect("live:manage", session_pk=session_pk)


@login_required
@require_http_methods(["GET", "POST"])
def edit_interaction(request: HttpRequest, session_pk: int, pk: int | None = None) -> HttpResponse:
    room = _run_room(request, session_pk)
    interaction = get_object_or_404(room.interactions, pk=pk) if pk else None
    form = InteractionForm(request.POST or None, instance=interaction)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            saved.room = room
            if interaction is None:
                saved.order = running.next_order(room)
            saved.save()
            notify_after_commit(room.pk)
        messages.success(request, _("Saved."))
        return redirect("live:manage", session_pk=session_pk)
    context = {"room": room, "session": room.session, "form": form, "interaction": interaction}
    return render(request, "live/interaction_form.html", context)


ACTIONS = {
    "open": running.open_interaction,
    "close": lambda interaction: interaction.close(),
    "reveal": lambda interaction: interaction.reveal(True),
    "hide": lambda interaction: interaction.reveal(False),
    "project": running.show_on_projector,
    "delete": lambda interaction: interaction.delete(),
}


@login_required
@require_POST
def interaction_action(request: HttpRequest, session_pk: int, pk: int, action: str) -> HttpResponse:
    room = _run_room(request, session_pk)
    interaction = get_object_or_404(room.interactions, pk=pk)
    if action not in ACTIONS:
        raise Http404
    with transaction.atomic():
        ACTIONS[action](interaction)
        notify_after_commit(room.pk)
    return redirect(f"{reverse('live:manage', args=[session_pk])}#interaction-{pk}")


@login_required
@require_POST
def moderate(request: HttpRequest, session_pk: int, pk: int, status: str) -> HttpResponse:
    room = _run_room(request, session_pk)
    question = get_object_or_404(Question.objects.filter(interaction__room=room), pk=pk)
    if status not in Question.Status.values:
        raise Http404
    with transaction.atomic():
        running.moderate(question, status)
        notify_after_commit(room.pk)
    target = reverse("live:manage", args=[session_pk])
    return redirect(f"{target}#interaction-{question.interaction_id}")


@login_required
@require_POST
def copy(request: HttpRequest, session_pk: int) -> HttpResponse:
    room = _run_room(request, session_pk)
    form = CopyForm(request.POST, sources=access.rooms_run_by(request.user).exclude(pk=room.pk))
    if form.is_valid():
        copied = running.copy_interactions(form.cleaned_data["source"], room)
        messages.success(request, _("%(count)d interactions copied.") % {"count": len(copied)})
    else:
        messages.error(request, _("Choose a session to copy from."))
    return redirect("live:manage", session_pk=session_pk)


@login_required
@require_GET
def projector(request: HttpRequest, session_pk: int) -> HttpResponse:
    room = _run_room(request, session_pk)
    state = room_state(room, moderator=True)
    current = next((item for item in state["interactions"] if item["id"] == room.current_id), None)
    context = {
        "room": room,
        "session": room.session,
        "state": state,
        "current": current,
        "interaction": room.current,
        "join_url": request.build_absolute_uri(reverse("live:participate", args=[room.code])),
    }
    template = "live/_projector_panel.html" if request.htmx else "live/projector.html"
    return render(request, template, context)


@login_required
@require_GET
def qr_code(request: HttpRequest, session_pk: int) -> HttpResponse:
    room = _run_room(request, session_pk)
    url = request.build_absolute_uri(reverse("live:participate", args=[room.code]))
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=8, border=2, title=_("QR code to join the live session")
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def _export_rows(room: Room):
    yield [_("Interaction"), _("Kind"), _("Answer"), _("Count")]
    for interaction in room.interactions.all():
        if interaction.is_poll:
            for label, count in interaction.tally().rows:
                yield [interaction.prompt, interaction.get_kind_display(), label, count]
        else:
            for question in interaction.questions.with_votes():
                yield [
                    interaction.prompt, interaction.get_kind_display(),
                    f"{question.text} ({question.get_status_display()})", question.votes,
                ]


@login_required
@require_GET
def results_csv(request: HttpRequest, session_pk: int) -> HttpResponse:
    room = _run_room(request, session_pk)
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _export_rows(room):
        writer.writerow([escape_cell(cell) for cell in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = slugify(f"live-{room.session.cohort.slug}-{room.session.pk}")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def chart_svg(interaction: Interaction) -> str:
    result = interaction.tally()
    footer = _("%(count)d answers") % {"count": result.answers}
    if result.mean is not None:
        footer += " · " + _("average %(mean)s") % {"mean": result.mean}
    draw = charts.word_cloud if interaction.kind == Interaction.Kind.WORDS else charts.bar_chart
    return draw(interaction.prompt, result.rows, footer)


@require_GET
def chart(request: HttpRequest, session_pk: int, pk: int) -> HttpResponse:
    # Those who run the session, and the cohort's learners once the results are shown.
    sessions = access.sessions_followed_by(request.user)
    session = get_object_or_404(sessions, pk=session_pk)
    interactions = Interaction.objects.filter(room__session=session, kind__in=_POLL_KINDS)
    if not access.sessions_run_by(request.user).filter(pk=session.pk).exists():
        interactions = interactions.filter(revealed=True)
    interaction = get_object_or_404(interactions, pk=pk)
    response = HttpResponse(chart_svg(interaction), content_type="image/svg+xml")
    name = slugify(f"live-{session.pk}-{interaction.pk}")
    response["Content-Disposition"] = f'inline; filename="{name}.svg"'
    return response


_POLL_KINDS = [k for k in Interaction.Kind.values if k != Interaction.Kind.QUESTIONS]


@require_GET
def summary(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The results kept with the session, for its cohort afterwards."""
    session = get_object_or_404(
        access.sessions_followed_by(request.user).select_related("cohort"), pk=session_pk
    )
    runs = access.sessions_run_by(request.user).filter(pk=session.pk).exists()
    room = Room.objects.filter(session=session).first()
    interactions = room.interactions.exclude(state=Interaction.State.DRAFT) if room else []
    if room and not runs:
        interactions = interactions.filter(Q(revealed=True) | Q(kind=Interaction.Kind.QUESTIONS))
    items = [(i, interaction_state(i, moderator=runs)) for i in interactions]
    context = {"session": session, "room": room, "items": items, "runs": runs}
    return render(request, "live/summary.html", context)
