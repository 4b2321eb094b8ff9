"""The demo site, loaded into a scratch database and crawled as each demo account.

Shared by `scripts/crawl-demo` (broken pages and links) and `scripts/axe-demo` (accessibility):
`set_up_environment(var_dir)` points Django at a scratch SQLite database and var directory,
`load_demo()` loads it as `agora demo --no-serve` does, `give_two_factor()` gives organisers and
admins the TOTP authenticator they need before anything opens, and `Crawler(visitor, ...)`
follows every same-site link breadth-first with Django's test client.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "localhost"
# Absolute links with these hosts are the site itself (AGORA_SITE_URL defaults to 127.0.0.1:8000).
SITE_HOSTS = {"", HOST, "testserver", "127.0.0.1", "127.0.0.1:8000", "localhost:8000"}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/accounts/logout/", "/i18n/")
# Query strings are part of a page's identity, but ?page=, ?sort= and filters would otherwise
# spend the whole budget on one list: a path is crawled with at most this many query strings.
QUERY_VARIANTS_PER_PATH = 4
BROKEN_LINK_STATUSES = {404, 405}
# Besides the home page, the entry points README lists: a page no menu reaches is still crawled.
START_PAGES = [
    "/",
    "/programmes/",
    "/cohorts/my/",
    "/certificates/",
    "/verify/",
    "/live/",
    "/forums/",
    "/blog/",
    "/newsletter/",
    "/teaching/",
    "/organise/",
    "/cohorts/manage/",
    "/directory/",
    "/problems/report/?page=/",
    "/notifications/",
    "/account/",
    "/api/v1/docs",
]


@dataclass(frozen=True)
class Visitor:
    label: str
    email: str | None  # None: anonymous
    language: str | None = None  # sent as cookie and Accept-Language
    clear_saved_language: bool = False  # so the cookie, not the saved language, decides


VISITORS = [
    Visitor("anonymous", None),
    Visitor("admin", "admin@agora.example"),
    Visitor("organiser", "organiser@agora.example"),
    Visitor("facilitator", "facilitator@agora.example"),
    Visitor("mentor", "mentor@agora.example"),
    Visitor("learner", "learner@agora.example"),
    # An early finisher: certificates and credentials are there to open.
    Visitor("learner02", "learner02@agora.example"),
    Visitor("learner-fr", "learner@agora.example", language="fr", clear_saved_language=True),
]


@dataclass
class Problem:
    kind: str  # "error", "broken link", "refused", "slow"
    visitor: str
    url: str
    status: int
    referrer: str | None
    detail: str = ""


@dataclass
class VisitorReport:
    pages: int = 0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[Problem] = field(default_factory=list)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    # Full pages and htmx fragments that answered 200 with HTML, in the order crawled.
    html_pages: list[str] = field(default_factory=list)
    html_fragments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    url: str
    htmx: bool = False  # an hx-get: fetched as htmx does, with the HX-Request header


class LinkParser(HTMLParser):
    """Collects `<a href>` and `hx-get` (both GET); forms and scripts' URLs are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append((attributes["href"].strip(), False))
        if attributes.get("hx-get"):
            self.links.append((attributes["hx-get"].strip(), True))


def set_up_environment(var_dir: Path) -> None:
    os.environ["AGORA_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{var_dir / 'crawl.sqlite3'}"
    os.environ.setdefault("EMAIL_URL", "dummy://")
    os.environ["DJANGO_SETTINGS_MODULE"] = "agora.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # Django logs every 404 and 500 to the console; the report lists them, with tracebacks.
    logging.disable(logging.CRITICAL)


def load_demo() -> None:
    from io import StringIO

    from django.core.management import call_command

    started = time.monotonic()
    call_command("demo", no_serve=True, stdout=StringIO())
    print(f"Demo loaded in {time.monotonic() - started:.0f} s", flush=True)


def give_two_factor(emails: list[str]) -> None:
    """Organisers and admins must have TOTP before anything else opens: give them one."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from agora.accounts.models import User

    for user in User.objects.filter(email__in=emails):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())


def same_site_path(base_url: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    absolute, _fragment = urldefrag(urljoin(f"http://{HOST}{base_url}", href))
    parts = urlsplit(absolute)
    if parts.scheme not in {"http", "https"} or parts.netloc not in SITE_HOSTS:
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Crawler:
    def __init__(self, visitor: Visitor, limit: int, slow_seconds: float) -> None:
        from django.core.signals import got_request_exception
        from django.test import Client

        self.visitor = visitor
        self.limit = limit
        self.slow_seconds = slow_seconds
        self.report = VisitorReport()
        self.last_exception: str | None = None
        headers = {"HTTP_HOST": HOST}
        if visitor.language:
            headers["HTTP_ACCEPT_LANGUAGE"] = visitor.language
        self.client = Client(raise_request_exception=False, **headers)
        if visitor.language:
            from django.conf import settings

            self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = visitor.language
        if visitor.email:
            from agora.accounts.models import User

            user = User.objects.get(email=visitor.email)
            if visitor.clear_saved_language:
                User.objects.filter(pk=user.pk).update(preferred_language="")
                user.refresh_from_db()
            self.client.force_login(user)
        got_request_exception.connect(self._remember_exception, weak=False)
        self._disconnect = lambda: got_request_exception.disconnect(self._remember_exception)

    def _remember_exception(self, sender, request=None, **kwargs) -> None:
        self.last_exception = traceback.format_exc()

    def crawl(self, start: list[str]) -> VisitorReport:
        queue: deque[tuple[Link, str | None]] = deque((Link(url), None) for url in start)
        seen: set[Link] = {Link(url) for url in start}
        variants: dict[str, int] = defaultdict(int)
        try:
            while queue and self.report.pages < self.limit:
                link, referrer = queue.popleft()
                for found in self._visit(link, referrer):
                    path, query = found.url.split("?", 1)[0], "?" in found.url
                    if found in seen or (query and variants[path] >= QUERY_VARIANTS_PER_PATH):
                        continue
                    seen.add(found)
                    if query:
                        variants[path] += 1
                    queue.append((found, link.url))
        finally:
            self._disconnect()
        return self.report

    def _visit(self, link: Link, referrer: str | None) -> list[Link]:
        self.last_exception = None
        url = link.url
        headers = {"HTTP_REFERER": f"http://{HOST}{referrer}"} if referrer else {}
        if link.htmx:
            headers["HTTP_HX_REQUEST"] = "true"
        started = time.monotonic()
        response = self.client.get(url, **headers)
        content = b"".join(response) if response.streaming else response.content
        elapsed = time.monotonic() - started
        status = response.status_code
        shown = f"{url} (htmx)" if link.htmx else url
        report = self.report
        report.pages += 1
        report.statuses[status] += 1
        report.slowest.append((elapsed, shown))

        def problem(kind: str, detail: str = "") -> None:
            report.problems.append(
                Problem(kind, self.visitor.label, shown, status, referrer, detail)
            )

        if status >= 500:
            problem("error", self.last_exception or _error_summary(content))
        elif status in BROKEN_LINK_STATUSES:
            problem("broken link" if referrer else "start page missing")
        elif status == 403 and referrer:
            problem("refused")
        if elapsed > self.slow_seconds:
            problem("slow", f"{elapsed:.2f} s")
        if status in {301, 302, 303, 307, 308}:
            target = same_site_path(url, response["Location"])
            return [Link(target)] if target else []
        if status != 200 or "html" not in response.get("Content-Type", ""):
            return []
        (report.html_fragments if link.htmx else report.html_pages).append(url)
        parser = LinkParser()
        parser.feed(content.decode(response.charset or "utf-8", errors="replace"))
        return [
            Link(path, htmx) for href, htmx in parser.links if (path := same_site_path(url, href))
        ]


def _error_summary(content: bytes) -> str:
    return content.decode("utf-8", errors="replace")[:500]
