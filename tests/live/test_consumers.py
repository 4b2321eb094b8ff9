"""The WebSocket consumers, through Channels' communicator: state on connect, answers committed
before they are acknowledged, duplicates counted once, refusals after close, reconnection."""

import functools
import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connection

from agora.asgi import application
from agora.live.access import DEVICE_COOKIE, sign_device
from agora.live.consumers import NOT_ALLOWED
from agora.live.models import Answer, Interaction, Question
from agora.routing import websocket_urlpatterns

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The consumers write answers from their own threads. The in-memory SQLite test database is
    # shared between threads through SQLite's shared cache, whose table locks fail at once
    # instead of waiting (a file database, as deployed, waits): these run on PostgreSQL.
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs several connections writing at once: runs in CI's PostgreSQL pass",
    ),
]

TIMEOUT = 5


def run_async(scenario):
    """Run an async test body in an event loop; ORM calls come back to the test's thread."""

    @functools.wraps(scenario)
    def test(*args, **kwargs):
        async_to_sync(scenario)(*args, **kwargs)

    return test


async def participant(room, *, user=None, device=None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/join/{room.code}/"
    )
    communicator.scope["user"] = user
    communicator.scope["cookies"] = {DEVICE_COOKIE: sign_device(device or uuid.uuid4())}
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    return communicator


async def screen(room, user) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/screen/{room.pk}/"
    )
    communicator.scope["user"] = user
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    return communicator


async def receive(communicator, kind: str) -> dict:
    """The next message of ``kind`` (states and acknowledgements interleave)."""
    while True:
        message = await communicator.receive_json_from(timeout=TIMEOUT)
        if message["type"] == kind:
            return message


async def state_with(communicator, answers: int, interaction_id: int) -> dict:
    while True:
        state = await receive(communicator, "state")
        item = next(i for i in state["interactions"] if i["id"] == interaction_id)
        if item["tally"]["answers"] >= answers:
            return state


@sync_to_async
def stored(interaction) -> list:
    return list(Answer.objects.filter(interaction=interaction).values_list("value", flat=True))


@run_async
async def test_a_participant_gets_the_whole_state_on_connect(room, poll):
    anna = await participant(room)
    state = await receive(anna, "state")
    assert [item["id"] for item in state["interactions"]] == [poll.pk]
    assert state["interactions"][0]["tally"] is None  # not revealed yet
    mine = await receive(anna, "mine")
    assert mine["answers"] == {}
    await anna.disconnect()


@run_async
async def test_an_answer_is_stored_before_it_is_acknowledged(room, poll):
    anna = await participant(room)
    await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 1, "ref": "a1"})
    ack = await receive(anna, "ack")
    assert ack["ref"] == "a1"
    assert await stored(poll) == [[1]]  # committed by the time the ack arrived
    await anna.disconnect()


@run_async
async def test_the_projector_sees_the_updated_tally(room, poll, facilitator):
    projector = await screen(room, facilitator)
    await receive(projector, "state")
    anna = await participant(room)
    await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 2})
    await receive(anna, "ack")
    state = await state_with(projector, 1, poll.pk)
    assert state["interactions"][0]["tally"]["rows"][2] == ["Town halls", 1]
    await anna.disconnect()
    await projector.disconnect()


@run_async
async def test_a_burst_of_duplicate_sends_counts_once(room, poll, facilitator):
    anna = await participant(room)
    for _ in range(5):
        await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 0})
    for _ in range(5):
        await receive(anna, "ack")
    assert await stored(poll) == [[0]]
    projector = await screen(room, facilitator)
    state = await receive(projector, "state")
    assert state["interactions"][0]["tally"]["answers"] == 1
    await anna.disconnect()
    await projector.disconnect()


@run_async
async def test_answering_again_replaces_the_answer(room, poll):
    anna = await participant(room)
    await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 0})
    await receive(anna, "ack")
    await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 2})
    await receive(anna, "ack")
    assert await stored(poll) == [[2]]
    await anna.disconnect()


@run_async
async def test_an_answer_after_the_close_is_refused_with_a_message(room, poll):
    anna = await participant(room)
    await sync_to_async(poll.close)()
    await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 0, "ref": "late"})
    refused = await receive(anna, "refused")
    assert refused["ref"] == "late"
    assert refused["message"] == "This interaction is closed: your answer was not recorded."
    assert await stored(poll) == []
    await anna.disconnect()


@run_async
async def test_a_reconnecting_participant_gets_the_current_state_and_their_answer(room, poll):
    device = uuid.uuid4()
    anna = await participant(room, device=device)
    await anna.send_json_to({"type": "answer", "interaction": poll.pk, "value": 1})
    await receive(anna, "ack")
    await anna.disconnect()

    await sync_to_async(poll.reveal)()  # happened while Anna was away: no message reached her
    again = await participant(room, device=device)
    state = await receive(again, "state")
    assert state["interactions"][0]["tally"]["rows"][1] == ["Citizens' panels", 1]
    mine = await receive(again, "mine")
    assert mine["answers"] == {str(poll.pk): [1]}
    await again.disconnect()


@run_async
async def test_answers_survive_a_restart_of_the_server(room, poll, facilitator):
    """Every process's consumers go away; what was acknowledged is in the database, and a fresh
    application (a restarted process) serves it to the projector."""
    people = [await participant(room) for _ in range(3)]
    for value, person in enumerate(people):
        await person.send_json_to({"type": "answer", "interaction": poll.pk, "value": value})
        await receive(person, "ack")
    for person in people:
        await person.disconnect()

    restarted = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/screen/{room.pk}/"
    )
    restarted.scope["user"] = facilitator
    assert (await restarted.connect(timeout=TIMEOUT))[0]
    state = await receive(restarted, "state")
    assert state["interactions"][0]["tally"]["answers"] == 3
    await restarted.disconnect()


@run_async
async def test_a_question_waits_for_approval_in_a_moderated_q_and_a(room, facilitator):
    qa = await sync_to_async(Interaction.objects.create)(
        room=room, kind="questions", prompt="Your questions", state="open"
    )
    projector = await screen(room, facilitator)
    await receive(projector, "state")
    anna = await participant(room)
    await receive(anna, "state")
    await anna.send_json_to({"type": "question", "interaction": qa.pk, "text": "Who decides?"})
    await receive(anna, "ack")
    state = await receive(projector, "state")
    assert state["interactions"][0]["questions"][0]["status"] == "pending"
    question = await sync_to_async(Question.objects.get)()
    assert question.status == Question.Status.PENDING
    await anna.send_json_to({"type": "upvote", "question": question.pk, "ref": "u"})
    refused = await receive(anna, "refused")
    assert refused["message"] == "This question is not shown in this session."
    await anna.disconnect()
    await projector.disconnect()


@run_async
async def test_an_account_that_is_not_of_the_cohort_may_not_join(poll, outsider):
    poll.room.allow_anonymous = False
    await sync_to_async(poll.room.save)()
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/join/{poll.room.code}/"
    )
    communicator.scope["user"] = outsider
    connected, code = await communicator.connect(timeout=TIMEOUT)
    assert not connected
    assert code == NOT_ALLOWED


@run_async
async def test_a_facilitator_of_another_cohort_gets_no_screen(room, outsider):
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/live/screen/{room.pk}/"
    )
    communicator.scope["user"] = outsider
    connected, code = await communicator.connect(timeout=TIMEOUT)
    assert not connected
    assert code == NOT_ALLOWED


@run_async
async def test_the_whole_asgi_stack_signs_a_learner_in_from_the_session_cookie(
    room, poll, learner, client
):
    await sync_to_async(client.force_login)(learner)
    session_cookie = client.cookies["sessionid"].value
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/join/{room.code}/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"cookie", f"sessionid={session_cookie}".encode()),
        ],
    )
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    await communicator.send_json_to({"type": "answer", "interaction": poll.pk, "value": 0})
    await receive(communicator, "ack")
    owner = await sync_to_async(
        lambda: Answer.objects.select_related("participant").get().participant.user_id
    )()
    assert owner == learner.pk
    await communicator.disconnect()
