"""The bench server and the load generator's process, shared by every benchmark.

The server runs as production would (AGORA_DEBUG=0, manifest static files, a real SECRET_KEY)
in its own process, started with ``agora serve``; the load generator runs in another
(bench/load.py), so neither steals the other's interpreter. Every step has a deadline.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
SETUP_TIMEOUT_S = 600  # migrate, collectstatic, data generation: each
START_TIMEOUT_S = 60  # from `agora serve` to /health/ answering
STOP_TIMEOUT_S = 10  # from SIGTERM to SIGKILL
LOAD_SLACK_S = 60  # beyond warm-up + window, for the load process to start and finish


@dataclass(frozen=True)
class LoadOptions:
    seconds: float
    warmup: float
    concurrency: int
    repeat: int = 1


@dataclass(frozen=True)
class Server:
    base_url: str  # without the trailing slash
    pid: int


def server_env() -> dict[str, str]:
    """The environment of every bench subprocess: production mode, on loopback, own database.

    DATABASE_URL (and REDIS_URL) pass through when set, so the same bench runs on PostgreSQL.
    """
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="agora.settings",
        AGORA_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),  # 86 characters, new on each run
        ALLOWED_HOSTS=HOST,
        AGORA_SSL_REDIRECT="0",  # plain HTTP on loopback; no TLS proxy in front
        AGORA_BENCH="1",  # routes /bench/floor/
        AGORA_VAR_DIR=str(VAR_DIR),
        PYTHONUNBUFFERED="1",
    )
    return env


def agora_command(*args: str) -> list[str]:
    """The `agora` console command of our interpreter (bench/run made it the virtualenv's).

    A virtualenv where Agora itself is not pip-installed has no console script; `python -m
    agora` is the same entry point (agora/__main__.py).
    """
    script = Path(sys.prefix) / "bin" / "agora"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "agora", *args]


def prepare(env: dict[str, str]) -> None:
    """Bring the bench database and static files up to date, and fill an empty database."""
    steps = [
        ("migrate", agora_command("migrate", "--noinput", "-v", "0")),
        # Production mode serves static files from WhiteNoise's manifest, which this writes.
        ("collectstatic", agora_command("collectstatic", "--noinput", "-v", "0")),
        ("data", [sys.executable, "-m", "bench.data"]),
    ]
    for label, command in steps:
        started = time.monotonic()
        # stdout to our stderr: the last line of our stdout is reserved for the result.
        subprocess.run(
            command, env=env, cwd=ROOT, check=True, timeout=SETUP_TIMEOUT_S, stdout=sys.stderr
        )
        print(f"bench: {label} took {time.monotonic() - started:.1f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def serving(env: dict[str, str]) -> Iterator[Server]:
    """Run `agora serve` on a free loopback port until the block ends, however it ends."""
    port = free_port()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    log_path = VAR_DIR / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            agora_command("serve", "--host", HOST, "--port", str(port)),
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://{HOST}:{port}"
            wait_until_healthy(base_url, process, log_path)
            print(f"bench: server up at {base_url} (pid {process.pid})", file=sys.stderr)
            yield Server(base_url=base_url, pid=process.pid)
        finally:
            stop(process)


def wait_until_healthy(base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    with httpx.Client(timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited ({process.returncode}); see {log_path}")
            try:
                if client.get(f"{base_url}/health/").status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.1)  # polling interval, bounded by the deadline
    raise TimeoutError(f"/health/ did not answer within {START_TIMEOUT_S} s; see {log_path}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # uvicorn shuts down gracefully on SIGTERM
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_load(server: Server, path: str, load: LoadOptions) -> dict:
    """Load one URL from a separate process (bench/load.py) and return its JSON report."""
    command = [
        sys.executable, "-m", "bench.load", f"{server.base_url}{path}",
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


def measure(server: Server, path: str, load: LoadOptions) -> dict:
    """Load one URL `load.repeat` times and keep the window least disturbed by other processes.

    On a shared machine other work comes and goes; choosing by the CPU others used, not by
    throughput, keeps the choice independent of the figure being measured.
    """
    windows = [run_load(server, path, load) for _ in range(load.repeat)]
    return min(windows, key=lambda window: window["other_cpu"] or 0.0)
