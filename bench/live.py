"""The ``live`` benchmark: N simulated participants answer one poll over WebSockets while a
projector screen watches the tally, against the real ASGI server (uvicorn, two worker
processes) with the Redis channel layer and PostgreSQL.

    bench/run live --participants 2000

The bench server's environment, plus (unless set) REDIS_URL=redis://127.0.0.1:6379/5 and
DATABASE_URL=postgres://postgres@127.0.0.1:5432/agora_bench_live (created if missing). Each run
prepares a fresh room with one open single-choice poll that allows anonymous participants, a
facilitator with a signed-in session (for the projector's socket) and one signed device cookie
per participant (``python -m bench.live setup``, in the server's environment, since the cookies
are signed with its SECRET_KEY). The participants (``python -m bench.live load``, a separate
process on loopback) connect in batches, then each sends one answer at a random moment within
the answering window (10 s), waits for its acknowledgement, and records when it sent. The
projector records each state it receives with the state's read time (``at``); an answer is seen
on the projector when the first state read after the answer was stored arrives. Reported: sent,
acknowledged, stored (counted in the database), tallied (the projector's last tally), latency
percentiles from sending to seeing on the projector, and the server's memory per connection
(resident memory of the worker processes, connected minus idle, over the connections).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import (
    HOST,
    ROOT,
    SETUP_TIMEOUT_S,
    VAR_DIR,
    LoadOptions,
    Server,
    agora_command,
    free_port,
    server_env,
    stop,
    wait_until_healthy,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/agora_bench_live"
# redis-py 8 reads with a 5 s socket timeout by default, the same as channels_redis's 5 s
# blocking pop, so an idle consumer's receive loop dies with TimeoutError; a longer socket
# timeout (an option of the URL) keeps it alive. See docs/performance.md (live).
DEFAULT_REDIS = "redis://127.0.0.1:6379/5?socket_timeout=15"
WORKERS = 2
ANSWER_WINDOW_S = 10.0
CONNECT_BATCH = 100
SETTLE_TIMEOUT_S = 30.0
SETUP_FILE = VAR_DIR / "live-setup.json"
OPTIONS = ["Surveys", "Citizens' panels", "Town halls", "Participatory budgets"]


# --- In the server's environment: data ----------------------------------------------------------


def setup(participants: int, path: Path) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from agora.accounts.models import Organisation, User
    from agora.catalogue.models import Programme
    from agora.delivery.models import Cohort, CohortStaff, ScheduledSession
    from agora.live.access import DEVICE_COOKIE, sign_device
    from agora.live.models import Interaction, Room
    from bench.delivery import signed_in_session

    organisation, _ = Organisation.objects.get_or_create(
        slug="bench-live-org", defaults={"name": "Bench live", "kind": "public_body"}
    )
    programme, _ = Programme.objects.get_or_create(
        slug="bench-live-programme",
        defaults={"organisation": organisation, "title": {"en": "Bench live"},
                  "source_language": "en", "languages": ["en"], "format": "online"},
    )  # fmt: skip
    today = timezone.localdate()
    cohort, _ = Cohort.objects.get_or_create(
        slug="bench-live-cohort",
        defaults={"programme": programme, "name": {"en": "Bench live"}, "starts_on": today,
                  "ends_on": today, "languages": ["en"], "mode": "online", "status": "running"},
    )  # fmt: skip
    facilitator, _ = User.objects.get_or_create(
        email="bench-live-facilitator@example.org", defaults={"full_name": "Bench facilitator"}
    )
    CohortStaff.objects.get_or_create(cohort=cohort, user=facilitator, role="facilitator")
    now = timezone.now()
    session = ScheduledSession.objects.create(
        cohort=cohort, kind="live", title={"en": "Town hall"}, language="en",
        starts_at=now, ends_at=now + timezone.timedelta(hours=1),
    )  # fmt: skip
    room = Room.objects.create(session=session, allow_anonymous=True)
    poll = Interaction.objects.create(
        room=room, kind="choice", prompt="Which tool do you use most?", options=OPTIONS,
        state="open", opened_at=now,
    )  # fmt: skip
    room.current = poll
    room.save(update_fields=["current"])
    import uuid

    data = {
        "code": room.code,
        "room": room.pk,
        "interaction": poll.pk,
        "session_cookie": f"{settings.SESSION_COOKIE_NAME}={signed_in_session(facilitator)}",
        "device_cookies": [
            f"{DEVICE_COOKIE}={sign_device(uuid.uuid4())}" for _ in range(participants)
        ],
    }
    path.write_text(json.dumps(data))


def count(interaction: int) -> None:
    import django

    django.setup()
    from agora.live.models import Interaction

    poll = Interaction.objects.get(pk=interaction)
    print(json.dumps({"stored": poll.answers.count(), "recounted": poll.tally().answers}))


# --- The load process ---------------------------------------------------------------------------


def worker_pids(server_pid: int) -> list[int]:
    """The server process and its children (uvicorn's workers), from /proc."""
    pids = [server_pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server_pid:
                pids.append(int(entry.name))
    return pids


def resident_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def percentile_ms(values: list[float], percent: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return round(ordered[index] * 1000, 1)


async def run_load(base: str, setup_data: dict, server_pid: int, seed: int = 7) -> dict:
    from websockets.asyncio.client import connect

    origin = f"http://{HOST}"
    ws_base = base.replace("http://", "ws://")
    seen: list[tuple[float, float, int]] = []  # (received, state read at, answers)
    interaction = setup_data["interaction"]
    done = asyncio.Event()
    expected = {"acks": None}

    async def projector(ready: asyncio.Event) -> None:
        async with connect(
            f"{ws_base}/ws/live/screen/{setup_data['room']}/", origin=origin,
            additional_headers={"Cookie": setup_data["session_cookie"]},
            ping_interval=None, max_size=None,
        ) as socket:  # fmt: skip
            ready.set()
            async for raw in socket:
                now = time.time()
                message = json.loads(raw)
                if message.get("type") != "state":
                    continue
                item = next(i for i in message["interactions"] if i["id"] == interaction)
                seen.append((now, message["at"], item["tally"]["answers"]))
                if expected["acks"] is not None and item["tally"]["answers"] >= expected["acks"]:
                    done.set()

    idle_kib = resident_kib(worker_pids(server_pid))
    ready = asyncio.Event()
    watcher = asyncio.create_task(projector(ready))
    await asyncio.wait_for(ready.wait(), 30)

    sockets = []
    cookies = setup_data["device_cookies"]
    failed_connects = 0

    async def open_one(cookie: str):
        return await connect(
            f"{ws_base}/ws/live/join/{setup_data['code']}/", origin=origin,
            additional_headers={"Cookie": cookie}, ping_interval=None, open_timeout=60,
            max_size=None,
        )  # fmt: skip

    connect_started = time.monotonic()
    for start in range(0, len(cookies), CONNECT_BATCH):
        batch = await asyncio.gather(
            *(open_one(c) for c in cookies[start : start + CONNECT_BATCH]), return_exceptions=True
        )
        for result in batch:
            if isinstance(result, BaseException):
                failed_connects += 1
            else:
                sockets.append(result)
        print(f"bench live: {len(sockets)} connected", file=sys.stderr, flush=True)
    connect_s = time.monotonic() - connect_started
    connected_kib = resident_kib(worker_pids(server_pid))
    print(
        f"bench live: {len(sockets)} connected ({failed_connects} failed) in {connect_s:.1f} s",
        file=sys.stderr,
    )

    rng = random.Random(seed)
    sent: list[float] = []
    stored_at: list[tuple[float, float]] = []  # (sent, stored_at) of acknowledged answers
    refused = 0

    async def participant(socket) -> None:
        nonlocal refused
        await asyncio.sleep(rng.uniform(0, ANSWER_WINDOW_S))  # answering spread over the window
        value = rng.randrange(len(OPTIONS))
        began = time.time()
        await socket.send(json.dumps({"type": "answer", "interaction": interaction,
                                      "value": value, "ref": "1"}))  # fmt: skip
        sent.append(began)
        async for raw in socket:
            message = json.loads(raw)
            if message.get("type") == "ack":
                stored_at.append((began, message["stored_at"]))
                return
            if message.get("type") == "refused":
                refused += 1
                return

    answering_started = time.monotonic()
    tasks = [asyncio.create_task(participant(s)) for s in sockets]
    finished, unfinished = await asyncio.wait(tasks, timeout=ANSWER_WINDOW_S + SETTLE_TIMEOUT_S)
    for task in unfinished:
        task.cancel()
    failures = [t.exception() for t in finished if t.exception() is not None]
    if failures or unfinished:
        print(
            f"bench live: {len(failures)} participants failed, {len(unfinished)} got no answer "
            f"in time; first failure: {failures[:1]!r}",
            file=sys.stderr,
        )
    answering_s = time.monotonic() - answering_started
    expected["acks"] = len(stored_at)
    if seen and seen[-1][2] >= len(stored_at):
        done.set()
    try:
        await asyncio.wait_for(done.wait(), SETTLE_TIMEOUT_S)
    except TimeoutError:
        print("bench live: the projector never showed every answer", file=sys.stderr)

    # Shown: the first state read after the answer was acknowledged, or the first state that
    # counts every answer (which includes it), whichever came first.
    complete = next((received for received, _at, n in seen if n >= len(stored_at)), None)
    latencies = []
    for began, stored in stored_at:
        after = next((received for received, at, _n in seen if at >= stored), None)
        candidates = [moment for moment in (after, complete) if moment is not None]
        if candidates:
            latencies.append(min(candidates) - began)
    for socket in sockets:
        await socket.close()
    watcher.cancel()
    return {
        "connected": len(sockets),
        "connect_failures": failed_connects,
        "connect_s": round(connect_s, 1),
        "answering_s": round(answering_s, 1),
        "sent": len(sent),
        "acknowledged": len(stored_at),
        "refused": refused,
        "participant_failures": len(failures),
        "unacknowledged": len(unfinished),
        "tallied": seen[-1][2] if seen else 0,
        "projector_states": len(seen),
        "shown": len(latencies),
        "p50_ms": percentile_ms(latencies, 50),
        "p95_ms": percentile_ms(latencies, 95),
        "p99_ms": percentile_ms(latencies, 99),
        "server_rss_idle_kib": idle_kib,
        "server_rss_connected_kib": connected_kib,
        "memory_per_connection_kib": round((connected_kib - idle_kib) / max(len(sockets), 1), 1),
    }


# --- The benchmark ------------------------------------------------------------------------------


def live_env() -> dict[str, str]:
    env = server_env()
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    env.setdefault("REDIS_URL", DEFAULT_REDIS)
    if not env["DATABASE_URL"].startswith("postgres"):
        env["DATABASE_URL"] = DEFAULT_DATABASE  # the benchmark is defined on PostgreSQL
    return env


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def in_server_env(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.live", *args], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True, timeout=SETUP_TIMEOUT_S,
    )  # fmt: skip
    sys.stderr.write(completed.stderr)
    return completed.stdout


def stop_group(process: subprocess.Popen) -> None:
    """Stop the server and its worker processes: uvicorn's workers outlive a parent that is
    killed after the grace period, so the whole process group goes."""
    try:
        stop(process)
    finally:
        with contextlib.suppress(ProcessLookupError):  # already gone, workers included
            os.killpg(process.pid, signal.SIGKILL)


def run(server: Server, load: LoadOptions, participants: int = 2000) -> dict:
    env = live_env()
    ensure_database(env["DATABASE_URL"])
    subprocess.run(agora_command("migrate", "--noinput", "-v", "0"), env=env, cwd=ROOT,
                   check=True, timeout=SETUP_TIMEOUT_S, stdout=sys.stderr)  # fmt: skip
    in_server_env(env, "setup", "--participants", str(participants), "--out", str(SETUP_FILE))
    print(
        f"bench: live measures on its own server ({WORKERS} workers, Redis channel layer, "
        f"PostgreSQL); the harness's (pid {server.pid}) idles",
        file=sys.stderr,
    )
    port = free_port()
    log_path = VAR_DIR / "live-server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            agora_command("serve", "--host", HOST, "--port", str(port), "--workers", str(WORKERS)),
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            base = f"http://{HOST}:{port}"
            wait_until_healthy(base, process, log_path)
            completed = subprocess.run(
                [sys.executable, "-m", "bench.live", "load", base, "--setup", str(SETUP_FILE),
                 "--server-pid", str(process.pid)],
                cwd=ROOT, check=True, stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
                timeout=SETUP_TIMEOUT_S,
            )  # fmt: skip
            result = json.loads(completed.stdout.strip().splitlines()[-1])
        finally:
            stop_group(process)
    interaction = json.loads(SETUP_FILE.read_text())["interaction"]
    counted = json.loads(in_server_env(env, "count", str(interaction)).strip().splitlines()[-1])
    result.update(participants=participants, workers=WORKERS, **counted)
    print(
        f"bench live: sent {result['sent']}, stored {result['stored']}, "
        f"tallied {result['tallied']}; p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
        f"p99 {result['p99_ms']} ms; {result['memory_per_connection_kib']} KiB per connection",
        file=sys.stderr,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live")
    commands = parser.add_subparsers(dest="command", required=True)
    preparing = commands.add_parser("setup")
    preparing.add_argument("--participants", type=int, required=True)
    preparing.add_argument("--out", type=Path, required=True)
    counting = commands.add_parser("count")
    counting.add_argument("interaction", type=int)
    loading = commands.add_parser("load")
    loading.add_argument("base")
    loading.add_argument("--setup", type=Path, required=True)
    loading.add_argument("--server-pid", type=int, required=True)
    args = parser.parse_args(argv)
    if args.command == "setup":
        setup(args.participants, args.out)
    elif args.command == "count":
        count(args.interaction)
    else:
        data = json.loads(args.setup.read_text())
        print(json.dumps(asyncio.run(run_load(args.base, data, args.server_pid))))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agora.settings")
    sys.exit(main())
