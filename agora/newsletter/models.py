"""Newsletter subscriptions (double opt-in) and issues sent in batches.

A ``Subscription`` is one e-mail address; it counts once confirmed through the signed link sent
to it, and unconfirmed ones are purged after ``CONFIRMATION_DAYS``. Unsubscribing deletes the
row. An ``Issue`` belongs to the organisation whose organisers write it, has one ``IssueVersion``
per language, and is sent by the task queue (``sending.py``); ``Delivery`` records who got which
issue, once each (unique constraint), so a batch run twice or after a crash sends nobody twice.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import Organisation
from agora.accounts.personal_data import PersonalData

CONFIRMATION_DAYS = 7


def _subscriptions_of(user) -> models.QuerySet:
    return Subscription.objects.filter(Q(user=user) | Q(email__iexact=user.email))


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now=None) -> SubscriptionQuerySet:
        """Never confirmed, and the confirmation link has lapsed."""
        now = now or timezone.now()
        return self.filter(
            confirmed_at__isnull=True, created_at__lt=now - timedelta(days=CONFIRMATION_DAYS)
        )


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.CONTENT_LANGUAGES, default="en"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="newsletter_subscriptions",
    )
    created_at = models.DateTimeField(_("subscribed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["email", "language", "created_at", "confirmed_at"],
        erasure="delete",
        retention=_(
            "Until you unsubscribe; an unconfirmed subscription is deleted after seven days."
        ),
        records=_subscriptions_of,
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("newsletter subscription")
        verbose_name_plural = _("newsletter subscriptions")

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class IssueQuerySet(models.QuerySet["Issue"]):
    def editable_by(self, user) -> IssueQuerySet:
        """Issues of the organisations ``user`` organises (all of them for a platform admin)."""
        return self.filter(organisation__in=Organisation.objects.organised_by(user))

    def due(self, now=None) -> IssueQuerySet:
        now = now or timezone.now()
        return self.filter(status=Issue.Status.SCHEDULED, scheduled_at__lte=now)


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="newsletter_issues",
        verbose_name=_("organisation"),
    )
    name = models.CharField(
        _("internal name"), max_length=200, help_text=_("Only organisers see it.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Progress of sending, so a stalled run can be picked up again (see sending.py).
    last_batch_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = IssueQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["name", "created_at"],
        erasure="anonymise",
        retention=_("The issue stays with its organisation, without your name."),
        owner="created_by",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return self.name

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def anonymise(self) -> None:
        self.created_by = None
        self.save(update_fields=["created_by"])

    def version_for(self, language: str, versions: list[IssueVersion] | None = None):
        """The version in ``language``, else the issue's first language's."""
        versions = versions if versions is not None else list(self.versions.all())
        for version in versions:
            if version.language == language:
                return version
        return versions[0] if versions else None


class IssueVersion(models.Model):
    """An issue's subject and body in one language; the first one written is the fallback."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10, choices=settings.CONTENT_LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, [links](…)."))

    class Meta:
        ordering = ["issue", "pk"]
        verbose_name = _("issue version")
        verbose_name_plural = _("issue versions")
        constraints = [
            models.UniqueConstraint(fields=["issue", "language"], name="one_version_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.issue} · {self.language}"


class Delivery(models.Model):
    """That ``subscription`` was sent ``issue``: written with the e-mail, in one transaction."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    personal_data = PersonalData(
        fields=["issue", "sent_at"],
        erasure="delete",
        retention=_("Until you unsubscribe."),
        records=lambda user: Delivery.objects.filter(subscription__in=_subscriptions_of(user)),
    )

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscription"], name="one_delivery_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.subscription_id}"
