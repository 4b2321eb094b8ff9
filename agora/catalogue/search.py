"""Finding programmes: full-text search, and the filters that depend on the database backend.

One search index row per programme holds the programme's title, summary, description and
learning outcomes, and the titles of its modules, in every language it has them in:

* SQLite (embedded): an FTS5 virtual table, ``catalogue_programme_search`` (rowid = programme
  id, columns ``title`` and ``body``), tokenised with ``unicode61`` without diacritics;
* PostgreSQL: a table ``catalogue_programme_search (programme_id, document tsvector)`` with a
  GIN index; the document is indexed with the ``simple`` configuration (every language, no
  stemming) plus, for each language PostgreSQL can stem, that language's configuration.

The index is derived data. Code that writes a programme or its modules (content-package import,
authoring) calls ``reindex_programme(programme)`` afterwards, in the same transaction;
``reindex_all()`` rebuilds everything (migration ``0003_search_index`` calls it). Rows of
deleted programmes are harmless (searches join on the programme table) and are dropped by the
next reindex of that id or by ``reindex_all()``.

Both backends read a query the same way: words (letters and digits), every word required, each
matching the start of a word (``partic`` finds "participation"), case-insensitively.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, Model, QuerySet
from django.db.models.expressions import RawSQL
from i18nfield.strings import LazyI18nString

TABLE = "catalogue_programme_search"
PROGRAMME_TABLE = "catalogue_programme"
# What the index holds, beside the module titles.
TITLE_FIELDS = ("title",)
BODY_FIELDS = ("summary", "description", "objectives")
MAX_WORDS = 12  # a longer query is cut: every word adds work and none adds much precision
BATCH = 500
WORD = re.compile(r"[^\W_]+")

# Content languages that PostgreSQL (12 and later) stems, by their text-search configuration.
POSTGRES_CONFIGS = {
    "da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch", "pt": "portuguese",
    "ro": "romanian", "sv": "swedish",
}  # fmt: skip

# --- The index's tables ---------------------------------------------------------------------

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2')",
]
POSTGRES_CREATE = [
    # No foreign key: flushing the programme table (as transactional tests do) must not need
    # this one flushed too; rows of deleted programmes never match (searches join).
    f"CREATE TABLE IF NOT EXISTS {TABLE} (programme_id bigint PRIMARY KEY, "
    "document tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_document ON {TABLE} USING GIN (document)",
]
DROP = [f"DROP TABLE IF EXISTS {TABLE}"]


def create_index(schema_editor) -> None:
    """Create the index's tables for the schema editor's database (used by the migration)."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"no programme search for the {vendor} database backend")
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(schema_editor) -> None:
    for statement in DROP:
        schema_editor.execute(statement)


# --- Building documents -----------------------------------------------------------------------


def _texts(value) -> dict[str, str]:
    """A multilingual field's value as {language: text}, whatever shape it comes in."""
    if isinstance(value, LazyI18nString):
        value = value.data
    if isinstance(value, dict):
        return {code: text for code, text in value.items() if isinstance(text, str) and text}
    return {"": value} if isinstance(value, str) and value else {}


class _Document:
    """One programme's searchable text, per language, split into title and body."""

    def __init__(self) -> None:
        self.title: dict[str, list[str]] = defaultdict(list)
        self.body: dict[str, list[str]] = defaultdict(list)

    def add(self, part: dict[str, list[str]], value) -> None:
        for language, text in _texts(value).items():
            part[language].append(text)

    @staticmethod
    def join(part: dict[str, list[str]]) -> str:
        return "\n".join(text for texts in part.values() for text in texts)


def _documents(programme_ids: Iterable[int] | None, apps) -> dict[int, _Document]:
    """Documents of the given programmes (all of them for None): two queries."""
    programme_model = apps.get_model("catalogue", "Programme")
    module_model = apps.get_model("catalogue", "Module")
    programmes = programme_model._default_manager.all()
    modules = module_model._default_manager.all()
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=programme_ids)
        modules = modules.filter(level__programme_id__in=programme_ids)
    documents: dict[int, _Document] = {}
    for row in programmes.values_list("pk", *TITLE_FIELDS, *BODY_FIELDS).iterator(BATCH):
        document = documents[row[0]] = _Document()
        for value in row[1 : 1 + len(TITLE_FIELDS)]:
            document.add(document.title, value)
        for value in row[1 + len(TITLE_FIELDS) :]:
            document.add(document.body, value)
    for programme_id, title in modules.values_list("level__programme_id", "title").iterator(
        BATCH
    ):
        if programme_id in documents:
            documents[programme_id].add(documents[programme_id].body, title)
    return documents


def _write(documents: dict[int, _Document], delete_ids: Iterable[int] | None) -> None:
    """Replace the rows of ``delete_ids`` (every row for None) with ``documents``."""
    with connection.cursor() as cursor:
        if delete_ids is None:
            cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 (constant table name)
        else:
            ids = list(delete_ids)
            key = "rowid" if connection.vendor == "sqlite" else "programme_id"
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", chunk)  # noqa: S608
        items = list(documents.items())
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            if connection.vendor == "sqlite":
                cursor.executemany(
                    f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                    [(pk, doc.join(doc.title), doc.join(doc.body)) for pk, doc in chunk],
                )
            else:
                for pk, document in chunk:
                    sql, params = _postgres_document(document)
                    cursor.execute(
                        f"INSERT INTO {TABLE} (programme_id, document) VALUES (%s, {sql})",  # noqa: S608
                        [pk, *params],
                    )


def _postgres_document(document: _Document) -> tuple[str, list]:
    """SQL for a weighted tsvector: titles A, the rest B; simple, plus stemmed by language."""
    parts: list[str] = []
    params: list = []
    for weight, part in (("A", document.title), ("B", document.body)):
        parts.append(f"setweight(to_tsvector('simple'::regconfig, %s), '{weight}')")
        params.append(document.join(part))
        for language, texts in part.items():
            config = POSTGRES_CONFIGS.get(language)
            if config:
                parts.append(f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')")
                params.extend([config, "\n".join(texts)])
    return " || ".join(parts), params


def reindex_programme(programme: Model | int) -> None:
    """Bring the index up to date for one programme (after its text or modules changed, or
    after it was deleted). Call it inside the writing transaction."""
    pk = programme if isinstance(programme, int) else programme.pk
    _write(_documents([pk], global_apps), delete_ids=[pk])


def reindex_all(apps=None) -> int:
    """Rebuild the whole index; returns the number of programmes indexed. A migration passes
    its historical ``apps``."""
    documents = _documents(None, apps or global_apps)
    _write(documents, delete_ids=None)
    return len(documents)


def _raw(sql: str, params: list, **kwargs) -> RawSQL:
    """SQL built here from constants only (table and column names); values go as parameters."""
    return RawSQL(sql, params, **kwargs)  # noqa: S611


# --- Searching --------------------------------------------------------------------------------


def query_words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:MAX_WORDS]


def search_programmes(queryset: QuerySet, query: str) -> QuerySet:
    """The programmes of ``queryset`` that match every word of ``query``, best match first
    (annotated ``search_rank``: lower is better). A query without words changes nothing.

    The index table is joined (``extra``: the ORM has no other way to join a table without a
    model), so the full-text match and the rank are computed once per query, not per row.
    Call it once per queryset: the table can be joined only once.
    """
    words = query_words(query)
    if not words:
        return queryset
    outer = f"{connection.ops.quote_name(PROGRAMME_TABLE)}.{connection.ops.quote_name('id')}"
    if connection.vendor == "sqlite":
        match = [" ".join(f'"{word}"*' for word in words)]
        # bm25 is negative, lower is better; titles weigh five times the rest.
        rank, rank_params = f"bm25({TABLE}, 5.0, 1.0)", []
        where = [f"{TABLE}.rowid = {outer}", f"{TABLE} MATCH %s"]
    elif connection.vendor == "postgresql":
        tsquery, match = _postgres_query(words)
        rank, rank_params = f"-ts_rank({TABLE}.document, {tsquery})", match
        where = [f"{TABLE}.programme_id = {outer}", f"{TABLE}.document @@ ({tsquery})"]
    else:
        raise NotImplementedError(f"no programme search for the {connection.vendor} backend")
    return queryset.extra(  # noqa: S610 (constant SQL; the words go as parameters)
        select={"search_rank": rank},
        select_params=rank_params,
        tables=[TABLE],
        where=where,
        params=match,
    ).order_by("search_rank", "pk")


def _postgres_query(words: list[str]) -> tuple[str, list]:
    """Every word as a prefix, in the simple configuration and stemmed in the active language's
    (when PostgreSQL has one), the words joined with AND."""
    from django.utils import translation

    config = POSTGRES_CONFIGS.get((translation.get_language() or "en").split("-")[0])
    terms, params = [], []
    for word in words:
        term = "to_tsquery('simple'::regconfig, %s)"
        params.append(f"{word}:*")
        if config:
            term = f"({term} || to_tsquery(%s::regconfig, %s))"
            params.extend([config, f"{word}:*"])
        terms.append(term)
    return " && ".join(terms), params


# --- Filters on JSON lists --------------------------------------------------------------------


def _programme_column(field: str) -> str:
    quote = connection.ops.quote_name
    return f"{quote(PROGRAMME_TABLE)}.{quote(field)}"


def having_in_list(queryset: QuerySet, field: str, value: str) -> QuerySet:
    """Programmes whose JSON list ``field`` (languages, audiences, tags) holds ``value``."""
    if connection.vendor == "postgresql":
        return queryset.filter(**{f"{field}__contains": [value]})
    column = _programme_column(field)
    return queryset.filter(
        _raw(
            f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = %s)",  # noqa: S608
            [value],
            output_field=BooleanField(),
        )
    )


def list_values(queryset: QuerySet, field: str) -> list[str]:
    """Every value found in the JSON list ``field`` of the programmes of ``queryset``, sorted:
    one query."""
    try:
        inner, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a queryset that can hold nothing (``.none()``)
        return []
    table = connection.ops.quote_name(PROGRAMME_TABLE)
    column = f"p.{connection.ops.quote_name(field)}"
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT DISTINCT jsonb_array_elements_text({column}) FROM {table} p "  # noqa: S608
            f"WHERE jsonb_typeof({column}) = 'array' AND p.id IN ({inner})"
        )
    else:
        sql = (
            f"SELECT DISTINCT j.value FROM {table} p, json_each({column}) j "  # noqa: S608
            f"WHERE j.type = 'text' AND p.id IN ({inner})"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(str(row[0]) for row in cursor.fetchall())
