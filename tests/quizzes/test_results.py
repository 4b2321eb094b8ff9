"""Results for facilitators and organisers, and extra time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora.delivery.models import CohortStaff
from agora.quizzes import attempts
from agora.quizzes.models import ExtraTime
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory


def results_url(cohort, quiz):
    return reverse("quizzes:results", args=[cohort.slug, quiz.activity.pk])


def extra_url(cohort, quiz, enrolment):
    return reverse("quizzes:extra_time", args=[cohort.slug, quiz.activity.pk, enrolment.pk])


def test_facilitator_sees_each_learners_best_score(client, quiz, cohort, enrolment, facilitator):
    attempt = attempts.start_attempt(quiz, enrolment)
    attempts.submit_attempt(attempt, {position: 0 for position in range(5)})
    client.force_login(facilitator)
    response = client.get(results_url(cohort, quiz))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["figures"]["best"] == 100 and row["figures"]["attempts"] == 1
    assert "Lena Learner" in response.text


def test_organiser_sees_the_cohorts_quizzes(client, quiz, cohort, organiser):
    client.force_login(organiser)
    response = client.get(reverse("quizzes:cohort_results", args=[cohort.slug]))
    assert response.status_code == 200 and "Quiz: why engage" in response.text


def test_facilitator_of_another_cohort_is_refused(client, quiz, cohort):
    stranger = UserFactory()
    other = CohortFactory(programme=cohort.programme)
    CohortStaff.objects.create(cohort=other, user=stranger, role=CohortStaff.Role.FACILITATOR)
    client.force_login(stranger)
    assert client.get(results_url(cohort, quiz)).status_code == 404
    assert client.get(reverse("quizzes:cohort_results", args=[cohort.slug])).status_code == 404


def test_mentor_is_refused(client, quiz, cohort):
    mentor = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=mentor, role=CohortStaff.Role.MENTOR)
    client.force_login(mentor)
    assert client.get(results_url(cohort, quiz)).status_code == 404


def test_learner_is_refused(client, quiz, cohort, enrolment, learner):
    client.force_login(learner)
    assert client.get(results_url(cohort, quiz)).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, quiz, cohort):
    assert client.get(results_url(cohort, quiz)).status_code == 302


def test_quiz_of_another_programme_is_404(client, quiz, cohort, facilitator):
    from tests.factories_quizzes import QuizFactory

    other = QuizFactory()
    client.force_login(facilitator)
    assert client.get(results_url(cohort, other)).status_code == 404


def count_queries(client, url) -> int:
    """Queries of one request, after a first one (which records the login's session)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_learners_with_attempts(quiz, cohort, count):
    for _ in range(count):
        enrolment = EnrolmentFactory(cohort=cohort)
        attempts.submit_attempt(attempts.start_attempt(quiz, enrolment), {0: 0})
        attempts.start_attempt(quiz, enrolment)
        attempts.grant_extra_time(enrolment, 25, by=None)


def test_results_page_queries_do_not_grow_with_learners(client, quiz, cohort, facilitator):
    client.force_login(facilitator)
    url = results_url(cohort, quiz)
    add_learners_with_attempts(quiz, cohort, 1)
    few = count_queries(client, url)
    add_learners_with_attempts(quiz, cohort, 11)
    assert count_queries(client, url) == few


def test_cohort_quizzes_page_queries_do_not_grow(client, quiz, cohort, facilitator):
    from tests.factories_quizzes import QuizActivityFactory

    client.force_login(facilitator)
    url = reverse("quizzes:cohort_results", args=[cohort.slug])
    add_learners_with_attempts(quiz, cohort, 1)
    few = count_queries(client, url)
    QuizActivityFactory(unit=quiz.activity.unit)
    add_learners_with_attempts(quiz, cohort, 5)
    assert count_queries(client, url) == few


def test_facilitator_grants_extra_time(client, quiz, cohort, enrolment, facilitator):
    client.force_login(facilitator)
    response = client.post(extra_url(cohort, quiz, enrolment), {"percent": "50"}, follow=True)
    assert ExtraTime.objects.get(enrolment=enrolment).percent == 50
    assert "Extra time for Lena Learner: 50 %." in response.text


def test_extra_time_out_of_range_is_refused_with_a_message(
    client, quiz, cohort, enrolment, facilitator
):
    client.force_login(facilitator)
    response = client.post(extra_url(cohort, quiz, enrolment), {"percent": "900"}, follow=True)
    assert not ExtraTime.objects.exists()
    assert "was not changed" in response.text


def test_facilitator_of_another_cohort_cannot_grant_extra_time(client, quiz, cohort, enrolment):
    stranger = UserFactory()
    other = CohortFactory(programme=cohort.programme)
    CohortStaff.objects.create(cohort=other, user=stranger, role=CohortStaff.Role.FACILITATOR)
    client.force_login(stranger)
    assert client.post(extra_url(cohort, quiz, enrolment), {"percent": "50"}).status_code == 404
    assert not ExtraTime.objects.exists()


def test_extra_time_for_a_learner_of_another_cohort_is_404(client, quiz, cohort, facilitator):
    outsider = EnrolmentFactory(cohort=CohortFactory(programme=cohort.programme))
    client.force_login(facilitator)
    assert client.post(extra_url(cohort, quiz, outsider), {"percent": "50"}).status_code == 404
