"""Writing in a group's space: posts, shared notes, the group's result for an activity.

Each action is one transaction. Posting is rate-limited per person (limits.py).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from agora.catalogue.models import Activity
from agora.delivery.models import Enrolment
from agora.groups.limits import take_allowance
from agora.groups.models import Group, GroupPost, GroupResult
from agora.learning import progress, scope
from agora.notifications.sending import notify
from agora.portal.markdown import render_markdown

POSTED = gettext_noop("%(actor)s posted in %(group)s")
RESULT_POSTED = gettext_noop("%(actor)s posted the result of %(group)s")


class NotesOutdated(Exception):
    """The notes changed since the editor opened them; nothing was saved."""

    def __init__(self, group: Group):
        super().__init__("outdated notes")
        self.group = group


def _members_except(group: Group, user):
    return [
        membership.enrolment.user
        for membership in group.memberships.filter(current=True)
        .select_related("enrolment__user").exclude(enrolment__user=user)
    ]  # fmt: skip


def _touch(group: Group, now) -> None:
    Group.objects.filter(pk=group.pk).update(last_activity_at=now)


@transaction.atomic
def post_message(group: Group, author, body: str, key: uuid.UUID | None = None) -> GroupPost:
    """Add a post to the group's thread; the same ``key`` sent twice is one post."""
    if key is not None:
        existing = GroupPost.objects.filter(key=key, group=group).first()
        if existing is not None:
            return existing
    take_allowance(author, "groups")
    now = timezone.now()
    post = GroupPost.objects.create(
        group=group, author=author, body=body, body_html=render_markdown(body),
        created_at=now, key=key or uuid.uuid4(),
    )  # fmt: skip
    _touch(group, now)
    notify(
        _members_except(group, author), verb="group_post", message=POSTED,
        params={"actor": author.full_name or str(author), "group": group.name},
        url=reverse("groups:space", args=[group.pk]) + f"#post-{post.pk}",
    )  # fmt: skip
    return post


@transaction.atomic
def save_notes(group: Group, editor, text: str, *, based_on: int) -> Group:
    """Save the shared notes, unless someone saved since version ``based_on`` was read.

    The check and the write are one UPDATE, so two editors saving at once cannot both win.
    """
    now = timezone.now()
    saved = Group.objects.filter(pk=group.pk, notes_version=based_on).update(
        notes=text, notes_html=render_markdown(text), notes_version=F("notes_version") + 1,
        notes_edited_by=editor, notes_edited_at=now, last_activity_at=now,
    )  # fmt: skip
    group.refresh_from_db()
    if not saved:
        raise NotesOutdated(group)
    return group


@transaction.atomic
def post_result(group: Group, activity: Activity, author, body: str) -> GroupResult:
    """Post (or replace) the group's result for ``activity``, and complete the activity for
    every current member of the group whose enrolment covers it."""
    if activity.kind != "group_activity":
        raise ValueError("Results are posted for group activities only.")
    take_allowance(author, "groups")
    now = timezone.now()
    result, _created = GroupResult.objects.update_or_create(
        group=group, activity=activity,
        defaults={"body": body, "body_html": render_markdown(body), "posted_by": author,
                  "posted_at": now},
    )  # fmt: skip
    members = Enrolment.objects.filter(
        group_memberships__group=group, group_memberships__current=True,
        status=Enrolment.Status.CONFIRMED,
    ).select_related("cohort", "stream")  # fmt: skip
    for enrolment in members:
        # A member whose stream or module choice leaves the activity out has nothing to complete.
        if scope.covered_activities(enrolment).filter(pk=activity.pk).exists():
            progress.complete_activity(enrolment, activity, now=now)
    _touch(group, now)
    notify(
        _members_except(group, author), verb="group_result", message=RESULT_POSTED,
        params={"actor": author.full_name or str(author), "group": group.name},
        # The space, not the task page: a member whose stream hides the activity reads it too.
        url=reverse("groups:space", args=[group.pk]) + f"#activity-{activity.pk}",
    )  # fmt: skip
    return result
