"""Taking a quiz through its actions: drawing, saving, submitting, time limits."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from agora.learning.models import ActivityProgress
from agora.quizzes import attempts
from agora.quizzes.models import GRACE_SECONDS, Attempt, ExtraTime


def right_answers(attempt):
    return {position: 0 for position in range(len(attempt.drawn))}


def test_attempt_draws_the_quiz_count_from_the_bank(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    assert len(attempt.drawn) == 5
    assert len({entry["question"] for entry in attempt.drawn}) == 5


def test_attempt_keeps_questions_in_the_learners_language(quiz, enrolment):
    enrolment.language = "fr"
    enrolment.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    assert attempt.language == "fr"
    assert attempt.drawn[0]["version"]["options"][0]["text"] == "Juste"


def test_attempt_falls_back_to_the_programmes_source_language(quiz, enrolment):
    enrolment.language = "da"
    enrolment.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    assert attempt.drawn[0]["version"]["options"][0]["text"] == "Right"


def test_draw_uses_only_the_tagged_questions(quiz, enrolment):
    tagged = quiz.activity.unit.module.quiz_questions.first()
    tagged.tags = ["week-1"]
    tagged.save()
    quiz.tag = "week-1"
    quiz.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    assert [entry["question"] for entry in attempt.drawn] == [tagged.pk]


def test_options_are_shuffled_and_the_order_is_kept_on_the_attempt(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment, rng=random.Random(3))
    orders = [entry["order"] for entry in attempt.drawn]
    assert all(sorted(order) == [0, 1, 2] for order in orders)
    assert any(order != [0, 1, 2] for order in orders)
    attempt.refresh_from_db()
    assert [entry["order"] for entry in attempt.drawn] == orders


def test_options_keep_their_order_when_the_quiz_says_so(quiz, enrolment):
    quiz.shuffle_options = False
    quiz.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    assert all(entry["order"] == [0, 1, 2] for entry in attempt.drawn)


def test_starting_twice_gives_the_attempt_under_way(quiz, enrolment):
    first = attempts.start_attempt(quiz, enrolment)
    assert attempts.start_attempt(quiz, enrolment).pk == first.pk


def test_empty_bank_cannot_be_started(quiz, enrolment):
    quiz.activity.unit.module.quiz_questions.all().delete()
    with pytest.raises(attempts.EmptyBank):
        attempts.start_attempt(quiz, enrolment)


def test_passing_completes_the_activity_with_its_score(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    attempt = attempts.submit_attempt(attempt, right_answers(attempt))
    assert attempt.passed and attempt.score == Decimal("100.00")
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=quiz.activity)
    assert progress.completed_at is not None and progress.score == Decimal("100.00")


def test_failing_does_not_complete_the_activity(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    answers = {position: 1 for position in range(5)}
    attempt = attempts.submit_attempt(attempt, answers)
    assert not attempt.passed and attempt.score == 0
    assert not ActivityProgress.objects.filter(
        enrolment=enrolment, activity=quiz.activity, completed_at__isnull=False
    ).exists()


def test_pass_mark_is_inclusive(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    answers = {**right_answers(attempt), 4: 1}  # four of five: 80 %
    assert attempts.submit_attempt(attempt, answers).passed


def test_submitting_twice_counts_once(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    first = attempts.submit_attempt(attempt, right_answers(attempt))
    again = attempts.submit_attempt(attempt, {position: 1 for position in range(5)})
    assert again.score == first.score == Decimal("100.00")
    assert again.submitted_at == first.submitted_at
    assert enrolment.__class__.objects.get(pk=enrolment.pk).activities_done == 1


def test_saved_answers_are_graded_at_submission(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    for position in range(5):
        attempts.save_answer(attempt, position, 0)
    assert attempts.submit_attempt(attempt).score == 100


def test_no_attempt_left_after_the_allowed_number(quiz, enrolment):
    for _ in range(3):
        attempt = attempts.start_attempt(quiz, enrolment)
        attempts.submit_attempt(attempt, {})
    with pytest.raises(attempts.NoAttemptsLeft):
        attempts.start_attempt(quiz, enrolment)


def test_unlimited_attempts(quiz, enrolment):
    quiz.attempts_allowed = 0
    quiz.save()
    for _ in range(4):
        attempts.submit_attempt(attempts.start_attempt(quiz, enrolment), {})
    assert attempts.attempts_left(quiz, enrolment) is None


def test_attempt_numbers_follow_each_other(quiz, enrolment):
    attempts.submit_attempt(attempts.start_attempt(quiz, enrolment), {})
    assert attempts.start_attempt(quiz, enrolment).number == 2


def test_time_limit_sets_a_deadline(quiz, enrolment):
    quiz.time_limit_minutes = 10
    quiz.save()
    now = timezone.now()
    attempt = attempts.start_attempt(quiz, enrolment, now=now)
    assert attempt.deadline == now + timedelta(minutes=10)


def test_extra_time_lengthens_the_deadline(quiz, enrolment, facilitator):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempts.grant_extra_time(enrolment, 50, by=facilitator)
    now = timezone.now()
    attempt = attempts.start_attempt(quiz, enrolment, now=now)
    assert attempt.deadline == now + timedelta(minutes=15)


def test_granting_zero_extra_time_removes_it(enrolment, facilitator):
    attempts.grant_extra_time(enrolment, 25, by=facilitator)
    attempts.grant_extra_time(enrolment, 0, by=facilitator)
    assert not ExtraTime.objects.filter(enrolment=enrolment).exists()


def test_answer_within_the_grace_period_is_saved(quiz, enrolment):
    quiz.time_limit_minutes = 10
    quiz.save()
    start = timezone.now()
    attempt = attempts.start_attempt(quiz, enrolment, now=start)
    late = attempt.deadline + timedelta(seconds=GRACE_SECONDS - 1)
    attempts.save_answer(attempt, 0, 0, now=late)
    attempt.refresh_from_db()
    assert attempt.answers == {"0": 0}


def test_answer_after_the_deadline_and_grace_is_refused(quiz, enrolment):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    too_late = attempt.deadline + timedelta(seconds=GRACE_SECONDS + 1)
    with pytest.raises(attempts.AttemptClosed):
        attempts.save_answer(attempt, 0, 0, now=too_late)


def test_late_submission_grades_only_the_answers_saved_in_time(quiz, enrolment):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    attempts.save_answer(attempt, 0, 0)
    too_late = attempt.deadline + timedelta(seconds=GRACE_SECONDS + 1)
    attempt = attempts.submit_attempt(attempt, right_answers(attempt), now=too_late)
    assert attempt.score == 20  # one of five, saved in time


def test_expired_attempt_is_finished_with_what_was_saved(quiz, enrolment):
    quiz.time_limit_minutes = 1
    quiz.save()
    attempt = attempts.start_attempt(quiz, enrolment)
    later = attempt.deadline + timedelta(minutes=5)
    assert attempts.finish_if_expired(attempt, now=later).is_submitted


def test_checked_answer_cannot_change(quiz, enrolment):
    attempt = attempts.start_attempt(quiz, enrolment)
    attempt, result = attempts.check_answer(attempt, 0, 0)
    assert result.correct
    attempts.save_answer(attempt, 0, 1)
    attempt = attempts.submit_attempt(attempt, {0: 1})
    assert attempt.answers["0"] == 0


def test_one_attempt_under_way_per_learner_and_quiz(quiz, enrolment):
    attempts.start_attempt(quiz, enrolment)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Attempt.objects.create(quiz=quiz, enrolment=enrolment, number=9, language="en")
