"""Moodle's GIFT question format: reading and writing. Pure, no Django import.

Why our own parser: the one GIFT parser on PyPI (pygiftparser) was last released in 2017, does
not run on current Python without patches, and maps questions onto its own HTML output. GIFT
is small and documented (https://docs.moodle.org/en/GIFT_format), so this module reads the part
of it our question kinds use, with line numbers for every problem:

- ``// comments`` (whole lines), ``$CATEGORY: path`` (the last part becomes a tag of the
  questions that follow), blank lines between questions;
- ``::title::`` (used as the question's key, to match its versions across languages),
  ``[markdown]`` / ``[plain]`` / ``[html]`` / ``[moodle]`` text formats;
- escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n`` (and ``\\>``, see ordering);
- answers: single choice ``{=right ~wrong}``, multiple answers ``{~%50%a ~%50%b ~%-100%c}``,
  true/false ``{T}`` ``{FALSE#feedback if wrong#feedback if right}``, short answer
  ``{=one =%50%other}``, numeric ``{#3.5:0.1}`` ``{#1..5}`` ``{# =3:0 =%50%3:1}``, matching
  ``{=prompt -> match = -> distractor}``; per-answer ``#feedback``, general feedback
  ``####explanation``; text after the answers makes a fill-in-the-blank (``_____``).
- ordering, which GIFT lacks, is an Agora extension: ``{>first >second >third}``.

Essays and descriptions (no answer block) are reported as problems: Agora grades every answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agora.quizzes.grading import version_problems


def gettext_noop(message: str) -> str:
    """Marks a message for extraction; the caller translates it (see ``parse``)."""
    return message


BLANK = "_____"
FORMATS = ("markdown", "plain", "html", "moodle")
_ESCAPABLE = "~=#{}:\\>"
# Escaped characters become private-use characters while parsing, so that splitting on the
# special ones never cuts an escaped one; they are restored in the texts at the end.
_PROTECT = {char: chr(0xE000 + index) for index, char in enumerate(_ESCAPABLE)}
_RESTORE = {protected: char for char, protected in _PROTECT.items()}
_NEWLINE = chr(0xE0FF)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TITLE = re.compile(r"^::(.*?)::", re.DOTALL)
_FORMAT = re.compile(r"^\[(\w+)\]")
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")


@dataclass
class GiftQuestion:
    key: str
    kind: str
    version: dict[str, Any]
    tags: list[str] = field(default_factory=list)
    line: int = 1
    text_format: str = "markdown"


@dataclass(frozen=True)
class GiftProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


class _Invalid(Exception):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


def parse(text: str, translate=str) -> tuple[list[GiftQuestion], list[GiftProblem]]:
    """Every question of a GIFT text, and every problem (line, translated message)."""
    questions: list[GiftQuestion] = []
    problems: list[GiftProblem] = []
    tags: list[str] = []
    keys: dict[str, int] = {}
    for line, chunk in _chunks(text):
        if chunk.startswith("$CATEGORY:"):
            category = chunk.removeprefix("$CATEGORY:").strip()
            tags = [_category_tag(category)] if category else []
            continue
        try:
            question = _question(chunk, line, tags)
        except _Invalid as error:
            message = translate(error.message)
            problems.append(GiftProblem(line, message % error.params if error.params else message))
            continue
        for message in version_problems(question.kind, question.version):
            problems.append(GiftProblem(line, translate(message)))
        if question.key:
            if question.key in keys:
                message = translate(
                    gettext_noop('the title "%(key)s" is used twice (line %(first)s)')
                )
                params = {"key": question.key, "first": keys[question.key]}
                problems.append(GiftProblem(line, message % params))
                continue
            keys[question.key] = line
        questions.append(question)
    return questions, problems


def _chunks(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each question or category line: comments dropped, blank lines
    separating, except inside an answer block (Moodle splits there too; we are lenient)."""
    chunks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    depth = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if stripped.startswith("$CATEGORY:") and depth == 0 and not current:
            chunks.append((number, stripped))
            continue
        if not stripped and depth == 0:
            if current:
                chunks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(raw.rstrip())
        protected = _protect(raw)
        depth = max(0, depth + protected.count("{") - protected.count("}"))
    if current:
        chunks.append((start, "\n".join(current)))
    return chunks


def _category_tag(category: str) -> str:
    parts = [part.strip() for part in category.split("/") if part.strip()]
    parts = [part for part in parts if part not in ("$course$", "$system$", "$module$", "top")]
    return parts[-1] if parts else ""


def _protect(text: str) -> str:
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in _PROTECT:
                out.append(_PROTECT[following])
                index += 2
                continue
            if following == "n":
                out.append(_NEWLINE)
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _restore(text: str) -> str:
    text = "".join(_RESTORE.get(char, char) for char in text).replace(_NEWLINE, "\n")
    return text.strip()


def _question(chunk: str, line: int, tags: list[str]) -> GiftQuestion:
    text = _protect(chunk).strip()
    key = ""
    title = _TITLE.match(text)
    if title:
        key = _restore(title.group(1))
        text = text[title.end():].lstrip()
    text_format = "markdown"
    found = _FORMAT.match(text)
    if found and found.group(1).lower() in FORMATS:
        text_format = found.group(1).lower()
        text = text[found.end():].lstrip()
    opening = text.find("{")
    if opening < 0:
        raise _Invalid(gettext_noop("a description without answers is not a question"))
    closing = text.find("}", opening)
    if closing < 0:
        raise _Invalid(gettext_noop("the answers are not closed with }"))
    if "{" in text[closing:] or "}" in text[closing + 1:]:
        raise _Invalid(gettext_noop("a question may have only one answer block"))
    before, block, after = text[:opening].strip(), text[opening + 1:closing], text[closing + 1:]
    prompt = f"{before} {BLANK} {after.strip()}" if after.strip() else before
    kind, version = _answers(block)
    version["text"] = _restore(prompt)
    return GiftQuestion(key, kind, version, list(filter(None, tags)), line, text_format)


def _answers(block: str) -> tuple[str, dict[str, Any]]:
    block = block.strip()
    explanation = ""
    if "####" in block:
        block, explanation = block.split("####", 1)
        block = block.strip()
    version: dict[str, Any] = {"explanation": _restore(explanation)}
    if not block:
        raise _Invalid(gettext_noop("essay questions are not supported: Agora grades every answer"))
    if block.startswith("#"):
        version["answers"] = _numeric(block[1:])
        return "numeric", version
    head, *feedback = block.split("#")
    if head.strip().upper() in ("T", "TRUE", "F", "FALSE"):
        version["answer"] = head.strip().upper().startswith("T")
        wrong, right = (feedback + ["", ""])[:2]
        right_value = version["answer"]
        # GIFT: the first feedback is shown for a wrong answer, the second for a right one.
        version["feedback_true" if right_value else "feedback_false"] = _restore(right)
        version["feedback_false" if right_value else "feedback_true"] = _restore(wrong)
        return "true_false", version
    if block.startswith(">"):
        items = re.split(r"(?:^|\s)>", block)
        version["items"] = [_restore(item) for item in items if item.strip()]
        return "ordering", version
    entries = _entries(block)
    if not entries:
        raise _Invalid(gettext_noop("no answers found between { and }"))
    if all(marker == "=" and "->" in body for marker, body in entries):
        return "matching", _matching(entries, version)
    if any(marker == "~" for marker, _ in entries):
        single = any(marker == "=" for marker, _ in entries)
        version["options"] = [_option(marker, body, single) for marker, body in entries]
        return ("single" if single else "multiple"), version
    version["accepted"] = [_option("=", body, True) for _, body in entries]
    return "short", version


def _entries(block: str) -> list[tuple[str, str]]:
    """``[(marker, rest)]`` for each answer starting with an unescaped ``=`` or ``~``."""
    parts = re.split(r"([=~])", block)
    if parts[0].strip():
        raise _Invalid(
            gettext_noop('unexpected text "%(text)s" before the first answer'),
            text=_restore(parts[0])[:40],
        )
    return [(parts[index], parts[index + 1]) for index in range(1, len(parts) - 1, 2)]


def _option(marker: str, body: str, single: bool) -> dict[str, Any]:
    body = body.strip()
    weight: float = 100 if marker == "=" else 0
    found = _WEIGHT.match(body)
    if found:
        weight = float(found.group(1))
        body = body[found.end():]
    text, _, feedback = body.partition("#")
    return {"text": _restore(text), "weight": _clean(weight), "feedback": _restore(feedback)}


def _matching(entries: list[tuple[str, str]], version: dict[str, Any]) -> dict[str, Any]:
    pairs, extras = [], []
    for _, body in entries:
        prompt, _, match = body.partition("->")
        match = match.split("#", 1)[0]
        if _restore(prompt):
            pairs.append([_restore(prompt), _restore(match)])
        else:
            extras.append(_restore(match))
    version["pairs"] = pairs
    version["extras"] = extras
    return version


def _numeric(block: str) -> list[dict[str, Any]]:
    block = block.strip()
    entries = _entries(block) if block[:1] in ("=", "~") else [("=", block)]
    answers = []
    for marker, body in entries:
        option = _option(marker, body, True)
        text = option.pop("text").replace(" ", "")
        found_range = _RANGE.match(text)
        found = _TOLERANCE.match(text)
        if found_range:
            low, high = sorted(float(value) for value in found_range.groups())
            option["value"] = _clean((low + high) / 2)
            option["tolerance"] = _clean((high - low) / 2)
        elif found:
            option["value"] = _clean(float(found.group(1)))
            option["tolerance"] = _clean(float(found.group(2) or 0))
        else:
            raise _Invalid(gettext_noop('"%(text)s" is not a number'), text=text)
        answers.append(option)
    return answers


def _clean(number: float) -> float | int:
    """Whole numbers as int, so that written files read 3 and not 3.0."""
    return int(number) if float(number).is_integer() else number


# Writing: one question as GIFT text (for editing a question, and for exports).


def _escape(text: str, also: str = "") -> str:
    special = "~=#{}:\\" + also
    escaped = "".join(f"\\{char}" if char in special else char for char in text)
    return escaped.replace("\n", "\\n")


def _weight(weight: float, default: float) -> str:
    return "" if weight == default else f"%{_clean(weight)}%"


def _feedback_text(entry: dict[str, Any]) -> str:
    return f"#{_escape(entry['feedback'])}" if entry.get("feedback") else ""


def write(question: GiftQuestion) -> str:
    """GIFT text of one question; ``parse(write(q))`` gives ``q`` back."""
    version = question.version
    head = f"::{_escape(question.key)}::" if question.key else ""
    prefix, blank, suffix = version.get("text", "").partition(BLANK)
    # Markdown is what we read when a question names no format, so it is left out.
    text_format = "" if question.text_format == "markdown" else f"[{question.text_format}]"
    lines = [f"{head}{text_format}{_escape(prefix.strip())} {{"]
    lines += [f"\t{line}" for line in _answer_lines(question.kind, version)]
    if version.get("explanation"):
        lines.append(f"\t####{_escape(version['explanation'])}")
    lines.append(f"}} {_escape(suffix.strip())}" if blank else "}")
    return "\n".join(lines) + "\n"


def _answer_lines(kind: str, version: dict[str, Any]) -> list[str]:
    if kind in ("single", "multiple"):
        lines = []
        for option in version["options"]:
            weight = float(option.get("weight", 0))
            marker = "=" if kind == "single" and weight == 100 else f"~{_weight(weight, 0)}"
            lines.append(f"{marker}{_escape(option['text'])}{_feedback_text(option)}")
        return lines
    if kind == "true_false":
        right = bool(version["answer"])
        wrong_feedback = version.get("feedback_false" if right else "feedback_true", "")
        right_feedback = version.get("feedback_true" if right else "feedback_false", "")
        feedback = ""
        if wrong_feedback or right_feedback:
            feedback = f"#{_escape(wrong_feedback)}#{_escape(right_feedback)}"
        return [f"{'TRUE' if right else 'FALSE'}{feedback}"]
    if kind == "short":
        return [
            f"={_weight(float(accepted.get('weight', 100)), 100)}{_escape(accepted['text'])}"
            f"{_feedback_text(accepted)}"
            for accepted in version["accepted"]
        ]
    if kind == "numeric":
        answers = version["answers"]
        lines = []
        for answer in answers:
            value = f"{_clean(float(answer['value']))}:{_clean(float(answer.get('tolerance', 0)))}"
            weight = float(answer.get("weight", 100))
            marker = "" if len(answers) == 1 and weight == 100 else f"={_weight(weight, 100)}"
            lines.append(f"{marker}{value}{_feedback_text(answer)}")
        lines[0] = f"#{lines[0]}"
        return lines
    if kind == "matching":
        lines = [f"={_escape(prompt)} -> {_escape(match)}" for prompt, match in version["pairs"]]
        return lines + [f"= -> {_escape(extra)}" for extra in version.get("extras", [])]
    if kind == "ordering":
        return [f">{_escape(item, also='>')}" for item in version["items"]]
    raise ValueError(f"unknown question kind {kind!r}")


def write_all(questions: list[GiftQuestion]) -> str:
    return "\n".join(write(question) for question in questions)
