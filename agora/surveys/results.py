"""Results of a survey, question by question, and their CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from agora.delivery.exports import escape_cell
from agora.surveys import charts, counting
from agora.surveys.models import Question, Survey, text_in

FREE_TEXT_SHOWN = 200


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


def survey_answers(survey: Survey) -> list[dict]:
    """Every response's answers: one query, only the answers column."""
    return list(survey.responses.values_list("answers", flat=True))


def question_results(survey: Survey, language: str) -> list[QuestionResult]:
    languages = survey.cohort.languages
    all_answers = survey_answers(survey)
    results = []
    for question in survey.questions.all():
        given = [answers[str(question.pk)] for answers in all_answers
                 if answers.get(str(question.pk)) not in (None, "", [])]
        result = QuestionResult(
            question=question, prompt=text_in(question.prompt, language, languages),
            answered=len(given),
        )
        options = question.option_texts(language, languages)
        if question.kind == Question.Kind.RANKING:
            result.standings = counting.borda(given, len(options))
            result.rows = [(options[s.option], s.points) for s in result.standings]
            result.ranking_rows = [
                (s.place, options[s.option], s.points, s.first_places) for s in result.standings
            ]
            result.value_heading = _("Points")
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            result.rows = list(zip(options, counting.tally(given, len(options)), strict=True))
            result.value_heading = _("Answers")
        elif question.kind == Question.Kind.RATING:
            summary = counting.ratings(given, Question.SCALE)
            result.rows = [(str(point), count) for point, count in
                           enumerate(summary.distribution, start=1)]
            result.mean = summary.mean
            result.value_heading = _("Answers")
        else:
            texts = [str(text) for text in given]
            result.texts = texts[:FREE_TEXT_SHOWN]
            result.more_texts = max(len(texts) - FREE_TEXT_SHOWN, 0)
        results.append(result)
    return results


def _cell(question: Question, value, options: list[str]) -> str:
    if value in (None, "", []):
        return ""
    if question.kind == Question.Kind.RANKING:
        return " > ".join(options[i] for i in value if isinstance(i, int) and i < len(options))
    if question.kind == Question.Kind.MULTIPLE:
        return "; ".join(options[i] for i in value if isinstance(i, int) and i < len(options))
    if question.kind == Question.Kind.SINGLE:
        return options[value] if isinstance(value, int) and value < len(options) else ""
    return str(value)


def to_csv(survey: Survey, language: str) -> str:
    """One row per response; named surveys add who answered, anonymous ones never do."""
    languages = survey.cohort.languages
    questions = list(survey.questions.all())
    options = {q.pk: q.option_texts(language, languages) for q in questions}
    output = io.StringIO()
    writer = csv.writer(output)
    head = [] if survey.anonymous else [_("Name"), _("Organisation"), _("Submitted")]
    writer.writerow([escape_cell(h) for h in
                     head + [_("Language")] + [text_in(q.prompt, language, languages)
                                               for q in questions]])
    responses = survey.responses.select_related("respondent").order_by("submitted_at", "pk")
    for response in responses.iterator(chunk_size=500):
        who = []
        if not survey.anonymous:
            who = [
                response.respondent.full_name if response.respondent else "",
                response.organisation_name,
                response.submitted_at.isoformat() if response.submitted_at else "",
            ]
        cells = [_cell(q, response.answers.get(str(q.pk)), options[q.pk]) for q in questions]
        writer.writerow([escape_cell(value) for value in who + [response.language] + cells])
    return output.getvalue()
