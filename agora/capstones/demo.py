"""Demo capstones for the P2 executive course (``citizen-collectives-2027``): its milestones
linked to the programme's capstone activities, a rubric for the final review, and projects of
demo learners at different steps with feedback from mentor@agora.example, one of them finished
and shown in the public showcase with its learner's consent.

A mentor reviews only the projects of the learners assigned to them: the mentoring demo gives
the cohort's learners their mentors; a learner of these projects still without one (the
mentoring demo not loaded) gets the demo mentor here, so the projects stay in their queue.

Loading again changes nothing and duplicates nothing: milestones and criteria are matched by
their titles, and a learner whose project has a history is left as they are. Runs after the
accounts, catalogue and delivery loaders.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from agora.accounts.models import User
from agora.capstones.models import Criterion, Milestone, Project, RubricLevel, Stage
from agora.capstones.submitting import give_feedback, hand_in, project_of, set_showcase
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, CohortStaff, Enrolment
from agora.mentoring.actions import assign_mentor
from agora.mentoring.models import MentorAssignment

COHORT = "citizen-collectives-2027"
MENTOR = "mentor@agora.example"

# (stage, title, description, activity slug, days after the first course day)
MILESTONES = [
    (Stage.PROPOSAL, "Project proposal",
     "Your case, what you want to change, and who is involved.", "capstone-proposal", 7),
    (Stage.MILESTONE, "Stakeholder map and first conversations",
     "Map who is involved and report on **three** conversations with them.",
     "capstone-milestone", 35),
    (Stage.MILESTONE, "Pilot plan",
     "What you will try, with whom, and how you will know it worked.", "", 49),
    (Stage.FINAL, "Final project",
     "Your project report and a one-page summary for your organisation.", "capstone-final", 63),
]

RUBRIC = [
    {"en": "Understanding of the case", "fr": "Compréhension du cas"},
    {"en": "Work with the collective", "fr": "Travail avec le collectif"},
    {"en": "Feasibility and impact", "fr": "Faisabilité et impact"},
]
LEVELS = [
    ({"en": "Emerging", "fr": "En émergence"}, 1),
    ({"en": "Solid", "fr": "Solide"}, 3),
    ({"en": "Exemplary", "fr": "Exemplaire"}, 5),
]

PROPOSALS = [
    {"title": "A neighbourhood energy cooperative in Oost",
     "case": "Our district wants residents to own part of the new solar roofs, but the "
             "tender rules only know commercial bidders.",
     "objectives": "- Draft tender rules that let a cooperative bid\n- Agree them with legal",
     "stakeholders": "Buurtcoöperatie Oost, the procurement office, the district council."},
    {"title": "Care collectives as partners of the municipal home-care service",
     "case": "Volunteer care collectives fill gaps the home-care service leaves, without "
             "any agreement or support.",
     "objectives": "A partnership agreement and a small support fund.",
     "stakeholders": "Zorgcollectief Noord, home-care teams, the social affairs department."},
    {"title": "Shared stewardship of a community garden",
     "case": "A garden on council land is run by residents, but every permit takes months.",
     "objectives": "A stewardship agreement that replaces yearly permits.",
     "stakeholders": "Stadsdorp Zuid, the parks department, neighbours."},
    {"title": "Food bank logistics with the city's fleet",
     "case": "The food bank collective lacks vans on weekdays while city vans stand idle.",
     "objectives": "A pilot lending city vans to the collective two days a week.",
     "stakeholders": "Voedselbank Collectief, fleet management, insurance officers."},
]


@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(slug=COHORT).select_related("programme").first()
    if cohort is None:
        return
    mentor = User.objects.get(email=MENTOR)
    CohortStaff.objects.get_or_create(cohort=cohort, user=mentor, role=CohortStaff.Role.MENTOR)
    milestones = _milestones(cohort)
    _rubric(cohort)
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.CONFIRMED)
        .select_related("cohort", "user").order_by("pk")[:len(PROPOSALS)]
    )
    steps = [_proposal_waiting, _milestone_revised, _final_waiting, _finished]
    checkpoint = next(item for item in milestones if item.stage == Stage.MILESTONE)
    for enrolment, proposal, step in zip(enrolments, PROPOSALS, steps, strict=False):
        if not MentorAssignment.objects.filter(enrolment=enrolment).exists():
            assign_mentor(enrolment, mentor)
        project = project_of(enrolment)
        if project.submissions.exists():
            continue
        step(project, proposal, mentor, checkpoint, cohort)


def _milestones(cohort: Cohort) -> list[Milestone]:
    activities = {
        activity.slug: activity
        for activity in Activity.objects.filter(
            kind="capstone_milestone",
            unit__module__level__programme_id=cohort.programme_id,
        )
    }
    rows = []
    for order, (stage, title, description, slug, days) in enumerate(MILESTONES):
        due = datetime.datetime.combine(
            cohort.starts_on + datetime.timedelta(days=days), datetime.time(17, 0),
            tzinfo=cohort.zone,
        )
        milestone, _created = Milestone.objects.update_or_create(
            cohort=cohort, title=title,
            defaults={"stage": stage, "order": order, "description": description,
                      "due_at": due, "activity": activities.get(slug)},
        )
        rows.append(milestone)
    return rows


def _rubric(cohort: Cohort) -> None:
    for order, title in enumerate(RUBRIC):
        if not Criterion.objects.filter(cohort=cohort, order=order).exists():
            criterion = Criterion.objects.create(cohort=cohort, order=order, title=title)
            for rank, (label, points) in enumerate(LEVELS):
                RubricLevel.objects.create(criterion=criterion, order=rank, label=label,
                                           points=Decimal(points))


def _propose(project: Project, proposal: dict):
    return hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1, proposal=proposal)


def _proposal_waiting(project, proposal, mentor, checkpoint, cohort) -> None:
    _propose(project, proposal)


def _accepted_proposal(project, proposal, mentor) -> None:
    give_feedback(_propose(project, proposal), mentor, decision="accepted",
                  text="A clear case with the right partners. Go ahead.")


def _milestone_revised(project, proposal, mentor, checkpoint, cohort) -> None:
    _accepted_proposal(project, proposal, mentor)
    first = hand_in(project, stage=Stage.MILESTONE, milestone=checkpoint, version=1,
                    text="I have a list of the people involved.")
    give_feedback(first, mentor, decision="revise",
                  text="Turn the list into a map: who has **influence**, who is *affected*? "
                       "And report on the conversations themselves.")
    hand_in(project, stage=Stage.MILESTONE, milestone=checkpoint, version=2,
            text="The map is attached as a table below.\n\n| Who | Influence |\n|---|---|\n"
                 "| Collective | High |\n| Care teams | Medium |")


def _final_waiting(project, proposal, mentor, checkpoint, cohort) -> None:
    _accepted_proposal(project, proposal, mentor)
    give_feedback(
        hand_in(project, stage=Stage.MILESTONE, milestone=checkpoint, version=1,
                text="Three conversations done; the parks department is on board."),
        mentor, decision="accepted", text="Good progress.",
    )
    hand_in(project, stage=Stage.FINAL, milestone=None, version=1,
            text="Stewardship agreement drafted and agreed in principle.")


def _finished(project, proposal, mentor, checkpoint, cohort) -> None:
    _final_waiting(project, proposal, mentor, checkpoint, cohort)
    final = project.submissions.get(stage=Stage.FINAL)
    levels = [criterion.levels.order_by("-points").first()
              for criterion in Criterion.objects.filter(cohort=cohort)]
    give_feedback(final, mentor, decision="accepted", levels=levels,
                  text="An exemplary project: the pilot is running.")
    set_showcase(project, consent=True, show_name=True,
                 summary="City vans now serve the food bank collective two days a week.",
                 now=timezone.now())
