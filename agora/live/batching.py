"""Answers from the WebSocket, written in groups: one transaction per group (a group commit).

Channels runs a process's ORM calls in one thread, so answers written one by one wait for each
other's commit. Here each answer waits in a per-process queue; one writer takes everything
queued, stores it with ``answering.submit_answers`` (one transaction, one upsert), and only then
answers each sender. An answer is still committed before it is acknowledged; under a burst, a
group holds as many answers as arrived during the previous write.
"""

from __future__ import annotations

import asyncio
import weakref

from channels.db import database_sync_to_async

from agora.live.answering import submit_answers

MAX_GROUP = 500

# One queue and writer per event loop (a server process has one; each test has its own).
_queues: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


async def _writer(queue: asyncio.Queue) -> None:
    while True:
        group = [await queue.get()]
        while not queue.empty() and len(group) < MAX_GROUP:
            group.append(queue.get_nowait())
        sends = [send for send, _future in group]
        try:
            outcomes = await database_sync_to_async(submit_answers)(sends)
        except Exception as error:  # the whole group failed: each sender hears it
            for _send, future in group:
                if not future.done():
                    future.set_exception(error)
            continue
        for (_send, future), outcome in zip(group, outcomes, strict=True):
            if not future.done():
                future.set_result(outcome)


async def answer(participant, interaction_id, value):
    """Store one answer with the others queued in this process; the Answer, or a Refused."""
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        queue = _queues[loop] = asyncio.Queue()
        loop.create_task(_writer(queue))
    future = loop.create_future()
    await queue.put(((participant, interaction_id, value), future))
    return await future
