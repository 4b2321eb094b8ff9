#!/usr/bin/env python3
"""Set up Agora in ./.venv from the lock files, then run the demo or the tests.

    python3 dev.py demo [--port 8000]   # install, migrate, load demo data, serve
    python3 dev.py test [pytest args]   # install with test tools, run the whole suite

Needs only Python 3.11+ and access to the package index. Installs again only when a lock file
or pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCKS = {"demo": ROOT / "requirements/runtime.lock", "test": ROOT / "requirements/test.lock"}


def fingerprint(lock: Path) -> str:
    digest = hashlib.sha256(lock.read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def ensure_environment(purpose: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit("Agora needs Python 3.11 or newer; this is " + sys.version.split()[0])
    lock = LOCKS[purpose]
    stamp = VENV / f".installed-{purpose}"
    if stamp.exists() and stamp.read_text() == fingerprint(lock):
        return
    if not (BIN / "python").exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check"]
    print(f"Installing locked dependencies from {lock.relative_to(ROOT)} …", flush=True)
    subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "--quiet", "--require-hashes", "-r", str(lock)], check=True)
    subprocess.run([*pip, "install", "--quiet", "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(fingerprint(lock))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in LOCKS:
        print(__doc__)
        return 2
    purpose, rest = argv[0], argv[1:]
    ensure_environment(purpose)
    os.chdir(ROOT)
    if purpose == "demo":
        command = [str(BIN / "agora"), "demo", *rest]
    else:
        command = [str(BIN / "python"), "-m", "pytest", *rest]
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
