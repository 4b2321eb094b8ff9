import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each app's demo loader, in dependency order; later apps add theirs here.
DEMO_LOADERS = [
    "agora.accounts.demo.load",
    "agora.catalogue.demo.load",
    "agora.delivery.demo.load",
    "agora.learning.demo.load",
    "agora.assignments.demo.load",
    "agora.credentials.demo.load",
    "agora.forums.demo.load",
    "agora.groups.demo.load",
    "agora.mentoring.demo.load",
    "agora.live.demo.load",
    "agora.surveys.demo.load",
    "agora.capstones.demo.load",
    "agora.directory.demo.load",
    "agora.blog.demo.load",
    "agora.newsletter.demo.load",
    "agora.problems.demo.load",
]


class Command(BaseCommand):
    help = "Set up the demo (migrations, demo content, one account per role) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up the demo data, then exit."
        )

    def handle(self, *args, host: str, port: int, no_serve: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        accounts = []
        for loader in DEMO_LOADERS:
            accounts = import_string(loader)() or accounts
        self._print_accounts(accounts)
        if no_serve:
            return
        # The demo runs its own task worker beside the server, as a deployment would.
        worker = subprocess.Popen([sys.executable, "-m", "agora", "worker"])  # noqa: S603
        try:
            call_command("serve", host=host, port=port)
        finally:
            worker.terminate()
            worker.wait(timeout=10)

    def _print_accounts(self, accounts) -> None:
        from agora.accounts.demo import DEMO_PASSWORD

        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD})"))
        for account in accounts:
            self.stdout.write(f"  {account.role:<15} {account.email}")
        self.stdout.write(
            "The admin and organiser accounts are asked to set up two-factor authentication "
            "(any TOTP app) at their first log-in."
        )
