"""Reading a package folder into a ``Package``, collecting every problem rather than the first.

Pure: the names a package may use come in a ``Vocabulary``, messages are translated by the
caller's function.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from agora.catalogue.packages.structure import (
    ACTIVITY_KEYS,
    FORMAT_VERSION,
    GROUP_KEYS,
    LEVEL_KEYS,
    MEDIA_FILE_KEYS,
    MEDIA_FOLDER,
    MEDIA_KEYS,
    MODULE_KEYS,
    PROGRAMME_KEYS,
    TEXT_FOLDER,
    TOML_FILE,
    UNIT_KEYS,
    Activity,
    Level,
    Module,
    ModuleGroup,
    Package,
    Problem,
    Report,
    Translate,
    Unit,
    Vocabulary,
    gettext_noop,
    text_file,
)
from agora.catalogue.packages.texts import parse_text
from agora.catalogue.packages.toml_lines import Locator
from agora.catalogue.packages.toml_lines import Path as ItemPath

T = TypeVar("T")

IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")  # a SlugField of 80, as the models
CURRENCY = re.compile(r"^[A-Z]{3}$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")

_TYPE_MESSAGES = {
    str: gettext_noop("%(key)s must be a string"),
    int: gettext_noop("%(key)s must be a whole number"),
    bool: gettext_noop("%(key)s must be true or false"),
    list: gettext_noop("%(key)s must be a list"),
    dict: gettext_noop("%(key)s must be a table"),
}
_UNKNOWN_VALUE = {
    "type": gettext_noop('unknown activity type "%(value)s" (known: %(known)s)'),
    "competences": gettext_noop('unknown competence "%(value)s" (known: %(known)s)'),
    "languages": gettext_noop('unknown language "%(value)s" (known: %(known)s)'),
    "source_language": gettext_noop('unknown language "%(value)s" (known: %(known)s)'),
    "package": gettext_noop('unknown package "%(value)s" (packages of this level: %(known)s)'),
}
_UNKNOWN_DEFAULT = gettext_noop('unknown %(key)s "%(value)s" (known: %(known)s)')


def read_package(
    directory: Path, vocabulary: Vocabulary, translate: Translate = str
) -> tuple[Package | None, list[Problem]]:
    """The package in ``directory`` and every problem found; None if programme.toml is
    unreadable (then its problem is the only one: the texts cannot be checked without it)."""
    report = Report(translate)
    package = _read_structure(Path(directory), vocabulary, report)
    if package is not None:
        _read_texts(Path(directory), package, vocabulary, report)
    return package, report.problems


def _read_structure(directory: Path, vocabulary: Vocabulary, report: Report) -> Package | None:
    content = _read_file(directory / TOML_FILE, TOML_FILE, report)
    if content is None:
        return None
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        message, line = _toml_error(error, content)
        report.add(TOML_FILE, line, gettext_noop("invalid TOML: %(error)s"), error=message)
        return None
    reader = _Reader(vocabulary, report, Locator(content), directory)
    return _programme(reader, data)


def _read_file(path: Path, name: str, report: Report) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.add(name, None, gettext_noop("missing"))
    except UnicodeDecodeError as error:
        report.add(name, None, gettext_noop("not UTF-8 text (%(error)s)"), error=error.reason)
    except OSError as error:
        report.add(name, None, gettext_noop("cannot be read (%(error)s)"), error=error.strerror)
    return None


def _toml_error(error: tomllib.TOMLDecodeError, content: str) -> tuple[str, int]:
    """tomllib before 3.14 writes the position into its message only: take it out as a line."""
    message = str(error)
    position = _TOML_POSITION.search(message)
    if position:
        return message[: position.start()], int(position[1])
    if getattr(error, "lineno", None):
        return message, error.lineno
    return message.removesuffix(" (at end of document)"), max(content.count("\n"), 1)


@dataclass
class _Reader:
    vocabulary: Vocabulary
    report: Report
    locator: Locator
    directory: Path

    def problem(
        self, path: ItemPath, at: str | None, message: str, /, **params: object
    ) -> None:
        """Report a problem on the line of key ``at`` of the item at ``path``."""
        self.report.add(TOML_FILE, self.locator.line(path, at), message, **params)

    def value(
        self, table: dict, path: ItemPath, key: str, kind: type[T], default: T,
        required: bool = False,
    ) -> T:
        if key not in table:
            if required:
                self.problem(path, None, gettext_noop("missing key %(key)s"), key=key)
            return default
        value = table[key]
        # bool is an int in Python, not in TOML's sense of a number.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            self.problem(path, key, _TYPE_MESSAGES[kind], key=key)
            return default
        return value

    def strings(self, table: dict, path: ItemPath, key: str, required: bool = False) -> list[str]:
        values = self.value(table, path, key, list, [], required)
        if not all(isinstance(value, str) for value in values):
            self.problem(path, key, gettext_noop("%(key)s must be a list of strings"), key=key)
            return []
        return values

    def tables(self, table: dict, path: ItemPath, key: str) -> list[dict]:
        values = self.value(table, path, key, list, [])
        if not all(isinstance(value, dict) for value in values):
            self.problem(path, key, gettext_noop("%(key)s must be a list of tables"), key=key)
            return []
        return values

    def choice(
        self, table: dict, path: ItemPath, key: str, known: Iterable[str], default: str = "",
        required: bool = False,
    ) -> str:
        value = self.value(table, path, key, str, default, required)
        if isinstance(table.get(key), str) and value not in known:
            self.unknown(path, key, value, known)
        return value

    def codes(
        self, table: dict, path: ItemPath, key: str, known: Iterable[str], required: bool = False
    ) -> list[str]:
        values = self.strings(table, path, key, required)
        known = tuple(known)
        for value in _repeated(values):
            self.problem(path, key, gettext_noop('"%(value)s" is listed twice'), value=value)
        for value in values:
            if value not in known:
                self.unknown(path, key, value, known)
        return values

    def unknown(self, path: ItemPath, key: str, value: str, known: Iterable[str]) -> None:
        message = _UNKNOWN_VALUE.get(key, _UNKNOWN_DEFAULT)
        self.problem(path, key, message, key=key, value=value, known=", ".join(known) or "-")

    def identifier(self, table: dict, path: ItemPath, key: str = "id") -> str:
        value = self.value(table, path, key, str, "", required=True)
        if key in table and isinstance(table[key], str) and not IDENTIFIER.match(value):
            self.problem(
                path, key,
                gettext_noop('%(key)s "%(value)s" must be 1 to 80 of a-z, 0-9 and "-", '
                             'starting with a letter or digit'),
                key=key, value=value,
            )
        return value

    def known_keys(self, table: dict, path: ItemPath, keys: tuple[str, ...]) -> None:
        for key in table:
            if key not in keys:
                self.problem(
                    path, key, gettext_noop("unknown key %(key)s (known: %(known)s)"),
                    key=key, known=", ".join(keys),
                )

    def children(
        self, table: dict, path: ItemPath, key: str, read: Callable[[dict, ItemPath], T]
    ) -> list[T]:
        """The items of an array of tables, each id once among them."""
        items: list[T] = []
        first: dict[str, ItemPath] = {}
        for index, child in enumerate(self.tables(table, path, key)):
            child_path = (*path, key, index)
            item = read(child, child_path)
            item_id = getattr(item, "id", "")
            if item_id and item_id in first:
                self.problem(
                    child_path, "id",
                    gettext_noop('duplicate id "%(id)s" (first on line %(first)s)'),
                    id=item_id, first=self.locator.line(first[item_id], "id"),
                )
            first.setdefault(item_id, child_path)
            items.append(item)
        return items


def _repeated(values: list[str]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


# programme.toml, item by item


def _programme(r: _Reader, data: dict) -> Package:
    v, here = r.vocabulary, ()
    r.known_keys(data, here, PROGRAMME_KEYS)
    version = r.value(data, here, "agora_package", int, FORMAT_VERSION, required=True)
    if version != FORMAT_VERSION:
        r.problem(
            here, "agora_package",
            gettext_noop("format version %(version)s is not supported (this Agora reads "
                         "%(supported)s)"),
            version=version, supported=FORMAT_VERSION,
        )
    package = Package(
        slug=r.identifier(data, here, "slug"),
        organisation=r.value(data, here, "organisation", str, "", required=True),
        source_language=r.choice(data, here, "source_language", v.languages, required=True),
        languages=r.codes(data, here, "languages", v.languages, required=True),
        delivery=r.choice(data, here, "delivery", v.deliveries, required=True),
        audiences=r.codes(data, here, "audiences", v.audiences),
        hours_per_week=_hours(r, data),
        fee=_fee(r, data),
        currency=_currency(r, data),
        certificate=r.value(data, here, "certificate", bool, False),
        tags=r.strings(data, here, "tags"),
        competences=r.codes(data, here, "competences", v.competences),
        status=r.choice(data, here, "status", v.statuses, default="draft"),
        key_lines=r.locator.top_level_lines(),
    )
    source = package.source_language
    if "languages" in data and source and source not in package.languages:
        r.problem(
            here, "languages",
            gettext_noop("languages must include the source language %(language)s"),
            language=source,
        )
    package.levels = r.children(data, here, "levels", lambda table, path: _level(r, table, path))
    return package


def _hours(r: _Reader, data: dict) -> Decimal | None:
    value = data.get("hours_per_week")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        r.problem((), "hours_per_week", gettext_noop("hours_per_week must be a number"))
        return None
    hours = Decimal(str(value))
    if not 0 <= hours < 1000 or hours != hours.quantize(Decimal("0.1")):
        r.problem(
            (), "hours_per_week",
            gettext_noop("hours_per_week must be between 0 and 999.9, with at most one decimal"),
        )
        return None
    return hours.quantize(Decimal("0.1"))


def _fee(r: _Reader, data: dict) -> Decimal:
    text = r.value(data, (), "fee", str, "0.00")
    try:
        fee = Decimal(text)
    except InvalidOperation:
        fee = Decimal(-1)
    if not fee.is_finite() or not 0 <= fee < 10**7 or fee != fee.quantize(Decimal("0.01")):
        r.problem(
            (), "fee",
            gettext_noop('fee must be an amount such as "120.00" (at most two decimals), '
                         'not "%(value)s"'),
            value=text,
        )
        return Decimal("0.00")
    return fee.quantize(Decimal("0.01"))


def _currency(r: _Reader, data: dict) -> str:
    currency = r.value(data, (), "currency", str, "EUR")
    if not CURRENCY.match(currency):
        r.problem(
            (), "currency",
            gettext_noop('currency must be a three-letter code such as "EUR", not "%(value)s"'),
            value=currency,
        )
    return currency


def _level(r: _Reader, table: dict, here: ItemPath) -> Level:
    r.known_keys(table, here, LEVEL_KEYS)
    level = Level(
        id=r.identifier(table, here),
        kind=r.choice(table, here, "kind", r.vocabulary.level_kinds, default="course"),
    )
    level.packages = r.children(table, here, "packages", lambda t, path: _group(r, t, path))
    groups = tuple(group.id for group in level.packages)
    level.modules = r.children(
        table, here, "modules", lambda t, path: _module(r, t, path, groups)
    )
    return level


def _group(r: _Reader, table: dict, here: ItemPath) -> ModuleGroup:
    r.known_keys(table, here, GROUP_KEYS)
    return ModuleGroup(id=r.identifier(table, here))


def _module(r: _Reader, table: dict, here: ItemPath, groups: tuple[str, ...]) -> Module:
    r.known_keys(table, here, MODULE_KEYS)
    module = Module(
        id=r.identifier(table, here),
        required=r.value(table, here, "required", bool, False),
        package=r.choice(table, here, "package", groups) or None,
        competences=r.codes(table, here, "competences", r.vocabulary.competences),
    )
    module.units = r.children(table, here, "units", lambda t, path: _unit(r, t, path))
    return module


def _unit(r: _Reader, table: dict, here: ItemPath) -> Unit:
    r.known_keys(table, here, UNIT_KEYS)
    unit = Unit(
        id=r.identifier(table, here),
        kind=r.choice(table, here, "kind", r.vocabulary.unit_kinds, default="section"),
    )
    unit.activities = r.children(table, here, "activities", lambda t, path: _activity(r, t, path))
    return unit


def _activity(r: _Reader, table: dict, here: ItemPath) -> Activity:
    r.known_keys(table, here, ACTIVITY_KEYS)
    minutes = r.value(table, here, "minutes", int, 0)
    if minutes < 0:
        r.problem(here, "minutes", gettext_noop("minutes must not be negative"))
        minutes = 0
    return Activity(
        id=r.identifier(table, here),
        type=r.choice(table, here, "type", r.vocabulary.activity_types, required=True),
        minutes=minutes,
        competences=r.codes(table, here, "competences", r.vocabulary.competences),
        media=_media(r, table, here),
    )


# Media


def _media(r: _Reader, table: dict, here: ItemPath) -> dict[str, Any]:
    media = r.value(table, here, "media", dict, {})
    for key, value in media.items():
        if key not in MEDIA_KEYS:
            r.problem(
                here, f"media.{key}", gettext_noop("unknown media key %(key)s (known: %(known)s)"),
                key=key, known=", ".join(MEDIA_KEYS),
            )
        elif key in MEDIA_FILE_KEYS:
            _media_file(r, here, f"media.{key}", value)
        elif key == "url":
            if not isinstance(value, str) or not value.startswith(("https://", "http://")):
                r.problem(
                    here, "media.url",
                    gettext_noop("media.url must be a web address starting with https://"),
                )
        else:
            _captions(r, here, value)
    return media


def _captions(r: _Reader, here: ItemPath, captions: object) -> None:
    if not isinstance(captions, dict):
        r.problem(
            here, "media.captions",
            gettext_noop('media.captions must be a table of language = "file", '
                         'such as { en = "media/intro.en.vtt" }'),
        )
        return
    for language, path in captions.items():
        key = f"media.captions.{language}"
        if language not in r.vocabulary.languages:
            r.unknown(here, "languages", language, r.vocabulary.languages)
        if _media_file(r, here, key, path) and not _is_webvtt(r.directory / path):
            r.problem(
                here, key,
                gettext_noop('caption file %(path)s is not WebVTT (it must begin with "WEBVTT")'),
                path=path,
            )


def _media_file(r: _Reader, here: ItemPath, key: str, path: object) -> bool:
    """Whether ``path`` names a file of the package under media/; problems reported."""
    if not isinstance(path, str):
        r.problem(here, key, _TYPE_MESSAGES[str], key=key)
        return False
    if not _inside_media(r.directory, path):
        r.problem(
            here, key,
            gettext_noop("media path %(path)s must be a relative path under %(folder)s/"),
            path=path, folder=MEDIA_FOLDER,
        )
        return False
    if not (r.directory / path).is_file():
        r.problem(here, key, gettext_noop("media file %(path)s not found"), path=path)
        return False
    return True


def _inside_media(directory: Path, path: str) -> bool:
    # The import copies these files into shared storage: nothing outside the package may leak.
    parts = PurePosixPath(path).parts
    if "\\" in path or len(parts) < 2 or parts[0] != MEDIA_FOLDER or ".." in parts:
        return False
    return (directory / path).resolve().is_relative_to(directory.resolve())


def _is_webvtt(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(9).removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


# text/<lang>.md


def _read_texts(directory: Path, package: Package, vocabulary: Vocabulary, report: Report) -> None:
    known = set(package.text_keys(vocabulary.fields))
    for language, path in _text_files(directory, package, vocabulary, report).items():
        name = text_file(language)
        content = _read_file(path, name, report)
        if content is None:
            continue
        entries = parse_text(content, name, report)
        for key, entry in entries.items():
            if key not in known:
                report.add(name, entry.line, gettext_noop("unknown key %(key)s"), key=key)
        package.texts[language] = {
            key: entry.text for key, entry in entries.items() if key in known and entry.text
        }
    _require_titles(package, report)


def _text_files(
    directory: Path, package: Package, vocabulary: Vocabulary, report: Report
) -> dict[str, Path]:
    """The text file of each language: every listed one (and the source) must exist; others
    may, for a language the programme is not offered in yet."""
    folder = directory / TEXT_FOLDER
    files = {path.stem: path for path in sorted(folder.glob("*.md"))} if folder.is_dir() else {}
    for language in files:
        if language not in vocabulary.languages:
            report.add(
                text_file(language), None, gettext_noop('unknown language "%(language)s"'),
                language=language,
            )
    required = dict.fromkeys([package.source_language, *package.languages])
    for language in required:
        # An unknown language is reported in programme.toml already.
        if language in vocabulary.languages and language not in files:
            report.add(text_file(language), None, gettext_noop("missing (listed in languages)"))
    return {language: path for language, path in files.items() if language in vocabulary.languages}


def _require_titles(package: Package, report: Report) -> None:
    texts = package.texts.get(package.source_language)
    if texts is None:
        return  # the missing file is reported already
    for _kind, key in package.items():
        if f"{key}.title" not in texts:
            report.add(
                text_file(package.source_language), None,
                gettext_noop("missing %(key)s: every item needs a title in the source language"),
                key=f"{key}.title",
            )
