"""Configuration comes from the environment only; production mode is safe or refuses to start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "AGORA_DEBUG": "0",
    "SECRET_KEY": "x7!Kq2vL9#mR4tZ8wY1nB6cF3hJ5pS0dG-aE_uI~oT.rW+yQ^zX*vN@lM%kH&jD$f",
    "ALLOWED_HOSTS": "agora.example.org",
}
READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "db_name": str(s.DATABASES["default"]["NAME"]),
    "cache": s.CACHES["default"]["BACKEND"],
    "channels": s.CHANNEL_LAYERS["default"]["BACKEND"],
    "tasks": s.TASKS["default"]["BACKEND"],
    "email": s.EMAIL_BACKEND,
    "debug": s.DEBUG,
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "session_secure": s.SESSION_COOKIE_SECURE,
    "csrf_secure": s.CSRF_COOKIE_SECURE,
}))
"""


def run_python(code: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    clean.update(
        {"DJANGO_SETTINGS_MODULE": "agora.settings", "AGORA_VAR_DIR": str(tmp_path), **env}
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )


def read_settings(env: dict[str, str], tmp_path: Path) -> dict:
    result = run_python(READ_SETTINGS, env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_nothing_set_means_embedded(tmp_path):
    config = read_settings({}, tmp_path)
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["db_name"].startswith(str(tmp_path))
    assert config["cache"].endswith("LocMemCache")
    assert config["channels"] == "channels.layers.InMemoryChannelLayer"
    assert config["tasks"] == "django_tasks_db.DatabaseBackend"
    assert config["email"] == "django.core.mail.backends.console.EmailBackend"
    assert config["debug"] is True


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    config = read_settings(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/agora",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        tmp_path,
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["channels"] == "channels_redis.core.RedisChannelLayer"


def test_production_mode_sets_hsts_and_secure_cookies(tmp_path):
    config = read_settings(PRODUCTION, tmp_path)
    assert config["debug"] is False
    assert config["hsts"] >= 31_536_000
    assert config["session_secure"] and config["csrf_secure"]


def test_production_mode_passes_the_deploy_check(tmp_path):
    result = run_python(
        "from agora.__main__ import main; main(['check', '--deploy', '--fail-level', 'WARNING'])",
        PRODUCTION,
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("", "needs SECRET_KEY"),
        ("agora-development-only-secret-key-do-not-use-in-production", "refuses the default"),
        ("short", "too short"),
    ],
)
def test_production_mode_refuses_a_missing_or_default_secret(tmp_path, secret, reason):
    result = run_python(READ_SETTINGS, {**PRODUCTION, "SECRET_KEY": secret}, tmp_path)
    assert result.returncode != 0
    assert reason in result.stderr


def test_production_mode_needs_allowed_hosts(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    result = run_python(READ_SETTINGS, env, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_bad_boolean_is_refused_with_its_name(tmp_path):
    result = run_python(READ_SETTINGS, {"AGORA_DEBUG": "maybe"}, tmp_path)
    assert result.returncode != 0
    assert "AGORA_DEBUG='maybe'" in result.stderr


def test_every_response_carries_a_content_security_policy_without_inline_script(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_templates_hold_no_inline_script_or_event_handlers():
    import re

    templates = list((ROOT / "agora").rglob("templates/**/*.html"))
    assert templates
    for template in templates:
        text = template.read_text()
        for script in re.findall(r"<script\b[^>]*>", text):
            # A JSON data block is never run, so CSP does not concern it.
            is_data = 'type="application/json"' in script
            assert "src=" in script or is_data, f"inline <script> in {template}"
        assert not re.search(r"\son[a-z]+=\"", text), f"inline event handler in {template}"
