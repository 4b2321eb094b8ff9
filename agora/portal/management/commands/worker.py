import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

# Tasks enqueued on a timer by every worker: (task, seconds between runs). Each is idempotent,
# so several workers enqueueing the same one is harmless.
PERIODIC_TASKS = [
    ("agora.delivery.tasks.send_reminders", 300),
    ("agora.delivery.tasks.release_seats", 300),
    ("agora.assignments.tasks.remove_orphaned_files", 86_400),
    ("agora.newsletter.tasks.send_due_issues", 300),
    ("agora.newsletter.tasks.purge_unconfirmed_subscriptions", 3_600),
    ("agora.notifications.tasks.send_daily_digests", 3_600),
    ("agora.mentoring.tasks.remind_check_ins", 300),
]


class Command(BaseCommand):
    help = "Run a task worker: takes background tasks (e-mails, reminders) off the database queue."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="Queues to process ('*' for all).")
        parser.add_argument(
            "--batch", action="store_true", help="Process what is queued, then exit."
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="Do not enqueue the periodic tasks."
        )

    def handle(self, *args, queue_name: str, batch: bool, no_schedule: bool, **options):
        if not batch and not no_schedule:
            stop = threading.Event()
            for path, seconds in PERIODIC_TASKS:
                threading.Thread(
                    target=enqueue_every, args=(path, seconds, stop), daemon=True
                ).start()
        call_command("db_worker", queue_name=queue_name, batch=batch, reload=False)


def enqueue_every(path: str, seconds: int, stop: threading.Event) -> None:
    """Enqueue the task at ``path`` now and then every ``seconds`` until ``stop`` is set."""
    task = import_string(path)
    while not stop.is_set():
        try:
            task.enqueue()
        except Exception:  # a database hiccup must not end the schedule
            log.exception("Could not enqueue %s", path)
        stop.wait(seconds)
