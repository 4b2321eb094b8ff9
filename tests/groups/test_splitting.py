"""The pure splitting algorithms: sizes within one, categories spread evenly, seeds repeat."""

from collections import Counter

import pytest

from agora.groups.splitting import balanced_split, group_count, random_split


def sizes(groups):
    return sorted(len(group) for group in groups)


@pytest.mark.parametrize("people,size,count,expected", [
    (10, 3, None, 4), (10, None, 3, 3), (2, None, 5, 2), (0, 3, None, 0), (7, 10, None, 1),
])  # fmt: skip
def test_group_count(people, size, count, expected):
    assert group_count(people, size=size, count=count) == expected


def test_group_count_needs_a_size_or_a_count():
    with pytest.raises(ValueError):
        group_count(5)


@pytest.mark.parametrize("people,count", [(10, 3), (11, 4), (7, 7), (23, 5)])
def test_random_split_sizes_differ_by_at_most_one(people, count):
    groups = random_split(list(range(people)), seed=1, count=count)
    assert len(groups) == count
    assert max(sizes(groups)) - min(sizes(groups)) <= 1
    assert sorted(p for group in groups for p in group) == list(range(people))


def test_random_split_by_size_makes_groups_no_larger_than_asked():
    groups = random_split(list(range(10)), seed=1, size=4)
    assert sizes(groups) == [3, 3, 4]


def test_the_same_seed_gives_the_same_groups():
    people = list(range(20))
    assert random_split(people, seed=7, count=4) == random_split(people, seed=7, count=4)
    assert random_split(people, seed=7, count=4) != random_split(people, seed=8, count=4)


def test_balanced_split_spreads_each_category_evenly():
    people = [(n, "fr") for n in range(7)] + [(n, "en") for n in range(7, 17)] + [(17, "da")]
    groups = balanced_split(people, seed=3, count=3)
    category = dict(people)
    assert max(sizes(groups)) - min(sizes(groups)) <= 1
    for language, total in Counter(category.values()).items():
        shares = [sum(1 for p in group if category[p] == language) for group in groups]
        assert max(shares) - min(shares) <= 1, (language, shares, total)


def test_balanced_split_keeps_everyone_once():
    people = [(n, "abc"[n % 3]) for n in range(14)]
    groups = balanced_split(people, seed=0, size=4)
    assert sorted(p for group in groups for p in group) == list(range(14))
    assert len(groups) == 4


def test_nobody_makes_no_groups():
    assert random_split([], seed=1, count=3) == []
    assert balanced_split([], seed=1, count=3) == []
