"""A learner takes a timed quiz in a real browser: answers are saved as they go and survive a
reload, the first attempt fails, the retry passes and the activity is done. axe-core checks
every page and every htmx swap."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from agora.learning.models import ActivityProgress
from tests.factories import CohortFactory, EnrolmentFactory, UnitFactory, UserFactory
from tests.factories_quizzes import QuestionFactory, QuizActivityFactory, QuizFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def quiz_learner(transactional_db):
    today = timezone.localdate()
    cohort = CohortFactory(starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=28))
    unit = UnitFactory(module__level__programme=cohort.programme)
    activity = QuizActivityFactory(unit=unit)
    for _ in range(3):
        QuestionFactory(module=unit.module)
    quiz = QuizFactory(
        activity=activity, question_count=3, attempts_allowed=3, pass_mark=80, time_limit_minutes=20
    )
    user = UserFactory(full_name="Lena Learner")
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    return user, enrolment, quiz


def answer_every_question(visitor, label: str) -> None:
    page = visitor.page
    for number in (1, 2, 3):
        question = page.locator(f"#question-{number}")
        question.get_by_label(label, exact=True).check()
        expect(page.locator(f"#question-{number}-status")).to_have_text("Answer saved.")
    visitor.check_accessibility()


def test_learner_fails_retries_and_passes(visitor, client, live_server, quiz_learner):
    user, enrolment, quiz = quiz_learner
    visitor.sign_in_as(user)
    page = visitor.page
    url = reverse("quizzes:take", args=[enrolment.cohort.slug, quiz.activity.pk])

    visitor.visit(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz: why engage")
    visitor.follow(page.get_by_role("button", name="Start the quiz"))
    expect(page.get_by_role("heading", name="Attempt 1")).to_be_visible()
    expect(page.get_by_role("timer")).not_to_be_empty()

    answer_every_question(visitor, "Wrong")
    visitor.visit(url)  # a reload keeps what was answered
    expect(page.locator("#question-2").get_by_label("Wrong", exact=True)).to_be_checked()

    visitor.follow(page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_text("You did not pass this time.")).to_be_visible()
    expect(page.get_by_text("You have 2 attempts left.")).to_be_visible()

    visitor.follow(page.get_by_role("button", name="Try again"))
    expect(page.get_by_role("heading", name="Attempt 2")).to_be_visible()
    answer_every_question(visitor, "Right")
    visitor.follow(page.get_by_role("button", name="Submit my answers"))

    expect(page.get_by_text("You passed: this activity is done.")).to_be_visible()
    expect(page.locator("#activity-status")).to_contain_text("Done")
    expect(page.get_by_role("row", name="Attempt 2")).to_contain_text("Passed")
    assert ActivityProgress.objects.get(enrolment=enrolment, activity=quiz.activity).is_complete


def test_feedback_after_each_answer_is_accessible(visitor, client, live_server, quiz_learner):
    user, enrolment, quiz = quiz_learner
    quiz.feedback = "each"
    quiz.time_limit_minutes = None
    quiz.save()
    visitor.sign_in_as(user)
    page = visitor.page
    visitor.visit(reverse("quizzes:take", args=[enrolment.cohort.slug, quiz.activity.pk]))
    visitor.follow(page.get_by_role("button", name="Start the quiz"))

    question = page.locator("#question-1")
    question.get_by_label("Right", exact=True).check()
    question.get_by_role("button", name="Check this answer").click()

    expect(page.locator("#question-1")).to_contain_text("Correct.")
    expect(page.locator("#question-1").get_by_label("Right", exact=True)).to_be_disabled()
    visitor.check_accessibility()


def test_staff_pages_are_accessible(visitor, client, live_server, quiz_learner):
    from allauth.mfa.models import Authenticator

    from agora.quizzes import attempts
    from tests.factories import OrganiserFactory

    _user, enrolment, quiz = quiz_learner
    attempts.submit_attempt(attempts.start_attempt(quiz, enrolment), {0: 0})
    organiser = OrganiserFactory(organisation=enrolment.cohort.programme.organisation).user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    visitor.sign_in_as(organiser)
    page = visitor.page

    visitor.visit(reverse("quizzes:cohort_results", args=[enrolment.cohort.slug]))
    visitor.follow(page.get_by_role("link", name="Quiz: why engage"))
    expect(page.get_by_role("row", name="Lena Learner")).to_contain_text("33 %")
    page.get_by_label("Extra time for Lena Learner (%)").fill("50")
    visitor.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Extra time for Lena Learner: 50 %.")).to_be_visible()

    visitor.visit(reverse("quizzes:bank", args=[quiz.activity.unit.module_id]))
    page.get_by_label("Questions in GIFT format").fill("Essay? {}")
    visitor.follow(page.get_by_role("button", name="Add the questions"))
    expect(page.get_by_text("line 1: essay questions are not supported")).to_be_visible()


def test_answer_given_offline_is_saved_when_back_online(visitor, client, live_server, quiz_learner):
    user, enrolment, quiz = quiz_learner
    visitor.sign_in_as(user)
    page = visitor.page
    visitor.visit(reverse("quizzes:take", args=[enrolment.cohort.slug, quiz.activity.pk]))
    visitor.follow(page.get_by_role("button", name="Start the quiz"))

    page.context.set_offline(True)
    page.locator("#question-1").get_by_label("Right", exact=True).check()
    expect(page.locator(".quiz-offline")).to_contain_text("could not be saved")
    page.context.set_offline(False)

    expect(page.locator("#question-1-status")).to_have_text("Answer saved.")
    expect(page.locator(".quiz-offline")).to_have_text("")
    attempt = quiz.attempts.get()
    assert attempt.answers["0"] == 0
