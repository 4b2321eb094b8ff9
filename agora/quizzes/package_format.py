"""Quizzes in a content package: the files and how they are read. Pure, no Django import.

```
<package>/quizzes/
  quizzes.toml                      settings of the quiz activities (optional)
  <module-id>.<lang>.gift           a module's question bank in one language (Moodle GIFT)
  <level-id>.<module-id>.<lang>.gift   the same, when two levels have a module of that id
```

A question is the same in every language by its GIFT title (``::w1-q1::``); a question without
a title is numbered by its place in the file (``q1``, ``q2``…), so then every language must list
the questions in the same order. The source language's file is required for a module that has
a bank; every version of a question must have the same kind, options and right answers
(``grading.shape``); short answers may differ by language.

```toml
[[quiz]]
activity = "course/week-1-why-engage/week-1/quiz"   # level/module/unit/activity ids
questions = 5          # drawn at random from the bank for each attempt; 0: all
tag = ""               # only questions of this GIFT $CATEGORY
attempts = 3           # 0: unlimited
pass_mark = 80         # percent
time_limit = 15        # minutes; leave out for none
feedback = "end"       # "each" (after each answer) or "end"
shuffle_options = true
```
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from agora.catalogue.packages.structure import Problem
from agora.catalogue.packages.toml_lines import Locator
from agora.quizzes import gift
from agora.quizzes.grading import shape

FOLDER = "quizzes"
SETTINGS = f"{FOLDER}/quizzes.toml"
FEEDBACK = ("each", "end")
SETTING_KEYS = {
    # key in the file, in the order export writes them: (field of Quiz, type, lowest, highest)
    "questions": ("question_count", int, 0, 500),
    "tag": ("tag", str, None, None),
    "attempts": ("attempts_allowed", int, 0, 100),
    "pass_mark": ("pass_mark", int, 0, 100),
    "time_limit": ("time_limit_minutes", int, 1, 1440),
    "feedback": ("feedback", str, None, None),
    "shuffle_options": ("shuffle_options", bool, None, None),
}


def gettext_noop(message: str) -> str:
    return message


@dataclass
class BankQuestion:
    key: str
    kind: str
    tags: list[str]
    versions: dict[str, dict[str, Any]]
    order: int


@dataclass
class Quizzes:
    """Banks by (level id, module id), and quiz settings by activity path."""

    banks: dict[tuple[str, str], list[BankQuestion]] = field(default_factory=dict)
    settings: dict[tuple[str, str, str, str], dict[str, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.banks or self.settings)


@dataclass(frozen=True)
class Layout:
    """What the package declares, for checking the quiz files against it."""

    source_language: str
    languages: tuple[str, ...]
    modules: Mapping[str, tuple[str, ...]]  # module id → the level ids that have one
    activities: Mapping[tuple[str, str, str, str], str]  # path → activity type


def read_quizzes(
    directory: Path, layout: Layout, translate: Callable[[str], str] = str
) -> tuple[Quizzes, list[Problem]]:
    """The package's banks and settings, and every problem with its file and line."""
    quizzes = Quizzes()
    problems: list[Problem] = []

    def problem(file: str, line: int | None, message: str, /, **params: object) -> None:
        text = translate(message)
        problems.append(Problem(file, line, text % params if params else text))

    folder = directory / FOLDER
    if not folder.is_dir():
        return quizzes, problems
    files: dict[tuple[str, str], dict[str, Path]] = {}
    for path in sorted(folder.glob("*.gift")):
        name = f"{FOLDER}/{path.name}"
        parts = path.name.removesuffix(".gift").split(".")
        if len(parts) == 2:
            module_id, language = parts
            levels = layout.modules.get(module_id, ())
            if len(levels) > 1:
                problem(name, None, gettext_noop(
                    'several levels have a module "%(module)s": name the file '
                    "<level>.<module>.<language>.gift"), module=module_id)
                continue
            level_id = levels[0] if levels else ""
        elif len(parts) == 3:
            level_id, module_id, language = parts
        else:
            problem(name, None, gettext_noop(
                "a question bank is named <module>.<language>.gift"))
            continue
        if level_id not in layout.modules.get(module_id, ()):
            problem(name, None, gettext_noop('no module "%(module)s" in the programme'),
                    module=module_id)
            continue
        if language not in layout.languages:
            problem(name, None, gettext_noop(
                'the programme is not offered in "%(language)s"'), language=language)
            continue
        files.setdefault((level_id, module_id), {})[language] = path
    for (level_id, module_id), by_language in files.items():
        bank = _read_bank(by_language, layout.source_language, problem, translate)
        if bank is not None:
            quizzes.banks[(level_id, module_id)] = bank
    settings_path = directory / SETTINGS
    if settings_path.is_file():
        quizzes.settings = _read_settings(settings_path, layout, problem)
    return quizzes, problems


def _read_bank(
    by_language: dict[str, Path], source: str, problem, translate
) -> list[BankQuestion] | None:
    if source not in by_language:
        some = next(iter(by_language.values()))
        problem(f"{FOLDER}/{some.name}", None, gettext_noop(
            "the question bank has no version in the source language (%(language)s)"),
            language=source)
        return None
    ordered = [source, *sorted(set(by_language) - {source})]
    bank: dict[str, BankQuestion] = {}
    lines: dict[str, int] = {}
    for language in ordered:
        path = by_language[language]
        name = f"{FOLDER}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            problem(name, None, gettext_noop("cannot be read as UTF-8 text"))
            continue
        questions, gift_problems = gift.parse(text, translate)
        for found in gift_problems:  # already translated
            problem(name, found.line, "%(text)s", text=found.message)
        for position, question in enumerate(questions, start=1):
            key = question.key or f"q{position}"
            if language == source:
                bank[key] = BankQuestion(key, question.kind, question.tags,
                                         {language: question.version}, len(bank))
                lines[key] = question.line
                continue
            entry = bank.get(key)
            if entry is None:
                problem(name, question.line, gettext_noop(
                    'question "%(key)s" is not in the source language\'s bank'), key=key)
            elif shape(entry.kind, entry.versions[source]) != shape(
                question.kind, question.version
            ):
                problem(name, question.line, gettext_noop(
                    'question "%(key)s" differs from its source version (line %(line)s): the '
                    "kind, the options and the right answers must be the same"),
                    key=key, line=lines[key])
            else:
                entry.versions[language] = question.version
    return list(bank.values())


def _read_settings(path: Path, layout: Layout, problem) -> dict:
    name = SETTINGS
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problem(name, None, gettext_noop("cannot be read: %(error)s"), error=str(error))
        return {}
    locator = Locator(text)
    settings: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    entries = data.get("quiz", [])
    if not isinstance(entries, list):
        problem(name, None, gettext_noop("quizzes are listed as [[quiz]] tables"))
        return {}
    for index, entry in enumerate(entries):
        here = ("quiz", index)
        activity = str(entry.get("activity", ""))
        activity_path = tuple(activity.split("/"))
        if len(activity_path) != 4 or activity_path not in layout.activities:
            problem(name, locator.line(here, "activity"), gettext_noop(
                'no activity "%(activity)s" (level/module/unit/activity)'), activity=activity)
            continue
        if layout.activities[activity_path] != "quiz":
            problem(name, locator.line(here, "activity"), gettext_noop(
                'the activity "%(activity)s" is not a quiz'), activity=activity)
            continue
        if activity_path in settings:
            problem(name, locator.line(here, "activity"), gettext_noop(
                'the quiz "%(activity)s" is set twice'), activity=activity)
            continue
        values = {}
        for key, value in entry.items():
            if key == "activity":
                continue
            if key not in SETTING_KEYS:
                problem(name, locator.line(here, key), gettext_noop(
                    'unknown key "%(key)s" (known: %(known)s)'),
                    key=key, known=", ".join(["activity", *SETTING_KEYS]))
                continue
            target, kind, low, high = SETTING_KEYS[key]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                problem(name, locator.line(here, key), gettext_noop(
                    '"%(key)s" has the wrong type'), key=key)
                continue
            if low is not None and not low <= value <= high:
                problem(name, locator.line(here, key), gettext_noop(
                    '"%(key)s" must be between %(low)s and %(high)s'),
                    key=key, low=low, high=high)
                continue
            if key == "feedback" and value not in FEEDBACK:
                problem(name, locator.line(here, key), gettext_noop(
                    '"feedback" is "each" or "end"'))
                continue
            values[target] = value
        settings[activity_path] = values
    return settings


# Writing (export): banks in their canonical GIFT layout, settings in structure order.


def bank_file(level_id: str, module_id: str, language: str, ambiguous: bool) -> str:
    stem = f"{level_id}.{module_id}" if ambiguous else module_id
    return f"{FOLDER}/{stem}.{language}.gift"


def gift_text(bank: list[BankQuestion], language: str) -> str:
    """One language of a bank; a ``$CATEGORY`` line wherever the first tag changes (further
    tags of a question are not written: GIFT has one category per question)."""
    chunks = []
    category = ""
    for question in bank:
        if language not in question.versions:
            continue
        tag = question.tags[0] if question.tags else ""
        if tag != category:
            chunks.append(f"$CATEGORY: {tag}\n")
            category = tag
        chunks.append(gift.write(gift.GiftQuestion(
            question.key, question.kind, question.versions[language], question.tags)))
    return "\n".join(chunks)


def settings_text(settings: Mapping[tuple[str, str, str, str], Mapping[str, Any]]) -> str:
    fields = {target: key for key, (target, *_rest) in SETTING_KEYS.items()}
    chunks = []
    for path, values in settings.items():
        entry: dict[str, Any] = {"activity": "/".join(path)}
        for target, value in values.items():
            key = fields[target]
            if (key == "tag" and not value) or (key == "time_limit" and value is None) or (
                key == "shuffle_options" and value is True
            ):
                continue  # the defaults are left out
            entry[key] = value
        chunks.append("[[quiz]]\n" + tomli_w.dumps(entry))
    return "\n".join(chunks)


def write_quizzes(directory: Path, quizzes: Quizzes, ambiguous: set[str]) -> None:
    """Write ``quizzes/`` into a package folder (nothing when there are no quizzes)."""
    if not quizzes:
        return
    (directory / FOLDER).mkdir(parents=True, exist_ok=True)
    for (level_id, module_id), bank in quizzes.banks.items():
        languages = sorted({language for question in bank for language in question.versions})
        for language in languages:
            target = directory / bank_file(level_id, module_id, language, module_id in ambiguous)
            target.write_text(gift_text(bank, language), encoding="utf-8")
    if quizzes.settings:
        (directory / SETTINGS).write_text(settings_text(quizzes.settings), encoding="utf-8")
