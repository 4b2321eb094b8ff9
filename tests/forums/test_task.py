"""A "post your result" forum task: the learner posts in the week's thread and is done."""

from django.urls import reverse

from agora.forums.models import Thread
from agora.learning.models import ActivityProgress
from tests.factories import ActivityFactory


def task_url(cohort, activity):
    return reverse("forums:task", args=[cohort.slug, activity.pk])


def test_the_learning_activity_page_sends_a_forum_task_here(client, lena, cohort, task_activity):
    client.force_login(lena)
    response = client.get(reverse("learning:activity", args=[cohort.slug, task_activity.pk]))
    assert response["Location"] == task_url(cohort, task_activity)


def test_the_task_page_shows_the_task_and_a_reply_form(client, lena, cohort, task_activity):
    client.force_login(lena)
    response = client.get(task_url(cohort, task_activity))
    assert response.status_code == 200
    assert "Tell us what your interview showed." in response.text
    assert "Post my result" in response.text


def test_posting_a_result_completes_the_activity(client, lena, cohort, task_activity):
    client.force_login(lena)
    response = client.post(task_url(cohort, task_activity), {"body": "We heard 12 residents."})
    assert response.status_code == 302
    progress = ActivityProgress.objects.get(enrolment__user=lena, activity=task_activity)
    assert progress.completed_at is not None
    thread = Thread.objects.get(activity=task_activity)
    assert thread.space.unit == task_activity.unit
    assert thread.posts.get().body == "We heard 12 residents."


def test_the_cohort_shares_one_thread_per_task(client, lena, lars, cohort, task_activity):
    for person in (lena, lars):
        client.force_login(person)
        client.post(task_url(cohort, task_activity), {"body": f"Result of {person}"})
    thread = Thread.objects.get(activity=task_activity)
    assert thread.posts.count() == 2
    lena.enrolments.first()  # both saw each other's results:
    assert "Result of Lena Learner" in client.get(task_url(cohort, task_activity)).text


def test_each_cohort_has_its_own_task_thread(client, lena, cohort, task_activity):
    from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

    second = CohortFactory(programme=cohort.programme, slug="summer")
    other = UserFactory()
    EnrolmentFactory(cohort=second, user=other)
    for person, slug in ((lena, cohort.slug), (other, second.slug)):
        client.force_login(person)
        client.post(reverse("forums:task", args=[slug, task_activity.pk]), {"body": "Mine"})
    assert Thread.objects.filter(activity=task_activity).count() == 2


def test_an_empty_result_is_refused_and_nothing_completes(client, lena, cohort, task_activity):
    client.force_login(lena)
    response = client.post(task_url(cohort, task_activity), {"body": ""})
    assert response.status_code == 400
    assert not ActivityProgress.objects.filter(completed_at__isnull=False).exists()


def test_another_cohorts_learner_is_refused(client, oscar, cohort, task_activity):
    client.force_login(oscar)
    assert client.get(task_url(cohort, task_activity)).status_code == 404
    assert client.post(task_url(cohort, task_activity), {"body": "x"}).status_code == 404


def test_a_withdrawn_learner_is_refused(client, wanda, cohort, task_activity):
    client.force_login(wanda)
    assert client.get(task_url(cohort, task_activity)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, cohort, task_activity):
    assert client.get(task_url(cohort, task_activity)).status_code == 302


def test_an_activity_of_another_type_is_not_a_forum_task(client, lena, cohort, task_activity):
    reading = ActivityFactory(unit=task_activity.unit, kind="reading")
    client.force_login(lena)
    assert client.get(task_url(cohort, reading)).status_code == 404
