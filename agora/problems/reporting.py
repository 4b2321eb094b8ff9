"""Recording a problem report, and the rate limit that keeps the list usable."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction

from agora.problems.models import KINDS, ProblemReport

# At most this many reports per visitor (by IP address and, when signed in, by account) per window.
REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 15 * 60


def allowed_to_report(ip: str, user=None) -> bool:
    """Count one report for this IP address (and account); False once over the limit."""
    keys = ["ip:" + hashlib.sha256(ip.encode()).hexdigest()[:32]]
    if user is not None and user.is_authenticated:
        keys.append(f"user:{user.pk}")
    allowed = True
    for key in keys:
        cache_key = f"agora:problem-reports:{key}"
        cache.add(cache_key, 0, timeout=WINDOW_SECONDS)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=WINDOW_SECONDS)
            count = 1
        allowed = allowed and count <= REPORTS_PER_WINDOW
    return allowed


@transaction.atomic
def report_problem(
    *,
    page: str,
    kinds: list[str],
    description: str = "",
    email: str = "",
    reporter=None,
    language: str = "",
) -> ProblemReport:
    flags = {name: name in kinds for name, _label in KINDS}
    return ProblemReport.objects.create(
        page=page,
        description=description.strip(),
        email=email if reporter is None else "",
        reporter=reporter if reporter is not None and reporter.is_authenticated else None,
        language=language,
        **flags,
    )


@transaction.atomic
def set_status(report: ProblemReport, status: str) -> ProblemReport:
    report.status = status
    report.save(update_fields=["status", "updated_at"])
    return report
