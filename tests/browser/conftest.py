"""The browser suite: real Chromium driven by Playwright, with axe-core on every page.

Tests get a ``Visitor`` (one browser tab) from the ``visitor`` fixture, or several from
``open_visitor``. Every page a tab loads goes through ``Visitor.check_accessibility``:
``visit()`` and ``follow()`` call it themselves, and a tab that loaded a page nobody checked
fails the test (at the next check, or when the test ends). So no page escapes axe.
"""

import os
import threading
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

BROWSER_DIR = Path(__file__).resolve().parent
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
# This machine has no network beyond loopback: keep Chromium from trying.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
TIMEOUT_MS = 10_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

_axe = Axe()


class OneRequestAtATime(WSGIServer):
    """The live server, serving one request at a time.

    With the embedded in-memory SQLite, the server's threads share one in-memory database
    through SQLite's shared cache, whose locks are per table: a page that fetches several
    things at once (a video and its captions, a time report sent as the tab navigates) would
    meet "database table is locked". A browser waits for the one thread as for a slow server;
    Django closes each HTTP connection after its response when the server is not threaded.

    The server is shut to tabs between tests (``set_open(False)``): closing a tab fires its
    ``pagehide`` handlers, and a time report sent then would reach the shared connection while
    the test's teardown empties the database ("couldn't be flushed"), leaving that connection
    inside a transaction for the tests after it. Shutting waits for the request in hand to
    finish; later requests get a bare 503 without touching the database.
    """

    CLOSED = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.serving = threading.Lock()
        self.open_to_tabs = True

    def finish_request(self, request, client_address):
        with self.serving:
            if self.open_to_tabs:
                super().finish_request(request, client_address)
            else:
                request.sendall(self.CLOSED)

    def set_open(self, is_open: bool) -> None:
        with self.serving:  # waits for the request being served, if any
            self.open_to_tabs = is_open


LiveServerThread.server_class = OneRequestAtATime


def _wsgi_server(live_server) -> OneRequestAtATime | None:
    """The WSGI live server behind ``live_server``; None where a module brings its own."""
    server = getattr(getattr(live_server, "thread", None), "httpd", None)
    return server if isinstance(server, OneRequestAtATime) else None


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser/ is a browser test."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


def _chromium_executable(playwright) -> str | None:
    """Debian's Chromium if installed, else Playwright's own (None: Playwright's default)."""
    if SYSTEM_CHROMIUM.exists():
        return str(SYSTEM_CHROMIUM)
    bundled = playwright.chromium.executable_path
    if bundled and Path(bundled).exists():
        return None
    pytest.fail(
        f"No Chromium for the browser suite: neither {SYSTEM_CHROMIUM} nor Playwright's bundled "
        f"browser ({bundled}) exists. Install it with `apt-get install chromium` "
        "(or `playwright install chromium`).",
        pytrace=False,
    )


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the whole browser suite.

    Package-scoped rather than session-scoped: Playwright's sync API runs an event loop in the
    test thread, so Django needs DJANGO_ALLOW_ASYNC_UNSAFE for ORM calls while it is up; the
    variable is set only then, and unset with the browser, so that it does not leak into the
    rest of the run (subprocesses inherit it, and `check --deploy` rejects it: async.E001).
    """
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    playwright = sync_playwright().start()
    try:
        executable = _chromium_executable(playwright)
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n* {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = ", ".join(str(t) for t in node["target"])
            lines.append(f"  - target: {target}")
            lines.append(f"    html: {node.get('html', '').strip()[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"    {summary}")
    return "\n".join(lines)


class Visitor:
    """One browser tab. Every page it loads must pass axe (WCAG 2.0/2.1, levels A and AA)."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.checked_urls: list[str] = []
        self._loaded: list[str] = []  # each document the tab committed, in order
        self._checked_upto = 0
        page.on("framenavigated", self._on_navigated)

    def _on_navigated(self, frame):
        if frame.parent_frame is None:
            self._loaded.append(frame.url)

    def sign_in_as(self, user) -> "Visitor":
        """Give this tab a session of ``user``'s own, made by the test client: the log-in form
        has tests of its own, and organisers would be asked for a one-time code there. Each call
        uses a client of its own, so signing a second person in does not end the first's session.
        """
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.base_url}]
        )
        return self

    def visit(self, url: str):
        """Open ``url`` (relative to the live server) and check it; returns the response."""
        response = self.page.goto(url)
        self.check_accessibility()
        return response

    def follow(self, locator):
        """Click something that loads a new page (a link, a form's button), then check it."""
        with self.page.expect_navigation():
            locator.click()
        self.check_accessibility()

    def check_accessibility(self):
        """Run axe on the page now shown; fail on any violation or on an unchecked page."""
        self.page.wait_for_load_state("load")
        skipped = self._loaded[self._checked_upto : -1]
        self._checked_upto = len(self._loaded)
        if skipped:
            pytest.fail(
                "Pages were loaded without an axe check (use visitor.visit/visitor.follow, or "
                f"call visitor.check_accessibility() after each navigation): {skipped}",
                pytrace=False,
            )
        results = _axe.run(self.page, options=AXE_OPTIONS)
        self.checked_urls.append(self.page.url)
        violations = results.response["violations"]
        if violations:
            pytest.fail(format_violations(self.page.url, violations), pytrace=False)

    def unchecked_pages(self) -> list[str]:
        return self._loaded[self._checked_upto :]


@pytest.fixture
def open_visitor(request, browser, live_server):
    """Open a new tab in a fresh browser context: ``open_visitor(locale="fr", viewport=...)``."""
    contexts, visitors = [], []
    server = _wsgi_server(live_server)
    if server is not None:
        server.set_open(True)

    def _open(**context_options) -> Visitor:
        context_options.setdefault("locale", "en")
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        visitor = Visitor(context.new_page(), live_server.url)
        visitors.append(visitor)
        return visitor

    yield _open
    unchecked = [url for visitor in visitors for url in visitor.unchecked_pages()]
    if server is not None:
        server.set_open(False)
    for context in contexts:
        context.close()
    # A test that already failed may well have stopped between a navigation and its check.
    if unchecked and not getattr(request.node, "browser_call_failed", True):
        pytest.fail(f"Pages were loaded but never checked with axe: {unchecked}", pytrace=False)


@pytest.fixture
def visitor(open_visitor) -> Visitor:
    """A new visitor's tab, in English."""
    return open_visitor()
