"""Background tasks of notifications, run by `agora worker` from the database queue."""

from django.utils import timezone
from django_tasks import task

from agora.notifications.sending import purge_old, send_digests, send_immediate_emails


@task()
def send_immediately(notification_ids: list[int]) -> int:
    """E-mail these notifications now (to people who want them at once)."""
    return send_immediate_emails(notification_ids)


@task()
def send_daily_digests() -> int:
    """Send the daily digests that are due, and forget notifications read long ago; enqueue it
    regularly (it is idempotent)."""
    now = timezone.now()
    purge_old(now)
    return send_digests(now)
