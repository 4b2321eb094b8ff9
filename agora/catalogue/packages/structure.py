"""The parsed form of a content package, the names it may use, and the problems found in it.

Pure: no Django import, so the format can be read, checked and written without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

FORMAT_VERSION = 1
TOML_FILE = "programme.toml"
TEXT_FOLDER = "text"
MEDIA_FOLDER = "media"

# Keys of programme.toml, in the order the spec gives and export writes them.
PROGRAMME_KEYS = (
    "agora_package", "slug", "organisation", "source_language", "languages", "delivery",
    "audiences", "hours_per_week", "fee", "currency", "certificate", "tags", "competences",
    "status", "levels",
)
LEVEL_KEYS = ("id", "kind", "packages", "modules")
GROUP_KEYS = ("id",)
MODULE_KEYS = ("id", "required", "package", "competences", "units")
UNIT_KEYS = ("id", "kind", "activities")
ACTIVITY_KEYS = ("id", "type", "minutes", "competences", "media")
# Media entries: one file each, except captions (one file per language) and url (the web
# address of an external tool, not a file).
MEDIA_FILE_KEYS = ("video", "poster", "transcript", "file")
MEDIA_KEYS = ("video", "poster", "captions", "transcript", "file", "url")

# The kinds of item that carry text, as they appear in text keys (``module:…``).
ITEM_KINDS = ("programme", "level", "package", "module", "unit", "activity")

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (Django's makemessages knows this name) without
    translating it here: the caller passes its own translate function to the reader."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: ``file`` is relative to the package folder."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class Report:
    """Collects problems; messages are translated when recorded, then formatted."""

    translate: Translate = str
    problems: list[Problem] = field(default_factory=list)

    def add(self, file: str, line: int | None, message: str, /, **params: object) -> None:
        text = self.translate(message)
        self.problems.append(Problem(file, line, text % params if params else text))


@dataclass(frozen=True)
class Vocabulary:
    """The names a package may use; the caller knows them (registry, database, settings)."""

    activity_types: tuple[str, ...]
    competences: tuple[str, ...]
    languages: tuple[str, ...]
    audiences: tuple[str, ...]
    deliveries: tuple[str, ...]
    statuses: tuple[str, ...]
    level_kinds: tuple[str, ...]
    unit_kinds: tuple[str, ...]
    fields: Mapping[str, tuple[str, ...]]  # item kind → translatable fields, in order


@dataclass
class Activity:
    id: str
    type: str
    minutes: int = 0
    competences: list[str] = field(default_factory=list)
    media: dict[str, Any] = field(default_factory=dict)


@dataclass
class Unit:
    id: str
    kind: str = "section"
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Module:
    id: str
    required: bool = False
    package: str | None = None  # id of a ModuleGroup of the same level
    competences: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


@dataclass
class ModuleGroup:
    """A ``[[levels.packages]]`` entry (a ModulePackage row): named so to tell it from the
    content package as a whole."""

    id: str


@dataclass
class Level:
    id: str
    kind: str = "course"
    packages: list[ModuleGroup] = field(default_factory=list)
    modules: list[Module] = field(default_factory=list)


@dataclass
class Package:
    slug: str
    organisation: str
    source_language: str
    languages: list[str]
    delivery: str
    audiences: list[str] = field(default_factory=list)
    hours_per_week: Decimal | None = None
    fee: Decimal = Decimal("0.00")
    currency: str = "EUR"
    certificate: bool = False
    tags: list[str] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)
    status: str = "draft"
    levels: list[Level] = field(default_factory=list)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # language → key → text
    # Line of each top-level key of programme.toml, for problems found later (database checks).
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def items(self) -> Iterator[tuple[str, str]]:
        """(kind, item key) of every item that carries text, in structure order."""
        yield "programme", "programme"
        for level in self.levels:
            yield "level", item_key("level", level.id)
            for group in level.packages:
                yield "package", item_key("package", level.id, group.id)
            for module in level.modules:
                yield "module", item_key("module", level.id, module.id)
                for unit in module.units:
                    yield "unit", item_key("unit", level.id, module.id, unit.id)
                    for activity in unit.activities:
                        yield "activity", item_key(
                            "activity", level.id, module.id, unit.id, activity.id
                        )

    def text_keys(self, fields: Mapping[str, tuple[str, ...]]) -> list[str]:
        """Every possible text key, in the order export writes them."""
        return [
            f"{key}.{name}" for kind, key in self.items() for name in fields.get(kind, ())
        ]

    def activities(self) -> Iterator[Activity]:
        for level in self.levels:
            for module in level.modules:
                for unit in module.units:
                    yield from unit.activities

    def media_paths(self) -> list[str]:
        """Every media file referenced, each once, in structure order."""
        paths: dict[str, None] = {}
        for activity in self.activities():
            paths.update(dict.fromkeys(media_paths(activity.media)))
        return list(paths)


def item_key(kind: str, *ids: str) -> str:
    """``programme``, ``level:advanced``, ``module:advanced/a01``, …"""
    return kind if kind == "programme" else f"{kind}:{'/'.join(ids)}"


def media_paths(media: Mapping[str, Any]) -> list[str]:
    """The file paths of one activity's media, in MEDIA_KEYS order."""
    paths: list[str] = []
    for key in MEDIA_KEYS:
        value = media.get(key)
        if key == "url":
            continue
        if isinstance(value, str):
            paths.append(value)
        elif isinstance(value, Mapping):
            paths.extend(path for _, path in sorted(value.items()) if isinstance(path, str))
    return paths


def text_file(language: str) -> str:
    return f"{TEXT_FOLDER}/{language}.md"
