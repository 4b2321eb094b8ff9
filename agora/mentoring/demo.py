"""Demo mentoring in the running P5 cohort (``public-engagement-2027``): mentors assigned with
an even load, the demo learner with the demo mentor, a few messages, feedback entries and an
upcoming check-in. Loaded after the delivery demo; a second load adds nothing.

Mentors grade and review only the work of the learners assigned to them, so the learners of
the other demo cohorts with work to look at (assignments in Lisbon, capstones in P2) get a
mentor too, with the same even load: the demo mentor finds work in every queue.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from agora.accounts.models import User
from agora.delivery.models import Cohort, Enrolment
from agora.mentoring import actions
from agora.mentoring.models import CheckIn, MentorAssignment

P5_SLUG = "public-engagement-2027"
# Cohorts whose learners' work the assignments and capstones demos hand in for a mentor.
WORK_COHORTS = ["civic-tech-leadership-lisbon", "citizen-collectives-2027"]

MESSAGES = [
    ("mentor", "Welcome! I'll be your mentor for the course. What would you like to get out of "
               "it for your own work?"),
    ("learner", "Thank you! I want to plan a **participatory budget** for my district next "
                "spring, and I am not sure where to start."),
]
FEEDBACK = [
    ("mentor", "Your interview notes from week 1 are clear and honest. Next time, ask one more "
               "*follow-up question* before moving on: the second answer is often the real one."),
    ("learner", "Reflection: I talked too much in the first interview. I will count to five "
                "before the next question."),
]


@transaction.atomic
def load() -> None:
    # Made first, so the demo learner's livelier space is listed above these quiet ones.
    for cohort in Cohort.objects.filter(slug__in=WORK_COHORTS):
        actions.assign_balanced(cohort)
    _p5_spaces()


def _p5_spaces() -> None:
    cohort = Cohort.objects.filter(slug=P5_SLUG).first()
    if cohort is None:
        return
    people = {
        "mentor": User.objects.filter(email="mentor@agora.example").first(),
        "learner": User.objects.filter(email="learner@agora.example").first(),
    }
    demo = Enrolment.objects.filter(
        cohort=cohort, user=people["learner"], status=Enrolment.Status.CONFIRMED
    ).first()
    if demo is None or people["mentor"] is None:
        return
    if not MentorAssignment.objects.filter(enrolment=demo).exists():
        assignment = actions.assign_mentor(demo, people["mentor"])
        for role, body in MESSAGES:
            actions.send_message(assignment, people[role], body)
        for role, body in FEEDBACK:
            actions.add_feedback(assignment, people[role], body)
    assignment = MentorAssignment.objects.get(enrolment=demo)
    actions.assign_balanced(cohort)
    if not CheckIn.objects.upcoming().filter(assignment=assignment).exists():
        day = timezone.localdate(timezone=cohort.zone) + timedelta(days=3)
        starts_at = datetime.combine(day, time(10, 0), tzinfo=cohort.zone)
        actions.schedule_check_in(assignment, people["mentor"], starts_at,
                                  "Your participatory budget plan")
