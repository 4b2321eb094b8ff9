"""Forum pages use a bounded number of SQL queries, however many threads and posts."""

import pytest
from django.urls import reverse

from agora.forums import posting
from agora.forums.models import Reaction
from tests.factories import EnrolmentFactory, UserFactory

# Session, user, access rules, the page and its count, reactions, follow, the layout.
MAX_QUERIES = 25


def fill_space(space, cohort, threads: int, replies: int) -> None:
    people = [UserFactory() for _ in range(3)]
    for person in people:
        EnrolmentFactory(cohort=cohort, user=person)
    for number in range(threads):
        thread = posting.start_thread(space, people[number % 3], title=f"T{number}", body="b")
        for reply in range(replies):
            post = posting.reply(thread, people[reply % 3], body=f"r{reply}")
            Reaction.objects.create(post=post, user=people[(reply + 1) % 3], kind="like")


@pytest.mark.parametrize("threads", [2, 30])
def test_listing_a_space_is_bounded(client, lena, cohort, space, threads,
                                    django_assert_max_num_queries):
    fill_space(space, cohort, threads, replies=1)
    client.force_login(lena)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("forums:space", args=[space.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("replies", [2, 30])
def test_reading_a_thread_is_bounded(client, lena, cohort, space, replies,
                                     django_assert_max_num_queries):
    fill_space(space, cohort, threads=1, replies=replies)
    thread = space.threads.get()
    client.force_login(lena)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("forums:thread", args=[thread.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("replies", [2, 30])
def test_a_forum_task_page_is_bounded(client, lena, cohort, task_activity, replies,
                                      django_assert_max_num_queries):
    thread = posting.task_thread(cohort, task_activity)
    for number in range(replies):
        posting.reply(thread, lena, body=f"result {number}")
    client.force_login(lena)
    with django_assert_max_num_queries(MAX_QUERIES + 10):  # plus the activity frame
        response = client.get(reverse("forums:task", args=[cohort.slug, task_activity.pk]))
    assert response.status_code == 200


def test_the_query_count_does_not_grow_with_the_posts(client, lena, cohort, space,
                                                      django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fill_space(space, cohort, threads=1, replies=3)
    thread = space.threads.get()
    client.force_login(lena)
    url = reverse("forums:thread", args=[thread.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        posting.reply(thread, lena, body=f"more {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
