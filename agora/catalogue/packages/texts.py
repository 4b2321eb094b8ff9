"""The text files of a package: ``text/<lang>.md``, cut into entries by marker lines.

A marker is an HTML comment alone on its line, holding a text key (``<!-- module:a/b.title -->``);
an entry's text runs to the next marker, without the blank lines around it. Other HTML comments
are ordinary text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from agora.catalogue.packages.structure import Report, gettext_noop

MARKER = re.compile(
    r"^<!--\s*((?:programme|(?:level|package|module|unit|activity):[^\s.]+)\.[A-Za-z_]+)\s*-->\s*$"
)


@dataclass(frozen=True)
class Entry:
    text: str
    line: int  # of the marker


def normalise(text: str) -> str:
    """Unix line ends, no blank lines before or after: what a round trip through a file keeps."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def parse_text(content: str, file: str, report: Report) -> dict[str, Entry]:
    """The entries of one text file by key; problems (stray text, a key twice) go to report."""
    entries: dict[str, Entry] = {}
    key: str | None = None
    start = 0
    body: list[str] = []
    stray = False
    for number, line in enumerate(content.splitlines(), start=1):
        marker = MARKER.match(line)
        if marker is None:
            if key is not None:
                body.append(line)
            elif line.strip() and not stray:
                stray = True  # once is enough: it belongs to no entry
                report.add(file, number, gettext_noop("text before the first marker"))
            continue
        _close(entries, key, start, body, file, report)
        key, start, body = marker[1], number, []
    _close(entries, key, start, body, file, report)
    return entries


def _close(
    entries: dict[str, Entry], key: str | None, line: int, body: list[str], file: str,
    report: Report,
) -> None:
    if key is None:
        return
    if key in entries:
        report.add(
            file, line, gettext_noop("duplicate key %(key)s (first on line %(first)s)"),
            key=key, first=entries[key].line,
        )
        return
    entries[key] = Entry(normalise("\n".join(body)), line)


def marker_lines(text: str) -> list[str]:
    """Lines of a text that would read as markers, so cannot be written as they are."""
    return [line for line in text.splitlines() if MARKER.match(line)]


def dump_text(texts: Mapping[str, str], keys: Iterable[str]) -> str:
    """One language's file: entries in ``keys`` order, empty ones left out, one blank line
    between entries, a final newline. Raises ValueError for a text holding a marker line."""
    entries = []
    for key in keys:
        text = normalise(texts.get(key, ""))
        if not text:
            continue
        for line in marker_lines(text)[:1]:
            raise ValueError(f"{key}: a line of the text reads as a marker: {line}")
        entries.append(f"<!-- {key} -->\n{text}\n")
    return "\n".join(entries)
