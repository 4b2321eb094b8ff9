"""The pure even-load assignment."""

from agora.mentoring.balancing import balanced_assignment


def test_loads_end_up_even():
    plan = balanced_assignment(list(range(10)), {"a": 0, "b": 0, "c": 0})
    loads = sorted(list(plan.values()).count(m) for m in "abc")
    assert loads == [3, 3, 4]


def test_existing_loads_are_topped_up_first():
    plan = balanced_assignment([1, 2, 3], {"a": 2, "b": 0})
    assert list(plan.values()) == ["b", "b", "a"] or list(plan.values()) == ["b", "b", "b"]
    assert list(plan.values()).count("b") >= 2


def test_ties_go_to_the_first_mentor_so_it_repeats():
    assert balanced_assignment([1], {"a": 0, "b": 0}) == {1: "a"}


def test_no_mentors_no_plan():
    assert balanced_assignment([1, 2], {}) == {}
