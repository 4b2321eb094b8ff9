"""Searching forum posts, as the catalogue searches programmes (agora/catalogue/search.py).

One index row per post holds its forum, its thread's title (for a thread's first post) and its
text:

* SQLite: an FTS5 table ``forums_post_search`` (rowid = post id; ``forum`` holds the token
  ``f<forum id>``, then ``title`` and ``body``), ``unicode61`` without diacritics;
* PostgreSQL: ``forums_post_search (post_id, forum_id, document tsvector)``, a GIN index on the
  document and a B-tree on the forum; the ``simple`` configuration (every language, no
  stemming).

Every write path (``posting.py``) calls ``index_posts`` in its transaction; erasure calls
``unindex_posts``. A thread moves only within its forum, so a row's forum never changes.

Searching is two steps, so its cost stays bounded in a forum of 200,000 posts: the index gives
the ``MAX_MATCHES`` best matches in the forum searched (the full-text engine filters by forum
and ranks in one statement), then the post table keeps those that are shown in threads that
are shown. Hiding a post leaves its row in the index: the second step drops it, so a hidden
post is never found and showing it again needs no reindex.

A query reads as the catalogue's: words, every word required, each matching a word's start.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from agora.catalogue.search import query_words

TABLE = "forums_post_search"
BATCH = 500
# A search lists at most this many posts, best first: nobody reads further, and ranking every
# post that holds a common word would make the search slower the bigger the forum grows.
MAX_MATCHES = 500

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "forum, title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
POSTGRES_CREATE = [
    # No foreign key, as for the catalogue's index: flushing posts must not need this table.
    f"CREATE TABLE IF NOT EXISTS {TABLE} (post_id bigint PRIMARY KEY, forum_id bigint NOT NULL, "
    "document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING GIN (document)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_forum ON {TABLE} (forum_id)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]


def create_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"no forum search for the {vendor} database backend")
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(schema_editor) -> None:
    for statement in DROP:
        schema_editor.execute(statement)


def index_posts(rows: Iterable[tuple[int, int, str, str]]) -> None:
    """Add (or replace) index rows: (post id, forum id, thread title or "", text)."""
    rows = list(rows)
    unindex_posts([row[0] for row in rows])
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            if connection.vendor == "sqlite":
                cursor.executemany(
                    f"INSERT INTO {TABLE} (rowid, forum, title, body) "  # noqa: S608
                    "VALUES (%s, %s, %s, %s)",
                    [(pk, f"f{forum}", title, body) for pk, forum, title, body in chunk],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {TABLE} (post_id, forum_id, document) VALUES (%s, %s, "  # noqa: S608
                    "setweight(to_tsvector('simple'::regconfig, %s), 'A') || "
                    "setweight(to_tsvector('simple'::regconfig, %s), 'B'))",
                    chunk,
                )


def unindex_posts(post_ids: Iterable[int]) -> None:
    ids = list(post_ids)
    key = "rowid" if connection.vendor == "sqlite" else "post_id"
    with connection.cursor() as cursor:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", chunk)  # noqa: S608


def best_matches(forum_id: int, query: str, limit: int | None = None) -> list[int]:
    """Ids of the posts of the forum matching every word of ``query``, best first (one
    statement on the index, hidden posts included). No words: nothing."""
    words = query_words(query)
    if not words:
        return []
    limit = limit or MAX_MATCHES
    if connection.vendor == "sqlite":
        match = f'forum : "f{int(forum_id)}" AND {{title body}} : (' + " ".join(
            f'"{word}"*' for word in words
        ) + ")"
        # bm25 is negative, lower is better; the forum column weighs nothing, titles five times
        # the text.
        sql = (
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "  # noqa: S608
            f"ORDER BY bm25({TABLE}, 0.0, 5.0, 1.0), rowid DESC LIMIT %s"
        )
        params: list = [match, limit]
    elif connection.vendor == "postgresql":
        terms = " && ".join(["to_tsquery('simple'::regconfig, %s)"] * len(words))
        prefixes = [f"{word}:*" for word in words]
        sql = (
            f"SELECT post_id FROM {TABLE} WHERE forum_id = %s AND document @@ ({terms}) "  # noqa: S608
            f"ORDER BY ts_rank(document, {terms}) DESC, post_id DESC LIMIT %s"
        )
        params = [forum_id, *prefixes, *prefixes, limit]
    else:
        raise NotImplementedError(f"no forum search for the {connection.vendor} backend")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search_posts(posts: QuerySet, forum_id: int, query: str) -> list[int]:
    """Ids of the posts of ``posts`` (what the reader may find: shown posts of shown threads of
    the forum) among the best matches of ``query`` in the forum, best first. Two queries."""
    ranked = best_matches(forum_id, query)
    if not ranked:
        return []
    kept = set(posts.filter(pk__in=ranked).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in kept]
