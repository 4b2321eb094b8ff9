"""What moderators do: hide and show posts, lock, pin and move threads, deal with reports.
(Moderators also edit posts: ``posting.edit_post``, the one way any post's text changes.)

Hiding a post hides the notifications about it (``Notification.subject``), so it is gone from
the notifications page and from e-mails not yet sent; searches skip hidden posts by a join.
Hiding a thread's first post hides the thread.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from agora.forums.models import Post, Report, Space, Thread
from agora.notifications.models import Notification


@transaction.atomic
def hide_post(post: Post, moderator, reason: str = "") -> Post:
    """Hide ``post`` from members, saying why (shown to its author and the moderators).

    A forum task's result stays done when its post is hidden: the learner did post it, and
    taking the activity back would make hiding a penalty on their progress, which is a matter
    for their facilitator, not for the forum. Hiding it again (a double submit) changes nothing.
    """
    now = timezone.now()
    # Only a shown post changes: the update itself decides, so two submits at once hide once.
    changed = Post.objects.filter(pk=post.pk, hidden=False).update(
        hidden=True, hidden_by=moderator, hidden_at=now, hidden_reason=reason
    )
    if not changed:
        post.refresh_from_db(fields=["hidden", "hidden_by", "hidden_at", "hidden_reason"])
        return post
    post.hidden, post.hidden_by, post.hidden_at = True, moderator, now
    post.hidden_reason = reason
    if post.opens_thread():
        Thread.objects.filter(pk=post.thread_id).update(hidden=True)
    Notification.objects.hide_about(post.subject)
    post.reports.open().update(resolved_at=now, resolved_by=moderator)
    return post


@transaction.atomic
def show_post(post: Post, moderator) -> Post:
    Post.objects.filter(pk=post.pk).update(
        hidden=False, hidden_by=None, hidden_at=None, hidden_reason=""
    )
    post.hidden, post.hidden_by, post.hidden_at = False, None, None
    post.hidden_reason = ""
    if post.opens_thread():
        Thread.objects.filter(pk=post.thread_id).update(hidden=False)
    Notification.objects.show_about(post.subject)
    return post


def set_locked(thread: Thread, locked: bool) -> Thread:
    Thread.objects.filter(pk=thread.pk).update(locked=locked)
    thread.locked = locked
    return thread


def set_pinned(thread: Thread, pinned: bool) -> Thread:
    Thread.objects.filter(pk=thread.pk).update(pinned=pinned)
    thread.pinned = pinned
    return thread


@transaction.atomic
def move_thread(thread: Thread, space: Space) -> Thread:
    """Move a thread to another space of the same forum (moving across forums would show it
    to other people)."""
    if space.forum_id != thread.space.forum_id:
        raise ValueError("a thread moves only within its forum")
    Thread.objects.filter(pk=thread.pk).update(space=space)
    thread.space = space
    return thread


def dismiss_report(report: Report, moderator) -> Report:
    """The post is fine: the report leaves the queue."""
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


def queue(forums: QuerySet) -> QuerySet[Report]:
    """Open reports on posts of ``forums``, oldest first."""
    return (
        Report.objects.open()
        .filter(post__thread__space__forum__in=forums)
        .select_related("post__thread__space__unit", "post__author", "reporter")
        .order_by("created_at", "pk")
    )
