"""Splitting a list of people into groups: at random, or balanced by a category.

Pure functions (no Django): they take identifiers and categories, and return lists of
identifiers, one list per group. Every split keeps group sizes within one of each other;
a balanced split also spreads each category as evenly as it can over the groups.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Hashable, Sequence
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def group_count(people: int, *, size: int | None = None, count: int | None = None) -> int:
    """How many groups: ``count`` as asked, or enough groups of at most ``size``.

    Never more groups than people, never fewer than one (when there is anybody).
    """
    if people <= 0:
        return 0
    if count is not None:
        wanted = count
    elif size is not None:
        wanted = math.ceil(people / max(size, 1))
    else:
        raise ValueError("Give a group size or a number of groups.")
    return max(1, min(wanted, people))


def _deal(ordered: Sequence[T], groups: int) -> list[list[T]]:
    """Deal ``ordered`` round the groups like cards: sizes differ by one at most."""
    dealt: list[list[T]] = [[] for _ in range(groups)]
    for position, person in enumerate(ordered):
        dealt[position % groups].append(person)
    return dealt


def random_split(
    people: Sequence[T], *, seed: int, size: int | None = None, count: int | None = None
) -> list[list[T]]:
    """Shuffle ``people`` (the same ``seed`` gives the same groups) and deal them out."""
    groups = group_count(len(people), size=size, count=count)
    if not groups:
        return []
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    return _deal(shuffled, groups)


def balanced_split(
    people: Sequence[tuple[T, str]],
    *,
    seed: int,
    size: int | None = None,
    count: int | None = None,
) -> list[list[T]]:
    """Groups in which each category (a stream, a language, an organisation) is spread evenly.

    ``people`` are (identifier, category) pairs. The categories are laid end to end, largest
    first, each shuffled, then dealt round the groups without restarting between categories:
    each category gives every group ⌊n/g⌋ or ⌈n/g⌉ of its people, and the sizes of the groups
    differ by one at most.
    """
    groups = group_count(len(people), size=size, count=count)
    if not groups:
        return []
    generator = random.Random(seed)
    by_category: dict[str, list[T]] = defaultdict(list)
    for person, category in people:
        by_category[category].append(person)
    ordered: list[T] = []
    for category in sorted(by_category, key=lambda name: (-len(by_category[name]), name)):
        members = by_category[category]
        generator.shuffle(members)
        ordered.extend(members)
    return _deal(ordered, groups)
