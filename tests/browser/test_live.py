"""A facilitator runs a poll and a moderated Q&A with a projector view and two participants (a
learner with their account, and an anonymous device) in real Chromium. The pages talk to a real
ASGI server (uvicorn in a thread), so the WebSocket path is the one exercised: every screen
updates without a reload. axe checks every page, again after live updates."""

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections
from django.test.utils import override_settings
from playwright.sync_api import expect

from agora.live.models import Answer, Question, Room
from tests.factories import PASSWORD, EnrolmentFactory, UserFactory
from tests.factories_live import FacilitatorFactory, InteractionFactory, LiveSessionFactory

pytestmark = [
    pytest.mark.browser,
    # Several tabs and the server's threads write at once; with the in-memory SQLite test
    # database they would share one connection (savepoints interleave): PostgreSQL only.
    pytest.mark.skipif(
        connections["default"].vendor != "postgresql",
        reason="needs several connections writing at once: runs in CI's PostgreSQL pass",
    ),
]

HOST = "127.0.0.1"
PROMPT = "Which tool do you use most?"
QUESTIONS = "Your questions for the panel"


class AsgiLiveServer:
    """uvicorn serving agora.asgi (HTTP and WebSocket) in a thread, with static files."""

    def __init__(self):
        from agora.asgi import application

        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://{HOST}:{self.port}"
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application), host=HOST, port=self.port,
            lifespan="off", log_level="warning",
        )  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        # pytest-django's live-server helper turns these on for the test.
        self._live_server_modified_settings = override_settings(ALLOWED_HOSTS=[HOST, "localhost"])

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("uvicorn did not start")
            time.sleep(0.02)  # start-up, bounded by the deadline

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(transactional_db):
    """Replaces pytest-django's WSGI live server for this module: WebSockets need ASGI."""
    server = AsgiLiveServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def session(transactional_db):
    session = LiveSessionFactory(title={"en": "Town hall rehearsal"})
    room = Room.objects.create(session=session, allow_anonymous=True)
    InteractionFactory(room=room, kind="questions", prompt=QUESTIONS, options=[], state="draft")
    return session


def log_in(visitor, user):
    page = visitor.page
    visitor.visit("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    visitor.follow(page.locator("main form").get_by_role("button", name="Sign In"))


def named(action: str, subject: str):
    """A button or link's name: the action, then (visually hidden) what it acts on. Chromium
    may put a space before the hidden part, so the match allows one."""
    return re.compile(rf"^{re.escape(action)}\s*: {re.escape(subject)}$")


def connected(visitor):
    expect(visitor.page.locator("[data-live-socket]")).to_have_attribute(
        "data-live-connected", "true"
    )


def count(visitor, interaction_id: int, index: int):
    return visitor.page.locator(f'td[data-count="{interaction_id}-{index}"]')


def test_a_facilitator_runs_a_poll_and_a_q_and_a_live(open_visitor, session):
    facilitator = FacilitatorFactory(
        cohort=session.cohort, user=UserFactory(full_name="Fatima Facilitator")
    ).user
    learner = EnrolmentFactory(cohort=session.cohort, user=UserFactory(full_name="Lena")).user
    room = Room.objects.get(session=session)

    # The facilitator writes a poll and opens it.
    desk = open_visitor()
    log_in(desk, facilitator)
    desk.visit(f"/live/sessions/{session.pk}/")
    desk.follow(desk.page.get_by_role("link", name="Add an interaction"))
    desk.page.get_by_label("Kind").select_option("choice")
    desk.page.get_by_label("Question", exact=True).fill(PROMPT)
    desk.page.get_by_label("Options").fill("Surveys\nCitizens' panels\nTown halls")
    desk.follow(desk.page.get_by_role("button", name="Save"))
    desk.follow(desk.page.get_by_role("button", name=named("Open", PROMPT)))
    poll = room.interactions.get(prompt=PROMPT)
    connected(desk)

    # The projector, full screen in the room.
    projector = open_visitor()
    log_in(projector, facilitator)
    projector.visit(f"/live/sessions/{session.pk}/projector/")
    expect(projector.page.get_by_role("heading", name=PROMPT)).to_be_visible()
    expect(projector.page.get_by_text(room.code, exact=True)).to_be_visible()
    connected(projector)

    # A learner joins with the code and their account; a guest scans the QR code (its URL).
    lena = open_visitor()
    log_in(lena, learner)
    lena.visit("/live/")
    lena.page.get_by_label("Code shown on the screen").fill(room.code.lower())
    lena.follow(lena.page.get_by_role("button", name="Join"))
    connected(lena)
    guest = open_visitor()
    guest.visit(f"/live/j/{room.code}/")
    expect(guest.page.get_by_text("You take part anonymously from this device.")).to_be_visible()
    connected(guest)
    for visitor in (desk, projector, lena, guest):
        visitor.page.evaluate("window.notReloaded = true")

    # Answers arrive: the projector and the facilitator's page count them as they come.
    lena.page.get_by_label("Citizens' panels").check()
    lena.page.get_by_role("button", name="Send").click()
    expect(lena.page.get_by_role("status")).to_have_text("Thank you: recorded.")
    expect(count(projector, poll.pk, 1)).to_have_text("1")
    expect(count(desk, poll.pk, 1)).to_have_text("1")
    guest.page.get_by_label("Town halls").check()
    guest.page.get_by_role("button", name="Send").click()
    expect(count(projector, poll.pk, 2)).to_have_text("1")
    expect(projector.page.locator(f'[data-answers="{poll.pk}"]')).to_have_text("2")
    projector.check_accessibility()

    # Revealed, the results reach the participants; a changed answer replaces the first.
    desk.follow(desk.page.get_by_role("button", name=named("Reveal results", PROMPT)))
    expect(count(guest, poll.pk, 2)).to_have_text("1")
    lena.page.get_by_label("Town halls").check()
    lena.page.get_by_role("button", name="Change my answer").click()
    expect(count(guest, poll.pk, 2)).to_have_text("2")
    expect(count(guest, poll.pk, 1)).to_have_text("0")
    expect(count(projector, poll.pk, 2)).to_have_text("2")
    for visitor in (lena, guest):
        visitor.check_accessibility()
    assert Answer.objects.filter(interaction=poll).count() == 2

    # Closed, the poll refuses answers.
    desk.follow(desk.page.get_by_role("button", name=named("Close", PROMPT)))
    expect(guest.page.get_by_text("Closed: answers are no longer taken.")).to_be_visible()

    # Q&A: the guest asks, the facilitator approves, the learner upvotes, the projector shows it.
    desk.follow(desk.page.get_by_role("button", name=named("Open", QUESTIONS)))
    guest.page.get_by_label("Your question", exact=True).fill("Who reads our proposals?")
    guest.page.get_by_role("button", name="Send question").click()
    expect(guest.page.get_by_role("status")).to_have_text("Thank you: recorded.")
    expect(desk.page.get_by_text("Who reads our proposals?", exact=True)).to_be_visible()
    expect(lena.page.get_by_text("Who reads our proposals?", exact=True)).to_have_count(0)
    desk.check_accessibility()
    desk.follow(desk.page.get_by_role("button", name=named("Approve", "Who reads our proposals?")))
    lena.page.get_by_role("button", name=named("Upvote", "Who reads our proposals?")).click()
    question = Question.objects.get()
    expect(projector.page.locator(f'[data-votes="{question.pk}"]')).to_have_text("1")
    expect(lena.page.get_by_text("You upvoted this question.")).to_be_visible()
    desk.follow(
        desk.page.get_by_role("button", name=named("Mark answered", "Who reads our proposals?"))
    )
    expect(projector.page.get_by_text("Answered")).to_be_visible()
    for visitor in (projector, lena, guest):
        assert visitor.page.evaluate("window.notReloaded") is True
        visitor.check_accessibility()

    # Results export: CSV, and an image of the chart for slides.
    with desk.page.expect_download() as csv_download:
        desk.page.get_by_role("link", name="Export results (CSV)").click()
    exported = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert f"{PROMPT},Multiple choice,Town halls,2" in exported
    with desk.page.expect_download() as chart_download:
        desk.page.get_by_role("link", name=named("Chart image (SVG)", PROMPT)).click()
    assert f"<title>{PROMPT}</title>" in Path(chart_download.value.path()).read_text()

    # Afterwards, the learner finds the revealed results with the session.
    lena.visit(f"/live/sessions/{session.pk}/summary/")
    expect(lena.page.get_by_role("table", name=f"Results: {PROMPT}")).to_be_visible()
