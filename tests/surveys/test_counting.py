"""The pure counting module: Borda counts, tallies, ratings."""

from agora.surveys import counting


def test_borda_gives_n_minus_one_points_to_a_first_place():
    standings = counting.borda([[2, 0, 1]], 3)
    assert [(s.option, s.points) for s in standings] == [(2, 2), (0, 1), (1, 0)]


def test_borda_sums_points_over_rankings():
    standings = counting.borda([[0, 1, 2], [1, 0, 2], [1, 2, 0]], 3)
    assert standings[0].option == 1
    assert standings[0].points == 5


def test_borda_breaks_a_tie_by_first_places():
    # Options 0 and 1: 3 points and one first place each.
    standings = counting.borda([[0, 1, 2], [1, 0, 2]], 3)
    points = {s.option: s.points for s in standings}
    assert points[0] == points[1] == 3
    assert [s.option for s in standings][:2] == [0, 1]  # then the question's order


def test_borda_prefers_more_first_places_on_equal_points():
    # Option 2: 2 + 0 = 2 points, one first; option 1: 1 + 1 = 2, no first place.
    standings = counting.borda([[2, 1, 0], [0, 1, 2]], 3)
    order = [s.option for s in standings]
    assert order.index(2) < order.index(1)


def test_borda_gives_every_option_a_distinct_place():
    standings = counting.borda([], 4)
    assert [s.place for s in standings] == [1, 2, 3, 4]
    assert [s.option for s in standings] == [0, 1, 2, 3]


def test_borda_skips_rankings_with_repeats_or_unknown_options():
    standings = counting.borda([[0, 0, 1], [7, 1], [1, 0, 2]], 3)
    assert {s.option: s.points for s in standings} == {1: 2, 0: 1, 2: 0}


def test_tally_counts_single_and_multiple_choices():
    assert counting.tally([0, 1, [0, 2], [0, 0], 9], 3) == [3, 1, 1]


def test_ratings_give_mean_and_distribution():
    summary = counting.ratings([5, 4, 4, 1, 9, True])
    assert summary.count == 4
    assert summary.mean == 3.5
    assert summary.distribution == [1, 0, 0, 2, 1]


def test_ratings_of_nobody_have_no_mean():
    assert counting.ratings([]).mean is None


def test_is_permutation():
    assert counting.is_permutation([2, 1, 3], 3)
    assert not counting.is_permutation([1, 1, 3], 3)
    assert not counting.is_permutation([1, 2], 3)
