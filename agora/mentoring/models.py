"""Mentoring: mentors assigned to learners of a cohort, a private space per pair (messages),
a feedback log the learner keeps, and scheduled check-ins reminded by e-mail.

Who may see a space is decided in ``access.py``; writing happens in ``actions.py``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.delivery.models import Cohort, CohortStaff, Enrolment


def _assignments_of(user):
    return MentorAssignment.objects.filter(Q(enrolment__user=user) | Q(mentor=user))




class MentorAssignmentQuerySet(models.QuerySet["MentorAssignment"]):
    def current_of(self, mentor) -> MentorAssignmentQuerySet:
        """``mentor``'s assignments in the cohorts where they are still a mentor: one taken
        off a cohort's staff keeps the rows (the spaces' history) but no longer reaches them."""
        mentored = CohortStaff.objects.filter(user=mentor, role=CohortStaff.Role.MENTOR)
        return self.filter(mentor=mentor, cohort__in=mentored.values("cohort_id"))


def enrolments_reviewed_by(user) -> models.QuerySet[Enrolment]:
    """The enrolments whose work ``user`` grades and reviews (assignments, capstones): every
    learner of the cohorts they facilitate, and the learners assigned to them as a mentor. A
    mentor of someone else is refused; who both facilitates and mentors works as a
    facilitator."""
    if not user.is_authenticated:
        return Enrolment.objects.none()
    facilitated = CohortStaff.objects.filter(user=user, role=CohortStaff.Role.FACILITATOR)
    mentees = MentorAssignment.objects.current_of(user).values("enrolment_id")
    return Enrolment.objects.filter(
        Q(cohort__in=facilitated.values("cohort_id")) | Q(pk__in=mentees)
    )


class MentorAssignment(models.Model):
    """A mentor of the cohort assigned to one learner: their private space."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="mentorships")
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="mentor_assignment"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentees"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = MentorAssignmentQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["cohort", "created_at"],
        erasure="delete",
        retention=_("As long as the cohort."),
        records=_assignments_of,
    )

    class Meta:
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        indexes = [models.Index(fields=["mentor", "cohort"], name="mentees_of_mentor")]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.enrolment.user}"


class Message(models.Model):
    """A message in a mentor–learner space; its Markdown is rendered (sanitised) when written."""

    assignment = models.ForeignKey(
        MentorAssignment, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    key = models.UUIDField(default=uuid.uuid4, unique=True)

    personal_data = PersonalData(
        fields=["body", "created_at"],
        erasure="delete",
        retention=_("As long as the mentoring space."),
        records=lambda user: Message.objects.filter(
            Q(assignment__enrolment__user=user) | Q(author=user)
        ),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mentoring message")
        verbose_name_plural = _("mentoring messages")

    def __str__(self) -> str:
        return f"{self.assignment} · {self.created_at:%Y-%m-%d %H:%M}"


class FeedbackEntry(models.Model):
    """An entry of the learner's feedback log: the mentor's feedback or the learner's reflection.
    The log is the learner's: it is exported with their personal data."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Mentor's feedback")
        REFLECTION = "reflection", _("My reflection")

    assignment = models.ForeignKey(
        MentorAssignment, on_delete=models.CASCADE, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    key = models.UUIDField(default=uuid.uuid4, unique=True)

    personal_data = PersonalData(
        fields=["kind", "body", "created_at"],
        erasure="delete",
        retention=_("As long as the learner keeps their account."),
        records=lambda user: FeedbackEntry.objects.filter(
            Q(assignment__enrolment__user=user) | Q(author=user)
        ),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("feedback entry")
        verbose_name_plural = _("feedback entries")

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_kind_display()}"


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def upcoming(self, now=None) -> CheckInQuerySet:
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")


class CheckIn(models.Model):
    """A scheduled meeting of mentor and learner; ``reminded_at`` marks its one reminder."""

    assignment = models.ForeignKey(
        MentorAssignment, on_delete=models.CASCADE, related_name="check_ins"
    )
    starts_at = models.DateTimeField(_("starts"))
    topic = models.CharField(_("topic"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["starts_at", "topic", "created_at", "reminded_at"],
        erasure="delete",
        retention=_("As long as the mentoring space."),
        owner="assignment__enrolment__user",
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [models.Index(fields=["reminded_at", "starts_at"], name="checkin_reminders")]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.starts_at:%Y-%m-%d %H:%M}"
