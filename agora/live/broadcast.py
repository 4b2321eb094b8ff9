"""Telling screens that a room changed. Messages carry the room's whole state, so nothing
depends on a message arriving (the channel layer delivers at most once).

Answers arrive in bursts; ``publish`` coalesces them per server process: while one state is
being read and sent, further changes only mark the room dirty, and one more state goes out when
the current one is sent. The cost is bounded by how fast states are read, not by the number of
answers, and the latest answer is always in the last state sent.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.db import DatabaseSyncToAsync
from channels.layers import get_channel_layer
from django.db import transaction

from agora.live.state import EVERYONE, SCREENS, group_name, states_for

logger = logging.getLogger(__name__)

# States are read in their own thread, so they never queue behind a burst of answers.
_reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-states")
# Per event loop (a server process has one; each test has its own), per room.
_dirty: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_running: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def _send(room_pk: int, audiences: set[str]) -> None:
    layer = get_channel_layer()
    read = DatabaseSyncToAsync(states_for, thread_sensitive=False, executor=_reader)
    states = await read(room_pk, audiences)
    for audience, state in states.items():
        message = {"type": "live.state", "state": state}
        await layer.group_send(group_name(room_pk, audience), message)


async def _flush(loop: asyncio.AbstractEventLoop, room_pk: int) -> None:
    dirty, running = _dirty[loop], _running[loop]
    try:
        while audiences := dirty.pop(room_pk, None):
            try:
                await _send(room_pk, audiences)
            except Exception:  # one failed send must not stop later ones
                logger.exception("live: could not publish the state of room %s", room_pk)
    finally:
        running.pop(room_pk, None)


async def publish(room_pk: int, *, everyone: bool) -> None:
    """Send the room's state to its screens (and its participants) soon, coalescing bursts."""
    loop = asyncio.get_running_loop()
    dirty = _dirty.setdefault(loop, {})
    running = _running.setdefault(loop, {})
    dirty.setdefault(room_pk, set()).update({SCREENS, EVERYONE} if everyone else {SCREENS})
    if room_pk not in running:
        running[room_pk] = loop.create_task(_flush(loop, room_pk))


def notify_after_commit(room_pk: int, *, everyone: bool = True) -> None:
    """From synchronous code (views): send the state once the transaction has committed."""
    audiences = {SCREENS, EVERYONE} if everyone else {SCREENS}
    transaction.on_commit(lambda: async_to_sync(_send)(room_pk, audiences))
