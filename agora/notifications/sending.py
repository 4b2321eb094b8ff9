"""Creating notifications and e-mailing them: at once, or gathered in a daily digest.

``notify`` is what other apps call. E-mails go by the task queue (``tasks.py``), in each
reader's language (``User.preferred_language``), and never for a notification that was hidden
meanwhile. Each notification is e-mailed at most once: ``emailed_at`` is set in the same
transaction as the e-mail is sent, on rows locked for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.notifications.models import Notification, Preference

DIGEST_EVERY = timedelta(hours=23)  # "daily", with slack for the worker's timer
DIGEST_MAX_ITEMS = 50
KEEP_READ = timedelta(days=90)  # the retention promised in Notification.personal_data


def email_preference(user) -> str:
    preference = Preference.objects.filter(user=user).values_list("email", flat=True).first()
    return preference or Preference.Email.DIGEST


@transaction.atomic
def notify(
    recipients: Iterable,
    *,
    verb: str,
    message: str,
    params: dict,
    url: str,
    subject: str = "",
) -> list[Notification]:
    """Tell each of ``recipients`` (users, each once) that something happened at ``url``.

    ``message`` is a msgid marked with ``gettext_noop`` by the caller, filled with ``params``
    in each reader's language. Those who want e-mails at once get one, queued after commit.
    """
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    created = Notification.objects.bulk_create(
        Notification(recipient_id=pk, verb=verb, message=message, params=params, url=url,
                     subject=subject)
        for pk in people
    )  # fmt: skip
    immediate = set(
        Preference.objects.filter(
            user_id__in=people, email=Preference.Email.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    if immediate:
        from agora.notifications.tasks import send_immediately

        ids = [item.pk for item in created if item.recipient_id in immediate]
        transaction.on_commit(lambda: send_immediately.enqueue(ids))
    return created


def mark_read(user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (all of them for None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _language_of(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def send_immediate_emails(notification_ids: list[int]) -> int:
    """E-mail each notification (not hidden, not read, not e-mailed yet) on its own."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update()
                .awaiting_email()
                .select_related("recipient")
                .filter(pk=pk)
                .first()
            )
            if notification is None:
                continue
            user = notification.recipient
            with translation.override(_language_of(user)):
                text = notification.text()
                body = "\n\n".join([
                    text,
                    _absolute(notification.url),
                    _("Change how you are notified: %(url)s")
                    % {"url": _absolute(reverse("notifications:preferences"))},
                ])  # fmt: skip
                send_mail(text[:150], body, None, [user.email])
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


def send_digests(now: datetime | None = None) -> int:
    """Send each person who asked for a daily digest, and whose last one is a day old, one
    e-mail with what is waiting. Returns the number of digests sent."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.awaiting_email()
        .exclude(
            recipient__notification_preference__email__in=[
                Preference.Email.IMMEDIATE, Preference.Email.NONE,
            ]
        )
        .exclude(recipient__notification_preference__last_digest_at__gt=now - DIGEST_EVERY)
        .values_list("recipient_id", flat=True)
        .distinct()
    )  # fmt: skip
    sent = 0
    for user_id in list(waiting):
        sent += _send_digest(user_id, now)
    return sent


@transaction.atomic
def _send_digest(user_id: int, now: datetime) -> int:
    preference, _created = Preference.objects.get_or_create(user_id=user_id)
    preference = Preference.objects.select_for_update().select_related("user").get(
        pk=preference.pk
    )
    if preference.email != Preference.Email.DIGEST:
        return 0
    if preference.last_digest_at and preference.last_digest_at > now - DIGEST_EVERY:
        return 0  # another worker sent it meanwhile
    items = list(
        Notification.objects.select_for_update()
        .awaiting_email()
        .filter(recipient_id=user_id)
        .order_by("created_at", "pk")[:DIGEST_MAX_ITEMS]
    )
    if not items:
        return 0
    user = preference.user
    with translation.override(_language_of(user)):
        by_link: dict[str, list[str]] = defaultdict(list)
        for item in items:
            by_link[item.url].append(item.text())
        lines = [_("What happened since your last digest:")]
        for url, texts in by_link.items():
            lines.extend(f"- {text}" for text in texts)
            lines.append(f"  {_absolute(url)}")
        lines.append(
            _("Change how you are notified: %(url)s")
            % {"url": _absolute(reverse("notifications:preferences"))}
        )
        subject = _("Your daily digest: %(count)s new") % {"count": len(items)}
        send_mail(subject, "\n".join(lines), None, [user.email])
    Notification.objects.filter(pk__in=[item.pk for item in items]).update(emailed_at=now)
    preference.last_digest_at = now
    preference.save(update_fields=["last_digest_at"])
    return 1


def purge_old(now: datetime | None = None) -> int:
    """Delete notifications read more than ``KEEP_READ`` ago; returns how many."""
    now = now or timezone.now()
    deleted, _rows = Notification.objects.filter(read_at__lt=now - KEEP_READ).delete()
    return deleted
