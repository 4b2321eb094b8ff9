"""Mentoring actions: assigning mentors, messages, the feedback log, check-ins.

Each one is a transaction; posts are rate-limited per person and notify the other party.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from agora.delivery.models import Cohort, CohortStaff, Enrolment
from agora.groups.limits import take_allowance
from agora.mentoring.balancing import balanced_assignment
from agora.mentoring.models import CheckIn, FeedbackEntry, MentorAssignment, Message
from agora.notifications.sending import notify
from agora.portal.markdown import render_markdown

MESSAGED = gettext_noop("%(actor)s sent you a message in your mentoring space")
FEEDBACK = gettext_noop("%(actor)s added to your feedback log")
REFLECTED = gettext_noop("%(actor)s added a reflection to their feedback log")
CHECK_IN = gettext_noop("%(actor)s scheduled a check-in: %(topic)s")


class NotAMentor(ValueError):
    """The person is not a mentor of the cohort."""


def mentors_of(cohort: Cohort):
    from agora.accounts.models import User

    return User.objects.filter(
        cohort_roles__cohort=cohort, cohort_roles__role=CohortStaff.Role.MENTOR
    ).order_by("full_name", "pk")


def confirmed_learners(cohort: Cohort):
    return cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED)


@transaction.atomic
def assign_mentor(enrolment: Enrolment, mentor) -> MentorAssignment:
    """Assign ``mentor`` (a mentor of the learner's cohort) to the learner; replaces another."""
    if not mentors_of(enrolment.cohort).filter(pk=mentor.pk).exists():
        raise NotAMentor
    assignment, _created = MentorAssignment.objects.update_or_create(
        enrolment=enrolment, defaults={"mentor": mentor, "cohort_id": enrolment.cohort_id}
    )
    return assignment


@transaction.atomic
def assign_by_hand(choices: list[tuple[Enrolment, object]]) -> int:
    """Assign each (learner, mentor) pair that changes anything; all or nothing."""
    changed = 0
    for enrolment, mentor in choices:
        current = MentorAssignment.objects.filter(enrolment=enrolment).values_list(
            "mentor_id", flat=True).first()
        if current != mentor.pk:
            assign_mentor(enrolment, mentor)
            changed += 1
    return changed


@transaction.atomic
def assign_balanced(cohort: Cohort) -> list[MentorAssignment]:
    """Give every confirmed learner without a mentor the least loaded mentor of the cohort."""
    mentors = list(mentors_of(cohort))
    loads = {mentor.pk: 0 for mentor in mentors}
    for mentor_id in MentorAssignment.objects.filter(cohort=cohort).values_list("mentor_id",
                                                                                flat=True):
        if mentor_id in loads:
            loads[mentor_id] += 1
    waiting = list(confirmed_learners(cohort).filter(mentor_assignment__isnull=True)
                   .order_by("pk").values_list("pk", flat=True))  # fmt: skip
    plan = balanced_assignment(waiting, loads)
    return MentorAssignment.objects.bulk_create(
        MentorAssignment(cohort=cohort, enrolment_id=learner, mentor_id=mentor)
        for learner, mentor in plan.items()
    )


def _other_party(assignment: MentorAssignment, user):
    return assignment.enrolment.user if user.pk == assignment.mentor_id else assignment.mentor


def _name(user) -> str:
    return user.full_name or str(user)


def _url(assignment: MentorAssignment, anchor: str = "") -> str:
    return reverse("mentoring:space", args=[assignment.pk]) + anchor


def _touch(assignment: MentorAssignment, now: datetime) -> None:
    MentorAssignment.objects.filter(pk=assignment.pk).update(last_activity_at=now)


@transaction.atomic
def send_message(assignment: MentorAssignment, author, body: str,
                 key: uuid.UUID | None = None) -> Message:  # fmt: skip
    if key is not None and (found := Message.objects.filter(key=key).first()):
        return found
    take_allowance(author, "mentoring")
    now = timezone.now()
    message = Message.objects.create(assignment=assignment, author=author, body=body,
                                     body_html=render_markdown(body), created_at=now,
                                     key=key or uuid.uuid4())  # fmt: skip
    _touch(assignment, now)
    notify([_other_party(assignment, author)], verb="mentoring_message", message=MESSAGED,
           params={"actor": _name(author)}, url=_url(assignment, f"#message-{message.pk}"))
    return message


@transaction.atomic
def add_feedback(assignment: MentorAssignment, author, body: str,
                 key: uuid.UUID | None = None) -> FeedbackEntry:  # fmt: skip
    """The mentor's feedback, or the learner's reflection (decided by who writes)."""
    if key is not None and (found := FeedbackEntry.objects.filter(key=key).first()):
        return found
    take_allowance(author, "mentoring")
    by_mentor = author.pk == assignment.mentor_id
    now = timezone.now()
    entry = FeedbackEntry.objects.create(
        assignment=assignment, author=author, body=body, body_html=render_markdown(body),
        kind=FeedbackEntry.Kind.FEEDBACK if by_mentor else FeedbackEntry.Kind.REFLECTION,
        created_at=now, key=key or uuid.uuid4(),
    )  # fmt: skip
    _touch(assignment, now)
    notify([_other_party(assignment, author)], verb="mentoring_feedback",
           message=FEEDBACK if by_mentor else REFLECTED, params={"actor": _name(author)},
           url=_url(assignment, "#log-title"))  # fmt: skip
    return entry


@transaction.atomic
def schedule_check_in(assignment: MentorAssignment, author, starts_at: datetime,
                      topic: str) -> CheckIn:  # fmt: skip
    """Schedule a check-in; it is reminded once by e-mail (reminders.py)."""
    check_in, _created = CheckIn.objects.get_or_create(
        assignment=assignment, starts_at=starts_at, topic=topic
    )
    notify([_other_party(assignment, author)], verb="mentoring_check_in", message=CHECK_IN,
           params={"actor": _name(author), "topic": topic}, url=_url(assignment, "#checkins"))
    return check_in
