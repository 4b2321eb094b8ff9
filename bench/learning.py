"""The ``learning`` benchmark: the facilitators' gradebook of a 5,000-learner cohort with 60
activities, a learner's course outline, and what completing one activity costs.

    bench/run learning                      # generates the data on first use, then measures
    python -m bench.learning generate FILE  # data and sessions only (bench server's environment)

The data: the ``delivery`` benchmark's cohort (5,000 confirmed learners in three streams, 40
activities), made first if missing, grown to 60 activities (5 more units of 4), and progress
records for every learner: each activity of the first 36 is done by about 60 % of learners
(quizzes with a score), about 108,000 records. Seeded: the same on every run.

Pages are loaded over HTTP with signed-in sessions, as ``bench.delivery`` does (its sessions, its
loader): the gradebook's first and last pages as the cohort's organiser, the course outline as
learners. The floor is the anonymous floor page on the same server.

Completion is measured in-process, in the generating subprocess, on the same database: the time
and the number of SQL queries of ``complete_activity`` for 100 learners with no activity done and
for 100 learners with 35 done; equal figures mean completion is incremental (no rescan).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

from bench import delivery
from bench.harness import (
    ROOT,
    SETUP_TIMEOUT_S,
    VAR_DIR,
    LoadOptions,
    Server,
    server_env,
    serving,
)

SEED = 60
EXTRA_UNITS = 5  # 10 units × 4 activities in the delivery cohort, + 5 × 4 = 60
DONE_SHARE = 0.6
ACTIVITIES_WITH_RECORDS = 36
BATCH = 5_000
SAMPLE = 100
SESSIONS_FILE = delivery.SESSIONS_FILE  # the same sessions, read by delivery's loader
COMPLETION_FILE = VAR_DIR / "learning-completion.json"
LAST_PAGE = delivery.LEARNERS // 50

PAGES: dict[str, tuple[str, str]] = {
    "gradebook_first": (f"/learn/{delivery.COHORT_SLUG}/gradebook/", "organiser"),
    "gradebook_last": (
        f"/learn/{delivery.COHORT_SLUG}/gradebook/?page={LAST_PAGE}", "organiser"
    ),
    "course_outline": (f"/learn/{delivery.COHORT_SLUG}/", "learners"),
}


def grow_curriculum(rng: random.Random) -> list:
    from agora.catalogue.models import Activity, Module, Unit
    from agora.delivery.models import Cohort, StreamActivity

    cohort = Cohort.objects.get(slug=delivery.COHORT_SLUG)
    module = Module.objects.filter(level=cohort.level).order_by("-order").first()
    Unit.objects.bulk_create(
        Unit(module=module, slug=f"extra-week-{n}", kind=Unit.Kind.WEEK, order=10 + n,
             title={"en": f"Extra week {n}"})
        for n in range(1, EXTRA_UNITS + 1)
    )  # fmt: skip
    units = Unit.objects.filter(module=module, slug__startswith="extra-week-")
    Activity.objects.bulk_create(
        Activity(unit=unit, slug=f"activity-{n}", order=n, title={"en": f"Activity {n}"},
                 kind=["reading", "video", "quiz", "assignment"][n - 1], estimated_minutes=20)
        for unit in units
        for n in range(1, 5)
    )  # fmt: skip
    added = Activity.objects.filter(unit__in=units)
    requirements = [value for value, _label in StreamActivity.Requirement.choices]
    StreamActivity.objects.bulk_create(
        StreamActivity(stream=stream, activity=activity, requirement=rng.choice(requirements))
        for stream in cohort.streams.all()
        for activity in added
    )
    return list(
        Activity.objects.filter(unit__module__level=cohort.level).order_by(
            "unit__module__order", "unit__order", "order"
        )
    )


def make_records(rng: random.Random, activities: list) -> int:
    from decimal import Decimal

    from django.utils import timezone

    from agora.delivery.models import Enrolment
    from agora.learning.models import ActivityProgress

    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(cohort__slug=delivery.COHORT_SLUG).values_list("pk", flat=True)
    )
    rows = (
        ActivityProgress(
            enrolment_id=enrolment, activity_id=activity.pk, completed_at=now,
            score=Decimal(rng.randint(50, 100)) if activity.kind == "quiz" else None,
        )
        for enrolment in enrolments
        for activity in activities[:ACTIVITIES_WITH_RECORDS]
        if rng.random() < DONE_SHARE
    )  # fmt: skip
    created = ActivityProgress.objects.bulk_create(rows, batch_size=BATCH)
    return len(created)


def generate() -> None:
    from django.db import connection, transaction

    from agora.learning.models import ActivityProgress

    delivery.generate()
    if ActivityProgress.objects.filter(enrolment__cohort__slug=delivery.COHORT_SLUG).exists():
        print("bench learning: kept the progress records already there")
        return
    started = time.monotonic()
    rng = random.Random(SEED)
    with transaction.atomic():
        activities = grow_curriculum(rng)
        records = make_records(rng, activities)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"bench learning: {len(activities)} activities, {records} progress records "
        f"in {time.monotonic() - started:.1f} s"
    )


def measure_completion() -> dict:
    """complete_activity for learners with nothing done and with 35 activities done."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from agora.delivery.models import Enrolment
    from agora.learning.models import ActivityProgress
    from agora.learning.progress import complete_activity

    cohort_enrolments = Enrolment.objects.filter(
        cohort__slug=delivery.COHORT_SLUG
    ).select_related("cohort", "stream")
    target = (
        cohort_enrolments.first().cohort.programme.levels.first()
        .modules.order_by("-order").first().units.order_by("-order").first()
        .activities.order_by("-order").first()
    )  # the very last activity: nobody has a record of it
    counts = dict(
        ActivityProgress.objects.filter(enrolment__cohort__slug=delivery.COHORT_SLUG)
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
    )
    busy = [e for e in cohort_enrolments.order_by("pk") if counts.get(e.pk, 0) >= 20][:SAMPLE]
    fresh = _fresh_enrolments(cohort_enrolments)
    counts.update({enrolment.pk: 0 for enrolment in fresh})  # their records were cleared
    result = {}
    for name, sample in (("nothing_done", fresh), ("many_done", busy)):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            for enrolment in sample:
                complete_activity(enrolment, target)
            elapsed = time.perf_counter() - started
        result[name] = {
            "learners": len(sample),
            "ms_per_completion": round(1000 * elapsed / max(len(sample), 1), 2),
            "queries_per_completion": round(len(queries) / max(len(sample), 1), 1),
            "records_before": round(
                sum(counts.get(e.pk, 0) for e in sample) / max(len(sample), 1), 1
            ),
        }
    ActivityProgress.objects.filter(activity=target).delete()  # the next run measures again
    return result


def _fresh_enrolments(cohort_enrolments) -> list:
    """Learners with no record at all; the generator leaves none, so clear some of a copy."""
    from agora.learning.models import ActivityProgress

    sample = list(cohort_enrolments.order_by("-pk")[:SAMPLE])
    ActivityProgress.objects.filter(enrolment__in=sample).delete()
    return sample


def prepare_data(env: dict[str, str]) -> dict:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.learning", "generate", str(SESSIONS_FILE)],
        env=env, cwd=ROOT, check=True, timeout=SETUP_TIMEOUT_S, stdout=sys.stderr,
    )  # fmt: skip
    print(f"bench: learning data took {time.monotonic() - started:.1f} s", file=sys.stderr)
    return json.loads(SESSIONS_FILE.read_text())


def run(server: Server, load: LoadOptions) -> dict:
    env = server_env()
    prepare_data(env)
    with serving(env) as own:
        result: dict = delivery.measure_pages(own, PAGES, load)
    result["completion"] = json.loads(COMPLETION_FILE.read_text())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.learning", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    generating = commands.add_parser("generate", help="the data once, fresh sessions, timings")
    generating.add_argument("sessions", help="where to write the session cookies (JSON)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from bench.data import setup_django

    setup_django()
    generate()
    delivery.make_sessions(Path(args.sessions))
    COMPLETION_FILE.write_text(json.dumps(measure_completion()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
