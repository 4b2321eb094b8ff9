"""Demo loader: a topic ballot for the P2 cohort and a course evaluation for the P5 cohort.

Runs after the delivery loader (it needs its cohorts and enrolments). P2's partner
organisations and learners rank candidate deep-dive topics (the ballot answers the programme's
"topic-ballot" survey activity); P5's learners evaluate the course in English or French.
Loading again changes nothing: surveys are matched by cohort and purpose, questions by order,
partner links by address, and a person who answered is not asked again.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment
from agora.surveys.answering import submit_response
from agora.surveys.models import PartnerInvitation, Question, Survey

P2_SLUG = "citizen-collectives-2027"
P5_SLUG = "public-engagement-2027"

TOPICS = [
    ("Community energy cooperatives", "Energie Samen Utrecht brings its wind-park co-op."),
    ("Neighbourhood care collectives", "Zorgcollectief Noord shows how neighbours organise care."),
    ("Food banks run by residents", "Voedselbank Collectief opens its books."),
    ("Community land trusts and housing", "Stadsdorp Zuid on ageing in place."),
    ("Right to challenge public services", "Buurtcoöperatie Oost took over park maintenance."),
    ("Digital commons for local data", ""),
]
PARTNERS = [
    ("Energie Samen Utrecht", "info@energiesamen.example.org"),
    ("Zorgcollectief Noord", "contact@zorgnoord.example.org"),
    ("Buurtcoöperatie Oost", "bestuur@buurtoost.example.org"),
]


def load() -> None:
    with transaction.atomic():
        _topic_ballot()
        _course_evaluation()


def _options(entries) -> list[dict]:
    return [
        {"text": {"en": text}, "detail": {"en": detail} if detail else {}}
        for text, detail in entries
    ]


def _survey(cohort: Cohort, purpose: str, **values) -> Survey:
    survey, _created = Survey.objects.update_or_create(
        cohort=cohort, purpose=purpose, defaults=values
    )
    return survey


def _question(survey: Survey, order: int, **values) -> Question:
    question, _created = Question.objects.update_or_create(
        survey=survey, order=order, defaults=values
    )
    return question


def _topic_ballot() -> None:
    cohort = Cohort.objects.filter(slug=P2_SLUG).select_related("programme").first()
    if cohort is None:
        return
    now = timezone.now()
    activity = Activity.objects.filter(
        kind="survey", slug="topic-ballot", unit__module__level__programme=cohort.programme
    ).first()
    survey = _survey(
        cohort, Survey.Purpose.BALLOT, activity=activity,
        title={"en": "Choose the deep-dive topics"},
        intro={"en": "Five mornings of the course go deep into one topic each. Rank the "
                     "candidates: the most wanted become the morning deep dives."},
        opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=10),
        anonymous=False, for_learners=True, for_partners=True,
    )
    question = _question(
        survey, 1, kind=Question.Kind.RANKING, prompt={"en": "Rank the candidate topics"},
        options=_options(TOPICS),
    )
    comment = _question(
        survey, 2, kind=Question.Kind.TEXT, required=False,
        prompt={"en": "Is a topic missing? Tell us."},
    )
    rng = random.Random(2027)
    # Partners lean to their own topics, so the ballot has a clear winner and a close second.
    for index, (name, email) in enumerate(PARTNERS):
        invitation, _created = PartnerInvitation.objects.get_or_create(
            survey=survey, email=email, defaults={"organisation_name": name, "language": "en"}
        )
        if index < 2 and invitation.used_at is None:
            order = [index] + [i for i in range(len(TOPICS)) if i != index]
            submit_response(survey, {str(question.pk): order}, language="en",
                            invitation=invitation)
    enrolments = Enrolment.objects.filter(
        cohort=cohort, status=Enrolment.Status.CONFIRMED
    ).select_related("user")[:8]
    for enrolment in enrolments:
        order = list(range(len(TOPICS)))
        rng.shuffle(order)
        answers = {str(question.pk): order}
        if rng.random() < 0.3:
            answers[str(comment.pk)] = "Participatory budgeting with residents' collectives."
        submit_response(survey, answers, language=enrolment.language, user=enrolment.user,
                        enrolment=enrolment if activity else None, activity=activity)


EVALUATION = [
    (Question.Kind.RATING, {"en": "How useful was the course for your work?",
                            "fr": "Le cours vous a-t-il été utile dans votre travail ?"}, []),
    (Question.Kind.SINGLE, {"en": "Was the weekly workload right?",
                            "fr": "La charge de travail hebdomadaire était-elle adaptée ?"},
     [({"en": "Too light", "fr": "Trop légère"}), ({"en": "About right", "fr": "Adaptée"}),
      ({"en": "Too heavy", "fr": "Trop lourde"})]),
    (Question.Kind.MULTIPLE, {"en": "Which parts helped you most?",
                              "fr": "Quelles parties vous ont le plus aidé·e ?"},
     [({"en": "Live sessions", "fr": "Sessions en direct"}),
      ({"en": "Readings", "fr": "Lectures"}), ({"en": "Forum", "fr": "Forum"}),
      ({"en": "Quizzes", "fr": "Quiz"})]),
    (Question.Kind.TEXT, {"en": "What should we change?",
                          "fr": "Que devrions-nous changer ?"}, []),
]
COMMENTS = {
    "en": ["More examples from small municipalities.", "Shorter live sessions, please."],
    "fr": ["Plus d'exemples de petites communes.", "Des sessions en direct plus courtes."],
}


def _course_evaluation() -> None:
    cohort = Cohort.objects.filter(slug=P5_SLUG).first()
    if cohort is None:
        return
    now = timezone.now()
    survey = _survey(
        cohort, Survey.Purpose.EVALUATION,
        title={"en": "Course evaluation", "fr": "Évaluation du cours"},
        intro={"en": "Five minutes, anonymous: tell us what worked and what did not.",
               "fr": "Cinq minutes, anonyme : dites-nous ce qui a marché ou non."},
        opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=30),
        anonymous=True, for_learners=True, for_partners=False,
    )
    questions = []
    for order, (kind, prompt, options) in enumerate(EVALUATION, start=1):
        extra = {"scale_labels": {"en": {"low": "Not useful", "high": "Very useful"},
                                  "fr": {"low": "Pas utile", "high": "Très utile"}}} \
            if kind == Question.Kind.RATING else {}
        questions.append(_question(
            survey, order, kind=kind, prompt=prompt,
            options=[{"text": text, "detail": {}} for text in options],
            required=kind != Question.Kind.TEXT, **extra,
        ))
    rating, workload, parts, comment = questions
    rng = random.Random(5)
    enrolments = Enrolment.objects.filter(
        cohort=cohort, status=Enrolment.Status.CONFIRMED
    ).select_related("user")[:10]
    for enrolment in enrolments:
        language = enrolment.language if enrolment.language in COMMENTS else "en"
        answers = {
            str(rating.pk): rng.randint(3, 5),
            str(workload.pk): rng.choice([1, 1, 1, 2, 0]),
            str(parts.pk): sorted(rng.sample(range(4), rng.randint(1, 3))),
        }
        if rng.random() < 0.5:
            answers[str(comment.pk)] = rng.choice(COMMENTS[language])
        submit_response(survey, answers, language=language, user=enrolment.user)
