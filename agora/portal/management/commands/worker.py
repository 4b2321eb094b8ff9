from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a task worker: takes background tasks (e-mails, reminders) off the database queue."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="Queues to process ('*' for all).")
        parser.add_argument(
            "--batch", action="store_true", help="Process what is queued, then exit."
        )

    def handle(self, *args, queue_name: str, batch: bool, **options):
        call_command("db_worker", queue_name=queue_name, batch=batch, reload=False)
