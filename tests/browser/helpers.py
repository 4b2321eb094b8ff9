"""What the browser tests share besides fixtures."""

from django.conf import settings
from django.utils import translation

SKIP_LINK = "Skip to main content"
FRENCH_CATALOGUE = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


def has_french_catalogue() -> bool:
    """Whether our own French translations are compiled (they are being written)."""
    return FRENCH_CATALOGUE.exists()


def in_language(language: str, message: str) -> str:
    """``message`` as the running code would show it in ``language``."""
    with translation.override(language):
        return translation.gettext(message)


def french_skip_link() -> str:
    """The skip link's French text, from our catalogue; it must be translated."""
    text = in_language("fr", SKIP_LINK)
    assert text != SKIP_LINK, f"{SKIP_LINK!r} has no French translation in {FRENCH_CATALOGUE}"
    return text
