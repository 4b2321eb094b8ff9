"""Demo assignments: settings and a rubric for every assignment activity of the demo
programmes, a due date in each demo cohort that covers one, and a few handed-in pieces of work
(graded, sent back for revision, waiting to be graded) from the cohort's first learners.

Runs after the delivery loader (it needs the demo cohorts, learners and facilitator). Loading
again changes nothing: settings are matched by activity, a rubric is added only where there is
none, and a learner who has handed something in already is left as they are.

In the running P5 cohort the demo learner (learner@agora.example) is among those whose work
was graded, so logging in as them shows feedback on the engagement plan.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agora.accounts.models import User
from agora.assignments import grading, submitting
from agora.assignments.models import Assignment, Criterion, RubricLevel, Submission
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment
from agora.learning import scope

DEMO_PROGRAMMES = ["public-engagement-mooc", "civic-tech-leadership", "co-creation-mooc"]
DEMO_COHORTS = ["public-engagement-2027", "civic-tech-leadership-lisbon"]

# (criterion, levels as (label, points)), with texts in the demo programmes' languages.
RUBRIC = [
    (
        {"en": "Purpose and audience", "fr": "Objectif et public"},
        [({"en": "Unclear", "fr": "Flou"}, 0), ({"en": "Stated", "fr": "Énoncé"}, 2),
         ({"en": "Precise and justified", "fr": "Précis et justifié"}, 4)],
    ),
    (
        {"en": "Inclusion of those affected", "fr": "Inclusion des personnes concernées"},
        [({"en": "Missing", "fr": "Absente"}, 0), ({"en": "Partial", "fr": "Partielle"}, 2),
         ({"en": "Thorough", "fr": "Approfondie"}, 4)],
    ),
    (
        {"en": "Feasibility", "fr": "Faisabilité"},
        [({"en": "Unrealistic", "fr": "Irréaliste"}, 0),
         ({"en": "Plausible", "fr": "Plausible"}, 1),
         ({"en": "Ready to run", "fr": "Prêt à lancer"}, 2)],
    ),
]

# What the first three learners handed in, and what the facilitator answered (the demo
# learner, learner@agora.example, is first where they take part, so they find feedback).
WORK = [
    (
        {"en": "We will hold three neighbourhood meetings before the council votes on the "
               "budget, with childcare and interpretation, and publish what we heard within "
               "two weeks.",
         "fr": "Nous tiendrons trois réunions de quartier avant le vote du budget, avec garde "
               "d'enfants et interprétation, et publierons ce que nous avons entendu sous deux "
               "semaines."},
        [2, 2, 1],
        {"en": "A clear, inclusive plan. **Next step:** say who decides what happens with the "
               "results, and when you will tell participants.",
         "fr": "Un plan clair et inclusif. **Prochaine étape :** dites qui décide de la suite "
               "donnée aux résultats, et quand vous en informerez les participants."},
        False,
    ),
    (
        {"en": "An online survey open for one week.",
         "fr": "Un sondage en ligne ouvert pendant une semaine."},
        [1, 0, 1],
        {"en": "This is a start, but a one-week online survey will miss many residents. Please "
               "revise: *who* is affected, and how will you reach people who are not online?",
         "fr": "C'est un début, mais un sondage en ligne d'une semaine manquera beaucoup de "
               "personnes. Révisez : *qui* est concerné, et comment joindrez-vous les personnes "
               "qui ne sont pas en ligne ?"},
        True,
    ),
    (
        {"en": "A citizens' panel of 30 people drawn by lot, meeting over three weekends.",
         "fr": "Un panel citoyen de 30 personnes tirées au sort, réuni sur trois week-ends."},
        None, {}, False,
    ),
]
DEMO_LEARNER = "learner@agora.example"

def _language_subset(texts: dict[str, str], languages: list[str]) -> dict[str, str]:
    return {code: text for code, text in texts.items() if code in languages} or texts


def _settings(activity: Activity) -> Assignment:
    assignment, _created = Assignment.objects.get_or_create(
        activity=activity,
        defaults={"kind": Assignment.Kind.BOTH, "file_kinds": ["pdf", "docx", "odt"],
                  "max_file_mb": 10, "max_files": 3,
                  "late_policy": Assignment.LatePolicy.MARK_LATE},
    )
    if not assignment.criteria.exists():
        languages = activity.unit.module.level.programme.languages
        for order, (title, levels) in enumerate(RUBRIC):
            criterion = Criterion.objects.create(
                assignment=assignment, order=order, title=_language_subset(title, languages)
            )
            RubricLevel.objects.bulk_create(
                RubricLevel(criterion=criterion, order=rank,
                            label=_language_subset(label, languages), points=Decimal(points))
                for rank, (label, points) in enumerate(levels)
            )
    return assignment


def _hand_in(enrolment: Enrolment, assignment: Assignment, work: tuple, grader: User,
             handed_in_at: datetime.datetime) -> None:
    if Submission.objects.filter(enrolment=enrolment, assignment=assignment).exists():
        return
    texts, ranks, feedbacks, resubmit = work
    text = texts.get(enrolment.language) or texts["en"]
    feedback = feedbacks.get(enrolment.language) or feedbacks.get("en", "")
    draft = submitting.save_draft(enrolment, assignment, version=1, text=text, uploads=[])
    submission = submitting.submit(draft, now=handed_in_at)
    if ranks is None:
        return
    criteria = list(assignment.criteria.prefetch_related("levels"))
    levels = [list(criterion.levels.all())[rank] for criterion, rank in zip(criteria, ranks,
                                                                           strict=True)]
    grading.grade(submission, grader, levels=levels, feedback=feedback, resubmit=resubmit,
                  now=handed_in_at + datetime.timedelta(days=1), notify=False)


@transaction.atomic
def load() -> None:
    activities = Activity.objects.filter(
        kind="assignment", unit__module__level__programme__slug__in=DEMO_PROGRAMMES
    ).select_related("unit__module__level__programme")
    assignments = {activity.pk: _settings(activity) for activity in activities}
    grader = User.objects.get(email="facilitator@agora.example")
    for cohort in Cohort.objects.filter(slug__in=DEMO_COHORTS):
        _load_cohort(cohort, assignments, grader)


def _load_cohort(cohort: Cohort, assignments: dict[int, Assignment], grader: User) -> None:
    ends = datetime.datetime.combine(cohort.ends_on, datetime.time(17, 0), tzinfo=cohort.zone)
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.CONFIRMED)
        .select_related("cohort__programme", "stream", "user")
        .order_by("pk")
    )
    enrolments.sort(key=lambda enrolment: enrolment.user.email != DEMO_LEARNER)
    for activity_id, assignment in assignments.items():
        if assignment.activity.unit.module.level.programme_id != cohort.programme_id:
            continue
        grading.set_due_date(assignment, cohort, ends)
        covering = [
            enrolment for enrolment in enrolments
            if scope.covered_activities(enrolment).filter(pk=activity_id).exists()
        ]
        # In the past, whenever the cohort runs: work handed in two days ago at the latest.
        handed_in_at = min(timezone.now(), ends) - datetime.timedelta(days=2)
        for enrolment, work in zip(covering, WORK, strict=False):
            _hand_in(enrolment, assignment, work, grader, handed_in_at)
