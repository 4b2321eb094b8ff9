"""Grading quiz answers: pure, no Django import.

A question is a ``kind`` and a *version*: the question in one language, as a plain dict. The
learner grades against the version of the language they took the attempt in, so accepted short
answers can differ between languages. Option indexes are those of the version (the order the
author wrote); shuffling is a display matter and never reaches this module.

Versions by kind (``text`` and ``explanation`` on all of them):

- ``single`` / ``multiple``: ``options``: ``[{"text", "weight", "feedback"}]``; ``weight`` is a
  percentage of the question's mark (GIFT's ``~%50%``), negative for a wrong choice of a
  multiple-answer question.
- ``true_false``: ``answer`` (bool), ``feedback_true``, ``feedback_false``.
- ``short``: ``accepted``: ``[{"text", "weight", "feedback"}]``; compared ignoring case, accents
  are kept, runs of white space count as one.
- ``numeric``: ``answers``: ``[{"value", "tolerance", "weight", "feedback"}]``.
- ``matching``: ``pairs``: ``[[prompt, match], ...]``; an answer maps a prompt's index to the
  index of the match chosen for it.
- ``ordering``: ``items`` in the right order; an answer lists item indexes in the learner's order.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks a message for extraction; callers translate (the module stays Django-free)."""
    return message


KINDS = ("single", "multiple", "true_false", "short", "numeric", "matching", "ordering")


@dataclass(frozen=True)
class Result:
    """How much of the question's mark an answer earns (0 to 1), and what to tell the learner."""

    fraction: float
    feedback: list[str] = field(default_factory=list)
    answered: bool = True

    @property
    def correct(self) -> bool:
        return self.fraction >= 0.999

    @property
    def partly_correct(self) -> bool:
        return 0 < self.fraction < 0.999


UNANSWERED = Result(0.0, [], answered=False)


def grade(kind: str, version: dict[str, Any], answer: Any) -> Result:
    """Grade one answer; a missing or malformed answer earns nothing (never raises)."""
    if answer is None or answer == "" or answer == [] or answer == {}:
        return UNANSWERED
    grader = _GRADERS.get(kind)
    if grader is None:
        raise ValueError(f"unknown question kind {kind!r}")
    try:
        return grader(version, answer)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return Result(0.0)


def score_percent(fractions: list[float]) -> float:
    """The attempt's score in percent, rounded to two decimals; 0 for no questions."""
    if not fractions:
        return 0.0
    return round(100 * sum(fractions) / len(fractions), 2)


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _index(value: Any, size: int) -> int:
    index = int(value)
    if not 0 <= index < size:
        raise IndexError(index)
    return index


def _single(version: dict[str, Any], answer: Any) -> Result:
    options = version["options"]
    chosen = options[_index(answer, len(options))]
    return Result(_clamp(float(chosen.get("weight", 0)) / 100), _feedback(chosen))


def _multiple(version: dict[str, Any], answer: Any) -> Result:
    options = version["options"]
    if isinstance(answer, (str, int)):
        answer = [answer]
    chosen = sorted({_index(value, len(options)) for value in answer})
    if not chosen:
        return UNANSWERED
    total = sum(float(options[index].get("weight", 0)) for index in chosen)
    feedback = [text for index in chosen for text in _feedback(options[index])]
    return Result(_clamp(total / 100), feedback)


def _true_false(version: dict[str, Any], answer: Any) -> Result:
    value = parse_bool(answer)
    right = bool(version["answer"])
    feedback = version.get("feedback_true" if value else "feedback_false") or ""
    return Result(1.0 if value == right else 0.0, [feedback] if feedback else [])


def _short(version: dict[str, Any], answer: Any) -> Result:
    given = normalise_text(str(answer))
    if not given:
        return UNANSWERED
    best: dict[str, Any] | None = None
    for accepted in version["accepted"]:
        if normalise_text(accepted["text"]) == given and (
            best is None or accepted.get("weight", 100) > best.get("weight", 100)
        ):
            best = accepted
    if best is None:
        return Result(0.0, [version["wrong_feedback"]] if version.get("wrong_feedback") else [])
    return Result(_clamp(float(best.get("weight", 100)) / 100), _feedback(best))


def _numeric(version: dict[str, Any], answer: Any) -> Result:
    value = parse_number(answer)
    if value is None:
        return Result(0.0)
    best: dict[str, Any] | None = None
    for candidate in version["answers"]:
        tolerance = abs(float(candidate.get("tolerance", 0)))
        # A little slack for binary floating point: 0.1 + 0.2 is within 0 of 0.3.
        if abs(value - float(candidate["value"])) <= tolerance + 1e-9 * max(1.0, abs(value)) and (
            best is None or candidate.get("weight", 100) > best.get("weight", 100)
        ):
            best = candidate
    if best is None:
        return Result(0.0, [version["wrong_feedback"]] if version.get("wrong_feedback") else [])
    return Result(_clamp(float(best.get("weight", 100)) / 100), _feedback(best))


def _matching(version: dict[str, Any], answer: Any) -> Result:
    """``answer``: prompt index → index of the chosen match (past the pairs: a distractor)."""
    pairs = version["pairs"]
    if not isinstance(answer, dict):
        raise TypeError(answer)
    given = {_index(prompt, len(pairs)): int(match) for prompt, match in answer.items()
             if match not in (None, "")}
    if not given:
        return UNANSWERED
    right = sum(1 for prompt, match in given.items() if prompt == match)
    return Result(right / len(pairs))


def _ordering(version: dict[str, Any], answer: Any) -> Result:
    """``answer``: item indexes in the learner's order, or item index → position (from 1)."""
    items = version["items"]
    if isinstance(answer, dict):
        positions = {_index(item, len(items)): int(position) for item, position in answer.items()}
        if sorted(positions.values()) != list(range(1, len(items) + 1)):
            raise ValueError("each position once")
        answer = sorted(positions, key=positions.__getitem__)
    order = [_index(value, len(items)) for value in answer]
    if sorted(order) != list(range(len(items))):
        raise ValueError("not a permutation")
    in_place = sum(1 for position, index in enumerate(order) if position == index)
    return Result(in_place / len(items))


def _feedback(entry: dict[str, Any]) -> list[str]:
    text = entry.get("feedback") or ""
    return [text] if text else []


_GRADERS = {
    "single": _single,
    "multiple": _multiple,
    "true_false": _true_false,
    "short": _short,
    "numeric": _numeric,
    "matching": _matching,
    "ordering": _ordering,
}


def normalise_text(text: str) -> str:
    """Short answers compare in NFC, case-folded, with white space collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def parse_number(text: Any) -> float | None:
    """A number as a learner types it: ``3.5``, ``3,5`` (a decimal comma), `` 1 200 ``."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        cleaned = "".join(str(text).split()).replace("\u202f", "")
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
        try:
            value = float(cleaned)
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "t", "yes"):
        return True
    if text in ("false", "0", "f", "no"):
        return False
    raise ValueError(value)


# What the learner sees after grading: the right answer, in words of the version.


def right_answer(kind: str, version: dict[str, Any]) -> list[str]:
    """The right answer(s), as text to show after grading."""
    if kind in ("single", "multiple"):
        return [o["text"] for o in version["options"] if float(o.get("weight", 0)) > 0]
    if kind == "true_false":
        return ["true" if version["answer"] else "false"]
    if kind == "short":
        return [a["text"] for a in version["accepted"] if float(a.get("weight", 100)) >= 100]
    if kind == "numeric":
        return [
            _number_text(a["value"], a.get("tolerance", 0))
            for a in version["answers"] if float(a.get("weight", 100)) >= 100
        ]
    if kind == "matching":
        return [f"{prompt} → {match}" for prompt, match in version["pairs"]]
    if kind == "ordering":
        return list(version["items"])
    raise ValueError(f"unknown question kind {kind!r}")


def _number_text(value: float, tolerance: float) -> str:
    text = f"{float(value):g}"
    return f"{text} ± {float(tolerance):g}" if tolerance else text


# Checking a bank: the shape a version must have, and whether two languages agree.


def version_problems(kind: str, version: dict[str, Any]) -> list[str]:
    """What is wrong with a version (English, untranslated: the caller translates)."""
    problems = []
    if kind not in KINDS:
        return [f"unknown question kind {kind!r}"]
    if not str(version.get("text", "")).strip():
        problems.append(gettext_noop("the question has no text"))
    if kind in ("single", "multiple"):
        options = version.get("options") or []
        if len(options) < 2:
            problems.append(gettext_noop("a choice question needs at least two options"))
        if not any(float(o.get("weight", 0)) > 0 for o in options):
            problems.append(gettext_noop("no option is marked right"))
    elif kind == "short" and not version.get("accepted"):
        problems.append(gettext_noop("a short-answer question needs at least one accepted answer"))
    elif kind == "numeric" and not version.get("answers"):
        problems.append(gettext_noop("a numeric question needs an answer"))
    elif kind == "matching" and len(version.get("pairs") or []) < 2:
        problems.append(gettext_noop("a matching question needs at least two pairs"))
    elif kind == "ordering" and len(version.get("items") or []) < 2:
        problems.append(gettext_noop("an ordering question needs at least two items"))
    return problems


def shape(kind: str, version: dict[str, Any]) -> tuple:
    """What must be the same in every language of a question: the kind, the number of
    options (or pairs, or items) and which are right; numbers and the true/false answer."""
    if kind in ("single", "multiple"):
        return kind, tuple(float(o.get("weight", 0)) for o in version.get("options", []))
    if kind == "true_false":
        return kind, bool(version.get("answer"))
    if kind == "numeric":
        return kind, tuple(
            (float(a["value"]), float(a.get("tolerance", 0))) for a in version.get("answers", [])
        )
    if kind == "matching":
        return kind, len(version.get("pairs", []))
    if kind == "ordering":
        return kind, len(version.get("items", []))
    return (kind,)  # short answers differ by language, as they should
