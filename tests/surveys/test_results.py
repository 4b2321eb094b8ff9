"""Results: a chart and a table per question, free text listed escaped, CSV, bounded queries."""

import pytest
from django.urls import reverse

from agora.surveys import answering
from tests.factories import UserFactory
from tests.factories_surveys import QuestionFactory

pytestmark = pytest.mark.django_db


def _csv_body(response) -> str:
    """The CSV file streamed whole (a streamed response has no ``content``)."""
    return b"".join(response.streaming_content).decode()


def _answer(survey, answers):
    return answering.submit_response(survey, answers, language="en", user=UserFactory())


def test_results_show_the_ballot_order_as_chart_and_table(client, ballot, question, organiser):
    _answer(ballot, {str(question.pk): [2, 0, 1, 3]})
    _answer(ballot, {str(question.pk): [2, 1, 0, 3]})
    client.force_login(organiser)
    response = client.get(reverse("surveys:results", args=[ballot.pk]))
    page = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="survey-chart" aria-hidden="true"' in page
    first = response.context["results"][0]
    assert first.ranking_rows[0] == (1, "Food networks", 6, 2)


def test_free_text_answers_are_listed_escaped(client, ballot, organiser):
    text = QuestionFactory(survey=ballot, kind="text", prompt={"en": "Anything else?"})
    _answer(ballot, {str(text.pk): "<script>alert(1)</script> more walks"})
    client.force_login(organiser)
    page = client.get(reverse("surveys:results", args=[ballot.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; more walks" in page
    assert "<script>alert(1)" not in page


def test_ratings_show_their_average(client, ballot, organiser):
    rating = QuestionFactory(survey=ballot, kind="rating", options=[])
    for value in (5, 4, 3):
        _answer(ballot, {str(rating.pk): value})
    client.force_login(organiser)
    response = client.get(reverse("surveys:results", args=[ballot.pk]))
    assert response.context["results"][-1].mean == 4.0


def test_results_use_a_bounded_number_of_queries(
    client, ballot, question, organiser, django_assert_max_num_queries
):
    QuestionFactory(survey=ballot)
    for _ in range(30):
        _answer(ballot, {str(question.pk): [0, 1, 2, 3]})
    client.force_login(organiser)
    with django_assert_max_num_queries(20):
        client.get(reverse("surveys:results", args=[ballot.pk]))


def test_the_csv_of_an_anonymous_survey_names_nobody(client, ballot, question, organiser):
    answering.submit_response(
        ballot, {str(question.pk): [3, 2, 1, 0]}, language="en",
        user=UserFactory(full_name="Lena Learner"),
    )
    client.force_login(organiser)
    body = _csv_body(client.get(reverse("surveys:results_csv", args=[ballot.pk])))
    assert "Housing commons > Food networks > Care collectives > Energy cooperatives" in body
    assert "Lena Learner" not in body


def test_the_csv_of_a_named_survey_names_the_respondent(client, ballot, question, organiser):
    ballot.anonymous = False
    ballot.save()
    answering.submit_response(
        ballot, {str(question.pk): [3, 2, 1, 0]}, language="en",
        user=UserFactory(full_name="Lena Learner"),
    )
    client.force_login(organiser)
    body = _csv_body(client.get(reverse("surveys:results_csv", args=[ballot.pk])))
    assert "Lena Learner" in body


def test_csv_cells_cannot_start_a_formula(client, ballot, organiser):
    text = QuestionFactory(survey=ballot, kind="text", options=[])
    _answer(ballot, {str(text.pk): "=HYPERLINK(1)"})
    client.force_login(organiser)
    body = _csv_body(client.get(reverse("surveys:results_csv", args=[ballot.pk])))
    assert "'=HYPERLINK(1)" in body


def test_the_survey_list_uses_a_bounded_number_of_queries(
    client, ballot, organiser, django_assert_max_num_queries
):
    from tests.factories_surveys import SurveyFactory

    for _ in range(15):
        SurveyFactory(cohort=ballot.cohort)
    client.force_login(organiser)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("surveys:manage_list", args=[ballot.cohort.slug]))
    assert len(response.context["surveys"]) == 16
