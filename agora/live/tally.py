"""Tallies of live interactions, computed from stored answers alone (no Django import).

Every figure a screen shows is ``tally(kind, answers, ...)`` over the answers in the database,
so a tally can always be recomputed, and checking an answer is the same rule everywhere
(``clean_answer``). Messages are codes; the Django side translates them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

CHOICE = "choice"
RATING = "rating"
WORDS = "words"
RANKING = "ranking"
QUESTIONS = "questions"
KINDS = (CHOICE, RATING, WORDS, RANKING, QUESTIONS)

MAX_WORDS_LENGTH = 40  # one to three words for a word cloud, not an essay
MAX_CLOUD_WORDS = 40


class InvalidAnswer(ValueError):
    """An answer that does not fit its interaction; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Shape:
    """What an interaction accepts: its kind, options, whether several may be chosen, scale."""

    kind: str
    options: tuple[str, ...] = ()
    multiple: bool = False
    scale: int = 5


@dataclass
class Tally:
    """Counts per row (option, scale point, word), the number of answers, and a mean."""

    kind: str
    answers: int = 0
    rows: list[tuple[str, float]] = field(default_factory=list)
    mean: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "answers": self.answers,
            "rows": self.rows,
            "mean": self.mean,
            "largest": max((value for _label, value in self.rows), default=0),
        }


def _indices(value: Any, count: int) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(i, int) for i in value):
        raise InvalidAnswer("malformed")
    if any(i < 0 or i >= count for i in value) or len(set(value)) != len(value):
        raise InvalidAnswer("unknown_option")
    return value


def order_from_ranks(ranks: list[int]) -> list[int]:
    """Option indices, first place first, from each option's place (1 = first)."""
    if sorted(ranks) != list(range(1, len(ranks) + 1)):
        raise InvalidAnswer("repeated")
    return sorted(range(len(ranks)), key=lambda index: ranks[index])


def normalise_words(text: str) -> str:
    """One form per word-cloud entry: trimmed, inner spaces collapsed, case folded."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[^\w\s'-]", " ", text)
    return " ".join(text.split()).casefold()


def clean_answer(shape: Shape, value: Any) -> Any:
    """The answer as it is stored, or InvalidAnswer."""
    if shape.kind == CHOICE:
        chosen = _indices(value if isinstance(value, list) else [value], len(shape.options))
        if not chosen:
            raise InvalidAnswer("empty")
        if len(chosen) > 1 and not shape.multiple:
            raise InvalidAnswer("one_only")
        return sorted(chosen)
    if shape.kind == RATING:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= shape.scale:
            raise InvalidAnswer("out_of_scale")
        return value
    if shape.kind == WORDS:
        if not isinstance(value, str):
            raise InvalidAnswer("malformed")
        words = normalise_words(value)
        if not words:
            raise InvalidAnswer("empty")
        if len(words) > MAX_WORDS_LENGTH:
            raise InvalidAnswer("too_long")
        return words
    if shape.kind == RANKING:
        order = _indices(value, len(shape.options))
        if len(order) != len(shape.options):
            raise InvalidAnswer("rank_all")
        return order
    raise InvalidAnswer("not_answerable")


def tally(shape: Shape, answers: Iterable[Any]) -> Tally:
    """Count stored answers. Rows keep the options' order (words: most frequent first)."""
    answers = list(answers)
    result = Tally(kind=shape.kind, answers=len(answers))
    if shape.kind == CHOICE:
        counts = Counter(i for answer in answers for i in answer)
        result.rows = [(option, counts[i]) for i, option in enumerate(shape.options)]
    elif shape.kind == RATING:
        counts = Counter(answers)
        result.rows = [(str(point), counts[point]) for point in range(1, shape.scale + 1)]
        result.mean = round(sum(answers) / len(answers), 2) if answers else None
    elif shape.kind == WORDS:
        counts = Counter(answers)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        result.rows = ranked[:MAX_CLOUD_WORDS]
    elif shape.kind == RANKING:
        # Borda count: first of n options scores n - 1 points, last scores 0.
        size = len(shape.options)
        points = Counter()
        for order in answers:
            for position, index in enumerate(order):
                points[index] += size - 1 - position
        result.rows = sorted(
            ((option, points[i]) for i, option in enumerate(shape.options)),
            key=lambda row: -row[1],
        )
    return result
