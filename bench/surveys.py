"""The ``surveys`` benchmark: the results of a course evaluation answered by 5,000 learners.

    bench/run surveys                        # generates the data on first use, then measures
    python -m bench.surveys generate FILE    # data, sessions and in-process timings only

The data: one anonymous course-evaluation survey in the ``delivery`` benchmark's cohort (made
first if missing, with its 5,000 learners and signed-in sessions, which this benchmark reuses),
with 15 questions in English and French: 5 ratings, 4 single choices, 2 multiple choices, one
ranking of 5 topics and 3 free-text questions. Every learner answered it once (a ``Response``
and a ``Participation`` each); about 40 % wrote something in each free-text question. Seeded:
the same on every run; written with ``bulk_create`` in one transaction.

Measured over HTTP as the cohort's organiser (``bench.delivery``'s sessions and loader): the
results page, the second page of one free-text question's answers, and the CSV file of all
5,000 responses (streamed). The floor is the anonymous floor page on the same server.

Measured in-process, in the generating subprocess, on the same database: the time and the
peak Python memory (``tracemalloc``) of counting the results and of writing the whole CSV file,
and the number of SQL queries of the results.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
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

SEED = 15
SURVEY_TITLE = "Bench course evaluation"
BATCH = 2_000
WROTE_TEXT = 0.4
TIMING_REPEATS = 5
PATHS_FILE = VAR_DIR / "surveys-paths.json"
TIMINGS_FILE = VAR_DIR / "surveys-in-process.json"
SESSIONS_FILE = delivery.SESSIONS_FILE  # the same sessions, read by delivery's loader

RATINGS = ["How clear were the readings?", "How useful were the live sessions?",
           "How well did the facilitators answer?", "How fair was the workload?",
           "How likely are you to recommend the course?"]  # fmt: skip
SINGLES = [("Which week was the most useful?", ["Week 1", "Week 2", "Week 3", "Week 4"]),
           ("How much time did you spend a week?", ["< 2 h", "2-4 h", "4-6 h", "> 6 h"]),
           ("How did you follow the course?", ["Computer", "Phone", "Tablet", "Printed"]),
           ("Was the pace right?", ["Too slow", "Right", "Too fast", "No opinion"])]  # fmt: skip
MULTIPLES = [
    ("What helped you learn?", ["Videos", "Readings", "Quizzes", "Forum", "Mentor"]),
    ("Where did you struggle?", ["Time", "Language", "Tools", "Content", "None"]),
]
RANKING = (
    "Rank the topics for the next cohort",
    ["Budgets", "Citizens' juries", "Youth councils", "Petitions", "Open data"],
)
TEXTS = ["What should we keep?", "What should we change?", "Anything else?"]
VOCABULARY = (
    "the sessions were clear and the readings useful but the forum was quiet and the "
    "quizzes too long more examples from other cities would help thank you"
)
WORDS = VOCABULARY.split()


def _texts(english: str) -> dict[str, str]:
    return {"en": english, "fr": f"{english} (fr)"}


def make_survey(cohort):
    from agora.surveys.models import Question, Survey

    survey = Survey.objects.create(
        cohort=cohort, purpose=Survey.Purpose.EVALUATION, title=_texts(SURVEY_TITLE),
        anonymous=True, for_learners=True,
    )  # fmt: skip
    kinds = (
        [(Question.Kind.RATING, prompt, []) for prompt in RATINGS]
        + [(Question.Kind.SINGLE, prompt, options) for prompt, options in SINGLES]
        + [(Question.Kind.MULTIPLE, prompt, options) for prompt, options in MULTIPLES]
        + [(Question.Kind.RANKING, *RANKING)]
        + [(Question.Kind.TEXT, prompt, []) for prompt in TEXTS]
    )
    Question.objects.bulk_create(
        Question(survey=survey, order=order, kind=kind, prompt=_texts(prompt),
                 options=[{"text": _texts(option), "detail": {}} for option in options],
                 required=kind != Question.Kind.TEXT)
        for order, (kind, prompt, options) in enumerate(kinds, start=1)
    )  # fmt: skip
    return survey


def answer(rng: random.Random, question) -> object:
    from agora.surveys.models import Question

    count = len(question.options)
    if question.kind == Question.Kind.RATING:
        return rng.choices(range(1, 6), weights=[1, 2, 4, 6, 4])[0]
    if question.kind == Question.Kind.SINGLE:
        return rng.randrange(count)
    if question.kind == Question.Kind.MULTIPLE:
        return sorted(rng.sample(range(count), rng.randint(1, 3)))
    if question.kind == Question.Kind.RANKING:
        return rng.sample(range(count), count)
    if rng.random() < WROTE_TEXT:
        return " ".join(rng.choices(WORDS, k=rng.randint(5, 30))).capitalize() + "."
    return None  # left empty: not in the answers


def generate() -> dict[str, str]:
    from django.db import connection, transaction

    from agora.delivery.models import Cohort
    from agora.surveys.models import Participation, Question, Response, Survey

    delivery.generate()
    cohort = Cohort.objects.get(slug=delivery.COHORT_SLUG)
    survey = Survey.objects.filter(cohort=cohort, title__en=SURVEY_TITLE).first()
    if survey is not None:
        print("bench surveys: kept the survey already there")
    else:
        started = time.monotonic()
        rng = random.Random(SEED)
        with transaction.atomic():
            survey = make_survey(cohort)
            questions = list(survey.questions.all())
            learners = list(cohort.enrolments.order_by("pk").values_list("user_id", flat=True))
            responses = []
            for _learner in learners:
                answers = {str(q.pk): answer(rng, q) for q in questions}
                answers = {key: value for key, value in answers.items() if value is not None}
                language = rng.choice(delivery.LANGUAGES)
                responses.append(Response(survey=survey, language=language, answers=answers))
            rng.shuffle(responses)  # anonymous: the rows' order says nothing of who
            Response.objects.bulk_create(responses, batch_size=BATCH)
            Participation.objects.bulk_create(
                (Participation(survey=survey, user_id=user) for user in learners),
                batch_size=BATCH,
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(
            f"bench surveys: {len(questions)} questions, {len(responses)} responses "
            f"in {time.monotonic() - started:.1f} s"
        )
    text = survey.questions.filter(kind=Question.Kind.TEXT).order_by("order").first()
    return {
        "results": f"/surveys/manage/{survey.pk}/results/",
        "texts_page_2": f"/surveys/manage/{survey.pk}/results/{text.pk}/texts/?page=2",
        "csv": f"/surveys/manage/{survey.pk}/results.csv",
    }


def time_in_process() -> dict:
    """Counting the results and writing the CSV file, in this process: time, peak memory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agora.surveys import results
    from agora.surveys.models import Survey

    survey = Survey.objects.select_related("cohort").get(title__en=SURVEY_TITLE)

    def timed(work) -> dict:
        work()  # warm
        times = []
        for _ in range(TIMING_REPEATS):
            started = time.perf_counter()
            work()
            times.append(1000 * (time.perf_counter() - started))
        tracemalloc.start()
        work()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"median_ms": round(statistics.median(times), 1), "peak_kib": peak // 1024}

    with CaptureQueriesContext(connection) as queries:
        results.question_results(survey, "en")
    return {
        "responses": survey.responses.count(),
        "results": {
            **timed(lambda: results.question_results(survey, "en")),
            "queries": len(queries),
        },
        "csv": timed(lambda: sum(len(line) for line in results.csv_lines(survey, "en"))),
    }


def prepare_data(env: dict[str, str]) -> dict:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.surveys", "generate", str(SESSIONS_FILE)],
        env=env, cwd=ROOT, check=True, timeout=SETUP_TIMEOUT_S, stdout=sys.stderr,
    )  # fmt: skip
    print(f"bench: surveys data took {time.monotonic() - started:.1f} s", file=sys.stderr)
    return json.loads(PATHS_FILE.read_text())


def run(server: Server, load: LoadOptions) -> dict:
    env = server_env()  # its SECRET_KEY signs the sessions and the server that reads them
    paths = prepare_data(env)
    with serving(env) as own:
        pages = {name: (path, "organiser") for name, path in paths.items()}
        result: dict = delivery.measure_pages(own, pages, load)
    result["in_process"] = json.loads(TIMINGS_FILE.read_text())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.surveys", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    generating = commands.add_parser("generate", help="the data once, fresh sessions, timings")
    generating.add_argument("sessions", help="where to write the session cookies (JSON)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from bench.data import setup_django

    setup_django()
    PATHS_FILE.write_text(json.dumps(generate()))
    delivery.make_sessions(Path(args.sessions))
    TIMINGS_FILE.write_text(json.dumps(time_in_process()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
