"""The ``catalogue`` benchmark: the public catalogue, its search, a programme's page, a module's
page and the API's programme, against the framework's floor, with 1,000 programmes.

    bench/run catalogue                     # generates the data on first use, then measures
    python -m bench.catalogue generate      # only the data (in the bench server's environment)

The data: 1,000 programmes (95% published) of the bench organisations, each in two to four
languages, with one to three levels and 20 modules, each module with 2 units of 3 activities
(20,000 modules, 40,000 units, 120,000 activities), competences and tags, written with
``bulk_create`` and indexed for search with ``reindex_all()``. Seeded: the same on every run.
It is generated once, into a database that has no bench programmes yet.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from decimal import Decimal

from bench.harness import ROOT, SETUP_TIMEOUT_S, LoadOptions, Server, measure, server_env
from bench.pages import FLOOR_PATH, check, print_table, summarise

SEED = 1_000
PROGRAMMES = 1_000
MODULES_PER_PROGRAMME = 20
UNITS_PER_MODULE = 2
ACTIVITIES_PER_UNIT = 3
BATCH = 2_000
SLUG_PREFIX = "bench-programme-"
SAMPLE_NUMBER = 500
SAMPLE = f"{SLUG_PREFIX}{SAMPLE_NUMBER:04d}"

PAGES: dict[str, str] = {
    "catalogue": "/programmes/",
    "search": "/programmes/?q=deliberation&language=fr",
    "programme": f"/programmes/{SAMPLE}/",
    "module": f"/programmes/{SAMPLE}/level-1/module-01/",
    "api_programme": f"/api/v1/programmes/{SAMPLE}",
}

TOPICS = [
    ("Deliberation", "Délibération"), ("Citizen panels", "Panels citoyens"),
    ("Participatory budgeting", "Budget participatif"), ("Co-creation", "Co-création"),
    ("Open data", "Données ouvertes"), ("Digital participation", "Participation numérique"),
    ("Public consultation", "Consultation publique"), ("Facilitation", "Animation"),
    ("Civic tech", "Technologies civiques"), ("Evaluation", "Évaluation"),
    ("Youth participation", "Participation des jeunes"), ("Mini-publics", "Mini-publics"),
]  # fmt: skip
SETTINGS = [
    ("for local government", "pour les collectivités locales"),
    ("in practice", "en pratique"), ("for managers", "pour les cadres"),
    ("for trainers", "pour les formateurs"), ("across Europe", "en Europe"),
]  # fmt: skip
MODULE_WORDS = [
    "Mandate", "Recruitment", "Sortition", "Listening", "Framing", "Evidence", "Dialogue",
    "Voting", "Reporting back", "Online tools", "Inclusion", "Accessibility", "Budgets",
    "Facilitation", "Conflict", "Media", "Ethics", "Data", "Design", "Follow-up",
]  # fmt: skip
LANGUAGES = ["en", "fr", "de", "da", "pl", "es", "it", "nl"]
TAGS = ["deliberation", "co-creation", "participation", "digital", "youth", "budgeting", "panels"]
ACTIVITY_KINDS = ["reading", "video", "quiz", "assignment", "forum_task", "live_session"]


# --- Data ---------------------------------------------------------------------------------------


def texts(rng: random.Random, languages: list[str]) -> dict[str, dict[str, str]]:
    topic, setting = rng.choice(TOPICS), rng.choice(SETTINGS)
    title = {"en": f"{topic[0]} {setting[0]}"}
    summary = {"en": f"A programme on {topic[0].lower()} {setting[0]}, with cases and practice."}
    if "fr" in languages:
        title["fr"] = f"{topic[1]} {setting[1]}"
        summary["fr"] = f"Un programme : {topic[1].lower()} {setting[1]}, avec des cas pratiques."
    return {
        "title": title,
        "summary": summary,
        "description": {"en": f"{summary['en']}\n\nEach module ends with a **practice task**."},
        "objectives": {"en": f"- plan a process of {topic[0].lower()}\n- report back to people"},
    }


def make_programmes(rng: random.Random, organisations: list) -> list:
    from agora.catalogue.models import Programme

    formats = [value for value, _label in Programme.Format.choices]
    audiences = [value for value, _label in Programme.Audience.choices]
    programmes = []
    for number in range(PROGRAMMES):
        languages = ["en", *rng.sample(LANGUAGES[1:], rng.randint(1, 3))]
        fee = Decimal(0) if rng.random() < 0.6 else Decimal(rng.choice([90, 250, 600]))
        programmes.append(
            Programme(
                organisation=organisations[number % len(organisations)],
                slug=f"{SLUG_PREFIX}{number:04d}",
                source_language="en",
                languages=languages,
                audiences=rng.sample(audiences, rng.randint(1, 3)),
                format=rng.choice(formats),
                duration={"en": f"{rng.randint(2, 12)} weeks"},
                effort={"en": f"About {rng.randint(2, 6)} hours a week"},
                hours_per_week=Decimal(rng.randint(2, 6)),
                fee=fee,
                payment_terms={"en": "Invoiced after enrolment."} if fee else {},
                certificate_offered=rng.random() < 0.7,
                tags=rng.sample(TAGS, rng.randint(1, 3)),
                status=(
                    Programme.Status.PUBLISHED
                    if rng.random() < 0.95 or number == SAMPLE_NUMBER  # the one measured
                    else Programme.Status.DRAFT
                ),
                **texts(rng, languages),
            )
        )
    Programme.objects.bulk_create(programmes, batch_size=BATCH)
    return list(Programme.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))


def make_curricula(rng: random.Random, programmes: list) -> dict[str, int]:
    from agora.catalogue.models import (
        Activity,
        Competence,
        Level,
        Module,
        ModulePackage,
        Programme,
        Unit,
    )

    competences = list(Competence.objects.all())
    kinds = [Level.Kind.BASIC, Level.Kind.ADVANCED, Level.Kind.TRAIN_THE_TRAINER]
    levels = []
    for programme in programmes:
        for number in range(1, rng.randint(1, 3) + 1):
            levels.append(
                Level(programme=programme, slug=f"level-{number}", kind=kinds[number - 1],
                      title={"en": f"Level {number}", "fr": f"Niveau {number}"}, order=number)
            )  # fmt: skip
    Level.objects.bulk_create(levels, batch_size=BATCH)
    by_programme: dict[int, list] = {}
    for level in levels:
        by_programme.setdefault(level.programme_id, []).append(level)
    packages = [
        ModulePackage(level=level, slug=f"package-{n}", title={"en": f"Package {n}"}, order=n)
        for level in levels
        if level.kind == Level.Kind.ADVANCED
        for n in (1, 2)
    ]
    ModulePackage.objects.bulk_create(packages, batch_size=BATCH)
    packages_of: dict[int, list] = {}
    for package in packages:
        packages_of.setdefault(package.level_id, []).append(package)

    modules = []
    for programme in programmes:
        its_levels = by_programme[programme.pk]
        for number in range(1, MODULES_PER_PROGRAMME + 1):
            level = its_levels[(number - 1) * len(its_levels) // MODULES_PER_PROGRAMME]
            word = MODULE_WORDS[(number + programme.pk) % len(MODULE_WORDS)]
            choices = packages_of.get(level.pk, [])
            modules.append(
                Module(
                    level=level, slug=f"module-{number:02d}", order=number,
                    title={"en": f"{word} {number}", "fr": f"{word} (fr) {number}"},
                    summary={"en": f"What {word.lower()} means for your work."},
                    objectives={"en": f"- apply {word.lower()} in a real case"},
                    required=number <= 2,
                    package=choices[number % len(choices)] if choices and number > 2 else None,
                )
            )  # fmt: skip
    Module.objects.bulk_create(modules, batch_size=BATCH)
    units = [
        Unit(module=module, slug=f"week-{n}", kind=Unit.Kind.WEEK, order=n,
             title={"en": f"Week {n}", "fr": f"Semaine {n}"})
        for module in modules
        for n in range(1, UNITS_PER_MODULE + 1)
    ]  # fmt: skip
    Unit.objects.bulk_create(units, batch_size=BATCH)
    activities = [
        Activity(unit=unit, slug=f"activity-{n}", kind=rng.choice(ACTIVITY_KINDS), order=n,
                 title={"en": f"Activity {n}"}, body={"en": "Read, watch, then **try it**."},
                 estimated_minutes=rng.choice([10, 15, 20, 30, 45]))
        for unit in units
        for n in range(1, ACTIVITIES_PER_UNIT + 1)
    ]  # fmt: skip
    Activity.objects.bulk_create(activities, batch_size=BATCH)

    programme_links = Programme.competences.through
    programme_links.objects.bulk_create(
        [
            programme_links(programme=programme, competence=competence)
            for programme in programmes
            for competence in rng.sample(competences, 2)
        ],
        batch_size=BATCH,
    )
    module_links = Module.competences.through
    module_links.objects.bulk_create(
        [module_links(module=module, competence=rng.choice(competences)) for module in modules],
        batch_size=BATCH,
    )
    return {
        "levels": len(levels), "packages": len(packages), "modules": len(modules),
        "units": len(units), "activities": len(activities),
    }  # fmt: skip


def organisations_for_bench() -> list:
    from agora.accounts.models import Organisation

    found = list(Organisation.objects.filter(slug__startswith="bench-org-").order_by("pk"))
    if found:
        return found
    return [Organisation.objects.create(name="Bench Academy", slug="bench-org-catalogue")]


def generate() -> None:
    from bench.data import setup_django

    setup_django()
    from django.db import connection, transaction

    from agora.catalogue import search
    from agora.catalogue.models import Programme

    existing = Programme.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if existing:
        print(f"bench catalogue: kept the {existing} programmes already there")
        return
    started = time.monotonic()
    rng = random.Random(SEED)
    with transaction.atomic():
        programmes = make_programmes(rng, organisations_for_bench())
        counts = make_curricula(rng, programmes)
        written = time.monotonic()
        indexed = search.reindex_all()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load
    print(
        f"bench catalogue: {len(programmes)} programmes, "
        + ", ".join(f"{count} {name}" for name, count in counts.items())
        + f" in {written - started:.1f} s; search index of {indexed} programmes in "
        f"{time.monotonic() - written:.1f} s"
    )


def prepare_data() -> None:
    """Generate the data in the bench server's environment (its database), once."""
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.catalogue", "generate"],
        env=server_env(),
        cwd=ROOT,
        check=True,
        timeout=SETUP_TIMEOUT_S,
        stdout=sys.stderr,
    )
    print(f"bench: catalogue data took {time.monotonic() - started:.1f} s", file=sys.stderr)


# --- Measuring ----------------------------------------------------------------------------------


def run(server: Server, load: LoadOptions) -> dict[str, dict[str, float]]:
    prepare_data()
    measured = {"floor": measure(server, FLOOR_PATH, load)}
    for name, path in PAGES.items():
        measured[name] = measure(server, path, load)
    for name, row in measured.items():
        check(name, row)
    print_table(measured)
    return {name: summarise(measured[name], measured["floor"]) for name in PAGES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.catalogue", description=__doc__)
    parser.add_argument("command", choices=["generate"])
    parser.parse_args(sys.argv[1:] if argv is None else argv)
    generate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
