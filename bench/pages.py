"""The ``pages`` benchmark: the home page and the log-in page, against the framework's floor.

Each page is loaded by anonymous clients (production sets its cookies Secure, so over plain
HTTP no session or CSRF cookie comes back: every request is a first visit, the worst case).
The floor is /bench/floor/, a bare Django view returning "ok" through the same server,
settings and middleware: the ratio rps / floor_rps is the share of the framework's best that a
page keeps, which travels between machines better than absolute figures do.
"""

from __future__ import annotations

import sys

from bench.harness import LoadOptions, Server, measure

FLOOR_PATH = "/bench/floor/"
# Cores that other processes may use during a window before we call the run disturbed.
DISTURBED_CPU = 0.25
PAGES: dict[str, str] = {
    "home": "/",
    "login": "/accounts/login/",
}


def check(name: str, measured: dict) -> None:
    """A page that never answered 200 has no figures to report; errors alone are reported."""
    if measured["ok"] == 0:
        raise RuntimeError(f"{name}: no 200 response in the window ({measured['outcomes']})")
    if measured["errors"]:
        errors = f"{measured['errors']} errors: {measured['outcomes']}"
        print(f"bench: {name}: {errors}", file=sys.stderr)
    if (measured["other_cpu"] or 0) > DISTURBED_CPU:
        print(
            f"bench: {name}: other processes used {measured['other_cpu']} cores during the "
            "window; the figures are disturbed, run again on a quiet machine",
            file=sys.stderr,
        )


def summarise(page: dict, floor: dict) -> dict[str, float]:
    return {
        "rps": page["rps"],
        "floor_rps": floor["rps"],
        "ratio": round(page["rps"] / floor["rps"], 3),
        "p50_ms": page["p50_ms"],
        "p99_ms": page["p99_ms"],
    }


def print_table(measured: dict[str, dict]) -> None:
    """The figures, with the CPU each side used: a client near 1.0 core means the load
    generator, not the server, set the pace; other processes' CPU means a disturbed run."""
    columns = ["rps", "p50_ms", "p99_ms", "errors", "server_cpu", "client_cpu", "other_cpu"]
    print(f"{'url':<8}" + "".join(f"{column:>12}" for column in columns), file=sys.stderr)
    for name, row in measured.items():
        cells = "".join(f"{row[column]!s:>12}" for column in columns)
        print(f"{name:<8}{cells}", file=sys.stderr)


def run(server: Server, load: LoadOptions) -> dict[str, dict[str, float]]:
    measured = {"floor": measure(server, FLOOR_PATH, load)}
    for name, path in PAGES.items():
        measured[name] = measure(server, path, load)
    for name, row in measured.items():
        check(name, row)
    print_table(measured)
    return {name: summarise(measured[name], measured["floor"]) for name in PAGES}
