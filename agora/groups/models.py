"""Groups of a cohort's learners, each with a space: a thread of posts, shared notes and the
results it posts for the cohort's group activities.

A cohort has one current grouping at a time. Forming groups again archives the current ones
(``archived_at``): their spaces stay readable by their former members and the facilitators,
and nothing anybody wrote is lost. Rules of access live in ``access.py``; writing happens in
``forming.py`` and ``space.py``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment


class GroupQuerySet(models.QuerySet["Group"]):
    def current(self) -> GroupQuerySet:
        return self.filter(archived_at__isnull=True)


class Group(models.Model):
    class Method(models.TextChoices):
        HAND = "hand", _("By hand")
        RANDOM = "random", _("At random")
        STREAM = "stream", _("Balanced by stream")
        LANGUAGE = "language", _("Balanced by language")
        ORGANISATION = "organisation", _("Balanced by organisation")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveIntegerField(_("number"))
    method = models.CharField(_("formed"), max_length=20, choices=Method.choices)
    created_at = models.DateTimeField(_("formed on"), default=timezone.now)
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)
    # Kept by space.py on every post, note and result, so the overview sorts without counting.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    # The shared notes: one Markdown document; ``notes_version`` goes up by one on every save,
    # and a save based on an older version is refused (see space.save_notes).
    notes = models.TextField(_("shared notes"), blank=True)
    notes_html = models.TextField(blank=True, editable=False)
    notes_version = models.PositiveIntegerField(default=0)
    notes_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    notes_edited_at = models.DateTimeField(null=True, blank=True)

    objects = GroupQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["notes_edited_at"],
        erasure="anonymise",
        retention=_("As long as the cohort: the notes belong to the group."),
        owner="notes_edited_by",
    )

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        indexes = [models.Index(fields=["cohort", "archived_at", "number"], name="group_listing")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(_("Group %(number)s") % {"number": self.number})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def anonymise(self) -> None:
        self.notes_edited_by = None
        self.save(update_fields=["notes_edited_by"])


class Membership(models.Model):
    """A learner (their enrolment) in a group; ``current`` is False once the group is archived."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="group_memberships"
    )
    current = models.BooleanField(default=True)

    personal_data = PersonalData(
        fields=["group", "current"],
        erasure="delete",
        retention=_("As long as the cohort."),
        owner="enrolment__user",
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "enrolment"], name="one_membership_per_group"),
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(current=True), name="one_current_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.group}"


class GroupPost(models.Model):
    """A message in a group's thread. Its Markdown is rendered (sanitised) when written."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Sent back with the form: a second submit of the same form is the same post.
    key = models.UUIDField(default=uuid.uuid4, unique=True)

    personal_data = PersonalData(
        fields=["body", "created_at"],
        erasure="delete",
        retention=_("As long as the cohort."),
        owner="author",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("group post")
        verbose_name_plural = _("group posts")

    def __str__(self) -> str:
        return f"{self.group} · {self.created_at:%Y-%m-%d %H:%M}"


class GroupResult(models.Model):
    """What a group posted for one group activity; posting it completes the activity for every
    member. One per group and activity: posting again replaces the text."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="results")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("result"))
    body_html = models.TextField(editable=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    posted_at = models.DateTimeField(default=timezone.now)

    personal_data = PersonalData(
        fields=["posted_at"],
        erasure="anonymise",
        retention=_("As long as the cohort: the result belongs to the group."),
        owner="posted_by",
    )

    class Meta:
        verbose_name = _("group result")
        verbose_name_plural = _("group results")
        constraints = [
            models.UniqueConstraint(fields=["group", "activity"], name="one_result_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.activity_id}"

    def anonymise(self) -> None:
        self.posted_by = None
        self.save(update_fields=["posted_by"])
