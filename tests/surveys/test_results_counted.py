"""Results counted by the database: the same figures as counting every answer in Python, a
fixed number of queries whatever the number of responses, free texts a page at a time, and a
CSV file that streams."""

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora.surveys import counting, results
from agora.surveys.models import Question, Response
from tests.factories import EnrolmentFactory, OrganisationFactory
from tests.factories_surveys import QuestionFactory, SurveyFactory, organiser_of

pytestmark = pytest.mark.django_db

THREE = [{"text": {"en": name}} for name in ("Red", "Green", "Blue")]
# Answers as stored, odd ones included: a changed question or an old form may have left them.
STORED = {
    Question.Kind.SINGLE: [0, 1, 1, 2, 7, "1", True, None, "", [], [1], 0, 2],
    Question.Kind.MULTIPLE: [[0, 2], [2, 0], [1], [1, 1], [], "", [9, 0], 2, ["0"], [0, 1, 2]],
    Question.Kind.RATING: [5, 4, 4, 3, "3", True, 4.0, 0, 6, None, "", 1, 5, 5],
    Question.Kind.RANKING: [[2, 0, 1], [2, 1, 0], [0, 0, 1], [3, 1], [1], "2", [], [0, 2, 1]],
    Question.Kind.TEXT: ["More walks", "", "3", 3, None, [], ["a"], "<b>Less</b> talk", {}],
}


@pytest.fixture
def survey(db):
    return SurveyFactory(cohort__slug="counted-survey")


@pytest.fixture
def organiser(survey):
    return organiser_of(survey.cohort.programme.organisation)


def _questions(survey) -> dict:
    return {
        kind: QuestionFactory(
            survey=survey, kind=kind, options=THREE if kind in Question.CHOICE_KINDS else []
        )
        for kind in STORED
    }


def _store(survey, questions, answers_by_kind: dict, missing: int = 2) -> None:
    """One response per position of the longest list; shorter lists leave the key out."""
    longest = max(len(values) for values in answers_by_kind.values())
    for position in range(longest + missing):
        answers = {
            str(questions[kind].pk): values[position]
            for kind, values in answers_by_kind.items()
            if position < len(values)
        }
        Response.objects.create(survey=survey, language="en", answers=answers)


def _given(values):
    return [value for value in values if value not in (None, "", [])]


def test_the_counted_results_equal_counting_every_answer(survey):
    questions = _questions(survey)
    _store(survey, questions, STORED)
    by_kind = {result.question.kind: result for result in results.question_results(survey, "en")}

    ranking = counting.borda(_given(STORED["ranking"]), 3)
    assert by_kind["ranking"].standings == ranking
    assert by_kind["ranking"].answered == len(_given(STORED["ranking"]))
    for kind in ("single", "multiple"):
        tally = counting.tally(_given(STORED[kind]), 3)
        assert [value for _label, value in by_kind[kind].rows] == tally
        assert by_kind[kind].answered == len(_given(STORED[kind]))
    rating = counting.ratings(_given(STORED["rating"]))
    assert [value for _label, value in by_kind["rating"].rows] == rating.distribution
    assert by_kind["rating"].mean == rating.mean
    texts = [str(value) for value in _given(STORED["text"])]
    assert sorted(by_kind["text"].texts) == sorted(texts)
    assert by_kind["text"].answered == len(texts)
    assert by_kind["text"].more_texts == 0


def test_a_survey_without_answers_has_empty_results(survey):
    _questions(survey)
    by_kind = {result.question.kind: result for result in results.question_results(survey, "en")}
    assert all(result.answered == 0 for result in by_kind.values())
    assert by_kind["rating"].mean is None
    assert by_kind["text"].texts == []


def _page_queries(client, survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200
    return len(queries)


def test_the_results_page_reads_a_fixed_number_of_queries(
    client, survey, organiser, django_assert_max_num_queries
):
    questions = _questions(survey)
    client.force_login(organiser)
    _store(survey, questions, {kind: values[:2] for kind, values in STORED.items()})
    few = _page_queries(client, survey)
    _store(survey, questions, {kind: values * 50 for kind, values in STORED.items()})
    assert survey.responses.count() > 300  # more free texts than the page shows
    with django_assert_max_num_queries(few):
        response = client.get(reverse("surveys:results", args=[survey.pk]))
    text = next(r for r in response.context["results"] if r.question.kind == "text")
    assert len(text.texts) == results.FREE_TEXT_SHOWN
    assert text.more_texts == text.answered - results.FREE_TEXT_SHOWN


def test_free_texts_are_read_page_by_page(client, survey, organiser):
    question = QuestionFactory(survey=survey, kind="text", options=[])
    for number in range(results.FREE_TEXT_SHOWN + 5):
        Response.objects.create(
            survey=survey, language="en", answers={str(question.pk): f"Idea {number}"}
        )
    Response.objects.create(survey=survey, language="en", answers={str(question.pk): ""})
    client.force_login(organiser)
    url = reverse("surveys:results_texts", args=[survey.pk, question.pk])
    first = client.get(url)
    second = client.get(url, {"page": 2})
    assert len(first.context["texts"]) == results.FREE_TEXT_SHOWN
    assert len(second.context["texts"]) == 5
    seen = first.context["texts"] + second.context["texts"]
    assert sorted(seen) == sorted(f"Idea {n}" for n in range(results.FREE_TEXT_SHOWN + 5))
    assert "Page 2 of 2" in second.content.decode()
    results_page = client.get(reverse("surveys:results", args=[survey.pk]))
    assert results_page.context["results"][0].texts == first.context["texts"]  # the same order
    assert url in results_page.content.decode()  # the results page links to the rest


def test_the_text_pages_are_refused_to_others(client, survey):
    question = QuestionFactory(survey=survey, kind="text", options=[])
    url = reverse("surveys:results_texts", args=[survey.pk, question.pk])
    assert client.get(url).status_code == 302  # anonymous: log in first
    client.force_login(organiser_of(OrganisationFactory()))
    assert client.get(url).status_code == 404
    client.force_login(EnrolmentFactory(cohort=survey.cohort).user)
    assert client.get(url).status_code == 404


def test_only_free_text_questions_have_a_text_page(client, survey, organiser):
    choice = QuestionFactory(survey=survey, kind="single")
    client.force_login(organiser)
    url = reverse("surveys:results_texts", args=[survey.pk, choice.pk])
    assert client.get(url).status_code == 404


def test_the_csv_streams_and_reads_responses_only_while_sent(client, survey, organiser):
    questions = _questions(survey)
    _store(survey, questions, STORED)
    client.force_login(organiser)
    response = client.get(reverse("surveys:results_csv", args=[survey.pk]))
    assert isinstance(response, StreamingHttpResponse)
    with CaptureQueriesContext(connection) as queries:
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert any("surveys_response" in query["sql"] for query in queries)  # read now, not before
    assert len(lines) == 1 + survey.responses.count()
    assert "Blue > Red > Green" in "\n".join(lines)


def test_the_csv_streams_in_batches_under_asgi(async_client, survey, organiser):
    """Under ASGI a plain iterator would be read whole before sending; the view hands over an
    asynchronous one instead."""
    question = QuestionFactory(survey=survey, kind="text", options=[])
    for number in range(results.CSV_BATCH + 10):
        Response.objects.create(
            survey=survey, language="en", answers={str(question.pk): f"n{number}"}
        )
    async_client.force_login(organiser)

    async def download():
        response = await async_client.get(reverse("surveys:results_csv", args=[survey.pk]))
        chunks = [chunk async for chunk in response.streaming_content]
        return response, chunks

    response, chunks = async_to_sync(download)()
    assert response.is_async
    assert len(chunks) == 2  # CSV_BATCH lines (the header among them), then the rest
    assert b"".join(chunks).decode().count("\r\n") == 1 + results.CSV_BATCH + 10
