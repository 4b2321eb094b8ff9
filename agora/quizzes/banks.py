"""Editing question banks: GIFT text in, questions out (one transaction each)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from agora.catalogue.models import Module
from agora.quizzes import gift
from agora.quizzes.grading import shape
from agora.quizzes.models import Question


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0


class BankError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_gift(text: str) -> list[gift.GiftQuestion]:
    """The questions of a GIFT text; raises BankError with every problem (line: message)."""
    questions, problems = gift.parse(text, gettext)
    if problems:
        raise BankError([
            gettext("line %(line)s: %(message)s") % {"line": p.line, "message": p.message}
            for p in problems
        ])
    if not questions:
        raise BankError([gettext("No question found in the text.")])
    return questions


@transaction.atomic
def import_gift(module: Module, language: str, text: str) -> ImportReport:
    """Add the GIFT text's questions to the module's bank in ``language``.

    A question whose title is already a key of the bank becomes (or replaces) that question's
    ``language`` version, if its kind and right answers match the other versions; a question
    without a title gets a new key. All or nothing: any problem and nothing is saved.
    """
    questions = parse_gift(text)
    existing = {question.key: question for question in module.quiz_questions.all()}
    next_order = (module.quiz_questions.aggregate(last=Max("order"))["last"] or 0) + 1
    report = ImportReport()
    problems = []
    for found in questions:
        question = existing.get(found.key) if found.key else None
        if question is None:
            key = found.key or _free_key(module, existing)
            question = Question(module=module, key=key, kind=found.kind, order=next_order,
                                tags=found.tags)
            next_order += 1
            existing[key] = question
            report.created += 1
        else:
            problem = _mismatch(question, language, found)
            if problem:
                problems.append(problem)
                continue
            report.updated += 1
        question.versions = {**question.versions, language: found.version}
        if found.tags:
            question.tags = sorted(set(question.tags) | set(found.tags))
        question.save()
    if problems:
        raise BankError(problems)
    return report


def _free_key(module: Module, existing: dict[str, Question]) -> str:
    number = len(existing) + 1
    while f"q{number}" in existing:
        number += 1
    return f"q{number}"


def _mismatch(question: Question, language: str, found: gift.GiftQuestion) -> str:
    """Why ``found`` cannot be ``question``'s version in ``language`` ("" if it can)."""
    others = {code: version for code, version in question.versions.items() if code != language}
    if not others:
        return ""
    reference = next(iter(others.values()))
    if shape(question.kind, reference) != shape(found.kind, found.version):
        return gettext(
            'Question "%(key)s": its kind, options or right answers differ from its other '
            "languages. Change them in every language, or give it a new title."
        ) % {"key": question.key}
    return ""


@transaction.atomic
def replace_version(question: Question, language: str, text: str) -> Question:
    """Set one language's version of a question from the GIFT text of one question."""
    questions = parse_gift(text)
    if len(questions) != 1:
        raise BankError([gettext("Write exactly one question.")])
    found = questions[0]
    problem = _mismatch(question, language, found)
    if problem:
        raise BankError([problem])
    question.kind = found.kind
    question.versions = {**question.versions, language: found.version}
    question.save(update_fields=["kind", "versions"])
    return question


def gift_of(question: Question, language: str, fallback: str) -> str:
    """One question as GIFT, in ``language`` (else the fallback's text, to translate)."""
    version = question.versions.get(language) or question.version(language, fallback)
    return gift.write(gift.GiftQuestion(question.key, question.kind, version, question.tags))


def gift_of_bank(module: Module, language: str) -> str:
    fallback = module.level.programme.source_language
    return "\n".join(
        gift_of(question, language, fallback)
        for question in module.quiz_questions.all()
        if language in question.versions
    )
