"""What facilitators do with a room: prepare it, show an interaction, moderate, re-use."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from agora.delivery.models import ScheduledSession
from agora.live.models import Interaction, Question, Room


def prepare_room(session: ScheduledSession) -> Room:
    """The session's room, created on first use."""
    room, _created = Room.objects.get_or_create(session=session)
    return room


def next_order(room: Room) -> int:
    return (room.interactions.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def open_interaction(interaction: Interaction) -> Interaction:
    """Open an interaction and put it on the projector."""
    interaction.open()
    Room.objects.filter(pk=interaction.room_id).update(current=interaction)
    return interaction


@transaction.atomic
def show_on_projector(interaction: Interaction) -> None:
    Room.objects.filter(pk=interaction.room_id).update(current=interaction)


def moderate(question: Question, status: str) -> Question:
    question.status = Question.Status(status)
    question.save(update_fields=["status"])
    return question


@transaction.atomic
def copy_interactions(source: Room, target: Room) -> list[Interaction]:
    """Copy every interaction of ``source`` into ``target``, unopened, after its own."""
    start = next_order(target)
    return [
        interaction.copy_to(target, order=start + offset)
        for offset, interaction in enumerate(source.interactions.all())
    ]
