"""Markup that WCAG 2.1 AA needs on pages no browser test visits (scripts/axe-demo found them).

Cheap checks of the templates and of the rendered page, instead of a browser test each.
"""

import json
import re
from pathlib import Path

import pytest

AGORA = Path(__file__).resolve().parent.parent / "agora"
TABLE_SCROLL = re.compile(r'<div class="table-scroll"[^>]*>')


def _templates() -> list[Path]:
    return sorted(AGORA.glob("*/templates/**/*.html"))


def test_every_scrolling_table_can_be_scrolled_from_the_keyboard():
    """A table wider than a phone scrolls inside its .table-scroll box: keyboard users must be
    able to focus the box to scroll it, and a screen reader then names the region
    (axe: scrollable-region-focusable, WCAG 2.1.1)."""
    unreachable = []
    for template in _templates():
        for tag in TABLE_SCROLL.findall(template.read_text()):
            named = "aria-labelledby=" in tag or "aria-label=" in tag
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or not named:
                unreachable.append(f"{template.relative_to(AGORA)}: {tag}")
    assert not unreachable, "\n".join(unreachable)


@pytest.mark.django_db
def test_the_api_docs_declare_their_language_and_have_enough_contrast(client):
    response = client.get("/api/v1/docs")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in content  # Swagger UI speaks English only
    assert "agora/css/swagger-ui-contrast.css" in content


@pytest.mark.django_db
def test_the_api_docs_put_no_link_inside_the_operations_buttons(client):
    """Swagger UI's deep links are links inside buttons (axe: nested-interactive)."""
    response = client.get("/api/v1/docs")

    settings_json = re.search(
        r'<script type="application/json" id="swagger-settings">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert settings_json is not None
    assert json.loads(settings_json.group(1))["deepLinking"] is False
