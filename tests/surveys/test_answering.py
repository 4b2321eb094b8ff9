"""Answering: learners, partners by link, once only, closed surveys, kept input, activities."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agora.learning.models import ActivityProgress
from agora.surveys import answering
from agora.surveys.models import Participation, Response
from tests.factories import ActivityFactory, EnrolmentFactory, UnitFactory
from tests.factories_surveys import PartnerInvitationFactory, QuestionFactory, SurveyFactory
from tests.surveys.conftest import ranking_post

pytestmark = pytest.mark.django_db


def test_a_learner_ranks_the_topics(client, ballot, question, learner):
    client.force_login(learner)
    url = reverse("surveys:answer", args=[ballot.pk])
    response = client.post(url, ranking_post(question, [2, 1, 4, 3]))
    assert response.status_code == 302
    assert Response.objects.get().answers == {str(question.pk): [1, 0, 3, 2]}


def test_an_anonymous_answer_keeps_no_link_to_the_person(client, ballot, question, learner):
    client.force_login(learner)
    client.post(reverse("surveys:answer", args=[ballot.pk]), ranking_post(question, [1, 2, 3, 4]))
    stored = Response.objects.get()
    assert stored.respondent is None and stored.submitted_at is None
    assert Participation.objects.filter(survey=ballot, user=learner).exists()


def test_a_named_answer_keeps_the_person(client, ballot, question, learner):
    ballot.anonymous = False
    ballot.save()
    client.force_login(learner)
    client.post(reverse("surveys:answer", args=[ballot.pk]), ranking_post(question, [1, 2, 3, 4]))
    assert Response.objects.get().respondent == learner


def test_a_double_submit_counts_once(client, ballot, question, learner):
    client.force_login(learner)
    url = reverse("surveys:answer", args=[ballot.pk])
    client.post(url, ranking_post(question, [1, 2, 3, 4]))
    client.post(url, ranking_post(question, [4, 3, 2, 1]))
    assert Response.objects.count() == 1


def test_submit_response_says_when_it_did_not_count(ballot, learner):
    assert answering.submit_response(ballot, {}, language="en", user=learner) is True
    assert answering.submit_response(ballot, {}, language="en", user=learner) is False


def test_a_ranking_that_repeats_a_place_is_refused_and_keeps_the_places(
    client, ballot, question, learner
):
    client.force_login(learner)
    response = client.post(
        reverse("surveys:answer", args=[ballot.pk]), ranking_post(question, [1, 1, 3, 4])
    )
    assert response.status_code == 400
    assert "Give each option a different place" in response.content.decode()
    assert response.context["form"][f"q{question.pk}_2"].value() == "3"
    assert not Response.objects.exists()


def test_a_missing_required_ranking_is_refused(client, ballot, question, learner):
    client.force_login(learner)
    response = client.post(reverse("surveys:answer", args=[ballot.pk]), {})
    assert response.status_code == 400
    assert "Give each option a place" in response.content.decode()


def test_free_text_is_kept_when_another_answer_is_wrong(client, learner, ballot, question):
    QuestionFactory(survey=ballot, kind="text", prompt={"en": "Anything else?"})
    text = ballot.questions.get(kind="text")
    client.force_login(learner)
    response = client.post(
        reverse("surveys:answer", args=[ballot.pk]), {f"q{text.pk}": "More walks"}
    )
    assert response.status_code == 400
    assert "More walks" in response.content.decode()


def test_a_closed_survey_refuses_answers_with_a_message(client, ballot, question, learner):
    ballot.closes_at = timezone.now() - timedelta(hours=1)
    ballot.save()
    client.force_login(learner)
    url = reverse("surveys:answer", args=[ballot.pk])
    response = client.post(url, ranking_post(question, [1, 2, 3, 4]))
    assert response.status_code == 409
    assert "This survey is closed" in response.content.decode()
    assert not Response.objects.exists()


def test_a_survey_not_yet_open_shows_no_form(client, ballot, learner):
    ballot.opens_at = timezone.now() + timedelta(days=1)
    ballot.save()
    client.force_login(learner)
    response = client.get(reverse("surveys:answer", args=[ballot.pk]))
    assert "This survey is closed" in response.content.decode()
    assert response.context["form"] is None


def test_the_learner_reads_their_enrolment_language(client, ballot, question):
    ballot.cohort.languages = ["en", "fr"]
    ballot.cohort.save()
    question.prompt = {"en": "Rank the topics", "fr": "Classez les thèmes"}
    question.save()
    learner = EnrolmentFactory(cohort=ballot.cohort, language="fr").user
    client.force_login(learner)
    response = client.get(reverse("surveys:answer", args=[ballot.pk]))
    assert "Classez les thèmes" in response.content.decode()


def test_a_partner_answers_once_with_the_link(client, ballot, question):
    invitation = PartnerInvitationFactory(survey=ballot)
    url = reverse("surveys:partner", args=[invitation.token])
    assert client.post(url, ranking_post(question, [1, 2, 3, 4])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    again = client.get(url)
    assert "This link has been used" in again.content.decode()
    client.post(url, ranking_post(question, [4, 3, 2, 1]))
    assert Response.objects.count() == 1


def test_an_unknown_partner_link_says_so(client, ballot):
    response = client.get(reverse("surveys:partner", args=["not-a-token"]))
    assert response.status_code == 404
    assert "This survey link does not work" in response.content.decode()


def test_inviting_partners_sends_each_a_link_once(ballot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answering.invite_partners(
            ballot, [("Energie Samen", "info@energie.example.org")], language="en"
        )
        answering.invite_partners(
            ballot, [("Energie Samen", "info@energie.example.org")], language="en"
        )
    assert ballot.invitations.count() == 1
    assert len(mail.outbox) == 1
    assert ballot.invitations.get().token in mail.outbox[0].body


def test_answering_the_survey_activity_completes_it(client):
    enrolment = EnrolmentFactory()
    activity = ActivityFactory(
        kind="survey", unit=UnitFactory(module__level__programme=enrolment.cohort.programme)
    )
    survey = SurveyFactory(cohort=enrolment.cohort, activity=activity)
    question = QuestionFactory(survey=survey)
    client.force_login(enrolment.user)
    url = reverse("surveys:take", args=[enrolment.cohort.slug, activity.pk])
    assert client.get(url).status_code == 200
    client.post(url, {f"q{question.pk}": "0"})
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
    assert progress.completed_at is not None


def test_a_survey_activity_without_a_survey_says_it_is_not_ready(client):
    enrolment = EnrolmentFactory()
    activity = ActivityFactory(
        kind="survey", unit=UnitFactory(module__level__programme=enrolment.cohort.programme)
    )
    client.force_login(enrolment.user)
    response = client.get(reverse("surveys:take", args=[enrolment.cohort.slug, activity.pk]))
    assert "not ready yet" in response.content.decode()
