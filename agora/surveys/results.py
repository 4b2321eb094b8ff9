"""Results of a survey, question by question, and their CSV export.

The results are counted by the database (``count_answers``): one query groups each choice,
rating and ranking question's equal answers (one row per distinct answer with how many gave
it), counts the free-text answers and brings the first ``FREE_TEXT_SHOWN`` of each; the pure
``counting`` functions turn the rows into tallies, ratings and Borda standings, exactly as if
they had read every answer. The other free-text answers are read a page at a time
(``free_texts``). So the results page reads a few hundred rows whatever the number of
responses, and the CSV file is written as it is sent (``csv_lines``).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from agora.delivery.exports import EchoFile, escape_cell
from agora.surveys import charts, counting
from agora.surveys.models import Question, Response, Survey, text_in

FREE_TEXT_SHOWN = 200
CSV_BATCH = 500
# An answer that is missing, JSON null, an empty text or an empty list was not given.
NOT_GIVEN = ("null", '""', "[]")


def _given(question_pk: int) -> Q:
    """Responses that answered the question (what ``NOT_GIVEN`` leaves)."""
    return Q(**{f"given_{question_pk}__isnull": False}) & ~Q(
        **{f"given_{question_pk}__in": NOT_GIVEN}
    )


def _responses(survey: Survey) -> QuerySet[Response]:
    return Response.objects.filter(survey=survey).order_by()


# Each answer as JSON text (its key's path as the parameter), NULL when the response has none,
# on the two databases Agora runs on.
# JSON text, not Django's key lookup: SQLite's JSON_EXTRACT returns strings unquoted, so the
# text "3" and the number 3 would be counted together.
ANSWER_SQL = {"sqlite": "(answers -> %s)", "postgresql": "((answers -> %s)::text)"}


def _answer_path(vendor: str, question_pk: int) -> str:
    return f'$."{question_pk}"' if vendor == "sqlite" else str(question_pk)


class AnswerJSON(Func):
    """A response's answer to one question as JSON text (``3``, ``"yes"``, ``[2,0,1]``), NULL
    when it has none (see ANSWER_SQL)."""

    output_field = TextField()

    def __init__(self, question_pk: int) -> None:
        super().__init__(F("answers"))
        self.question_pk = int(question_pk)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        sql = ANSWER_SQL[connection.vendor].replace("answers", column, 1)
        return sql, (*params, _answer_path(connection.vendor, self.question_pk))


@dataclass
class CountedAnswers:
    # Per question: its distinct answers with how many responses gave each, answers as stored
    # (decoded JSON), unanswered ones included (None, "", []). A free-text question has one
    # row, (None, how many answered): every text differs, so texts are not grouped.
    counts: dict[int, list[tuple[object, int]]] = field(default_factory=dict)
    # Per free-text question, its first answers (JSON text) in ``free_texts`` order.
    first_texts: dict[int, list[str]] = field(default_factory=dict)


def count_answers(
    survey: Survey, questions: list[Question], *, first_texts: int = 0
) -> CountedAnswers:
    """What the survey's responses answered to ``questions``, counted by the database, with the
    first ``first_texts`` answers of each free-text question.

    One query, one pass over the survey's responses: every question's answer is taken out of
    each response once (the database parses each response's JSON once for all of them, not
    once per question), then grouped question by question.
    """
    counted = CountedAnswers(
        counts=defaultdict(list), first_texts={q.pk: [] for q in questions if _is_text(q)}
    )
    if not questions:
        return counted
    # Only integers (primary keys, indexes, the limit) and the table's quoted name go into the
    # text; the paths, the survey and the values compared are parameters.
    vendor = connection.vendor
    marks = ", ".join(["%s"] * len(NOT_GIVEN))
    answered = "answer_{n} IS NOT NULL AND answer_{n} NOT IN (" + marks + ")"
    columns = ", ".join(f"{ANSWER_SQL[vendor]} AS answer_{n}" for n in range(len(questions)))
    parts, params = [], []
    for n, question in enumerate(questions):
        pk, answer, where = int(question.pk), f"answer_{n}", answered.format(n=n)
        if not _is_text(question):
            parts.append(f"SELECT {pk}, {answer}, COUNT(*), 0 FROM given GROUP BY {answer}")  # noqa: S608
            continue
        parts.append(f"SELECT {pk}, NULL, COUNT(*), 0 FROM given WHERE {where}")  # noqa: S608
        params += NOT_GIVEN
        if first_texts:
            limit = f"ORDER BY id LIMIT {int(first_texts)}"
            texts = f"SELECT {pk}, {answer}, 1, 1 FROM given WHERE {where} {limit}"  # noqa: S608
            parts.append(f"SELECT * FROM ({texts}) AS texts_{n}")  # noqa: S608
            params += NOT_GIVEN
    table = connection.ops.quote_name(Response._meta.db_table)
    cte = f"WITH given AS MATERIALIZED (SELECT id, {columns} FROM {table} WHERE survey_id = %s)"  # noqa: S608
    sql = f"{cte} {' UNION ALL '.join(parts)}"
    params = [_answer_path(vendor, q.pk) for q in questions] + [survey.pk] + params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, answer, times, is_text in cursor.fetchall():
            if is_text:
                counted.first_texts[pk].append(answer)
            else:
                counted.counts[pk].append((None if answer is None else json.loads(answer), times))
    return counted


def _is_text(question: Question) -> bool:
    return question.kind == Question.Kind.TEXT


def free_texts(question: Question) -> QuerySet:
    """The question's free-text answers (JSON text), in a stable order that says nothing of who
    answered when (the random key), for paging."""
    return (
        _responses(question.survey)
        .annotate(**{f"given_{question.pk}": AnswerJSON(question.pk)})
        .filter(_given(question.pk))
        .order_by("pk")
        .values_list(f"given_{question.pk}", flat=True)
    )


def text_of(stored: str) -> str:
    """A free-text answer as shown: the stored value, whatever its JSON type, as text."""
    return str(json.loads(stored))


@dataclass
class QuestionResult:
    question: Question
    prompt: str
    rows: list[tuple[str, float]] = field(default_factory=list)
    value_heading: str = ""
    answered: int = 0
    mean: float | None = None
    standings: list[counting.Standing] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    more_texts: int = 0
    ranking_rows: list[tuple[int, str, int, int]] = field(default_factory=list)

    @property
    def chart(self) -> str:
        return mark_safe(charts.bar_chart(self.rows)) if self.rows else ""  # noqa: S308 escaped


def _is_given(answer) -> bool:
    return answer not in (None, "", [])


def question_results(survey: Survey, language: str) -> list[QuestionResult]:
    languages = survey.cohort.languages
    questions = list(survey.questions.all())
    counted = count_answers(survey, questions, first_texts=FREE_TEXT_SHOWN)
    results = []
    for question in questions:
        given = [
            (answer, times)
            for answer, times in counted.counts.get(question.pk, [])
            if _is_text(question) or _is_given(answer)
        ]
        result = QuestionResult(
            question=question,
            prompt=text_in(question.prompt, language, languages),
            answered=sum(times for _answer, times in given),
        )
        options = question.option_texts(language, languages)
        if question.kind == Question.Kind.RANKING:
            result.standings = counting.borda_counted(given, len(options))
            result.rows = [(options[s.option], s.points) for s in result.standings]
            result.ranking_rows = [
                (s.place, options[s.option], s.points, s.first_places) for s in result.standings
            ]
            result.value_heading = _("Points")
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            result.rows = list(
                zip(options, counting.tally_counted(given, len(options)), strict=True)
            )
            result.value_heading = _("Answers")
        elif question.kind == Question.Kind.RATING:
            summary = counting.ratings_counted(given, Question.SCALE)
            result.rows = [
                (str(point), count) for point, count in enumerate(summary.distribution, start=1)
            ]
            result.mean = summary.mean
            result.value_heading = _("Answers")
        else:
            result.texts = [text_of(text) for text in counted.first_texts[question.pk]]
            result.more_texts = max(result.answered - FREE_TEXT_SHOWN, 0)
        results.append(result)
    return results


def _option(value, options: list[str]) -> str | None:
    """The option an answer's index names, None for anything else (a changed question)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(options):
        return options[value]
    return None


def _cell(question: Question, value, options: list[str]) -> str:
    if value in (None, "", []):
        return ""
    if question.kind in (Question.Kind.RANKING, Question.Kind.MULTIPLE):
        chosen = value if isinstance(value, list) else []
        texts = [text for text in (_option(i, options) for i in chosen) if text is not None]
        return (" > " if question.kind == Question.Kind.RANKING else "; ").join(texts)
    if question.kind == Question.Kind.SINGLE:
        return _option(value, options) or ""
    return str(value)



def csv_lines(survey: Survey, language: str) -> Iterator[str]:
    """The CSV file line by line, one row per response; named surveys add who answered,
    anonymous ones never do. Responses are read ``CSV_BATCH`` at a time, so memory does not
    grow with the survey. The header is made now (in the request's language); the rows when
    the iterator is read."""
    languages = survey.cohort.languages
    questions = list(survey.questions.all())
    options = {q.pk: q.option_texts(language, languages) for q in questions}
    writer = csv.writer(EchoFile())
    head = [] if survey.anonymous else [_("Name"), _("Organisation"), _("Submitted")]
    header = writer.writerow(
        [
            escape_cell(h)
            for h in head
            + [_("Language")]
            + [text_in(q.prompt, language, languages) for q in questions]
        ]
    )
    # Plain values, not model instances: this runs once per response.
    who = [] if survey.anonymous else ["respondent__full_name", "organisation_name", "submitted_at"]
    rows = survey.responses.order_by("submitted_at", "pk").values_list(*who, "language", "answers")

    def lines() -> Iterator[str]:
        yield header
        for *named, answered_in, answers in rows.iterator(chunk_size=CSV_BATCH):
            if named:
                name, organisation, submitted_at = named
                named = [name or "", organisation, submitted_at.isoformat() if submitted_at else ""]
            cells = [_cell(q, answers.get(str(q.pk)), options[q.pk]) for q in questions]
            yield writer.writerow([escape_cell(value) for value in [*named, answered_in, *cells]])

    return lines()
