"""Searching within one forum: words as prefixes; hidden posts and other forums never found."""

from django.urls import reverse

from agora.forums import moderation, posting, search
from agora.forums.models import Post


def found(forum, query):
    posts = Post.objects.filter(thread__space__forum=forum, hidden=False, thread__hidden=False)
    ids = search.search_posts(posts, forum.pk, query)
    bodies = Post.objects.in_bulk(ids)
    return [bodies[pk].body for pk in ids]


def test_search_finds_posts_by_the_start_of_their_words(lena, forum, thread):
    posting.reply(thread, lena, body="Participatory budgeting in Gdańsk")
    assert found(forum, "particip gdańsk") == ["Participatory budgeting in Gdańsk"]


def test_search_finds_a_thread_by_its_title(lena, forum, thread):
    assert found(forum, "interviews") == ["We met *five* residents."]


def test_search_needs_every_word(lena, forum, thread):
    posting.reply(thread, lena, body="citizen panel")
    assert found(forum, "citizen jury") == []


def test_search_never_finds_a_hidden_post(lena, fiona, forum, thread):
    post = posting.reply(thread, lena, body="Sortition details")
    moderation.hide_post(post, fiona)
    assert found(forum, "sortition") == []


def test_search_stays_within_the_forum(lena, oscar, forum, other_cohort):
    elsewhere = posting.cohort_forum(other_cohort).spaces.first()
    posting.start_thread(elsewhere, oscar, title="Deliberation", body="Mini-publics")
    assert found(forum, "publics") == []


def test_the_search_page_lists_matching_posts(client, lena, forum, thread):
    client.force_login(lena)
    response = client.get(reverse("forums:search", args=[forum.pk]), {"q": "resid"})
    assert "Our first interviews" in response.text


def test_an_erased_post_leaves_the_index(lena, forum, thread):
    post = thread.posts.get()
    post.anonymise()
    assert found(forum, "residents") == []


def test_search_ranks_title_matches_first(lena, forum, space):
    posting.start_thread(space, lena, title="Other", body="a note on budgets")
    posting.start_thread(space, lena, title="Budgets", body="see inside")
    assert found(forum, "budgets") == ["see inside", "a note on budgets"]


def test_search_lists_at_most_the_best_matches(lena, forum, thread, monkeypatch):
    monkeypatch.setattr(search, "MAX_MATCHES", 2)
    for number in range(4):
        posting.reply(thread, lena, body=f"panel {number}")
    assert len(found(forum, "panel")) == 2
