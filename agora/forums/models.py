"""Forums: one per cohort (a space per week or unit) and one community of practice.

Forum → Space → Thread → Post, with attachments, reactions, reports, follows and the earlier
versions of edited posts. Who may read, post and moderate is decided in ``access.py``; writing
happens in ``posting.py`` and ``moderation.py``. A post's Markdown is rendered (sanitised) once,
each time it is written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agora.accounts.personal_data import PersonalData
from agora.catalogue.models import Activity, Unit, pick_text
from agora.delivery.models import Cohort

# The community forum's spaces, created on demand; their names are UI strings.
COMMUNITY_SPACES = {
    "general": _("General discussion"),
    "methods": _("Methods and tools"),
    "cases": _("Cases from practice"),
    "events": _("Events and opportunities"),
}
GENERAL_SPACE = "general"


class Forum(models.Model):
    class Kind(models.TextChoices):
        COHORT = "cohort", _("Cohort forum")
        COMMUNITY = "community", _("Community of practice")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    cohort = models.OneToOneField(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="forum"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="community"), name="one_community_forum"
            ),
            models.CheckConstraint(
                condition=Q(kind="community", cohort__isnull=True)
                | Q(kind="cohort", cohort__isnull=False),
                name="cohort_forum_has_cohort",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.COMMUNITY:
            return str(_("Community of practice"))
        return str(self.cohort)

    @property
    def is_community(self) -> bool:
        return self.kind == self.Kind.COMMUNITY


class Space(models.Model):
    """A part of a forum: a week or unit of the cohort, a general space, a community topic."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="spaces")
    slug = models.SlugField(max_length=80)
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("forum space")
        verbose_name_plural = _("forum spaces")
        constraints = [
            models.UniqueConstraint(fields=["forum", "slug"], name="one_space_per_slug")
        ]

    def __str__(self) -> str:
        return self.title()

    def title(self, language: str | None = None) -> str:
        if self.unit_id is not None:
            unit = self.unit
            return pick_text(unit.title, language or "", unit.source_language)
        if self.slug in COMMUNITY_SPACES:
            return str(COMMUNITY_SPACES[self.slug])
        return self.slug


class ThreadQuerySet(models.QuerySet["Thread"]):
    def listed(self, *, moderator: bool = False) -> ThreadQuerySet:
        """Threads as a space lists them: pinned first, then the latest activity first;
        hidden threads only for moderators."""
        threads = self if moderator else self.filter(hidden=False)
        return threads.order_by("-pinned", "-last_posted_at", "-pk")


class Thread(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # The "post your result" activity this thread collects results for, if any.
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    last_posted_at = models.DateTimeField(_("last post"), default=timezone.now)
    # Kept by posting.py and moderation.py: counting 200,000 posts per page is not an option.
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)

    objects = ThreadQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["title", "created_at"],
        erasure="anonymise",
        retention=_("As long as the forum: the discussion belongs to the group."),
        owner="author",
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        constraints = [
            models.UniqueConstraint(
                fields=["space", "activity"], condition=Q(activity__isnull=False),
                name="one_thread_per_forum_task",
            )
        ]  # fmt: skip
        indexes = [
            models.Index(
                fields=["space", "hidden", "-pinned", "-last_posted_at", "-id"],
                name="thread_listing",
            ),
            models.Index(fields=["space", "-pinned", "-last_posted_at", "-id"],
                         name="thread_listing_all"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    def anonymise(self) -> None:
        """The author erased their data: the thread stays, without them."""
        self.author = None
        self.save(update_fields=["author"])


class PostQuerySet(models.QuerySet["Post"]):
    def shown(self, *, moderator: bool = False) -> PostQuerySet:
        return self if moderator else self.filter(hidden=False)


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="forum_posts",
    )
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)  # render_markdown(body), sanitised
    quote_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    # Sent with the form: a second submit of the same form finds this post instead of
    # making another.
    key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    # Shown to moderators and to the author; the other members see only that it is hidden.
    hidden_reason = models.TextField(_("why it is hidden"), blank=True, max_length=500)
    # Set by each edit (``posting.edit_post``); the text it replaced is a ``PostRevision``.
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = PostQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["thread", "body", "created_at", "edited_at", "hidden_reason"],
        erasure="anonymise",
        retention=_("As long as the forum; erased on a confirmed erasure request."),
        owner="author",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["thread", "hidden", "id"], name="post_reading")]

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.pk}"

    @property
    def rendered(self) -> SafeString:
        """The post as HTML: ``body_html`` was sanitised by nh3 when it was written
        (``render_markdown``), so it is safe to show as it is."""
        return mark_safe(self.body_html)  # noqa: S308 - sanitised when written

    def editable_by(self, user, *, moderator: bool) -> bool:
        """Whether ``user`` may change this post's text. ``moderator``: whether they moderate
        its forum (``access.may_moderate``, the one rule for that). Moderators edit any post;
        authors edit their own while neither it nor its thread is hidden (what a moderator
        took out of the discussion, its author cannot rewrite). A locked thread takes no more
        replies, but its authors may still correct what they wrote."""
        if moderator:
            return True
        return (
            user.is_authenticated
            and self.author_id == user.pk
            and not self.hidden
            and not self.thread.hidden
        )

    def opens_thread(self) -> bool:
        """Whether this is its thread's first post (which carries the thread)."""
        first = Post.objects.filter(thread_id=self.thread_id).order_by("pk").values("pk").first()
        return first is not None and first["pk"] == self.pk

    @property
    def subject(self) -> str:
        """What notifications about this post name it by (``Notification.subject``)."""
        return f"forums.post:{self.pk}"

    def anonymise(self) -> None:
        """The author erased their data: the text and files go; the place in the thread stays."""
        from agora.forums import search

        for attachment in self.attachments.all():
            attachment.anonymise()
        # The earlier versions go too: once ``author`` is cleared, the revisions' own
        # declaration (owner ``post__author``) could no longer find them.
        self.revisions.all().delete()
        self.author = None
        self.body = ""
        self.body_html = ""
        self.hidden_reason = ""
        self.save(update_fields=["author", "body", "body_html", "hidden_reason"])
        search.unindex_posts([self.pk])


class PostRevision(models.Model):
    """The text a post had before an edit: who replaced it and when. Moderators read them
    (``forums:history``); an edit that changes nothing makes none."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("earlier text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("replaced"), default=timezone.now)

    personal_data = PersonalData(
        fields=["post", "body", "edited_at"],
        erasure="delete",
        retention=_("As long as the post; erased with it on a confirmed erasure request."),
        owner="post__author",
    )

    class Meta:
        ordering = ["-edited_at", "-pk"]
        verbose_name = _("earlier version of a post")
        verbose_name_plural = _("earlier versions of posts")

    def __str__(self) -> str:
        return f"{self.post_id} · {self.edited_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random: the original name is kept in the row, never trusted as a path.
    import secrets

    suffix = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg",
              "image/gif": "gif", "image/webp": "webp", "text/plain": "txt"}  # fmt: skip
    extension = suffix.get(instance.content_type, "bin")
    return f"forums/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.{extension}"


class Attachment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    personal_data = PersonalData(
        fields=["name", "size"],
        erasure="anonymise",  # the file goes with the row (anonymise() deletes both)
        retention=_("As long as the post it belongs to."),
        owner="post__author",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    def anonymise(self) -> None:
        """Erasure: the stored file is deleted with its row."""
        self.file.delete(save=False)
        self.delete()

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", pgettext_lazy("reaction", "Like")
        THANKS = "thanks", pgettext_lazy("reaction", "Thanks")
        INSIGHTFUL = "insightful", pgettext_lazy("reaction", "Insightful")
        QUESTION = "question", pgettext_lazy("reaction", "Same question")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    kind = models.CharField(_("reaction"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    personal_data = PersonalData(
        fields=["post", "kind", "created_at"],
        erasure="delete",
        retention=_("As long as the post, or until taken back."),
    )

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="one_reaction_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} · {self.kind}"


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> ReportQuerySet:
        return self.filter(resolved_at__isnull=True)


class Report(models.Model):
    """A member's report of a post to the forum's moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reports"
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("dealt with"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["post", "reason", "created_at", "resolved_at"],
        erasure="delete",
        retention=_("Until the report is dealt with, and a year after."),
        owner="reporter",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.post_id} · {self.reporter_id}"


class Follow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    personal_data = PersonalData(
        fields=["thread", "created_at"],
        erasure="delete",
        retention=_("Until the person stops following the thread."),
    )

    class Meta:
        verbose_name = _("followed thread")
        verbose_name_plural = _("followed threads")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="one_follow_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.user_id}"
