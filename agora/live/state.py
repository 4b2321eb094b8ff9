"""The full current state of a room, as sent to screens: every message carries all of it, so a
client that missed one (the channel layer delivers at most once) or reconnects is whole again."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from django.db.models import Count

from agora.live.models import Answer, Interaction, Participant, Question, Room

SCREENS = "screens"  # facilitator and projector: everything, pending questions too
EVERYONE = "everyone"  # participants: opened interactions, results once revealed


def group_name(room_pk: int, audience: str) -> str:
    return f"live.{room_pk}.{audience}"


def _questions(interaction: Interaction, *, moderator: bool) -> list[dict[str, Any]]:
    questions = interaction.questions.all() if moderator else interaction.questions.shown()
    questions = questions.exclude(status=Question.Status.ARCHIVED).with_votes()
    return [
        {"id": q.pk, "text": q.text, "status": q.status, "votes": q.votes} for q in questions
    ]


def interaction_state(interaction: Interaction, *, moderator: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": interaction.pk,
        "kind": interaction.kind,
        "prompt": interaction.prompt,
        "state": interaction.state,
        "revealed": interaction.revealed,
        "options": list(interaction.options),
        "multiple": interaction.multiple,
        "scale": interaction.scale,
    }
    if interaction.is_poll:
        shows_results = moderator or interaction.revealed
        data["tally"] = interaction.tally().as_dict() if shows_results else None
    else:
        data["questions"] = _questions(interaction, moderator=moderator)
    return data


def layout_of(interactions: list[dict[str, Any]], current: int | None) -> str:
    """A fingerprint of what a page draws (not the counts): same layout, update in place."""
    shape = [current]
    for item in interactions:
        rows = [row[0] for row in (item.get("tally") or {}).get("rows", [])]
        questions = [(q["id"], q["status"]) for q in item.get("questions", [])]
        shape.append((item["id"], item["state"], item["revealed"], rows, questions))
    return hashlib.blake2s(json.dumps(shape).encode(), digest_size=8).hexdigest()


def room_state(room: Room, *, moderator: bool) -> dict[str, Any]:
    """The state every screen of ``room`` draws from. ``at`` is when it was read, so a client
    can tell that a state includes an answer stored before then."""
    at = time.time()
    interactions = room.interactions.all()
    if not moderator:
        interactions = interactions.exclude(state=Interaction.State.DRAFT)
    items = [interaction_state(i, moderator=moderator) for i in interactions]
    return {
        "type": "state",
        "at": at,
        "code": room.code,
        "current": room.current_id,
        "participants": room.participants.count(),
        "layout": layout_of(items, room.current_id),
        "interactions": items,
    }


def states_for(room_pk: int, audiences: set[str]) -> dict[str, dict[str, Any]]:
    room = Room.objects.select_related("session__cohort").get(pk=room_pk)
    return {
        audience: room_state(room, moderator=audience == SCREENS) for audience in audiences
    }


def answers_of(participant: Participant) -> dict[str, Any]:
    """The participant's own answers and upvotes, to show what they chose."""
    answers = Answer.objects.filter(participant=participant).values_list("interaction", "value")
    upvoted = participant.upvotes.values_list("question", flat=True)
    asked = Question.objects.filter(participant=participant).values("interaction").annotate(
        n=Count("pk")
    )
    return {
        "type": "mine",
        "answers": {str(pk): value for pk, value in answers},
        "upvoted": list(upvoted),
        "asked": {str(row["interaction"]): row["n"] for row in asked},
    }
