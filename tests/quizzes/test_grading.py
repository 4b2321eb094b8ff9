"""Grading answers: every kind, partial credit, malformed answers (pure, no database)."""

import pytest

from agora.quizzes import grading
from agora.quizzes.grading import grade, normalise_text, parse_number, score_percent

SINGLE = {
    "text": "Which?",
    "options": [
        {"text": "Right", "weight": 100, "feedback": "Yes."},
        {"text": "Half", "weight": 50, "feedback": ""},
        {"text": "Wrong", "weight": 0, "feedback": "No."},
    ],
}
MULTIPLE = {
    "text": "Which are prime?",
    "options": [
        {"text": "2", "weight": 50},
        {"text": "3", "weight": 50},
        {"text": "4", "weight": -100},
    ],
}


def test_single_choice_right_answer_earns_the_mark_and_its_feedback():
    result = grade("single", SINGLE, 0)
    assert result.correct and result.feedback == ["Yes."]


def test_single_choice_weighted_option_earns_part_of_the_mark():
    assert grade("single", SINGLE, 1).fraction == 0.5


def test_single_choice_wrong_answer_earns_nothing():
    assert grade("single", SINGLE, "2").fraction == 0


def test_single_choice_out_of_range_earns_nothing_without_raising():
    assert grade("single", SINGLE, 7).fraction == 0


def test_unanswered_question_is_reported_as_such():
    assert not grade("single", SINGLE, "").answered


def test_multiple_choice_all_right_options_earn_the_mark():
    assert grade("multiple", MULTIPLE, [0, 1]).correct


def test_multiple_choice_one_of_two_right_options_earns_half():
    assert grade("multiple", MULTIPLE, [1]).fraction == 0.5


def test_multiple_choice_wrong_option_cancels_right_ones_never_below_zero():
    assert grade("multiple", MULTIPLE, [0, 2]).fraction == 0


def test_multiple_choice_ticking_everything_does_not_pass():
    assert not grade("multiple", MULTIPLE, [0, 1, 2]).correct


def test_multiple_choice_counts_a_repeated_option_once():
    assert grade("multiple", MULTIPLE, ["0", "0"]).fraction == 0.5


@pytest.mark.parametrize("answer, fraction", [("true", 1.0), ("false", 0.0), (True, 1.0)])
def test_true_false(answer, fraction):
    version = {"text": "The sun is a star.", "answer": True, "feedback_false": "It is."}
    assert grade("true_false", version, answer).fraction == fraction


def test_true_false_wrong_answer_gets_its_feedback():
    version = {"text": "The sun is a star.", "answer": True, "feedback_false": "It is."}
    assert grade("true_false", version, "false").feedback == ["It is."]


SHORT = {"text": "Name it.", "accepted": [
    {"text": "Civic lottery", "weight": 100}, {"text": "sortition", "weight": 100},
    {"text": "lottery", "weight": 50},
]}


@pytest.mark.parametrize("answer", ["civic lottery", "  CIVIC   Lottery ", "Sortition"])
def test_short_answer_ignores_case_and_white_space(answer):
    assert grade("short", SHORT, answer).correct


def test_short_answer_variant_with_a_lower_weight_earns_part():
    assert grade("short", SHORT, "Lottery").fraction == 0.5


def test_short_answer_keeps_accents_significant():
    version = {"text": "?", "accepted": [{"text": "Lutèce", "weight": 100}]}
    assert grade("short", version, "LUTÈCE").correct
    assert not grade("short", version, "Lutece").correct


def test_short_answer_compares_composed_and_decomposed_accents_alike():
    version = {"text": "?", "accepted": [{"text": "Lut\u00e8ce", "weight": 100}]}
    assert grade("short", version, "Lute\u0300ce").correct


NUMERIC = {"text": "Pi?", "answers": [{"value": 3.14, "tolerance": 0.01, "weight": 100},
                                       {"value": 3, "tolerance": 0.5, "weight": 50}]}


@pytest.mark.parametrize("answer", ["3.14", "3,15", " 3.13 ", 3.14])
def test_numeric_within_tolerance_is_right(answer):
    assert grade("numeric", NUMERIC, answer).correct


def test_numeric_outside_tolerance_earns_the_wider_answers_part():
    assert grade("numeric", NUMERIC, "3.3").fraction == 0.5


def test_numeric_not_a_number_earns_nothing():
    assert grade("numeric", NUMERIC, "pi").fraction == 0


def test_numeric_exact_with_floating_point_arithmetic():
    version = {"text": "?", "answers": [{"value": 0.3, "tolerance": 0, "weight": 100}]}
    assert grade("numeric", version, 0.1 + 0.2).correct


def test_parse_number_refuses_infinity_and_booleans():
    assert parse_number("inf") is None and parse_number(True) is None


def test_parse_number_reads_thousands_separated_by_spaces():
    assert parse_number("1 200") == 1200


MATCHING = {"text": "Match", "pairs": [["cat", "meow"], ["dog", "woof"], ["cow", "moo"]],
            "extras": ["quack"]}


def test_matching_all_pairs_right():
    assert grade("matching", MATCHING, {"0": 0, "1": 1, "2": 2}).correct


def test_matching_earns_a_share_per_right_pair_and_nothing_for_a_distractor():
    assert grade("matching", MATCHING, {"0": 0, "1": 3, "2": 1}).fraction == pytest.approx(1 / 3)


def test_matching_with_nothing_chosen_is_unanswered():
    assert not grade("matching", MATCHING, {"0": ""}).answered


ORDERING = {"text": "Order", "items": ["one", "two", "three", "four"]}


def test_ordering_right_order():
    assert grade("ordering", ORDERING, [0, 1, 2, 3]).correct


def test_ordering_earns_a_share_per_item_in_its_place():
    assert grade("ordering", ORDERING, [0, 1, 3, 2]).fraction == 0.5


def test_ordering_from_positions_given_per_item():
    assert grade("ordering", ORDERING, {"0": 1, "1": 2, "2": 3, "3": 4}).correct


def test_ordering_with_a_position_given_twice_earns_nothing():
    assert grade("ordering", ORDERING, {"0": 1, "1": 1, "2": 3, "3": 4}).fraction == 0


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError):
        grade("essay", {}, "text")


def test_score_is_the_mean_in_percent():
    assert score_percent([1, 1, 1, 0.5, 0]) == 70.0


def test_score_of_no_questions_is_zero():
    assert score_percent([]) == 0.0


def test_normalise_text():
    assert normalise_text("  A\tB  ") == "a b"


def test_right_answer_of_a_choice_question():
    assert grading.right_answer("single", SINGLE) == ["Right", "Half"]


def test_version_without_a_right_option_is_a_problem():
    version = {"text": "?", "options": [{"text": "a", "weight": 0}, {"text": "b", "weight": 0}]}
    assert "no option is marked right" in grading.version_problems("single", version)


def test_shape_tells_versions_with_different_right_answers_apart():
    other = {**SINGLE, "options": list(reversed(SINGLE["options"]))}
    assert grading.shape("single", SINGLE) != grading.shape("single", other)
