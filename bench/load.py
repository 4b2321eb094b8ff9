"""Load generator: N concurrent HTTP clients hammering one URL, in a process of its own.

    python -m bench.load http://127.0.0.1:8000/ --concurrency 50 --warmup 2 --seconds 8

Each client sends its next request as soon as the previous answer is read (a closed loop over
a kept-alive connection). Responses completing during the warm-up are discarded; those
completing inside the measuring window are counted: 200s give the throughput and latencies,
anything else (other status, timeout, refused connection) is an error. Prints one JSON object.

No Django here: the load generator shares no code or interpreter with what it measures.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import math
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REQUEST_TIMEOUT_S = 10.0


@dataclass
class Tally:
    """What the clients saw inside the measuring window."""

    latencies: list[float] = field(default_factory=list)  # seconds, 200 responses only
    outcomes: Counter[str] = field(default_factory=Counter)  # "200", "404", "ReadTimeout", …

    def record(self, outcome: str, latency: float) -> None:
        self.outcomes[outcome] += 1
        if outcome == "200":
            self.latencies.append(latency)


@dataclass(frozen=True)
class CpuSample:
    """CPU seconds used so far: by this process, by the server, by the whole machine."""

    client: float
    server: float | None
    machine: float | None

    @classmethod
    def take(cls, server_pid: int | None) -> CpuSample:
        return cls(time.process_time(), process_cpu_seconds(server_pid), machine_cpu_seconds())


@dataclass
class CpuMarks:
    """CPU samples at the measuring window's edges."""

    server_pid: int | None
    samples: list[CpuSample] = field(default_factory=list)

    def mark(self) -> None:
        self.samples.append(CpuSample.take(self.server_pid))


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of another process, from /proc (Linux); None elsewhere."""
    if pid is None:
        return None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the command name, which is in parentheses and may itself hold spaces.
    fields = stat.rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float | None:
    """Busy CPU seconds of all cores together since boot, from /proc/stat (Linux)."""
    try:
        first_line = Path("/proc/stat").read_text().splitlines()[0]
    except OSError:
        return None
    ticks = [int(value) for value in first_line.split()[1:]]
    idle, iowait = ticks[3], ticks[4]
    # Guest time is already counted in user time; the first eight fields are the whole.
    return (sum(ticks[:8]) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"bench.load only loads loopback addresses (127.0.0.1), not {host!r}")


async def client(url: str, window: tuple[float, float], tally: Tally) -> None:
    """One visitor: its own connection, kept alive, one request at a time, back to back.

    Each visitor has its own httpx client with a single connection, rather than all sharing a
    pool of N: httpcore's pool checks every connection it holds on every request, which at 50
    connections made the load generator, not the server, the bottleneck.
    """
    loop = asyncio.get_running_loop()
    window_start, window_end = window
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    # trust_env=False: no proxy from the environment may come between us and loopback.
    async with httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT_S, trust_env=False) as http:
        while loop.time() < window_end:
            started = time.perf_counter()
            try:
                response = await http.get(url)
                outcome = str(response.status_code)
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            latency = time.perf_counter() - started
            if window_start <= loop.time() <= window_end:
                tally.record(outcome, latency)


async def generate_load(
    url: str, concurrency: int, warmup: float, seconds: float, cpu: CpuMarks
) -> Tally:
    loop = asyncio.get_running_loop()
    window = (loop.time() + warmup, loop.time() + warmup + seconds)
    # Timers, not synchronisation: note CPU use when the window opens and when it closes.
    loop.call_at(window[0], cpu.mark)
    loop.call_at(window[1], cpu.mark)
    tally = Tally()
    await asyncio.gather(*(client(url, window, tally) for _ in range(concurrency)))
    return tally


def percentile_ms(sorted_latencies: list[float], percent: float) -> float | None:
    """Nearest-rank percentile, in milliseconds."""
    if not sorted_latencies:
        return None
    rank = max(1, math.ceil(percent / 100 * len(sorted_latencies)))
    return round(sorted_latencies[rank - 1] * 1000, 2)


def cpu_use(cpu: CpuMarks, seconds: float) -> dict[str, float | None]:
    """Cores used in the window (1.0 = one core busy throughout) by the client, the server and
    every other process on the machine: the last tells whether the run was disturbed."""
    use: dict[str, float | None] = {"client_cpu": None, "server_cpu": None, "other_cpu": None}
    if len(cpu.samples) < 2:
        return use
    start, end = cpu.samples[:2]
    use["client_cpu"] = round((end.client - start.client) / seconds, 2)
    if start.server is not None and end.server is not None:
        use["server_cpu"] = round((end.server - start.server) / seconds, 2)
    if start.machine is not None and end.machine is not None and use["server_cpu"] is not None:
        machine = (end.machine - start.machine) / seconds
        use["other_cpu"] = round(max(0.0, machine - use["client_cpu"] - use["server_cpu"]), 2)
    return use


def report(url: str, seconds: float, tally: Tally, cpu: CpuMarks) -> dict:
    latencies = sorted(tally.latencies)
    ok = len(latencies)
    return {
        "url": url,
        "seconds": seconds,
        "ok": ok,
        "errors": sum(tally.outcomes.values()) - ok,
        "outcomes": dict(tally.outcomes),
        "rps": round(ok / seconds, 1),
        "p50_ms": percentile_ms(latencies, 50),
        "p99_ms": percentile_ms(latencies, 99),
        **cpu_use(cpu, seconds),
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("url", help="a loopback URL, e.g. http://127.0.0.1:8000/")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds not measured")
    parser.add_argument("--seconds", type=float, default=8.0, help="measuring window")
    parser.add_argument("--server-pid", type=int, help="to report the server's CPU use")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    require_loopback(args.url)
    cpu = CpuMarks(server_pid=args.server_pid)
    tally = asyncio.run(generate_load(args.url, args.concurrency, args.warmup, args.seconds, cpu))
    print(json.dumps(report(args.url, args.seconds, tally, cpu)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
