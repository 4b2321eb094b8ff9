"""Organisers build a survey: texts per language, options aligned across languages."""

import pytest
from django.urls import reverse

from agora.surveys.models import Question, Survey

pytestmark = pytest.mark.django_db


def test_an_organiser_creates_a_ballot_with_a_ranking_question(client, ballot, organiser):
    cohort = ballot.cohort
    client.force_login(organiser)
    response = client.post(reverse("surveys:new", args=[cohort.slug]), {
        "title_en": "Deep-dive topics", "purpose": "ballot", "anonymous": "on",
        "for_learners": "on", "for_partners": "on",
    })
    survey = Survey.objects.get(title__en="Deep-dive topics")
    assert response["Location"] == reverse("surveys:manage", args=[survey.pk])
    client.post(reverse("surveys:question_new", args=[survey.pk]), {
        "kind": "ranking", "required": "on", "order": 1, "prompt_en": "Rank the topics",
        "options_en": "Energy | Energie Samen's case\nCare\n\nFood",
    })
    question = survey.questions.get()
    assert question.kind == Question.Kind.RANKING
    assert question.options[0] == {
        "text": {"en": "Energy"}, "detail": {"en": "Energie Samen's case"}
    }
    assert len(question.options) == 3


def test_options_must_match_across_languages(client, ballot, organiser):
    ballot.cohort.languages = ["en", "fr"]
    ballot.cohort.save()
    client.force_login(organiser)
    response = client.post(reverse("surveys:question_new", args=[ballot.pk]), {
        "kind": "single", "order": 2, "prompt_en": "Pick", "options_en": "A\nB\nC",
        "options_fr": "A\nB",
    })
    assert response.status_code == 200
    assert "Give as many options as in the first language (3)" in response.content.decode()
    assert "A\nB\nC" in response.content.decode()


def test_a_survey_needs_someone_to_answer_it(client, ballot, organiser):
    client.force_login(organiser)
    response = client.post(reverse("surveys:new", args=[ballot.cohort.slug]), {
        "title_en": "Nobody", "purpose": "evaluation",
    })
    assert "Choose who answers" in response.content.decode()


def test_the_learners_address_is_shown_to_copy_not_as_a_link_the_organiser_cannot_open(
    client, ballot, organiser
):
    # Found by scripts/crawl-demo: the organiser's survey page linked to the learners' answer
    # page, which answers 404 to anyone without an enrolment (the organiser included).
    answer_url = reverse("surveys:answer", args=[ballot.pk])
    client.force_login(organiser)
    page = client.get(reverse("surveys:manage", args=[ballot.pk])).content.decode()
    assert f"http://testserver{answer_url}" in page
    assert f'href="{answer_url}"' not in page
    assert client.get(answer_url).status_code == 404
