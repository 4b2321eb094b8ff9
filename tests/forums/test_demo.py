"""The demo forums (agora/forums/demo.py): bilingual threads and results in the P5 cohort and
community threads; a second load adds nothing."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo
from agora.forums import demo
from agora.forums.models import Forum, Post, Thread
from agora.learning.models import ActivityProgress


@pytest.fixture
def loaded(db, monkeypatch):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()


def test_the_p5_cohort_forum_has_threads_in_english_and_french(loaded):
    threads = Thread.objects.filter(space__forum__cohort__slug=demo.P5_SLUG)
    titles = set(threads.values_list("title", flat=True))
    assert "Recruiting a diverse panel on a small budget" in titles
    assert "Traduire les documents pour les participants" in titles


def test_results_posted_in_the_forum_task_complete_it(loaded):
    thread = Thread.objects.get(
        space__forum__cohort__slug=demo.P5_SLUG, activity__isnull=False
    )
    assert thread.posts.count() == 3
    assert ActivityProgress.objects.filter(
        activity=thread.activity, completed_at__isnull=False
    ).count() >= 3


def test_the_community_has_threads(loaded):
    community = Forum.objects.get(kind=Forum.Kind.COMMUNITY)
    assert Thread.objects.filter(space__forum=community).count() == 3


def test_loading_twice_adds_nothing(loaded):
    before = (Thread.objects.count(), Post.objects.count())
    demo.load()
    assert (Thread.objects.count(), Post.objects.count()) == before
