"""``agora content``: check, import and export content packages; XLIFF for translators.

    agora content check DIR
    agora content import DIR
    agora content export SLUG DIR
    agora content xliff-export SLUG LANG FILE
    agora content xliff-import SLUG FILE
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agora.catalogue.importing import PackageError, check_package, export_package, import_package
from agora.catalogue.models import Programme
from agora.catalogue.packages import Problem
from agora.catalogue.xliff import XliffError, export_xliff, import_xliff


class Command(BaseCommand):
    help = "Check, import and export content packages; XLIFF files for translators."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        check = actions.add_parser("check", help="Validate a package; every problem is listed.")
        check.add_argument("directory", type=Path)
        load = actions.add_parser("import", help="Create or update the programme of a package.")
        load.add_argument("directory", type=Path)
        export = actions.add_parser("export", help="Write a programme as a package.")
        export.add_argument("slug")
        export.add_argument("directory", type=Path)
        xliff_export = actions.add_parser("xliff-export", help="Write an XLIFF 2.0 file.")
        xliff_export.add_argument("slug")
        xliff_export.add_argument("language", help="Target language code, such as da.")
        xliff_export.add_argument("file", type=Path)
        xliff_import = actions.add_parser("xliff-import", help="Read translations back.")
        xliff_import.add_argument("slug")
        xliff_import.add_argument("file", type=Path)

    def handle(self, *args: object, action: str, **options: object) -> None:
        handlers = {
            "check": self.check_package,
            "import": self.import_package,
            "export": self.export_package,
            "xliff-export": self.export_xliff,
            "xliff-import": self.import_xliff,
        }
        handlers[action](**options)

    def check_package(self, directory: Path, **options: object) -> None:
        problems = check_package(directory)
        if problems:
            raise self.failure(directory, problems)
        self.stdout.write(f"{directory}: no problems")

    def import_package(self, directory: Path, **options: object) -> None:
        try:
            programme = import_package(directory)
        except PackageError as error:
            raise self.failure(directory, error.problems) from error
        self.stdout.write(f"Imported {programme.slug}")

    def export_package(self, slug: str, directory: Path, **options: object) -> None:
        try:
            export_package(self.programme(slug), directory)
        except PackageError as error:
            raise self.failure(directory, error.problems) from error
        self.stdout.write(f"Exported {slug} to {directory}")

    def export_xliff(self, slug: str, language: str, file: Path, **options: object) -> None:
        try:
            data = export_xliff(self.programme(slug), language)
        except XliffError as error:
            raise CommandError(str(error)) from error
        file.write_bytes(data)
        self.stdout.write(f"Wrote {file}")

    def import_xliff(self, slug: str, file: Path, **options: object) -> None:
        try:
            count = import_xliff(self.programme(slug), file.read_bytes())
        except (XliffError, OSError) as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(f"{file}: {count} fields updated")

    def programme(self, slug: str) -> Programme:
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            raise CommandError(f'No programme "{slug}".')
        return programme

    def failure(self, directory: Path, problems: list[Problem]) -> CommandError:
        """Print each problem as FILE:LINE: MESSAGE; the error to raise (exit status 1)."""
        for problem in problems:
            self.stderr.write(str(replace(problem, file=str(directory / problem.file))))
        return CommandError(f"{len(problems)} problem(s) in {directory}")
