"""Who may read and moderate which forum: the wrong person is refused everywhere."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.forums import posting
from agora.forums.models import Forum
from tests.factories import EnrolmentFactory, UserFactory


def urls_of(thread):
    post = thread.posts.first()
    forum = thread.space.forum
    return [
        reverse("forums:cohort", args=[forum.cohort.slug]),
        reverse("forums:space", args=[thread.space.pk]),
        reverse("forums:thread", args=[thread.pk]),
        reverse("forums:post", args=[post.pk]),
        reverse("forums:report", args=[post.pk]),
        reverse("forums:search", args=[forum.pk]) + "?q=interviews",
    ]


def test_a_learner_reads_every_page_of_their_cohort_forum(client, lena, thread):
    client.force_login(lena)
    for url in urls_of(thread):
        assert client.get(url, follow=True).status_code == 200, url


def test_an_anonymous_visitor_is_sent_to_log_in(client, thread):
    for url in urls_of(thread):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["oscar", "wanda", "frank"])
def test_others_are_refused_the_cohort_forum(client, thread, who, request):
    """Another cohort's learner, a withdrawn learner, another cohort's facilitator."""
    client.force_login(request.getfixturevalue(who))
    for url in urls_of(thread):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["oscar", "wanda", "frank"])
def test_others_may_not_post_or_react(client, thread, who, request):
    client.force_login(request.getfixturevalue(who))
    post = thread.posts.first()
    replying = client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Hello"})
    starting = client.post(
        reverse("forums:new_thread", args=[thread.space.pk]), {"title": "T", "body": "B"}
    )
    reacting = client.post(reverse("forums:react", args=[post.pk]), {"kind": "like"})
    assert (replying.status_code, starting.status_code, reacting.status_code) == (404, 404, 404)
    assert thread.posts.count() == 1


@pytest.mark.parametrize("who", ["lena", "mentor", "frank"])
def test_only_moderators_may_hide_lock_or_move(client, thread, who, request):
    client.force_login(request.getfixturevalue(who))
    post = thread.posts.first()
    hiding = client.post(reverse("forums:hide", args=[post.pk]), {"reason": "Spam"})
    assert hiding.status_code == 404
    assert client.post(
        reverse("forums:moderate_thread", args=[thread.pk]), {"action": "lock"}
    ).status_code == 404
    assert client.get(reverse("forums:move", args=[thread.pk])).status_code == 404
    post.refresh_from_db()
    assert not post.hidden


@pytest.mark.parametrize("who", ["fiona", "olga", "admin"])
def test_facilitators_organisers_and_admins_moderate(client, thread, who, request):
    if who == "admin":
        user = UserFactory(is_superuser=True)
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    post = thread.posts.first()
    response = client.post(reverse("forums:hide", args=[post.pk]), {"reason": "Rude"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden


def test_a_mentor_of_the_cohort_reads_its_forum(client, mentor, thread):
    client.force_login(mentor)
    assert client.get(reverse("forums:thread", args=[thread.pk])).status_code == 200


def test_the_community_is_open_to_anyone_who_had_an_enrolment(client, wanda, lena):
    wanda.enrolments.update(confirmed_at="2026-01-01T00:00:00Z")
    for user in (lena, wanda):
        client.force_login(user)
        assert client.get(reverse("forums:community")).status_code == 200


def test_the_community_is_closed_to_people_never_enrolled(client, db):
    stranger = UserFactory()
    EnrolmentFactory(user=stranger, status="waitlisted")
    client.force_login(stranger)
    response = client.get(reverse("forums:community"))
    assert response.status_code == 403
    assert "open to people who have followed a cohort" in response.text
    forum = posting.community_forum()
    space = forum.spaces.first()
    assert client.get(reverse("forums:space", args=[space.pk])).status_code == 404


def test_a_community_thread_is_refused_to_an_outsider(client, lena, db):
    forum = posting.community_forum()
    thread = posting.start_thread(forum.spaces.first(), lena, title="Hello", body="Hi all")
    client.force_login(UserFactory())
    assert client.get(reverse("forums:thread", args=[thread.pk])).status_code == 404


def test_the_forum_index_lists_only_my_cohorts(client, lena, oscar, cohort, other_cohort):
    client.force_login(lena)
    response = client.get(reverse("forums:index"))
    assert reverse("forums:cohort", args=[cohort.slug]) in response.text
    assert reverse("forums:cohort", args=[other_cohort.slug]) not in response.text


def test_a_cohort_forum_has_a_space_per_unit_made_on_demand(client, lena, cohort):
    client.force_login(lena)
    client.get(reverse("forums:cohort", args=[cohort.slug]))
    client.get(reverse("forums:cohort", args=[cohort.slug]))
    forum = Forum.objects.get(cohort=cohort)
    assert sorted(forum.spaces.values_list("slug", flat=True))[0] == "general"
    assert forum.spaces.exclude(unit=None).count() == 1
