"""Background tasks of mentoring, run by `agora worker` from the database queue."""

from django.utils import timezone
from django_tasks import task

from agora.mentoring.reminders import send_check_in_reminders


@task()
def remind_check_ins() -> int:
    """Remind check-ins starting within a day; enqueue it every five minutes."""
    return send_check_in_reminders(timezone.now())
