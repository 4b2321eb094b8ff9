"""Reading and writing Moodle's GIFT format (pure, no database)."""

import pytest

from agora.quizzes import gift


def one(text: str) -> gift.GiftQuestion:
    questions, problems = gift.parse(text)
    assert problems == []
    assert len(questions) == 1
    return questions[0]


def test_single_choice_with_title_feedback_and_explanation():
    question = one("::q1::Which? {=Right#Yes ~Wrong#No ####Because.}")
    assert question.key == "q1"
    assert question.kind == "single"
    assert question.version["options"] == [
        {"text": "Right", "weight": 100, "feedback": "Yes"},
        {"text": "Wrong", "weight": 0, "feedback": "No"},
    ]
    assert question.version["explanation"] == "Because."


def test_answers_may_span_several_lines():
    question = one("Which?\n{\n  =Right\n  ~Wrong\n}")
    assert [o["text"] for o in question.version["options"]] == ["Right", "Wrong"]


def test_multiple_answers_when_no_option_is_marked_with_equals():
    question = one("Primes? {~%50%2 ~%50%3 ~%-100%4}")
    assert question.kind == "multiple"
    assert [o["weight"] for o in question.version["options"]] == [50, 50, -100]


@pytest.mark.parametrize("block, answer", [("T", True), ("TRUE", True), ("F", False),
                                            ("FALSE", False)])
def test_true_false(block, answer):
    question = one(f"The sun is a star. {{{block}}}")
    assert question.kind == "true_false" and question.version["answer"] is answer


def test_true_false_feedback_first_for_a_wrong_answer_then_for_a_right_one():
    question = one("The sun is a star. {TRUE#Wrong, it is.#Right.}")
    assert question.version["feedback_false"] == "Wrong, it is."
    assert question.version["feedback_true"] == "Right."


def test_short_answer_with_variants_and_weights():
    question = one("Capital of France? {=Paris =%50%Lutèce}")
    assert question.kind == "short"
    assert question.version["accepted"][1] == {"text": "Lutèce", "weight": 50, "feedback": ""}


def test_numeric_with_tolerance():
    question = one("Pi? {#3.14:0.01}")
    assert question.kind == "numeric"
    assert question.version["answers"][0]["value"] == 3.14
    assert question.version["answers"][0]["tolerance"] == 0.01


def test_numeric_range_becomes_a_value_with_tolerance():
    answer = one("Between? {#1..5}").version["answers"][0]
    assert (answer["value"], answer["tolerance"]) == (3, 2)


def test_numeric_with_several_weighted_answers():
    answers = one("Year? {# =1822:0 =%50%1822:2}").version["answers"]
    assert [(a["value"], a["tolerance"], a["weight"]) for a in answers] == [
        (1822, 0, 100), (1822, 2, 50)]


def test_numeric_that_is_not_a_number_is_a_problem():
    _, problems = gift.parse("Pi? {#three}")
    assert '"three" is not a number' in problems[0].message


def test_matching_with_a_distractor():
    question = one("Match. {=cat -> meow =dog -> woof = -> quack}")
    assert question.kind == "matching"
    assert question.version["pairs"] == [["cat", "meow"], ["dog", "woof"]]
    assert question.version["extras"] == ["quack"]


def test_ordering_extension():
    question = one("Order. {>one >two >three}")
    assert question.kind == "ordering"
    assert question.version["items"] == ["one", "two", "three"]


def test_escaped_special_characters_stay_in_the_text():
    question = one(r"What is 1 \= 1 \{really\}\: \#1 \~ \\? {=yes\: sure ~no}")
    assert question.version["text"] == r"What is 1 = 1 {really}: #1 ~ \?"
    assert question.version["options"][0]["text"] == "yes: sure"


def test_escaped_newline():
    assert one(r"Line one\nline two {T}").version["text"] == "Line one\nline two"


def test_comments_are_ignored_even_inside_answers():
    question = one("// about this\nWhich? {\n// hidden\n=a\n~b\n}")
    assert len(question.version["options"]) == 2


def test_category_becomes_a_tag_of_the_questions_after_it():
    questions, _ = gift.parse("$CATEGORY: $course$/top/Week 1/basics\n\nQ? {T}\n\nR? {F}")
    assert [q.tags for q in questions] == [["basics"], ["basics"]]


def test_text_format_is_read_and_removed():
    question = one("::k::[markdown]**Bold** question {T}")
    assert question.text_format == "markdown" and question.version["text"] == "**Bold** question"


def test_text_after_the_answers_makes_a_blank():
    question = one("Two plus {=two =2} equals four.")
    assert question.version["text"] == "Two plus _____ equals four."


def test_questions_are_separated_by_blank_lines_with_line_numbers():
    questions, _ = gift.parse("A? {T}\n\n\nB? {F}\n")
    assert [q.line for q in questions] == [1, 4]


def test_essay_is_a_problem_with_its_line():
    _, problems = gift.parse("A? {T}\n\nWrite an essay. {}")
    assert problems[0].line == 3 and "essay" in problems[0].message


def test_description_without_answers_is_a_problem():
    _, problems = gift.parse("Just some text.")
    assert "description" in problems[0].message


def test_unclosed_answers_are_a_problem():
    _, problems = gift.parse("A? {=yes ~no")
    assert "not closed" in problems[0].message


def test_two_questions_without_a_blank_line_between_are_a_problem():
    _, problems = gift.parse("A? {T}\nB? {F}")
    assert "only one answer block" in problems[0].message


def test_duplicate_title_is_a_problem():
    _, problems = gift.parse("::a::A? {T}\n\n::a::B? {F}")
    assert 'the title "a" is used twice' in problems[0].message


def test_choice_without_a_right_answer_is_a_problem():
    _, problems = gift.parse("A? {~x ~y ~%0%z}")
    assert problems[0].message == "no option is marked right"


def test_problems_are_translated_by_the_callers_function():
    _, problems = gift.parse("Just text.", translate=str.upper)
    assert problems[0].message == "A DESCRIPTION WITHOUT ANSWERS IS NOT A QUESTION"


def test_byte_order_mark_is_ignored():
    assert one("\ufeff::k::A? {T}").key == "k"


ROUND_TRIP = """::single::Which {one}? {=Right#Yes ~Wrong#No: really ####Because.}

::multi::Primes? {~%50%2 ~%50%3 ~%-100%4}

::tf::Star? {FALSE#It is not.#Right.}

::short::Capital? {=Paris =%50%Lutèce}

::num::Pi? {#3.14:0.01}

::match::Match. {=a -> 1 =b -> 2 = -> 3}

::order::Order. {>x > y >z}

::blank::Two plus {=two} equals four.
""".replace("{one}", "\\{one\\}")


def test_writing_then_reading_gives_the_same_questions():
    questions, problems = gift.parse(ROUND_TRIP)
    assert problems == [] and len(questions) == 8
    again, problems = gift.parse(gift.write_all(questions))
    assert problems == []
    assert [(q.key, q.kind, q.version) for q in again] == [
        (q.key, q.kind, q.version) for q in questions]
