"""WebSocket consumers: participants' screens, and the facilitator's and projector's screens.

Each sends the room's full state on connect, so a client that reconnects, or missed a message,
is whole again. Every answer is committed before its acknowledgement is sent.

Participant messages in: ``{"type": "answer", "interaction": id, "value": …, "ref": …}``,
``{"type": "question", "interaction": id, "text": …}``, ``{"type": "upvote", "question": id}``,
``{"type": "state"}``. Out: ``state`` (the room), ``mine`` (own answers), ``ack`` / ``refused``
(with the ``ref`` sent, and a message in the participant's language).
"""

from __future__ import annotations

import time

from channels.db import DatabaseSyncToAsync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation

from agora.live import access, answering, batching
from agora.live.broadcast import publish
from agora.live.models import Room
from agora.live.state import EVERYONE, SCREENS, answers_of, group_name, room_state

NOT_ALLOWED = 4403  # close code: this person may not join this room


def in_thread(function):
    """ORM code from a consumer, in Channels' database thread (connections closed after)."""
    return DatabaseSyncToAsync(function)


def _language(scope) -> str:
    user = scope.get("user")
    preferred = getattr(user, "preferred_language", "") if user else ""
    chosen = preferred or scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME, "")
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else settings.LANGUAGE_CODE


def _find_participant(code: str, user, cookies):
    room = access.room_by_code(code)
    if room is None:
        return None
    try:
        return answering.join(room, user=user, device=access.device_of(cookies))
    except PermissionError:
        return None


def _participant_states(participant) -> tuple[dict, dict]:
    return room_state(participant.room, moderator=False), answers_of(participant)


def _room_run_by(room_pk: int, user) -> Room | None:
    return access.rooms_run_by(user).select_related("session__cohort").filter(pk=room_pk).first()


class ParticipantConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        code = self.scope["url_route"]["kwargs"]["code"]
        self.participant = await in_thread(_find_participant)(
            code, self.scope.get("user"), self.scope.get("cookies", {})
        )
        if self.participant is None:
            await self.close(code=NOT_ALLOWED)
            return
        self.room_pk = self.participant.room_id
        self.language = _language(self.scope)
        await self.channel_layer.group_add(group_name(self.room_pk, EVERYONE), self.channel_name)
        await self.accept()
        await self.send_current()

    async def disconnect(self, code):
        if getattr(self, "participant", None) is not None:
            await self.channel_layer.group_discard(
                group_name(self.room_pk, EVERYONE), self.channel_name
            )

    async def send_current(self):
        state, mine = await in_thread(_participant_states)(self.participant)
        await self.send_json(state)
        await self.send_json(mine)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "state":
            await self.send_current()
            return
        actions = {
            "answer": (answering.submit_answer, "interaction", "value"),
            "question": (answering.ask_question, "interaction", "text"),
            "upvote": (answering.upvote, "question", None),
        }
        if kind not in actions:
            await self.send_json({"type": "refused", "ref": None, "message": ""})
            return
        action, target, payload = actions[kind]
        arguments = [content.get(target)] + ([content.get(payload)] if payload else [])
        ref = content.get("ref")
        try:
            if kind == "answer":  # written with the others queued in this process
                done = await batching.answer(self.participant, *arguments)
                if isinstance(done, answering.Refused):
                    raise done
            else:
                done = await in_thread(action)(self.participant, *arguments)
        except answering.Refused as refused:
            with translation.override(self.language):
                message = str(refused.message)
            await self.send_json({"type": "refused", "ref": ref, "message": message})
            return
        # Committed: acknowledge, then let the screens know (coalesced per process).
        await self.send_json({"type": "ack", "ref": ref, "stored_at": time.time()})
        await publish(self.room_pk, everyone=self._everyone_sees(kind, done))

    @staticmethod
    def _everyone_sees(kind: str, done) -> bool:
        if kind == "answer":
            return done.interaction.revealed
        if kind == "question":
            return done.status != done.Status.PENDING
        return True  # upvotes change the shown questions' order

    async def live_state(self, event):
        await self.send_json(event["state"])


class ScreenConsumer(AsyncJsonWebsocketConsumer):
    """The facilitator's and the projector's screens: everything, results and pending questions."""

    async def connect(self):
        room_pk = self.scope["url_route"]["kwargs"]["room"]
        self.room = await in_thread(_room_run_by)(room_pk, self.scope.get("user"))
        if self.room is None:
            await self.close(code=NOT_ALLOWED)
            return
        await self.channel_layer.group_add(group_name(self.room.pk, SCREENS), self.channel_name)
        await self.accept()
        await self.send_current()

    async def disconnect(self, code):
        if getattr(self, "room", None) is not None:
            await self.channel_layer.group_discard(
                group_name(self.room.pk, SCREENS), self.channel_name
            )

    async def send_current(self):
        state = await in_thread(self._state)()
        await self.send_json(state)

    def _state(self) -> dict:
        self.room.refresh_from_db(fields=["current"])
        return room_state(self.room, moderator=True)

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "state":
            await self.send_current()

    async def live_state(self, event):
        await self.send_json(event["state"])
