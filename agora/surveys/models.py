"""Surveys of a cohort: questions in every language of the cohort, responses, who has answered,
partner invitations, and which ballot scheduled which session.

Texts are JSON maps of language code to text (``{"en": …, "fr": …}``); a respondent reads their
enrolment's language, else the cohort's first (``text_in``).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, ScheduledSession


def new_token() -> str:
    return secrets.token_urlsafe(24)


def text_in(texts, language: str, languages: list[str]) -> str:
    """The text for ``language``, else the first of ``languages`` that has one, else any."""
    if not isinstance(texts, dict):
        return str(texts or "")
    if texts.get(language):
        return texts[language]
    for code in languages:
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")


class Survey(models.Model):
    class Purpose(models.TextChoices):
        EVALUATION = "evaluation", _("Course evaluation")
        BALLOT = "ballot", _("Topic ballot")
        OTHER = "other", _("Other")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="surveys")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The survey activity of the course this survey answers, if any."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.EVALUATION
    )
    title = models.JSONField(_("title"), default=dict)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=True,
        help_text=_("Answers keep no link to the person who gave them."),
    )
    for_learners = models.BooleanField(_("the cohort's learners answer"), default=True)
    for_partners = models.BooleanField(_("invited partner organisations answer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "activity"], condition=Q(activity__isnull=False),
                name="one_survey_per_cohort_activity",
            )
        ]

    def __str__(self) -> str:
        return self.title_in("")

    def title_in(self, language: str) -> str:
        return text_in(self.title, language, self.cohort.languages)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RATING = "rating", _("Rating (1 to 5)")
        RANKING = "ranking", _("Ranking")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING)
    SCALE = 5

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prompt = models.JSONField(_("question"), default=dict)
    # A list of {"text": {lang: …}, "detail": {lang: …}}; for a topic ballot the detail is the
    # partner case that goes with the topic into the schedule.
    options = models.JSONField(_("options"), default=list, blank=True)
    # For ratings: {lang: {"low": …, "high": …}}, the words at each end of the 1–5 scale.
    scale_labels = models.JSONField(_("scale labels"), default=dict, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return text_in(self.prompt, "", [])

    def option_texts(self, language: str, languages: list[str]) -> list[str]:
        return [text_in(option.get("text"), language, languages) for option in self.options]


class Response(models.Model):
    """One person's answers. Anonymous surveys store no respondent and no time: only the
    ``Participation`` says who answered, so the two cannot be joined. The key is random (no
    order to match against participations)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    personal_data = PersonalData(
        fields=["survey", "answers", "submitted_at"],
        erasure="anonymise",
        retention=_("While the cohort exists; named answers lose the name when you ask."),
        owner="respondent",
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey} · {self.pk}"

    def anonymise(self) -> None:
        self.respondent = None
        self.submitted_at = None
        self.save(update_fields=["respondent", "submitted_at"])


class PartnerInvitation(models.Model):
    """A partner organisation's one-time link to answer a survey without an account."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    organisation_name = models.CharField(_("organisation"), max_length=200)
    language = models.CharField(_("language"), max_length=5, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(_("answered"), null=True, blank=True)

    personal_data = PersonalData(
        fields=["survey", "email", "organisation_name", "created_at", "used_at"],
        erasure="delete",
        retention=_("Until the cohort ends."),
        records=lambda user: PartnerInvitation.objects.filter(email__iexact=user.email),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_partner_link_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} <{self.email}>"


class Participation(models.Model):
    """That someone has answered a survey (never what): stops a second answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    invitation = models.OneToOneField(
        PartnerInvitation, on_delete=models.CASCADE, null=True, blank=True,
        related_name="participation",
    )
    answered_on = models.DateField(_("answered on"), default=timezone.localdate)

    personal_data = PersonalData(
        fields=["survey", "answered_on"],
        erasure="delete",
        retention=_("While the cohort exists."),
    )

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False),
                name="one_answer_per_person",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(invitation__isnull=False),
                name="participation_has_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.user or self.invitation}"


class ScheduledTopic(models.Model):
    """Which ballot put which winning topic into a session of the schedule."""

    session = models.OneToOneField(
        ScheduledSession, on_delete=models.CASCADE, related_name="ballot_topic"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="scheduled")
    option = models.PositiveIntegerField(_("topic"))
    rank = models.PositiveIntegerField(_("rank"))
    scheduled_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("scheduled topic")
        verbose_name_plural = _("scheduled topics")

    def __str__(self) -> str:
        return f"{self.session} ← #{self.rank}"
