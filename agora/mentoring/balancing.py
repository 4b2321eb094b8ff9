"""Assigning learners to mentors with an even load (pure: no Django)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

Learner = TypeVar("Learner", bound=Hashable)
Mentor = TypeVar("Mentor", bound=Hashable)


def balanced_assignment(
    learners: Sequence[Learner], loads: Mapping[Mentor, int]
) -> dict[Learner, Mentor]:
    """Give each of ``learners`` the mentor with the fewest learners so far.

    ``loads`` holds every mentor and how many learners they already have; ties go to the
    mentor listed first, so the result is repeatable. Loads end up within one of each other
    unless someone started with more.
    """
    if not loads:
        return {}
    current = dict(loads)
    order = {mentor: position for position, mentor in enumerate(current)}
    assigned: dict[Learner, Mentor] = {}
    for learner in learners:
        mentor = min(current, key=lambda m: (current[m], order[m]))
        assigned[learner] = mentor
        current[mentor] += 1
    return assigned
