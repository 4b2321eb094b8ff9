"""Counting survey answers (no Django import): Borda counts for rankings, tallies for choices,
mean and distribution for ratings.

Answers come as plain values: an option index (single choice), a list of indexes (multiple
choice), a list of indexes in ranked order, first place first (ranking), an integer 1..scale
(rating). Values that do not fit are skipped, so a changed question never breaks its results.

Each function has a ``*_counted`` twin that takes (answer, how many people gave it) pairs, so
the database can group equal answers and send one row per distinct answer instead of one per
respondent; both give the same result for the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Standing:
    option: int
    points: int
    first_places: int
    place: int  # 1 = winner; no two options share a place


def borda(rankings: Iterable[Sequence[int]], option_count: int) -> list[Standing]:
    """``borda_counted`` with each ranking given once."""
    return borda_counted(((ranking, 1) for ranking in rankings), option_count)


def borda_counted(rankings: Iterable[tuple[object, int]], option_count: int) -> list[Standing]:
    """Rank the options by Borda count: in a ranking of n options the first scores n - 1
    points, the last 0; options a ranking leaves out score nothing from it.

    Ties break by more first places, then by the option's order in the question (the
    organiser's order), so the result is always one clear order.
    """
    points = [0] * option_count
    firsts = [0] * option_count
    for ranking, times in rankings:
        order = list(ranking) if isinstance(ranking, list | tuple) else []
        valid = all(isinstance(i, int) and 0 <= i < option_count for i in order)
        if not order or not valid or len(set(order)) != len(order):
            continue  # not a ranking of these options: skip rather than guess
        for place, index in enumerate(order):
            points[index] += (option_count - 1 - place) * times
        firsts[order[0]] += times
    ordered = sorted(range(option_count), key=lambda index: (-points[index], -firsts[index], index))
    return [
        Standing(option=index, points=points[index], first_places=firsts[index], place=place)
        for place, index in enumerate(ordered, start=1)
    ]


def tally(answers: Iterable[object], option_count: int) -> list[int]:
    """``tally_counted`` with each answer given once."""
    return tally_counted(((answer, 1) for answer in answers), option_count)


def tally_counted(answers: Iterable[tuple[object, int]], option_count: int) -> list[int]:
    """How many answers chose each option (an answer may be one index or a list of them)."""
    counts = [0] * option_count
    for answer, times in answers:
        chosen = answer if isinstance(answer, list) else [answer]
        for index in set(value for value in chosen if isinstance(value, int)):
            if 0 <= index < option_count:
                counts[index] += times
    return counts


@dataclass(frozen=True)
class RatingSummary:
    count: int
    mean: float | None
    distribution: list[int]  # distribution[0] is how many rated 1


def ratings(answers: Iterable[object], scale: int = 5) -> RatingSummary:
    """``ratings_counted`` with each answer given once."""
    return ratings_counted(((answer, 1) for answer in answers), scale)


def ratings_counted(answers: Iterable[tuple[object, int]], scale: int = 5) -> RatingSummary:
    """Mean (to two decimals) and how many gave each point of the scale."""
    distribution = [0] * scale
    for answer, times in answers:
        if isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= scale:
            distribution[answer - 1] += times
    count = sum(distribution)
    if not count:
        return RatingSummary(count=0, mean=None, distribution=distribution)
    total = sum(point * number for point, number in enumerate(distribution, start=1))
    return RatingSummary(count=count, mean=round(total / count, 2), distribution=distribution)


def is_permutation(values: Sequence[int], size: int) -> bool:
    """Whether ``values`` gives each of 1..size exactly once (positions of a ranking)."""
    return sorted(values) == list(range(1, size + 1))
