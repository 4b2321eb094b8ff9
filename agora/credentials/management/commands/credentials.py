"""``agora credentials rotate-key ORG``: retire an organisation's signing key, make a new one.

Credentials signed with the retired key still verify: its public half stays published.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agora.accounts.models import Organisation
from agora.credentials import keys


class Command(BaseCommand):
    help = "Manage the keys credentials are signed with."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rotate = actions.add_parser(
            "rotate-key", help="Retire the organisation's signing key and create a new one."
        )
        rotate.add_argument("organisation", help="The organisation's short name (slug).")

    def handle(self, *args, action: str, organisation: str, **options) -> None:
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None:
            raise CommandError(f"No organisation with the short name {organisation!r}.")
        key = keys.rotate_key(found)
        self.stdout.write(f"{found.name} now signs with key {key.kid}; older keys stay "
                          "published for verification.")
