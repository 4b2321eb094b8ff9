"""The ``forums`` benchmark: one forum space with 10,000 threads and 200,000 posts, read by
signed-in learners: the thread list (first and a deep page), a thread (first page, and the last
page of a 5,000-post thread), and search within the forum (a common word, two rarer words).

    bench/run forums                        # generates the data on first use, then measures
    python -m bench.forums generate FILE    # data only, paths written to FILE (JSON)
    python -m bench.forums time FILE        # search timed in-process, no server

The data sits in the delivery benchmark's cohort (bench/delivery.py makes it, with its 5,000
learners and their signed-in sessions, which this benchmark reuses): its forum's general space
gets 10,000 threads; one of them has 5,000 posts, the others share the remaining 190,000
(about 19 each). Authors are the cohort's learners; texts are 12-40 words drawn from a
vocabulary of about 200 words by Zipf's law, so some words are common and others rare. The
post HTML is the escaped text in a paragraph (rendering 200,000 Markdown texts would only slow
the generator). Written with ``bulk_create`` in one transaction, then indexed for search, once.
Seeded: the same on every run.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx

from bench import delivery
from bench.harness import ROOT, SETUP_TIMEOUT_S, VAR_DIR, LoadOptions, Server, serving
from bench.harness import server_env as harness_env

SEED = 10_000
THREADS = 10_000
POSTS = 200_000
LONG_THREAD_POSTS = 5_000
BATCH = 5_000
PATHS_FILE = VAR_DIR / "forums-paths.json"
SPACE_SLUG = "general"
TIMING_REPEATS = 20
LAST_PAGE = LONG_THREAD_POSTS // 20  # 20 posts a page

VOCABULARY = (
    "participation citizens panel council budget deliberation jury assembly mandate "
    "recommendation facilitation agenda survey interview residents neighbourhood school "
    "library park transport housing climate energy water health youth elderly inclusion "
    "accessibility language translation invitation recruitment stratified sample lottery "
    "sortition quota gender age income education district municipality region ministry agency "
    "officer mayor councillor committee hearing petition consultation workshop charrette "
    "prototype pilot evaluation indicator outcome impact feedback loop trust legitimacy "
    "transparency accountability open data platform tool map poll vote ranking ballot "
    "proposal idea comment reply question answer evidence expert witness briefing material "
    "video recording summary report minutes timeline milestone deadline week session room "
    "venue online hybrid breakout plenary moderator note board sticky wall canvas template "
    "method practice case example lesson mistake success challenge barrier resource funding "
    "grant partner collective association network community volunteer staff team lead "
    "coordinator trainer mentor learner cohort module unit activity task result draft final "
    "review rubric criteria score reflection journal story photo drawing poster leaflet "
    "newsletter blog press media social channel message email phone letter visit walk tour "
    "excursion lunch coffee break schedule calendar reminder follow up next step plan goal "
    "vision strategy policy law regulation procedure rule right duty service need priority "
    "conflict consensus compromise majority minority voice listening empathy respect"
)
WORDS = VOCABULARY.split()
# Zipf's law: the word of rank r comes up in proportion to 1/r.
CUM_WEIGHTS = list(itertools.accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))
COMMON_QUERY = WORDS[20]  # in about one post in five
RARE_QUERY = f"{WORDS[150]} {WORDS[170]}"  # both in about one post in a thousand


# --- Data ---------------------------------------------------------------------------------------


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=CUM_WEIGHTS, k=rng.randint(12, 40)))


def generate() -> dict:
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.html import escape

    from agora.delivery.models import Cohort
    from agora.forums import posting, search
    from agora.forums.models import Post, Thread

    cohort = Cohort.objects.get(slug=delivery.COHORT_SLUG)
    forum = posting.cohort_forum(cohort)
    space = forum.spaces.get(slug=SPACE_SLUG)
    if not space.threads.exists():
        started = time.monotonic()
        rng = random.Random(SEED)
        authors = list(cohort.enrolments.values_list("user_id", flat=True))
        now = timezone.now()
        shares = [LONG_THREAD_POSTS] + [
            (POSTS - LONG_THREAD_POSTS) // (THREADS - 1)
            + (1 if n < (POSTS - LONG_THREAD_POSTS) % (THREADS - 1) else 0)
            for n in range(THREADS - 1)
        ]
        with transaction.atomic():
            Thread.objects.bulk_create(
                (Thread(space=space, title=" ".join(sentence(rng).split()[:6]).capitalize(),
                        author_id=rng.choice(authors), post_count=shares[n],
                        created_at=now - timedelta(minutes=THREADS - n),
                        last_posted_at=now - timedelta(minutes=rng.randint(0, 60 * 24 * 60)))
                 for n in range(THREADS)),
                batch_size=BATCH,
            )  # fmt: skip
            threads = list(space.threads.order_by("pk").values_list("pk", "title"))
            posts = []
            for (thread_id, _title), share in zip(threads, shares, strict=True):
                for _n in range(share):
                    body = sentence(rng)
                    posts.append(Post(thread_id=thread_id, author_id=rng.choice(authors),
                                      body=body, body_html=f"<p>{escape(body)}</p>\n",
                                      created_at=now))  # fmt: skip
                if len(posts) >= BATCH:
                    Post.objects.bulk_create(posts, batch_size=BATCH)
                    posts = []
            Post.objects.bulk_create(posts, batch_size=BATCH)
            titles = dict(threads)
            first_posts = set(
                Post.objects.filter(thread__space=space)
                .order_by("thread_id", "pk").distinct("thread_id").values_list("pk", flat=True)
            ) if connection.vendor == "postgresql" else _first_posts(space)  # fmt: skip
            rows = (
                (pk, forum.pk, titles[thread_id] if pk in first_posts else "", body)
                for pk, thread_id, body in Post.objects.filter(thread__space=space)
                .values_list("pk", "thread_id", "body").iterator(BATCH)
            )
            search.index_posts(list(rows))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"bench forums: {THREADS} threads, {POSTS} posts in "
              f"{time.monotonic() - started:.1f} s")  # fmt: skip
    else:
        print("bench forums: kept the forum data already there")
    long_thread = space.threads.order_by("-post_count", "pk").first()
    usual_thread = space.threads.order_by("post_count", "pk").first()
    return {
        "space_first_page": f"/forums/spaces/{space.pk}/",
        "space_deep_page": f"/forums/spaces/{space.pk}/?page=300",
        "thread": f"/forums/threads/{usual_thread.pk}/",
        "long_thread_last_page": f"/forums/threads/{long_thread.pk}/?page={LAST_PAGE}",
        "search_common": f"/forums/{forum.pk}/search/?q={COMMON_QUERY}",
        "search_rare": f"/forums/{forum.pk}/search/?q={RARE_QUERY.replace(' ', '+')}",
    }


def _first_posts(space) -> set[int]:
    from django.db.models import Min

    from agora.forums.models import Post

    return set(
        Post.objects.filter(thread__space=space)
        .values("thread_id").annotate(first=Min("pk")).values_list("first", flat=True)
    )  # fmt: skip


def time_search() -> dict[str, float]:
    """Median milliseconds of one search (count + first page), in-process, no HTTP."""
    from django.core.paginator import Paginator

    from agora.delivery.models import Cohort
    from agora.forums import search
    from agora.forums.models import Post

    forum = Cohort.objects.get(slug=delivery.COHORT_SLUG).forum
    posts = Post.objects.filter(thread__space__forum=forum, hidden=False, thread__hidden=False)
    timings = {}
    for name, query in (("common", COMMON_QUERY), ("rare", RARE_QUERY)):
        samples = []
        for _ in range(TIMING_REPEATS):
            started = time.perf_counter()
            page = Paginator(search.search_posts(posts, forum.pk, query), 20).get_page(1)
            found = page.paginator.count
            list(Post.objects.select_related("thread", "author").in_bulk(page.object_list))
            samples.append((time.perf_counter() - started) * 1000)
        timings[f"search_{name}_ms"] = round(statistics.median(samples), 1)
        timings[f"search_{name}_matches"] = found
    return timings


def prepare_data(env: dict[str, str]) -> tuple[dict, dict, dict]:
    """The delivery cohort and sessions, then the forum data; paths and search timings."""
    sessions = delivery.prepare_data(env)
    started = time.monotonic()
    for step in ("generate", "time"):
        subprocess.run(
            [sys.executable, "-m", "bench.forums", step, str(PATHS_FILE)],
            env=env, cwd=ROOT, check=True, timeout=SETUP_TIMEOUT_S, stdout=sys.stderr,
        )  # fmt: skip
    print(f"bench: forums data took {time.monotonic() - started:.1f} s", file=sys.stderr)
    data = json.loads(PATHS_FILE.read_text())
    return sessions, data["paths"], data.get("timings", {})


def verify(server: Server, sessions: dict, paths: dict) -> None:
    with httpx.Client(timeout=60.0, trust_env=False) as http:
        cookie = f"{sessions['cookie']}={sessions['learners'][0]}"
        for name, path in paths.items():
            response = http.get(f"{server.base_url}{path}", headers={"Cookie": cookie})
            if response.status_code != 200:
                raise RuntimeError(f"{name}: {path} answered {response.status_code}")
            print(f"bench: {name}: {path} answers 200 when signed in", file=sys.stderr)


def run(server: Server, load: LoadOptions) -> dict:
    env = harness_env()  # its SECRET_KEY signs the sessions and the server that reads them
    sessions, paths, timings = prepare_data(env)
    with serving(env) as own:
        verify(own, sessions, paths)
        pages = {name: (path, "learners") for name, path in paths.items()}
        result: dict = delivery.measure_pages(own, pages, load)
    result["search_in_process"] = timings
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.forums", description=__doc__)
    parser.add_argument("command", choices=["generate", "time"])
    parser.add_argument("paths", help="the JSON file of page paths (and timings)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    from bench.data import setup_django

    setup_django()
    path = Path(args.paths)
    if args.command == "generate":
        path.write_text(json.dumps({"paths": generate()}))
    else:
        data = json.loads(path.read_text())
        data["timings"] = time_search()
        print(f"bench forums: search in-process {data['timings']}")
        path.write_text(json.dumps(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
