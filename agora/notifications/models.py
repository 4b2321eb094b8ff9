"""Notifications for any app: what happened, to whom, where to look, and how to e-mail it.

A notification stores its text as a message (a gettext msgid the calling app marked with
``gettext_noop``) and its parameters, so it is rendered in the reader's language whenever it is
shown or e-mailed, not in the language of whoever caused it. ``subject`` names the thing it is
about (``"forums.post:42"``); when that thing is removed (a moderator hides a post), the app
calls ``hide_about(subject)`` and the notification disappears from the page, the unread count
and e-mails not yet sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData


class NotificationQuerySet(models.QuerySet["Notification"]):
    def shown_to(self, user) -> NotificationQuerySet:
        """What ``user`` sees on their notifications page: their own, nothing hidden."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user, hidden=False)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def awaiting_email(self) -> NotificationQuerySet:
        return self.filter(hidden=False, emailed_at__isnull=True, read_at__isnull=True)

    def hide_about(self, subject: str) -> int:
        return self.filter(subject=subject).update(hidden=True)

    def show_about(self, subject: str) -> int:
        return self.filter(subject=subject).update(hidden=False)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # What kind of event, for filtering and for the e-mail subject: "forums.reply".
    verb = models.CharField(_("kind"), max_length=60)
    message = models.CharField(max_length=300, help_text="A gettext msgid with %(name)s fields.")
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, help_text="A path on this site.")
    subject = models.CharField(max_length=100, blank=True, db_index=True)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["verb", "message", "params", "url", "created_at", "read_at", "emailed_at"],
        erasure="delete",
        retention=_("Ninety days after it was read."),
        owner="recipient",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "hidden", "-created_at"], name="notification_list"),
            models.Index(fields=["emailed_at", "read_at"], name="notification_mail"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.verb}"

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (the active one by default), parameters filled in."""
        if language is None:
            return _fill(translation.gettext(self.message), self.params)
        with translation.override(language):
            return _fill(translation.gettext(self.message), self.params)


def _fill(message: str, params: dict) -> str:
    try:
        return message % params
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return message


class Preference(models.Model):
    """How one person wants notifications e-mailed (the page always shows them)."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one e-mail each")
        DIGEST = "digest", _("Once a day, in one e-mail")
        NONE = "none", _("Never: I read them on the site")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(
        _("e-mail me"), max_length=20, choices=Email.choices, default=Email.DIGEST
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    personal_data = PersonalData(
        fields=["email", "last_digest_at"],
        erasure="delete",
        retention=_("As long as the account."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.email}"
