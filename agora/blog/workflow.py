"""The editorial workflow of a blog post, one action per step (each in one transaction).

Which step may follow which is in ``STEPS``; an editor's step carries an optional message that
is kept as a ``Comment``, so author and editors read the whole conversation on the post.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from agora.blog.models import Comment, Post, Tag, is_editor

S = Post.Status
# Editor's decision → (statuses it may be taken from, status it leads to).
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "request_changes": ((S.SUBMITTED, S.ACCEPTED), S.CHANGES_REQUESTED),
    "accept": ((S.SUBMITTED, S.CHANGES_REQUESTED), S.ACCEPTED),
    "publish": ((S.SUBMITTED, S.ACCEPTED), S.PUBLISHED),
    "reject": ((S.SUBMITTED, S.CHANGES_REQUESTED, S.ACCEPTED), S.REJECTED),
    "unpublish": ((S.PUBLISHED,), S.ACCEPTED),
}


class WorkflowError(Exception):
    """A step that the post's status or the person's role does not allow."""


def possible_steps(post: Post) -> list[str]:
    return [name for name, (sources, _target) in STEPS.items() if post.status in sources]


def parse_tags(text: str) -> list[str]:
    """Comma-separated tag names, trimmed, without duplicates (by slug), at most ten."""
    names: dict[str, str] = {}
    for raw in text.split(","):
        name = " ".join(raw.split())[:60]
        slug = slugify(name, allow_unicode=True)
        if slug and slug not in names:
            names[slug] = name
    return list(names.items())[:10]


def set_tags(post: Post, tags_text: str) -> None:
    tags = []
    for slug, name in parse_tags(tags_text):
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    post.tags.set(tags)


def _unique_slug(title: str) -> str:
    base = slugify(title, allow_unicode=True)[:100] or "post"
    slug = base
    while Post.objects.filter(slug=slug).exists():
        slug = f"{base}-{uuid.uuid4().hex[:6]}"
    return slug


@transaction.atomic
def propose_post(
    author, *, title: str, summary: str, body: str, language: str, tags: str = ""
) -> Post:
    post = Post.objects.create(
        author=author,
        title=title,
        slug=_unique_slug(title),
        summary=summary,
        body=body,
        language=language,
        status=S.SUBMITTED,
    )
    set_tags(post, tags)
    return post


@transaction.atomic
def revise_post(
    post: Post, author, *, title: str, summary: str, body: str, language: str, tags: str = ""
) -> Post:
    """The author's new version; a post waiting for changes goes back to the editors."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.author_id != author.pk or not post.author_can_edit:
        raise WorkflowError("Only the author may revise a post, and only before it is accepted.")
    post.title, post.summary, post.body, post.language = title, summary, body, language
    resubmitted = post.status == S.CHANGES_REQUESTED
    post.status = S.SUBMITTED
    post.save()
    set_tags(post, tags)
    if resubmitted:
        Comment.objects.create(post=post, author=author, new_status=S.SUBMITTED)
    return post


@transaction.atomic
def decide(post: Post, editor, step: str, message: str = "") -> Post:
    """An editor's step (``STEPS``), with an optional message for the author."""
    if not is_editor(editor):
        raise WorkflowError("Only editors decide on posts.")
    post = Post.objects.select_for_update().get(pk=post.pk)
    if step not in STEPS or post.status not in STEPS[step][0]:
        raise WorkflowError(f"{step} is not possible from {post.status}.")
    post.status = STEPS[step][1]
    if post.status == S.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    post.save()
    Comment.objects.create(post=post, author=editor, body=message.strip(), new_status=post.status)
    return post


@transaction.atomic
def comment_on(post: Post, person, body: str) -> Comment:
    if post.author_id != person.pk and not is_editor(person):
        raise WorkflowError("Only the author and the editors discuss a post.")
    return Comment.objects.create(post=post, author=person, body=body.strip())
