"""Demo blog: published posts in English and French by demo accounts, and one proposal waiting
for the editors. Safe to run again: posts are matched by their address (slug).

Runs after the accounts loader (it needs the demo accounts).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agora.accounts.models import User
from agora.blog.models import Comment, Post
from agora.blog.workflow import set_tags

POSTS = [
    # (slug, author e-mail, language, days ago or None for a waiting proposal, title, summary,
    #  body, tags)
    (
        "what-our-citizen-jury-taught-us",
        "organiser@agora.example",
        "en",
        12,
        "What our citizen jury taught us",
        "Twelve residents, three weekends and one budget: notes from a first citizen jury.",
        "We asked **twelve residents** to decide how to spend part of the park budget.\n\n"
        "- Give people time: three weekends, not three evenings.\n"
        "- Publish every document the jury reads.\n\n"
        "The full report is on [the city's site](https://example.org/jury-report).",
        "citizen juries, budgets",
    ),
    (
        "ecouter-avant-de-decider",
        "facilitator@agora.example",
        "fr",
        5,
        "Écouter avant de décider",
        "Trois leçons d'une concertation de quartier menée avec les habitants.",
        "Nous avons commencé par **écouter**, sans proposition sur la table.\n\n"
        "1. Aller là où sont les gens.\n2. Rendre compte de ce qui a été entendu.\n"
        "3. Dire ce qui a changé grâce à eux.",
        "participation, quartiers",
    ),
    (
        "running-online-sessions-in-two-languages",
        "facilitator@agora.example",
        "en",
        2,
        "Running online sessions in two languages",
        "Parallel rooms, one shared board: how we ran a bilingual cohort's live sessions.",
        "Two facilitators, two rooms, one shared board. Learners chose their language at "
        "registration and the schedule did the rest.",
        "participation, online",
    ),
    (
        "a-participatory-budget-in-a-small-town",
        "learner@agora.example",
        "en",
        None,
        "A participatory budget in a small town",
        "How a town of 8,000 people ran its first participatory budget.",
        "Our town set aside 2% of the investment budget. Here is what happened next.",
        "budgets",
    ),
]


@transaction.atomic
def load() -> None:
    now = timezone.now()
    editor = User.objects.filter(email="organiser@agora.example").first()
    for slug, email, language, days_ago, title, summary, body, tags in POSTS:
        author = User.objects.filter(email=email).first()
        if author is None:
            continue
        published = days_ago is not None
        post, created = Post.objects.get_or_create(
            slug=slug,
            defaults={
                "author": author,
                "language": language,
                "title": title,
                "summary": summary,
                "body": body,
                "status": Post.Status.PUBLISHED if published else Post.Status.SUBMITTED,
                "published_at": now - timedelta(days=days_ago) if published else None,
            },
        )
        if created:
            set_tags(post, tags)
            if published and editor is not None:
                Comment.objects.create(
                    post=post, author=editor, body="Thank you!", new_status=Post.Status.PUBLISHED
                )
