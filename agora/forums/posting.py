"""Writing in forums: forums and spaces on demand, threads, replies, results of forum tasks,
edits, reactions, follows, reports. Each action is one transaction; notifications are created
in it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from agora.catalogue.models import Activity, Unit, pick_text
from agora.delivery.models import Cohort, Enrolment
from agora.forums import access, search
from agora.forums.content import mentioned_names
from agora.forums.models import (
    COMMUNITY_SPACES,
    GENERAL_SPACE,
    Attachment,
    Follow,
    Forum,
    Post,
    PostRevision,
    Reaction,
    Report,
    Space,
    Thread,
)
from agora.learning import progress
from agora.notifications.sending import notify
from agora.portal.markdown import render_markdown

# Posting limits per person, as (window in seconds, posts allowed in it).
RATE_LIMITS: list[tuple[int, int]] = [(60, 5), (3600, 40)]

REPLIED = gettext_noop("%(actor)s replied in “%(thread)s”")
MENTIONED = gettext_noop("%(actor)s mentioned you in “%(thread)s”")


@dataclass(frozen=True)
class Upload:
    """A file checked by the form: its content type was read from its bytes."""

    file: UploadedFile
    content_type: str


class PostingTooFast(Exception):
    """The person posted more than ``RATE_LIMITS`` allow; nothing was written."""


# --- Forums and spaces ---------------------------------------------------------------------------


def cohort_units(cohort: Cohort) -> list[Unit]:
    """The units the cohort runs, in curriculum order: one forum space each."""
    units = Unit.objects.filter(module__level__programme_id=cohort.programme_id)
    if cohort.level_id:
        units = units.filter(module__level_id=cohort.level_id)
    modules = list(cohort.modules.values_list("pk", flat=True))
    if modules:
        units = units.filter(module_id__in=modules)
    return list(units.order_by("module__level__order", "module__order", "order", "pk"))


@transaction.atomic
def cohort_forum(cohort: Cohort) -> Forum:
    """The cohort's forum with a space per unit and a general one, made on first use."""
    forum, _created = Forum.objects.get_or_create(cohort=cohort, kind=Forum.Kind.COHORT)
    existing = set(forum.spaces.values_list("slug", flat=True))
    wanted = [Space(forum=forum, slug=GENERAL_SPACE, order=0)] + [
        Space(forum=forum, slug=f"unit-{unit.pk}", unit=unit, order=number)
        for number, unit in enumerate(cohort_units(cohort), start=1)
    ]
    missing = [space for space in wanted if space.slug not in existing]
    if missing:
        Space.objects.bulk_create(missing, ignore_conflicts=True)
    return forum


@transaction.atomic
def community_forum() -> Forum:
    """The one community-of-practice forum, with its topic spaces, made on first use."""
    forum, _created = Forum.objects.get_or_create(kind=Forum.Kind.COMMUNITY, cohort=None)
    existing = set(forum.spaces.values_list("slug", flat=True))
    missing = [
        Space(forum=forum, slug=slug, order=number)
        for number, slug in enumerate(COMMUNITY_SPACES)
        if slug not in existing
    ]
    if missing:
        Space.objects.bulk_create(missing, ignore_conflicts=True)
    return forum


def unit_space(cohort: Cohort, unit: Unit) -> Space:
    forum = cohort_forum(cohort)
    return forum.spaces.get(slug=f"unit-{unit.pk}")


# --- Limits --------------------------------------------------------------------------------------


def take_posting_allowance(user) -> None:
    """Count one post against ``user``'s limits, or raise ``PostingTooFast``.

    Fixed windows in the cache (shared by every process when Redis is configured).
    """
    now = int(time.time())
    for window, allowed in RATE_LIMITS:
        key = f"forums:posts:{user.pk}:{window}:{now // window}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        if count > allowed:
            raise PostingTooFast


# --- Threads and posts ---------------------------------------------------------------------------


def _existing(key: uuid.UUID | None) -> Post | None:
    if key is None:
        return None
    return Post.objects.select_related("thread").filter(key=key).first()


def _write_post(
    thread: Thread,
    author,
    body: str,
    uploads: Sequence[Upload],
    *,
    key: uuid.UUID | None,
    quote_of: Post | None = None,
    title_for_index: str = "",
) -> Post:
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=author, body=body, body_html=render_markdown(body),
        quote_of=quote_of, key=key, created_at=now,
    )  # fmt: skip
    for upload in uploads:
        Attachment.objects.create(
            post=post, file=upload.file, name=upload.file.name[:200],
            content_type=upload.content_type, size=upload.file.size,
        )  # fmt: skip
    Thread.objects.filter(pk=thread.pk).update(
        post_count=F("post_count") + 1, last_posted_at=now
    )
    Follow.objects.get_or_create(thread=thread, user=author)
    search.index_posts([(post.pk, thread.space.forum_id, title_for_index, body)])
    return post


@transaction.atomic
def start_thread(
    space: Space, author, *, title: str, body: str, uploads: Sequence[Upload] = (),
    key: uuid.UUID | None = None, check_rate: bool = True,
) -> Thread:
    """A new thread in ``space`` with its first post; the author follows it."""
    if (found := _existing(key)) is not None:
        return found.thread
    if check_rate:
        take_posting_allowance(author)
    thread = Thread.objects.create(space=space, title=title, author=author)
    try:
        with transaction.atomic():
            post = _write_post(thread, author, body, uploads, key=key, title_for_index=title)
    except IntegrityError:  # the same form, submitted twice at once
        thread.delete()
        return Post.objects.get(key=key).thread
    _notify_mentions(post, thread, author)
    return thread


@transaction.atomic
def reply(
    thread: Thread, author, *, body: str, uploads: Sequence[Upload] = (),
    quote_of: Post | None = None, key: uuid.UUID | None = None, check_rate: bool = True,
) -> Post:
    """A reply in ``thread``; followers and mentioned readers are notified.

    ``check_rate=False`` is for loaders (the demo), never for what people send."""
    if (found := _existing(key)) is not None:
        return found
    if check_rate:
        take_posting_allowance(author)
    try:
        with transaction.atomic():
            post = _write_post(thread, author, body, uploads, key=key, quote_of=quote_of)
    except IntegrityError:
        return Post.objects.get(key=key)
    mentioned = _notify_mentions(post, thread, author)
    _notify_followers(post, thread, author, skip=mentioned)
    return post


@transaction.atomic
def edit_post(post: Post, editor, body: str) -> Post:
    """``editor`` (its author or a moderator: ``Post.editable_by``) replaces the post's text.

    The text it had is kept as a ``PostRevision``; the new one is rendered and sanitised as at
    posting and replaces the post's search row. The same text sent again (a double submit)
    changes nothing and keeps no revision. A forum task's result stays done: the activity asks
    for a post, and the post is still there. Mentions added by an edit notify nobody: fixing a
    typo must not send notices again, and a notice for a post already read would be noise.
    """
    current = Post.objects.select_for_update().select_related("thread__space").get(pk=post.pk)
    if current.body == body:
        return current
    now = timezone.now()
    PostRevision.objects.create(post=current, body=current.body, edited_by=editor, edited_at=now)
    current.body = body
    current.body_html = render_markdown(body)
    current.edited_at = now
    current.save(update_fields=["body", "body_html", "edited_at"])
    title = current.thread.title if current.opens_thread() else ""
    search.index_posts([(current.pk, current.thread.space.forum_id, title, body)])
    post.body, post.body_html, post.edited_at = current.body, current.body_html, now
    return current


@transaction.atomic
def post_result(
    enrolment: Enrolment, activity: Activity, *, body: str, uploads: Sequence[Upload] = (),
    key: uuid.UUID | None = None, check_rate: bool = True,
) -> Post:
    """A learner posts their result for a "post your result" task: the post goes in the
    task's thread (one per activity and cohort, in the unit's space) and the activity is done."""
    thread = task_thread(enrolment.cohort, activity)
    post = reply(
        thread, enrolment.user, body=body, uploads=uploads, key=key, check_rate=check_rate
    )
    progress.complete_activity(enrolment, activity)
    return post


@transaction.atomic
def task_thread(cohort: Cohort, activity: Activity) -> Thread:
    """The thread where a forum task's results are posted, made on first use."""
    found = Thread.objects.filter(space__forum__cohort=cohort, activity=activity).first()
    if found is not None:
        return found
    space = unit_space(cohort, activity.unit)
    title = pick_text(activity.title, activity.source_language, activity.source_language)
    title = title or activity.slug
    try:
        with transaction.atomic():
            thread, _created = Thread.objects.get_or_create(
                space=space, activity=activity, defaults={"title": title[:200]}
            )
    except IntegrityError:  # made by someone else at the same moment
        thread = Thread.objects.get(space=space, activity=activity)
    return thread


def post_url(post: Post) -> str:
    return reverse("forums:post", args=[post.pk])


def _actor(user) -> str:
    return user.full_name or str(user)


def _notify_mentions(post: Post, thread: Thread, author) -> set[int]:
    names = mentioned_names(post.body)
    if not names:
        return set()
    rule = Q()
    for name in names:
        rule |= Q(full_name__iexact=name)
    people = list(access.readers(thread.space).filter(rule).exclude(pk=author.pk))
    notify(
        people, verb="forums.mention", message=MENTIONED,
        params={"actor": _actor(author), "thread": thread.title},
        url=post_url(post), subject=post.subject,
    )  # fmt: skip
    return {person.pk for person in people}


def _notify_followers(post: Post, thread: Thread, author, *, skip: set[int]) -> None:
    followers = (
        access.readers(thread.space)
        .filter(pk__in=Follow.objects.filter(thread=thread).values("user_id"))
        .exclude(pk__in=[author.pk, *skip])
    )
    notify(
        followers, verb="forums.reply", message=REPLIED,
        params={"actor": _actor(author), "thread": thread.title},
        url=post_url(post), subject=post.subject,
    )  # fmt: skip


# --- Reactions, follows, reports -----------------------------------------------------------------


@transaction.atomic
def toggle_reaction(post: Post, user, kind: str) -> bool:
    """Add ``user``'s reaction of ``kind`` to ``post``, or take it back; True if it is on."""
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:  # a double click: the first one counted
        pass
    return True


def set_following(thread: Thread, user, following: bool) -> bool:
    if following:
        Follow.objects.get_or_create(thread=thread, user=user)
    else:
        Follow.objects.filter(thread=thread, user=user).delete()
    return following


@transaction.atomic
def report_post(post: Post, reporter, reason: str) -> Report:
    """A member reports a post to the moderators; reporting again updates the reason."""
    report, created = Report.objects.get_or_create(
        post=post, reporter=reporter, defaults={"reason": reason}
    )
    if not created:
        report.reason = reason
        report.resolved_at = None
        report.resolved_by = None
        report.save(update_fields=["reason", "resolved_at", "resolved_by"])
    return report
