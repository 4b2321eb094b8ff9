"""The learner's quiz pages: the quiz (start, answer, submit), an attempt's result, history.

Every page starts from the learner's own enrolment and the activity it covers
(``learning.access.learner_activity``: 404 otherwise); attempts are found through them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agora.learning.access import learner_activity
from agora.learning.frame import activity_frame
from agora.learning.progress import record_visit
from agora.quizzes import attempts as actions
from agora.quizzes.access import own_attempt
from agora.quizzes.models import Attempt, Quiz
from agora.quizzes.presenting import (
    answer_from_post,
    answers_from_post,
    question_row,
    question_rows,
)


def _take_url(cohort_slug: str, activity_id: int) -> str:
    return reverse("quizzes:take", args=[cohort_slug, activity_id])


@login_required
@require_GET
def take(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """The quiz: the attempt under way, else its description, past attempts and a start button."""
    enrolment, activity = learner_activity(request.user, cohort_slug, activity_id)
    quiz = actions.quiz_for(activity)
    record_visit(enrolment, activity)
    attempt = actions.current_attempt(quiz, enrolment)
    if attempt is not None:
        attempt = actions.finish_if_expired(attempt)
        if attempt.is_submitted:
            messages.info(request, _("Your time was up: the answers saved in time were graded."))
            return redirect(_result_url(cohort_slug, activity_id, attempt))
    context = activity_frame(enrolment, activity)
    context.update(_quiz_context(quiz, enrolment))
    if attempt is not None:
        context.update({
            "attempt": attempt,
            "rows": question_rows(attempt, reveal=False),
        })
        return render(request, "quizzes/attempt.html", context)
    return render(request, "quizzes/take.html", context)


def _quiz_context(quiz: Quiz, enrolment) -> dict:
    history = list(Attempt.objects.submitted().filter(quiz=quiz, enrolment=enrolment))
    extra = actions.extra_percent(enrolment)
    return {
        "quiz": quiz,
        "history": history,
        "passed": any(attempt.passed for attempt in history),
        "attempts_left": actions.attempts_left(quiz, enrolment),
        "extra_percent": extra,
        "time_allowed": quiz.time_allowed(extra),
        "bank_size": len(quiz.bank()),
    }


@login_required
@require_POST
def start(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, activity = learner_activity(request.user, cohort_slug, activity_id)
    quiz = actions.quiz_for(activity)
    try:
        actions.start_attempt(quiz, enrolment)
    except actions.NoAttemptsLeft:
        messages.error(request, _("You have used every attempt of this quiz."))
    except actions.EmptyBank:
        messages.error(request, _("This quiz has no questions yet. Please try again later."))
    return redirect(_take_url(cohort_slug, activity_id))


def _attempt(request: HttpRequest, cohort_slug: str, activity_id: int, number: int):
    enrolment, activity = learner_activity(request.user, cohort_slug, activity_id)
    return enrolment, activity, own_attempt(enrolment, activity, number)


@login_required
@require_POST
def save(
    request: HttpRequest, cohort_slug: str, activity_id: int, number: int, position: int
) -> HttpResponse:
    """One question's answer, sent by the page whenever it changes (htmx)."""
    _enrolment, _activity, attempt = _attempt(request, cohort_slug, activity_id, number)
    if not 0 <= position < len(attempt.drawn):
        return HttpResponse(status=404)
    answer = answer_from_post(attempt.drawn[position], position, request.POST)
    try:
        actions.save_answer(attempt, position, answer)
    except actions.AttemptClosed:
        return render(request, "quizzes/_save_status.html", {"closed": True}, status=409)
    return render(request, "quizzes/_save_status.html", {"saved": True})


@login_required
@require_POST
def check(
    request: HttpRequest, cohort_slug: str, activity_id: int, number: int, position: int
) -> HttpResponse:
    """Save and grade one answer now (quizzes with feedback after each answer)."""
    _enrolment, activity, attempt = _attempt(request, cohort_slug, activity_id, number)
    if attempt.quiz.feedback != Quiz.Feedback.EACH or not 0 <= position < len(attempt.drawn):
        return HttpResponse(status=404)
    answer = answer_from_post(attempt.drawn[position], position, request.POST)
    try:
        attempt, _result = actions.check_answer(attempt, position, answer)
    except actions.AttemptClosed:
        messages.error(request, _("This attempt is closed: your time is up or it was submitted."))
        return redirect(_take_url(cohort_slug, activity_id))
    if not request.headers.get("HX-Request"):
        return redirect(f"{_take_url(cohort_slug, activity_id)}#question-{position + 1}")
    context = {
        "row": question_row(attempt, position, reveal=True),
        "attempt": attempt,
        "quiz": attempt.quiz,
        "cohort_slug": cohort_slug,
        "activity": activity,
    }
    return render(request, "quizzes/_question.html", context)


@login_required
@require_POST
def submit(request: HttpRequest, cohort_slug: str, activity_id: int, number: int) -> HttpResponse:
    """Grade the attempt; submitting twice (a double click) counts once."""
    _enrolment, _activity, attempt = _attempt(request, cohort_slug, activity_id, number)
    answers = answers_from_post(attempt, request.POST) if not attempt.is_submitted else None
    attempt = actions.submit_attempt(attempt, answers)
    return redirect(_result_url(cohort_slug, activity_id, attempt))


def _result_url(cohort_slug: str, activity_id: int, attempt: Attempt) -> str:
    return reverse("quizzes:result", args=[cohort_slug, activity_id, attempt.number])


@login_required
@require_GET
def result(request: HttpRequest, cohort_slug: str, activity_id: int, number: int) -> HttpResponse:
    enrolment, activity, attempt = _attempt(request, cohort_slug, activity_id, number)
    if not attempt.is_submitted:
        return redirect(_take_url(cohort_slug, activity_id))
    quiz = attempt.quiz
    quiz.activity = activity
    context = activity_frame(enrolment, activity)
    context.update(_quiz_context(quiz, enrolment))
    context.update({
        "attempt": attempt,
        "rows": question_rows(attempt, reveal=True),
    })
    # Right answers only once they cannot help with another attempt.
    context["show_right_answers"] = context["passed"] or context["attempts_left"] == 0
    return render(request, "quizzes/result.html", context)
