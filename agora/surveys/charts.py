"""Bar charts of survey results as inline SVG (no Django import).

The chart is decoration for sighted readers: the page shows the same numbers in a table, so
the SVG is ``aria-hidden``. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH = 640
BAR_HEIGHT = 26
GAP = 10
LABEL_WIDTH = 240
BAR_COLOUR = "#1d4f91"  # the site's link colour: 8.6:1 on white
TEXT_COLOUR = "#1a1a1a"


def _shorten(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: float) -> str:
    return f"{value:g}"


def bar_chart(rows: Sequence[tuple[str, float]]) -> str:
    """Horizontal bars, one per (label, value) row, scaled to the largest value."""
    largest = max((value for _label, value in rows), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - 60
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart" aria-hidden="true" '
        f'focusable="false" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">'
    ]
    for index, (label, value) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        width = round(bar_space * value / largest)
        parts += [
            f'<text x="0" y="{y + 18}" font-size="14" fill="{TEXT_COLOUR}">'
            f"{escape(_shorten(str(label)))}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + width + 8}" y="{y + 18}" font-size="14" '
            f'fill="{TEXT_COLOUR}">{_number(value)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
