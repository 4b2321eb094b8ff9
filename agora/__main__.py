"""The ``agora`` console command: Django's management commands with Agora's settings.

``agora demo``, ``agora serve`` and ``agora worker`` are Agora's own; every other Django command
(``agora migrate``, ``agora createsuperuser``, …) works as it does with manage.py.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agora.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["agora", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
