"""``bench/run NAME``: prepare the bench server, run one benchmark, print its JSON result.

A benchmark is a module with ``run(server: Server, load: LoadOptions) -> dict``, registered in
BENCHMARKS; ``load`` carries the options every benchmark shares. Progress and readable tables
go to stderr; the LAST line of stdout is the result as one JSON object, so scripts can read it
with ``tail -n 1``.
"""

import argparse
import importlib
import json
import signal
import sys
import time

from bench.harness import LoadOptions, prepare, server_env, serving

# name -> module; add later benchmarks here (each documented in docs/performance.md).
BENCHMARKS: dict[str, str] = {
    "pages": "bench.pages",
    "catalogue": "bench.catalogue",
    "delivery": "bench.delivery",
    "forums": "bench.forums",
    "learning": "bench.learning",
    "live": "bench.live",
    "surveys": "bench.surveys",
}


def positive(convert: type[int] | type[float]):
    """An argparse type: a number above zero (zero seconds or repeats would measure nothing)."""

    def parse(text: str) -> int | float:
        value = convert(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above zero, not {text}")
        return value

    return parse


def stop_on_sigterm() -> None:
    """Make SIGTERM unwind like Ctrl+C does, so the `finally` that stops the server runs."""

    def handle(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handle)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description="Run one of Agora's benchmarks against a production-mode server.",
    )
    parser.add_argument("name", choices=sorted(BENCHMARKS), help="which benchmark to run")
    parser.add_argument(
        "--seconds", type=positive(float), default=8.0, help="measuring window per URL (default 8)"
    )
    parser.add_argument(
        "--warmup", type=positive(float), default=2.0, help="unmeasured warm-up per URL (default 2)"
    )
    parser.add_argument(
        "--concurrency", type=positive(int), default=50, help="concurrent clients (default 50)"
    )
    parser.add_argument(
        "--repeat",
        type=positive(int),
        default=1,
        help="measure each URL this many times, keep the least disturbed window (default 1)",
    )
    parser.add_argument(
        "--participants", type=positive(int), default=2000,
        help="live: simulated WebSocket participants (default 2000)",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    benchmark = importlib.import_module(BENCHMARKS[args.name])
    load = LoadOptions(
        seconds=args.seconds, warmup=args.warmup, concurrency=args.concurrency, repeat=args.repeat
    )
    stop_on_sigterm()
    started = time.monotonic()
    env = server_env()
    prepare(env)
    with serving(env) as server:
        extra = {"participants": args.participants} if args.name == "live" else {}
        result = benchmark.run(server, load, **extra)
    print(f"bench: {args.name} done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print(json.dumps(result, sort_keys=True), flush=True)
    return 0
