"""Two submissions of one attempt at the same moment (a double click reaching two workers)."""

import threading

import pytest
from django.db import connection

from agora.delivery.models import Enrolment
from agora.learning.models import ActivityProgress
from agora.quizzes import attempts
from agora.quizzes.models import Attempt
from tests.factories import CohortFactory, EnrolmentFactory, UnitFactory
from tests.factories_quizzes import QuestionFactory, QuizActivityFactory, QuizFactory


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks across connections: runs in CI's PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_count_once():
    cohort = CohortFactory()
    unit = UnitFactory(module__level__programme=cohort.programme)
    for _ in range(3):
        QuestionFactory(module=unit.module)
    quiz = QuizFactory(activity=QuizActivityFactory(unit=unit), question_count=3)
    enrolment = EnrolmentFactory(cohort=cohort)
    attempt = attempts.start_attempt(quiz, enrolment)
    start = threading.Barrier(2)
    errors, results = [], []

    def submit():
        try:
            start.wait(timeout=10)
            results.append(attempts.submit_attempt(
                Attempt.objects.get(pk=attempt.pk), {0: 0, 1: 0, 2: 0}
            ))
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len({result.submitted_at for result in results}) == 1
    assert Enrolment.objects.get(pk=enrolment.pk).activities_done == 1
    assert ActivityProgress.objects.filter(completed_at__isnull=False).count() == 1
