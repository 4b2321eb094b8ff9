"""Real-time interactions in live sessions: polls, word clouds, rankings and moderated Q&A.

A scheduled session gets one ``Room`` (its join code, whether anonymous participants may join);
facilitators prepare ``Interaction``s in it, in the session's language. A ``Participant`` is one
person (their account) or one device (a signed cookie) in one room; each ``Answer`` is one row
per participant and interaction (changing it replaces it), so tallies are counted from rows.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.delivery.models import Cohort, Enrolment, ScheduledSession
from agora.live import tally as tallying

# Unambiguous characters: the code is read off a projector and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class RoomQuerySet(models.QuerySet["Room"]):
    def run_by(self, user) -> RoomQuerySet:
        """Rooms of sessions whose cohort ``user`` facilitates or organises."""
        return self.filter(session__cohort__in=Cohort.objects.run_by(user))


class Room(models.Model):
    """The live interactions of one scheduled session."""

    session = models.OneToOneField(
        ScheduledSession, on_delete=models.CASCADE, related_name="live_room"
    )
    code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    allow_anonymous = models.BooleanField(
        _("participants may join without an account"),
        default=False,
        help_text=_("Each device then counts as one participant."),
    )
    current = models.ForeignKey(
        "Interaction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The interaction the projector shows."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("live room")
        verbose_name_plural = _("live rooms")

    def __str__(self) -> str:
        return f"{self.session} · {self.code}"

    @property
    def language(self) -> str:
        """The session's language; a session for every language uses the cohort's first."""
        languages = self.session.cohort.languages or [settings.LANGUAGE_CODE]
        return self.session.language or languages[0]

    def admits(self, user) -> bool:
        """Whether ``user`` may join with their account: confirmed learners, staff, organisers."""
        if not user.is_authenticated:
            return False
        cohort = self.session.cohort
        if Cohort.objects.run_by(user).filter(pk=cohort.pk).exists():
            return True
        if cohort.staff.filter(user=user).exists():
            return True
        return cohort.enrolments.filter(user=user, status=Enrolment.Status.CONFIRMED).exists()


class Interaction(models.Model):
    class Kind(models.TextChoices):
        CHOICE = tallying.CHOICE, _("Multiple choice")
        RATING = tallying.RATING, _("Rating scale")
        WORDS = tallying.WORDS, _("Word cloud")
        RANKING = tallying.RANKING, _("Ranking")
        QUESTIONS = tallying.QUESTIONS, _("Questions and answers")

    class State(models.TextChoices):
        DRAFT = "draft", _("Not opened yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prompt = models.CharField(_("question"), max_length=300)
    options = models.JSONField(_("options"), default=list, blank=True)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    scale = models.PositiveSmallIntegerField(_("points on the scale"), default=5)
    moderated = models.BooleanField(
        _("questions are shown once approved"), default=True,
        help_text=_("For questions and answers only."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="draft")
    revealed = models.BooleanField(_("results shown to participants"), default=False)
    order = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale__gte=2) & Q(scale__lte=10), name="live_scale_2_to_10"
            )
        ]

    def __str__(self) -> str:
        return self.prompt

    @property
    def shape(self) -> tallying.Shape:
        return tallying.Shape(
            kind=self.kind, options=tuple(self.options), multiple=self.multiple, scale=self.scale
        )

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_poll(self) -> bool:
        return self.kind != self.Kind.QUESTIONS

    def tally(self) -> tallying.Tally:
        """Counted again from the stored answers, every time."""
        return tallying.tally(self.shape, self.answers.values_list("value", flat=True))

    def open(self, now=None) -> None:
        self.state = self.State.OPEN
        self.opened_at = self.opened_at or now or timezone.now()
        self.closed_at = None
        self.save(update_fields=["state", "opened_at", "closed_at"])

    def close(self, now=None) -> None:
        self.state = self.State.CLOSED
        self.closed_at = now or timezone.now()
        self.save(update_fields=["state", "closed_at"])

    def reveal(self, shown: bool = True) -> None:
        self.revealed = shown
        self.save(update_fields=["revealed"])

    def copy_to(self, room: Room, order: int) -> Interaction:
        """A fresh, unopened copy in another room (its answers stay here)."""
        return Interaction.objects.create(
            room=room, kind=self.kind, prompt=self.prompt, options=list(self.options),
            multiple=self.multiple, scale=self.scale, moderated=self.moderated, order=order,
        )


class Participant(models.Model):
    """One person (by account) or one device (by signed cookie) in one room."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="live_participations",
    )
    device = models.UUIDField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    personal_data = PersonalData(
        fields=["room", "joined_at"],
        erasure="anonymise",
        retention=_("With the session's results; on erasure the answers stay counted, unlinked."),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "user"], condition=Q(user__isnull=False),
                name="live_one_participant_per_account",
            ),
            models.UniqueConstraint(
                fields=["room", "device"], condition=Q(device__isnull=False),
                name="live_one_participant_per_device",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(device__isnull=False),
                name="live_participant_is_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} · {self.pk}"

    def anonymise(self) -> None:
        # Votes are records: answers and upvotes stay counted, no longer linked to the person.
        # Questions are their own words, so they go.
        self.questions.all().delete()
        self.user = None
        self.device = uuid.uuid4()
        self.save(update_fields=["user", "device"])


class Answer(models.Model):
    """One participant's answer to one interaction; answering again replaces it."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()
    answered_at = models.DateTimeField(default=timezone.now)

    personal_data = PersonalData(
        fields=["interaction", "value", "answered_at"],
        erasure="anonymise",
        retention=_("With the session's results; on erasure it stays counted, unlinked."),
        owner="participant__user",
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "participant"], name="live_one_answer_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interaction} · {self.participant_id}"

    def anonymise(self) -> None:
        self.participant.anonymise()


class QuestionQuerySet(models.QuerySet["Question"]):
    def shown(self) -> QuestionQuerySet:
        """What participants and the projector see: approved and answered questions."""
        return self.filter(status__in=[Question.Status.APPROVED, Question.Status.ANSWERED])

    def with_votes(self) -> QuestionQuerySet:
        return self.annotate(votes=Count("upvotes")).order_by("-votes", "created_at", "pk")


class Question(models.Model):
    """A question asked in a Q&A interaction, moderated by a facilitator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        ANSWERED = "answered", _("Answered")
        ARCHIVED = "archived", _("Archived")

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="questions"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["interaction", "text", "status", "created_at"],
        erasure="delete",
        retention=_("With the session's results."),
        owner="participant__user",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            # A burst of the same send counts once.
            models.UniqueConstraint(
                fields=["interaction", "participant", "text"], name="live_question_once"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Upvote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="upvotes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="upvotes")

    personal_data = PersonalData(
        fields=["question"],
        erasure="anonymise",
        retention=_("With the session's results; on erasure it stays counted, unlinked."),
        owner="participant__user",
    )

    class Meta:
        verbose_name = _("upvote")
        verbose_name_plural = _("upvotes")
        constraints = [
            models.UniqueConstraint(fields=["question", "participant"], name="live_upvote_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} · {self.participant_id}"

    def anonymise(self) -> None:
        self.participant.anonymise()
