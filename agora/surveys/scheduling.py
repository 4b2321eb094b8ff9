"""Turning a topic ballot's winners into the cohort's schedule, in one step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from agora.catalogue.models import pick_text
from agora.delivery.models import ScheduledSession
from agora.surveys import counting
from agora.surveys.models import Question, ScheduledTopic, text_in
from agora.surveys.results import count_answers


@dataclass(frozen=True)
class Change:
    session: ScheduledSession
    rank: int
    option: int
    old_title: str
    new_title: str
    new_case: str


def winners(question: Question, count: int) -> list[counting.Standing]:
    given = count_answers(question.survey, [question]).counts.get(question.pk, [])
    return counting.borda_counted(given, len(question.options))[:count]


def planned_changes(
    question: Question, sessions: Sequence[ScheduledSession], language: str
) -> list[Change]:
    """What scheduling the winners would do: the first winner into the earliest session."""
    languages = question.survey.cohort.languages
    ordered = sorted(sessions, key=lambda session: (session.starts_at, session.pk))
    changes = []
    for session, standing in zip(ordered, winners(question, len(ordered)), strict=False):
        option = question.options[standing.option]
        changes.append(Change(
            session=session, rank=standing.place, option=standing.option,
            old_title=pick_text(session.title, language, languages[0]),
            new_title=text_in(option.get("text"), language, languages),
            new_case=text_in(option.get("detail"), language, languages),
        ))
    return changes


def schedule_winners(
    question: Question, sessions: Sequence[ScheduledSession]
) -> list[ScheduledSession]:
    """Give each session the title and partner case (every language) of a winning topic, in
    rank order by date, and record that this ballot scheduled it. Running it again with the
    same answers changes nothing more."""
    with transaction.atomic():
        locked = list(
            ScheduledSession.objects.select_for_update()
            .filter(pk__in=[session.pk for session in sessions])
            .order_by("starts_at", "pk")
        )
        for change in planned_changes(question, locked, ""):
            session = change.session
            option = question.options[change.option]
            session.title = dict(option.get("text") or {})
            session.partner_case = dict(option.get("detail") or {})
            session.save(update_fields=["title", "partner_case", "updated_at"])
            ScheduledTopic.objects.update_or_create(
                session=session,
                defaults={"question": question, "option": change.option, "rank": change.rank},
            )
    return locked
