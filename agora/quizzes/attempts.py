"""Taking a quiz: starting an attempt, saving answers as the learner goes, submitting.

Each action is one transaction. Saving and submitting lock the attempt row first, so a
double-clicked submission, or an answer saved while the same attempt is submitted in another
tab, is applied once and in order: the second submission finds the attempt submitted and
returns it as it is.
"""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from agora.catalogue.models import Activity
from agora.delivery.models import Enrolment
from agora.learning.progress import complete_activity
from agora.quizzes import grading
from agora.quizzes.models import Attempt, ExtraTime, Quiz


class QuizError(Exception):
    """An action the quiz's rules refuse; ``str()`` is a message for the learner."""


class NoAttemptsLeft(QuizError):
    pass


class EmptyBank(QuizError):
    pass


class AttemptClosed(QuizError):
    """The attempt is submitted, or its time (and grace) is over."""


def quiz_for(activity: Activity) -> Quiz:
    """The quiz of a quiz activity, with default settings until someone sets them."""
    quiz, _ = Quiz.objects.get_or_create(activity=activity)
    quiz.activity = activity
    return quiz


def extra_percent(enrolment: Enrolment) -> int:
    return (
        ExtraTime.objects.filter(enrolment=enrolment).values_list("percent", flat=True).first()
        or 0
    )


def attempts_left(quiz: Quiz, enrolment: Enrolment) -> int | None:
    """How many more attempts the learner may start (None: unlimited)."""
    if not quiz.attempts_allowed:
        return None
    used = Attempt.objects.filter(quiz=quiz, enrolment=enrolment).count()
    return max(0, quiz.attempts_allowed - used)


def current_attempt(quiz: Quiz, enrolment: Enrolment) -> Attempt | None:
    return Attempt.objects.in_progress().filter(quiz=quiz, enrolment=enrolment).first()


def start_attempt(
    quiz: Quiz, enrolment: Enrolment, *, now: datetime | None = None,
    rng: random.Random | None = None,
) -> Attempt:
    """The attempt under way, else a new one drawn from the bank. Raises QuizError."""
    now = now or timezone.now()
    existing = current_attempt(quiz, enrolment)
    if existing is not None:
        return existing
    left = attempts_left(quiz, enrolment)
    if left == 0:
        raise NoAttemptsLeft
    drawn = draw_questions(quiz, enrolment, rng or random.SystemRandom())
    if not drawn:
        raise EmptyBank
    allowed = quiz.time_allowed(extra_percent(enrolment))
    number = Attempt.objects.filter(quiz=quiz, enrolment=enrolment).count() + 1
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz, enrolment=enrolment, number=number, language=enrolment.language,
                drawn=drawn, started_at=now, deadline=now + allowed if allowed else None,
            )
    except IntegrityError:
        # Started at the same moment in another tab: that attempt is the one.
        existing = current_attempt(quiz, enrolment)
        if existing is None:
            raise
        return existing


def draw_questions(quiz: Quiz, enrolment: Enrolment, rng: random.Random) -> list[dict]:
    """The questions of a new attempt, in the learner's language, in a random order, each
    with the order its options are shown in."""
    bank = quiz.bank()
    count = quiz.question_count or len(bank)
    chosen = rng.sample(bank, min(count, len(bank)))
    fallback = quiz.activity.unit.module.level.programme.source_language
    drawn = []
    for question in chosen:
        version = question.version(enrolment.language, fallback)
        drawn.append({
            "question": question.pk,
            "key": question.key,
            "kind": question.kind,
            "version": version,
            "order": option_order(question.kind, version, rng, quiz.shuffle_options),
        })
    return drawn


def option_order(kind: str, version: dict, rng: random.Random, shuffle: bool) -> list[int]:
    """Indexes of the options (choices, matches, items) in the order they are shown."""
    size = {
        "single": len(version.get("options", [])),
        "multiple": len(version.get("options", [])),
        "matching": len(version.get("pairs", [])) + len(version.get("extras", [])),
        "ordering": len(version.get("items", [])),
    }.get(kind, 0)
    order = list(range(size))
    if kind == "ordering" or (shuffle and kind in ("matching", "single", "multiple")):
        rng.shuffle(order)
        if kind == "ordering" and size > 1 and order == sorted(order):
            order = order[1:] + order[:1]  # never shown already in the right order
    return order


@transaction.atomic
def save_answer(
    attempt: Attempt, position: int, answer: Any, *, now: datetime | None = None
) -> Attempt:
    """Keep one answer of an attempt under way. Raises AttemptClosed."""
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not locked.accepts_answers(now):
        raise AttemptClosed
    if not 0 <= position < len(locked.drawn):
        raise QuizError
    if position in locked.checked:
        return locked  # already checked: the answer that earned the feedback stays
    locked.answers[str(position)] = answer
    locked.save(update_fields=["answers"])
    return locked


@transaction.atomic
def check_answer(
    attempt: Attempt, position: int, answer: Any, *, now: datetime | None = None
) -> tuple[Attempt, grading.Result]:
    """Save an answer and grade it now (quizzes that give feedback after each answer); the
    answer cannot change afterwards."""
    locked = save_answer(attempt, position, answer, now=now)
    if position not in locked.checked:
        locked.checked = [*locked.checked, position]
        locked.save(update_fields=["checked"])
    return locked, grade_position(locked, position)


def grade_position(attempt: Attempt, position: int) -> grading.Result:
    entry = attempt.drawn[position]
    return grading.grade(entry["kind"], entry["version"], attempt.answers.get(str(position)))


@transaction.atomic
def submit_attempt(
    attempt: Attempt, answers: dict[int, Any] | None = None, *, now: datetime | None = None
) -> Attempt:
    """Grade the attempt and record it; when passed, the activity is complete.

    ``answers`` (position → answer), sent with the submission, are kept first if the
    attempt still accepts them. Submitting again returns the attempt as it was graded.
    """
    now = now or timezone.now()
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if locked.is_submitted:
        return locked
    if answers and locked.accepts_answers(now):
        for position, answer in answers.items():
            if 0 <= position < len(locked.drawn) and position not in locked.checked:
                locked.answers[str(position)] = answer
    fractions = [grade_position(locked, position).fraction for position in range(len(locked.drawn))]
    locked.fractions = fractions
    locked.score = Decimal(str(grading.score_percent(fractions))).quantize(Decimal("0.01"))
    quiz = Quiz.objects.select_related("activity__unit__module").get(pk=locked.quiz_id)
    locked.passed = locked.score >= quiz.pass_mark
    locked.submitted_at = now
    locked.save(update_fields=["answers", "fractions", "score", "passed", "submitted_at"])
    if locked.passed:
        complete_activity(locked.enrolment, quiz.activity, score=locked.score, now=now)
    return locked


def finish_if_expired(attempt: Attempt, *, now: datetime | None = None) -> Attempt:
    """An attempt whose time is over is submitted with the answers saved in time."""
    if not attempt.is_submitted and attempt.is_past_deadline(now):
        return submit_attempt(attempt, now=now)
    return attempt


@transaction.atomic
def grant_extra_time(enrolment: Enrolment, percent: int, *, by) -> ExtraTime | None:
    """Give a learner extra time on timed quizzes (0 removes it). Attempts started later use it."""
    if percent <= 0:
        ExtraTime.objects.filter(enrolment=enrolment).delete()
        return None
    extra, _ = ExtraTime.objects.update_or_create(
        enrolment=enrolment, defaults={"percent": percent, "granted_by": by}
    )
    return extra
