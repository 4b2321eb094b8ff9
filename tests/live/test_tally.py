"""The pure tally module: answers are checked by one rule and counted from stored values."""

from pathlib import Path

import pytest

from agora.live.tally import (
    CHOICE,
    RANKING,
    RATING,
    WORDS,
    InvalidAnswer,
    Shape,
    clean_answer,
    order_from_ranks,
    tally,
)

POLL = Shape(kind=CHOICE, options=("Yes", "No", "Maybe"))


def test_a_single_choice_is_stored_as_a_list_of_one():
    assert clean_answer(POLL, 2) == [2]


def test_a_single_choice_poll_refuses_two_answers():
    with pytest.raises(InvalidAnswer) as refused:
        clean_answer(POLL, [0, 1])
    assert refused.value.code == "one_only"


def test_a_multiple_choice_poll_takes_several_answers_once_each():
    shape = Shape(kind=CHOICE, options=("a", "b", "c"), multiple=True)
    assert clean_answer(shape, [2, 0]) == [0, 2]
    with pytest.raises(InvalidAnswer):
        clean_answer(shape, [0, 0])


def test_an_option_that_does_not_exist_is_refused():
    with pytest.raises(InvalidAnswer) as refused:
        clean_answer(POLL, [7])
    assert refused.value.code == "unknown_option"


def test_a_rating_outside_the_scale_is_refused():
    shape = Shape(kind=RATING, scale=5)
    assert clean_answer(shape, "4") == 4
    with pytest.raises(InvalidAnswer):
        clean_answer(shape, 6)
    with pytest.raises(InvalidAnswer):
        clean_answer(shape, True)


def test_words_are_normalised_so_the_cloud_counts_them_together():
    shape = Shape(kind=WORDS)
    assert clean_answer(shape, "  Trust!  ") == clean_answer(shape, "trust") == "trust"


def test_too_many_words_are_refused():
    with pytest.raises(InvalidAnswer) as refused:
        clean_answer(Shape(kind=WORDS), "word " * 20)
    assert refused.value.code == "too_long"


def test_a_ranking_must_place_every_option():
    shape = Shape(kind=RANKING, options=("a", "b", "c"))
    assert clean_answer(shape, [2, 0, 1]) == [2, 0, 1]
    with pytest.raises(InvalidAnswer):
        clean_answer(shape, [2, 0])


def test_places_become_an_order_and_a_shared_place_is_refused():
    assert order_from_ranks([2, 3, 1]) == [2, 0, 1]
    with pytest.raises(InvalidAnswer) as refused:
        order_from_ranks([1, 1, 2])
    assert refused.value.code == "repeated"


def test_a_choice_tally_counts_each_option_in_the_options_order():
    result = tally(POLL, [[0], [2], [0]])
    assert result.answers == 3
    assert result.rows == [("Yes", 2), ("No", 0), ("Maybe", 1)]


def test_a_rating_tally_has_every_point_and_the_mean():
    result = tally(Shape(kind=RATING, scale=3), [1, 3, 3])
    assert result.rows == [("1", 1), ("2", 0), ("3", 2)]
    assert result.mean == 2.33


def test_a_word_cloud_lists_the_most_frequent_first():
    result = tally(Shape(kind=WORDS), ["trust", "time", "trust"])
    assert result.rows == [("trust", 2), ("time", 1)]


def test_a_ranking_tally_is_a_borda_count():
    shape = Shape(kind=RANKING, options=("a", "b", "c"))
    result = tally(shape, [[0, 1, 2], [1, 0, 2], [1, 2, 0]])
    assert result.rows == [("b", 5), ("a", 3), ("c", 1)]


def test_the_tally_and_chart_modules_do_not_import_django():
    import ast

    import agora.live.charts
    import agora.live.tally

    for module in (agora.live.tally, agora.live.charts):
        tree = ast.parse(Path(module.__file__).read_text())
        imported = [
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in ([node.module] if isinstance(node, ast.ImportFrom) else
                         [alias.name for alias in node.names])
        ]
        assert not [name for name in imported if name and name.startswith(("django", "agora"))]
