"""Where each item and key of programme.toml is, by line: tomllib gives values, not lines, and a
problem found after parsing (an unknown type, a duplicate id) should still point at its line."""

from __future__ import annotations

import re

# A path names one item: () is the programme, ("levels", 0, "modules", 2) the third module of the
# first level. Items are numbered in order of appearance, as tomllib builds its lists.
Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_HEADER_KEY = "[header]"


class Locator:
    """Line numbers of items (their ``[[…]]`` header) and of their keys."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, dict[str, int]] = {(): {}}
        self._path: Path = ()
        self._prefix = ""  # for keys of a sub-table such as [levels.….activities.media]
        self._counts: dict[tuple[Path, str], int] = {}
        self._scan(text)

    def line(self, path: Path, key: str | None = None) -> int | None:
        """The line of ``key`` (or of the table holding it) in the item at ``path``; else the
        item's header; else the key that holds the item in its parent (an inline array)."""
        while True:
            lines = self._lines.get(path, {})
            # "media.captions.en" may be written inline: then the line of "media" will do.
            while key is not None and key not in lines and "." in key:
                key = key.rsplit(".", 1)[0]
            if key is not None and key in lines:
                return lines[key]
            if _HEADER_KEY in lines:
                return lines[_HEADER_KEY]
            if len(path) < 2:
                return None
            path, key = path[:-2], str(path[-2])

    def top_level_lines(self) -> dict[str, int]:
        return {key: line for key, line in self._lines[()].items() if key != _HEADER_KEY}

    def _scan(self, text: str) -> None:
        in_string = False
        for number, line in enumerate(text.splitlines(), start=1):
            delimiters = line.count('"""') + line.count("'''")
            if in_string:
                in_string = delimiters % 2 == 0  # a multi-line string ends on this line
                continue
            header = _HEADER.match(line)
            if header:
                names = [name.strip() for name in header.group(2).split(".")]
                if header.group(1) == "[[":
                    self._enter_item(names, number)
                else:
                    self._enter_table(names, number)
                continue
            key = _KEY.match(line)
            if key:
                self._lines.setdefault(self._path, {}).setdefault(self._prefix + key[1], number)
            in_string = delimiters % 2 == 1

    def _enter_item(self, names: list[str], number: int) -> None:
        parent = self._path[: 2 * (len(names) - 1)]
        index = self._counts.get((parent, names[-1]), 0)
        self._counts[(parent, names[-1])] = index + 1
        self._path = (*parent, names[-1], index)
        self._prefix = ""
        self._lines.setdefault(self._path, {})[_HEADER_KEY] = number

    def _enter_table(self, names: list[str], number: int) -> None:
        # A plain table belongs to the deepest current item whose names it starts with.
        depth = 0
        while depth * 2 < len(self._path) and depth < len(names):
            if self._path[depth * 2] != names[depth]:
                break
            depth += 1
        self._path = self._path[: depth * 2]
        rest = names[depth:]
        self._prefix = ".".join(rest) + "." if rest else ""
        lines = self._lines.setdefault(self._path, {})
        for end in range(depth + 1, len(names) + 1):
            lines.setdefault(".".join(names[depth:end]), number)
