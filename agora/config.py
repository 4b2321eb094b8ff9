"""Reading configuration from the environment, failing loudly on bad values.

Helpers that settings.py calls before Django is set up; they touch no model or app.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# The 24 official languages of the European Union, as content languages (ISO 639-1 codes).
# Names are the languages' own (endonyms), so a reader finds theirs whatever the UI language.
EU_LANGUAGES: list[tuple[str, str]] = [
    ("bg", "български"),
    ("cs", "čeština"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("el", "ελληνικά"),
    ("en", "English"),
    ("es", "español"),
    ("et", "eesti"),
    ("fi", "suomi"),
    ("fr", "français"),
    ("ga", "Gaeilge"),
    ("hr", "hrvatski"),
    ("hu", "magyar"),
    ("it", "italiano"),
    ("lt", "lietuvių"),
    ("lv", "latviešu"),
    ("mt", "Malti"),
    ("nl", "Nederlands"),
    ("pl", "polski"),
    ("pt", "português"),
    ("ro", "română"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("sv", "svenska"),
]

# Used only in debug mode; production mode refuses it.
DEVELOPMENT_SECRET_KEY = "agora-development-only-secret-key-do-not-use-in-production"  # noqa: S105
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def require_secret_key(secret_key: str, *, debug: bool) -> str:
    """Return the secret key to use, refusing a missing or default one in production mode."""
    if debug:
        return secret_key or DEVELOPMENT_SECRET_KEY
    if not secret_key:
        raise ImproperlyConfigured(
            "Production mode (AGORA_DEBUG=0) needs SECRET_KEY: set it to a long random value, "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if secret_key == DEVELOPMENT_SECRET_KEY or secret_key.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "Production mode (AGORA_DEBUG=0) refuses the default development SECRET_KEY: "
            "set SECRET_KEY to a long random value of your own."
        )
    if len(secret_key) < 50 or len(set(secret_key)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too short or too simple for production: "
            "use at least 50 random characters."
        )
    return secret_key
