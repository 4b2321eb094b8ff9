"""The learner's quiz pages over HTTP: who may open them, autosave, submission."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agora.delivery.models import StreamActivity
from agora.learning.models import ActivityProgress
from agora.quizzes.models import Attempt
from tests.factories import CohortFactory, EnrolmentFactory, StreamFactory, UserFactory


def take_url(quiz, cohort):
    return reverse("quizzes:take", args=[cohort.slug, quiz.activity.pk])


def start(client, quiz, cohort) -> Attempt:
    client.post(reverse("quizzes:start", args=[cohort.slug, quiz.activity.pk]))
    return Attempt.objects.get(quiz=quiz, submitted_at__isnull=True)


def save_url(cohort, quiz, attempt, position):
    return reverse("quizzes:save", args=[cohort.slug, quiz.activity.pk, attempt.number, position])


def submit_url(cohort, quiz, attempt):
    return reverse("quizzes:submit", args=[cohort.slug, quiz.activity.pk, attempt.number])


def right_form(attempt):
    return {f"q{position}": "0" for position in range(len(attempt.drawn))}


def test_quiz_activity_page_redirects_to_the_quiz(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    response = client.get(reverse("learning:activity", args=[cohort.slug, quiz.activity.pk]))
    assert response.url == take_url(quiz, cohort)


def test_learner_sees_the_quiz_and_its_rules(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    response = client.get(take_url(quiz, cohort))
    assert response.status_code == 200
    assert "Start the quiz" in response.text and "80 %" in response.text


def test_anonymous_visitor_is_sent_to_log_in(client, quiz, cohort):
    response = client.get(take_url(quiz, cohort))
    assert response.status_code == 302 and "login" in response.url


def test_learner_of_another_cohort_gets_404(client, quiz, cohort, other_user):
    EnrolmentFactory(user=other_user, cohort=CohortFactory(programme=cohort.programme))
    client.force_login(other_user)
    assert client.get(take_url(quiz, cohort)).status_code == 404


def test_learner_whose_stream_hides_the_quiz_gets_404(client, quiz, cohort, learner):
    stream = StreamFactory(cohort=cohort)
    StreamActivity.objects.create(stream=stream, activity=quiz.activity, requirement="hidden")
    EnrolmentFactory(cohort=cohort, user=learner, stream=stream)
    client.force_login(learner)
    assert client.get(take_url(quiz, cohort)).status_code == 404
    start_url = reverse("quizzes:start", args=[cohort.slug, quiz.activity.pk])
    assert client.post(start_url).status_code == 404


def test_another_learner_cannot_see_or_answer_my_attempt(
    client, quiz, cohort, enrolment, learner, other_user
):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    EnrolmentFactory(cohort=cohort, user=other_user)
    client.force_login(other_user)
    result_url = reverse("quizzes:result", args=[cohort.slug, quiz.activity.pk, attempt.number])
    assert client.get(result_url).status_code == 404
    assert client.post(save_url(cohort, quiz, attempt, 0), {"q0": "1"}).status_code == 404
    assert client.post(submit_url(cohort, quiz, attempt)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.answers == {} and not attempt.is_submitted


def test_autosaved_answer_survives_a_reload(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    shown = attempt.drawn[0]["order"].index(2)
    response = client.post(save_url(cohort, quiz, attempt, 0), {"q0": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Answer saved." in response.text
    page = client.get(take_url(quiz, cohort))
    assert page.context["rows"][0]["options"][shown]["chosen"]
    assert 'value="2" id="q0-2" checked' in page.text


def test_autosave_keeps_typed_text(client, quiz, cohort, enrolment, learner):
    question = quiz.activity.unit.module.quiz_questions.first()
    question.kind = "short"
    question.versions = {"en": {"text": "Name it.", "accepted": [{"text": "Lottery"}]}}
    question.save()
    quiz.question_count = 0
    quiz.save()
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    position = next(i for i, entry in enumerate(attempt.drawn) if entry["kind"] == "short")
    client.post(save_url(cohort, quiz, attempt, position), {f"q{position}": "  civic lot"})
    page = client.get(take_url(quiz, cohort))
    assert 'value="civic lot"' in page.text


def test_autosave_after_the_deadline_is_refused(client, quiz, cohort, enrolment, learner):
    quiz.time_limit_minutes = 5
    quiz.save()
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=2))
    response = client.post(save_url(cohort, quiz, attempt, 0), {"q0": "0"})
    assert response.status_code == 409 and "Not saved" in response.text


def test_reopening_an_expired_attempt_grades_it(client, quiz, cohort, enrolment, learner):
    quiz.time_limit_minutes = 5
    quiz.save()
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=2))
    response = client.get(take_url(quiz, cohort))
    attempt.refresh_from_db()
    assert attempt.is_submitted
    assert response.url.endswith(f"/attempts/{attempt.number}/")


def test_double_clicked_submission_counts_once(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    first = client.post(submit_url(cohort, quiz, attempt), right_form(attempt))
    second = client.post(submit_url(cohort, quiz, attempt), {})
    assert first.url == second.url
    assert Attempt.objects.filter(quiz=quiz, enrolment=enrolment).count() == 1
    attempt.refresh_from_db()
    assert attempt.score == 100 and attempt.passed
    enrolment.refresh_from_db()
    assert enrolment.activities_done == 1


def test_passing_marks_the_activity_done(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    response = client.post(submit_url(cohort, quiz, attempt), right_form(attempt), follow=True)
    assert "You passed" in response.text
    assert ActivityProgress.objects.get(enrolment=enrolment, activity=quiz.activity).is_complete


def test_failed_attempt_says_what_to_do_and_offers_a_retry(
    client, quiz, cohort, enrolment, learner
):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    response = client.post(submit_url(cohort, quiz, attempt), {}, follow=True)
    assert "You did not pass this time." in response.text
    assert "Try again" in response.text and "You have 2 attempts left." in response.text
    # The right answers are kept for when the learner has passed or has no attempt left.
    assert "The right answer:" not in response.text


def test_history_lists_the_learners_attempts(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    client.post(submit_url(cohort, quiz, attempt), {})
    response = client.get(take_url(quiz, cohort))
    assert "Your attempts" in response.text and "Attempt 1" in response.text


def test_no_start_button_when_no_attempt_is_left(client, quiz, cohort, enrolment, learner):
    quiz.attempts_allowed = 1
    quiz.save()
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    client.post(submit_url(cohort, quiz, attempt), {})
    response = client.get(take_url(quiz, cohort))
    assert "You have used every attempt" in response.text
    assert "Start the quiz" not in response.text and "Try again" not in response.text


def test_check_gives_feedback_and_locks_the_answer(client, quiz, cohort, enrolment, learner):
    quiz.feedback = "each"
    quiz.save()
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    url = reverse("quizzes:check", args=[cohort.slug, quiz.activity.pk, attempt.number, 0])
    response = client.post(url, {"q0": "0"}, HTTP_HX_REQUEST="true")
    assert "Correct." in response.text and "Well done." in response.text
    client.post(save_url(cohort, quiz, attempt, 0), {"q0": "1"})
    attempt.refresh_from_db()
    assert attempt.answers["0"] == 0


def test_check_is_refused_when_feedback_comes_at_the_end(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    url = reverse("quizzes:check", args=[cohort.slug, quiz.activity.pk, attempt.number, 0])
    assert client.post(url, {"q0": "0"}).status_code == 404


@pytest.mark.parametrize("name", ["take", "start"])
def test_pages_need_a_confirmed_enrolment(client, quiz, cohort, name):
    user = UserFactory()
    EnrolmentFactory(cohort=cohort, user=user, status="waitlisted")
    client.force_login(user)
    url = reverse(f"quizzes:{name}", args=[cohort.slug, quiz.activity.pk])
    response = client.get(url) if name == "take" else client.post(url)
    assert response.status_code == 404


def test_right_answers_are_shown_once_no_attempt_is_left(client, quiz, cohort, enrolment, learner):
    quiz.attempts_allowed = 1
    quiz.save()
    client.force_login(learner)
    attempt = start(client, quiz, cohort)
    response = client.post(submit_url(cohort, quiz, attempt), {}, follow=True)
    assert "The right answer:" in response.text and "Right" in response.text
