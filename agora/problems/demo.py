"""Demo problem reports for the organisers' triage list. Safe to run again: reports are matched
by page and text."""

from __future__ import annotations

from django.db import transaction

from agora.problems.models import ProblemReport
from agora.problems.reporting import report_problem

REPORTS = [
    (
        "/programmes/",
        ["wrong_information"],
        "The start date of the spring cohort is last year's.",
        "en",
        ProblemReport.Status.NEW,
    ),
    (
        "/blog/",
        ["translation"],
        "« Blgo » au lieu de « Blog » dans le titre.",
        "fr",
        ProblemReport.Status.IN_PROGRESS,
    ),
]


@transaction.atomic
def load() -> None:
    for page, kinds, description, language, status in REPORTS:
        if ProblemReport.objects.filter(page=page, description=description).exists():
            continue
        report = report_problem(page=page, kinds=kinds, description=description, language=language)
        if report.status != status:
            report.status = status
            report.save(update_fields=["status", "updated_at"])
