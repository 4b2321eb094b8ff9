"""Images of results for slides: SVG bar charts and word clouds (no Django import).

Self-contained SVG 1.1 with a <title> and <desc>, so a slide deck can embed it and a screen
reader can name it; every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

WIDTH = 800
BAR_HEIGHT = 34
GAP = 12
LABEL_WIDTH = 300
TOP = 64
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
BAR_COLOUR = "#1d4f91"  # the site's link colour: 8.6:1 on white
TEXT_COLOUR = "#1a1a1a"


def _shorten(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:g}"


def _document(title: str, description: str, height: int, body: list[str]) -> str:
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" font-family={quoteattr(FONT)}>',
            f"<title>{escape(title)}</title>",
            f"<desc>{escape(description)}</desc>",
            f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            f'<text x="24" y="40" font-size="24" font-weight="bold" fill="{TEXT_COLOUR}">'
            f"{escape(_shorten(title, 60))}</text>",
            *body,
            "</svg>",
        ]
    )


def bar_chart(title: str, rows: Sequence[tuple[str, float]], footer: str = "") -> str:
    """Horizontal bars, one per row, longest for the largest value, the value written beside."""
    largest = max((value for _label, value in rows), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - 100
    body = []
    for index, (label, value) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        width = round(bar_space * value / largest)
        body += [
            f'<text x="24" y="{y + 23}" font-size="18" fill="{TEXT_COLOUR}">'
            f"{escape(_shorten(str(label)))}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + width + 10}" y="{y + 23}" font-size="18" '
            f'fill="{TEXT_COLOUR}">{_number(value)}</text>',
        ]
    height = TOP + len(rows) * (BAR_HEIGHT + GAP) + 40
    if footer:
        body.append(
            f'<text x="24" y="{height - 16}" font-size="16" fill="{TEXT_COLOUR}">'
            f"{escape(footer)}</text>"
        )
    description = "; ".join(f"{label}: {_number(value)}" for label, value in rows)
    return _document(title, description, height, body)


def word_cloud(title: str, rows: Sequence[tuple[str, float]], footer: str = "") -> str:
    """Words in lines, the most frequent first and largest (14 to 48 px)."""
    largest = max((count for _word, count in rows), default=0) or 1
    body, x, y, line_height = [], 24, TOP + 40, 0
    for word, count in rows:
        size = round(14 + 34 * count / largest)
        width = round(len(word) * size * 0.6) + 24
        if x + width > WIDTH - 24 and x > 24:
            x, y, line_height = 24, y + line_height + 8, 0
        line_height = max(line_height, size)
        body.append(
            f'<text x="{x}" y="{y}" font-size="{size}" fill="{BAR_COLOUR}">'
            f"{escape(word)}</text>"
        )
        x += width
    height = y + 48
    if footer:
        body.append(
            f'<text x="24" y="{height - 12}" font-size="16" fill="{TEXT_COLOUR}">'
            f"{escape(footer)}</text>"
        )
    description = "; ".join(f"{word}: {_number(count)}" for word, count in rows)
    return _document(title, description, height, body)
