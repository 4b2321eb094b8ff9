"""The ``delivery`` benchmark: "My learning" for signed-in learners and an organiser's enrolment
list, against the framework's floor, with one cohort of 5,000 confirmed learners.

    bench/run delivery                      # generates the data on first use, then measures
    python -m bench.delivery generate FILE  # data and sessions only (bench server's environment)

The data: one published programme of bench-org-1 with one level, 5 modules × 2 units × 4
activities; one running cohort in English and French with three streams (each with a
StreamActivity rule for every activity: required, optional or hidden), 10 live sessions (five
per language), one self-paced week per unit, and 5,000 confirmed enrolments of bench users
(never organisers), spread over the streams and languages. Written with ``bulk_create`` in one
transaction, once, into a database without the bench cohort. Seeded: the same on every run.

Signing in: the load generator cannot log in through the form (production cookies are Secure,
and 50 password hashes would dominate the run), so the generator writes signed-in sessions
straight into the session store, as ``django.contrib.auth.login`` would: 50 learners (one per
client) and one organiser of bench-org-1 with a TOTP authenticator and a password + TOTP
authentication record in the session, as allauth leaves it after a two-factor log-in. Session
data and the auth hash are signed with SECRET_KEY, which bench/harness.py draws anew for each
server it starts and does not hand to benchmarks, so this benchmark starts its own server with
an environment it knows (the harness's server stays idle meanwhile) and measures the floor
(anonymous, as in every benchmark) on that server too.

Loading: bench/load.py sends no cookies, so ``python -m bench.delivery load`` is the same
closed loop (its Tally, CpuMarks and report) with each client sending its own session cookie.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from bench.harness import (
    LOAD_SLACK_S,
    ROOT,
    SETUP_TIMEOUT_S,
    VAR_DIR,
    LoadOptions,
    Server,
    measure,
    server_env,
    serving,
)
from bench.load import REQUEST_TIMEOUT_S, CpuMarks, Tally, report, require_loopback
from bench.pages import FLOOR_PATH, check, print_table, summarise

SEED = 5_000
LEARNERS = 5_000
CLIENT_SESSIONS = 50  # one signed-in learner per load-generator client (at the default)
MODULES = 5
UNITS_PER_MODULE = 2
ACTIVITIES_PER_UNIT = 4
LIVE_SESSIONS = 10
LANGUAGES = ["en", "fr"]
BATCH = 2_000
ORGANISATION_SLUG = "bench-org-1"
PROGRAMME_SLUG = "bench-delivery-programme"
COHORT_SLUG = "bench-delivery-cohort"
SESSIONS_FILE = VAR_DIR / "delivery-sessions.json"

PAGES: dict[str, tuple[str, str]] = {  # name -> (path, whose sessions)
    "my_learning": ("/cohorts/my/", "learners"),
    "enrolment_list": (f"/cohorts/manage/{COHORT_SLUG}/", "organiser"),
}
EXPECTED_TEXT = "Bench cohort"  # the cohort's name, on both pages when signed in


# --- Data ---------------------------------------------------------------------------------------


def make_programme(organisation) -> tuple:
    from agora.catalogue.models import Activity, Level, Module, Programme, Unit

    programme = Programme.objects.create(
        organisation=organisation, slug=PROGRAMME_SLUG, source_language="en",
        languages=LANGUAGES, audiences=[], format=Programme.Format.ONLINE,
        duration={"en": "10 weeks"}, effort={"en": "About 3 hours a week"},
        title={"en": "Citizen panels in practice", "fr": "Panels citoyens en pratique"},
        summary={"en": "Run a citizen panel from mandate to follow-up."},
        status=Programme.Status.PUBLISHED,
    )  # fmt: skip
    level = Level.objects.create(
        programme=programme, slug="level-1", kind=Level.Kind.BASIC,
        title={"en": "Level 1", "fr": "Niveau 1"}, order=1,
    )  # fmt: skip
    Module.objects.bulk_create(
        Module(level=level, slug=f"module-{n:02d}", order=n, required=n <= 2,
               title={"en": f"Module {n}", "fr": f"Module {n} (fr)"},
               summary={"en": "What this step means for your work."})
        for n in range(1, MODULES + 1)
    )  # fmt: skip
    modules = list(Module.objects.filter(level=level).order_by("order"))
    Unit.objects.bulk_create(
        Unit(module=module, slug=f"week-{n}", kind=Unit.Kind.WEEK, order=n,
             title={"en": f"Week {n}", "fr": f"Semaine {n}"})
        for module in modules
        for n in range(1, UNITS_PER_MODULE + 1)
    )  # fmt: skip
    units = list(Unit.objects.filter(module__level=level).order_by("module__order", "order"))
    Activity.objects.bulk_create(
        Activity(unit=unit, slug=f"activity-{n}", order=n,
                 kind=["reading", "video", "quiz", "assignment"][n - 1],
                 title={"en": f"Activity {n}"}, body={"en": "Read, watch, then **try it**."},
                 estimated_minutes=[15, 20, 30, 45][n - 1])
        for unit in units
        for n in range(1, ACTIVITIES_PER_UNIT + 1)
    )  # fmt: skip
    activities = list(Activity.objects.filter(unit__in=units).order_by("pk"))
    return programme, level, units, activities


def make_cohort(rng: random.Random, programme, level, units: list, activities: list) -> tuple:
    from django.utils import timezone

    from agora.delivery.models import Cohort, ScheduledSession, Stream, StreamActivity

    today = timezone.localdate()
    starts_on = today - timedelta(days=17)  # in its third week, so some sessions are past
    cohort = Cohort.objects.create(
        programme=programme, level=level, slug=COHORT_SLUG,
        name={"en": "Bench cohort", "fr": "Bench cohort"},
        starts_on=starts_on, ends_on=starts_on + timedelta(weeks=len(units)),
        languages=LANGUAGES, mode=Cohort.Mode.ONLINE, status=Cohort.Status.RUNNING,
    )  # fmt: skip
    Stream.objects.bulk_create(
        Stream(cohort=cohort, slug=slug, name={"en": name}, weekly_minutes=minutes, order=n,
               completion=Stream.Completion.REQUIRED)
        for n, (slug, name, minutes) in enumerate(
            [("practitioners", "Practitioners", 180), ("managers", "Managers", 90),
             ("supporters", "Supporters", 60)]
        )
    )  # fmt: skip
    streams = list(Stream.objects.filter(cohort=cohort).order_by("order"))
    requirements = [value for value, _label in StreamActivity.Requirement.choices]
    StreamActivity.objects.bulk_create(
        StreamActivity(stream=stream, activity=activity, requirement=rng.choice(requirements))
        for stream in streams
        for activity in activities
    )
    start = datetime.combine(starts_on, datetime.min.time(), tzinfo=cohort.zone)
    sessions = [
        ScheduledSession(
            cohort=cohort, unit=unit, kind=ScheduledSession.Kind.SELF_PACED,
            title={"en": f"Week {n + 1}", "fr": f"Semaine {n + 1}"},
            starts_at=start + timedelta(weeks=n), ends_at=start + timedelta(weeks=n + 1),
        )
        for n, unit in enumerate(units)
    ]  # fmt: skip
    for n in range(LIVE_SESSIONS):
        language = LANGUAGES[n % len(LANGUAGES)]
        begins = start + timedelta(weeks=n // 2, days=2, hours=14 + n % 2 * 2)
        sessions.append(
            ScheduledSession(
                cohort=cohort, unit=units[n], kind=ScheduledSession.Kind.LIVE,
                title={"en": f"Live session {n + 1}", "fr": f"Séance en direct {n + 1}"},
                language=language, starts_at=begins, ends_at=begins + timedelta(minutes=90),
                meeting_url=f"https://meet.example.org/bench-{n + 1}", lead="Bench facilitator",
            )
        )  # fmt: skip
    ScheduledSession.objects.bulk_create(sessions)
    return cohort, streams


def make_enrolments(rng: random.Random, cohort, streams: list) -> int:
    from django.utils import timezone

    from agora.accounts.models import Membership, User
    from agora.delivery.models import Enrolment

    organisers = Membership.objects.filter(role=Membership.Role.ORGANISER).values("user_id")
    learners = list(
        User.objects.exclude(pk__in=organisers)
        .order_by("pk")
        .values_list("pk", flat=True)[:LEARNERS]
    )
    if len(learners) < LEARNERS:
        raise RuntimeError(f"bench delivery: {LEARNERS} learners needed, {len(learners)} found")
    home = dict(
        Membership.objects.filter(user_id__in=learners)
        .order_by("-pk")
        .values_list("user_id", "organisation__name")
    )  # any one organisation per person
    now = timezone.now()
    signed_up = [now - timedelta(days=rng.randint(18, 40)) for _ in learners]
    Enrolment.objects.bulk_create(
        (
            Enrolment(
                cohort=cohort, user_id=user_id, status=Enrolment.Status.CONFIRMED,
                stream=streams[index % len(streams)], language=LANGUAGES[index % len(LANGUAGES)],
                answers={"organisation": home.get(user_id, ""), "role": "Participant"},
                confirmed_at=signed_up[index],
                # bulk_create skips save(), which fills the sign-up day: spread over 23 days.
                registered_on=timezone.localtime(signed_up[index], cohort.zone).date(),
            )
            for index, user_id in enumerate(learners)
        ),
        batch_size=BATCH,
    )  # fmt: skip
    return len(learners)


def generate() -> None:
    from django.db import connection, transaction

    from agora.accounts.models import Organisation
    from agora.delivery.models import Cohort

    if Cohort.objects.filter(slug=COHORT_SLUG).exists():
        print("bench delivery: kept the bench cohort already there")
        return
    started = time.monotonic()
    rng = random.Random(SEED)
    with transaction.atomic():
        organisation = Organisation.objects.get(slug=ORGANISATION_SLUG)
        programme, level, units, activities = make_programme(organisation)
        cohort, streams = make_cohort(rng, programme, level, units, activities)
        enrolled = make_enrolments(rng, cohort, streams)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"bench delivery: 1 cohort, {len(units)} units, {len(activities)} activities, "
        f"{len(streams)} streams, {enrolled} confirmed enrolments "
        f"in {time.monotonic() - started:.1f} s"
    )


# --- Signed-in sessions -------------------------------------------------------------------------


def signed_in_session(user, *, two_factor: bool = False) -> str:
    """A session as django.contrib.auth.login (and allauth, after a TOTP step) would leave it;
    returns its key, the session cookie's value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    methods = [{"method": "password", "at": time.time(), "email": user.email}]
    if two_factor:
        methods.append({"method": "mfa", "at": time.time(), "type": "totp"})
    store["account_authentication_methods"] = methods
    store.create()
    return store.session_key


def make_sessions(path: Path) -> None:
    from allauth.mfa.models import Authenticator
    from django.conf import settings

    from agora.accounts.models import Membership
    from agora.delivery.models import Cohort

    cohort = Cohort.objects.get(slug=COHORT_SLUG)
    organiser = (
        Membership.objects.filter(
            organisation__slug=ORGANISATION_SLUG, role=Membership.Role.ORGANISER
        )
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )
    Authenticator.objects.get_or_create(
        user=organiser, type=Authenticator.Type.TOTP, defaults={"data": {}}
    )
    learners = [
        enrolment.user
        for enrolment in cohort.enrolments.select_related("user").order_by("pk")[:CLIENT_SESSIONS]
    ]
    sessions = {
        "cookie": settings.SESSION_COOKIE_NAME,
        "learners": [signed_in_session(user) for user in learners],
        "organiser": [signed_in_session(organiser, two_factor=True)],
    }
    path.write_text(json.dumps(sessions))
    print(f"bench delivery: {len(learners)} learner sessions and 1 organiser session")


def prepare_data(env: dict[str, str]) -> dict:
    """Generate the data once and fresh sessions always, in ``env`` (its SECRET_KEY)."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.delivery", "generate", str(SESSIONS_FILE)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=SETUP_TIMEOUT_S,
        stdout=sys.stderr,
    )
    print(f"bench: delivery data took {time.monotonic() - started:.1f} s", file=sys.stderr)
    return json.loads(SESSIONS_FILE.read_text())


# --- Load with cookies (no Django here) ---------------------------------------------------------


async def signed_in_client(
    url: str, cookie: str, window: tuple[float, float], tally: Tally
) -> None:
    """bench.load's client, with a session cookie: one connection, back-to-back requests."""
    loop = asyncio.get_running_loop()
    window_start, window_end = window
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        limits=limits, timeout=REQUEST_TIMEOUT_S, trust_env=False, headers={"Cookie": cookie}
    ) as http:
        while loop.time() < window_end:
            started = time.perf_counter()
            try:
                response = await http.get(url)
                outcome = str(response.status_code)  # a redirect to log in is an error
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            latency = time.perf_counter() - started
            if window_start <= loop.time() <= window_end:
                tally.record(outcome, latency)


async def generate_load(
    url: str, cookies: list[str], concurrency: int, warmup: float, seconds: float, cpu: CpuMarks
) -> Tally:
    loop = asyncio.get_running_loop()
    window = (loop.time() + warmup, loop.time() + warmup + seconds)
    loop.call_at(window[0], cpu.mark)
    loop.call_at(window[1], cpu.mark)
    tally = Tally()
    await asyncio.gather(
        *(
            signed_in_client(url, cookies[n % len(cookies)], window, tally)
            for n in range(concurrency)
        )
    )
    return tally


def load_main(args: argparse.Namespace) -> int:
    require_loopback(args.url)
    sessions = json.loads(Path(args.sessions).read_text())
    cookies = [f"{sessions['cookie']}={key}" for key in sessions[args.who]]
    cpu = CpuMarks(server_pid=args.server_pid)
    tally = asyncio.run(
        generate_load(args.url, cookies, args.concurrency, args.warmup, args.seconds, cpu)
    )
    print(json.dumps(report(args.url, args.seconds, tally, cpu)), flush=True)
    return 0


def run_load(server: Server, path: str, who: str, load: LoadOptions) -> dict:
    command = [
        sys.executable, "-m", "bench.delivery", "load", f"{server.base_url}{path}",
        "--sessions", str(SESSIONS_FILE), "--who", who,
        "--concurrency", str(load.concurrency),
        "--warmup", str(load.warmup),
        "--seconds", str(load.seconds),
        "--server-pid", str(server.pid),
    ]  # fmt: skip
    completed = subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=load.warmup + load.seconds + LOAD_SLACK_S,
    )
    sys.stderr.write(completed.stderr)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure_signed_in(server: Server, path: str, who: str, load: LoadOptions) -> dict:
    """Like harness.measure: `load.repeat` windows, keep the least disturbed."""
    windows = [run_load(server, path, who, load) for _ in range(load.repeat)]
    return min(windows, key=lambda window: window["other_cpu"] or 0.0)


def verify(server: Server, sessions: dict) -> None:
    """Each page answers 200 with the cohort on it, not a redirect to log in or to set up 2FA."""
    with httpx.Client(timeout=30.0, trust_env=False) as http:
        for name, (path, who) in PAGES.items():
            cookie = f"{sessions['cookie']}={sessions[who][0]}"
            response = http.get(f"{server.base_url}{path}", headers={"Cookie": cookie})
            if response.status_code != 200 or EXPECTED_TEXT not in response.text:
                where = response.headers.get("location", "")
                raise RuntimeError(f"{name}: {path} answered {response.status_code} {where}")
            print(f"bench: {name}: {path} answers 200 when signed in", file=sys.stderr)


# --- Measuring ----------------------------------------------------------------------------------


def run(server: Server, load: LoadOptions) -> dict[str, dict[str, float]]:
    env = server_env()  # its SECRET_KEY signs the sessions and the server that reads them
    sessions = prepare_data(env)
    print(
        f"bench: delivery measures on its own server (the harness's, pid {server.pid}, idles)",
        file=sys.stderr,
    )
    with serving(env) as own:
        verify(own, sessions)
        return measure_pages(own, PAGES, load)


def measure_pages(
    server: Server, pages: dict[str, tuple[str, str]], load: LoadOptions
) -> dict[str, dict[str, float]]:
    """The floor, then each page (name: (path, who is signed in)); every row checked, the table
    printed, and each page summarised as ratios to the floor."""
    # The floor as every benchmark measures it (anonymous), so the ratios compare.
    measured = {"floor": measure(server, FLOOR_PATH, load)}
    for name, (path, who) in pages.items():
        measured[name] = measure_signed_in(server, path, who, load)
    for name, row in measured.items():
        check(name, row)
    print_table(measured)
    return {name: summarise(measured[name], measured["floor"]) for name in pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.delivery", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    generating = commands.add_parser("generate", help="the data once, and fresh sessions")
    generating.add_argument("sessions", help="where to write the session cookies (JSON)")
    loading = commands.add_parser("load", help="signed-in clients loading one URL")
    loading.add_argument("url")
    loading.add_argument("--sessions", required=True, help="the file `generate` wrote")
    loading.add_argument("--who", choices=["learners", "organiser"], required=True)
    loading.add_argument("--concurrency", type=int, default=50)
    loading.add_argument("--warmup", type=float, default=2.0)
    loading.add_argument("--seconds", type=float, default=8.0)
    loading.add_argument("--server-pid", type=int)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "load":
        return load_main(args)
    from bench.data import setup_django

    setup_django()
    generate()
    make_sessions(Path(args.sessions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
