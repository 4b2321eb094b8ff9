"""Background tasks of delivery, run by `agora worker` from the database queue."""

from django.utils import timezone
from django_tasks import task

from agora.delivery.registration import release_lapsed_seats
from agora.delivery.reminders import send_due_reminders


@task()
def send_reminders() -> int:
    """Send the reminders due now (before live sessions and due dates); enqueue it regularly."""
    return send_due_reminders(timezone.now())


@task()
def release_seats() -> int:
    """Pass on seats whose offer or payment deadline lapsed; enqueue it regularly."""
    return release_lapsed_seats(timezone.now())
