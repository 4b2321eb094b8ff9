"""Blog post proposals, the editorial workflow and the public blog with its Atom feed.

Anyone with an account proposes a post; editors (organisers and platform admins, see
``is_editor``) move it through the workflow in ``workflow.py``:

    submitted ⇄ changes requested → accepted → published
            ↘ rejected

Every step can carry a message, kept as a ``Comment`` that author and editors both see.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData


def is_editor(user) -> bool:
    """Editors of the blog: organisers of any organisation, and platform admins."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_organiser))


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=True)

    not_personal_data = "A tag is a topic's name."

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("blog:tag", args=[self.slug])


class PostQuerySet(models.QuerySet["Post"]):
    def published(self) -> PostQuerySet:
        return self.filter(status=Post.Status.PUBLISHED, published_at__isnull=False)

    def visible_to(self, user) -> PostQuerySet:
        """Published posts; an author's own proposals too; everything for editors."""
        if is_editor(user):
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(status=Post.Status.PUBLISHED) | Q(author=user))
        return self.published()

    def proposals_of(self, user) -> PostQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)

    def for_editors(self, user) -> PostQuerySet:
        return self.all() if is_editor(user) else self.none()

    def discussable_by(self, user) -> PostQuerySet:
        """Posts whose editorial page ``user`` may read: their own, or all of them for editors."""
        if is_editor(user):
            return self.all()
        return self.proposals_of(user)


class Post(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="blog_posts",
        verbose_name=_("author"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.CONTENT_LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=120, unique=True, allow_unicode=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown in lists and feeds.")
    )
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, [links](…)."))
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    objects = PostQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["title", "language", "summary", "body", "status", "created_at", "published_at"],
        erasure="anonymise",
        retention=_(
            "Proposals are deleted with your account; published posts stay without your name."
        ),
        owner="author",
    )

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.status == self.Status.PUBLISHED:
            return reverse("blog:post", args=[self.slug])
        return reverse("blog:proposal", args=[self.pk])

    @property
    def byline(self) -> str:
        """The author's name as the public sees it (never their e-mail address)."""
        if self.author is None:
            return str(_("A former member"))
        return self.author.full_name or str(_("An Agora member"))

    @property
    def author_can_edit(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.CHANGES_REQUESTED)

    def anonymise(self) -> None:
        if self.status == self.Status.PUBLISHED:
            self.author = None
            self.save(update_fields=["author", "updated_at"])
        else:
            self.delete()


class Comment(models.Model):
    """A message between the author and the editors about one post, or a step of its workflow."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=5000, blank=True)
    # The status the post moved to with this message ("" for a plain comment).
    new_status = models.CharField(
        _("new status"), max_length=20, choices=Post.Status.choices, blank=True
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    personal_data = PersonalData(
        fields=["post", "body", "created_at"],
        erasure="delete",
        retention=_("As long as the post exists."),
        owner="author",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("editorial comment")
        verbose_name_plural = _("editorial comments")

    def __str__(self) -> str:
        return f"{self.post} · {self.created_at:%Y-%m-%d}"
