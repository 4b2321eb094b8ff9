"""Question banks, quizzes and attempts.

A module's question bank holds questions; each question keeps one *version* per language
(``versions``: language → the question in that language, the shape ``grading`` reads), so
accepted short answers and option texts can differ while the structure stays the same (the
package check says when it does not). A quiz activity has one ``Quiz`` with its settings. An
``Attempt`` keeps a copy of the questions it drew, in the learner's language and shuffled
order, so editing the bank never changes an attempt under way or already graded.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.catalogue.models import Activity, Module
from agora.delivery.models import Enrolment

# Seconds the server still accepts answers after the deadline: a slow network or a learner
# who pressed "submit" in the last second is not penalised.
GRACE_SECONDS = 30


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short", _("Short answer")
        NUMERIC = "numeric", _("Numeric")
        MATCHING = "matching", _("Matching")
        ORDERING = "ordering", _("Ordering")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quiz_questions")
    key = models.CharField(
        _("key"), max_length=100,
        help_text=_("Identifies the question across languages and imports (GIFT title)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    versions = models.JSONField(_("versions"), default=dict)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["module", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["module", "key"], name="one_question_per_key")
        ]

    def __str__(self) -> str:
        return self.key

    def version(self, language: str, fallback: str) -> dict:
        """The question in ``language``, else in ``fallback`` (the programme's source), else any."""
        return (
            self.versions.get(language)
            or self.versions.get(fallback)
            or next(iter(self.versions.values()), {})
        )


class Quiz(models.Model):
    class Feedback(models.TextChoices):
        EACH = "each", _("After each answer")
        END = "end", _("At the end")

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="quiz")
    question_count = models.PositiveSmallIntegerField(
        _("questions per attempt"), default=5,
        help_text=_("Drawn at random from the module's bank; 0 uses every question."),
    )
    tag = models.CharField(
        _("only questions tagged"), max_length=100, blank=True,
        help_text=_("Leave empty to draw from the whole bank."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0 means unlimited.")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    feedback = models.CharField(
        _("feedback and explanations"), max_length=10, choices=Feedback.choices,
        default=Feedback.END,
    )
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.activity)

    def time_allowed(self, extra_percent: int = 0) -> timedelta | None:
        if not self.time_limit_minutes:
            return None
        return timedelta(minutes=self.time_limit_minutes) * (100 + extra_percent) / 100

    def bank(self) -> list[Question]:
        """The questions it draws from: its module's, narrowed to its tag (banks are small:
        the tag is matched here rather than with JSON lookups SQLite lacks)."""
        questions = Question.objects.filter(module_id=self.activity.unit.module_id)
        return [question for question in questions if not self.tag or self.tag in question.tags]


class ExtraTime(models.Model):
    """Extra time on timed quizzes for one learner, granted by a facilitator or an organiser."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="extra_time")
    percent = models.PositiveSmallIntegerField(
        _("extra time (%)"), validators=[MinValueValidator(0), MaxValueValidator(400)]
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now=True)

    personal_data = PersonalData(
        fields=["percent", "granted_at"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="enrolment__user",
    )

    class Meta:
        verbose_name = _("extra time")
        verbose_name_plural = _("extra time")

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.percent}%"


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def in_progress(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=True)

    def submitted(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=False)


class Attempt(models.Model):
    """One go at a quiz. ``drawn``: the questions as they were shown, in order: each
    ``{"question": pk, "key", "kind", "version", "order": [option indexes as shown]}``.
    ``answers``: position (as a string) → the answer in the version's own indexes."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    language = models.CharField(_("language"), max_length=5)
    drawn = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    checked = models.JSONField(
        default=list, blank=True, help_text="Positions whose answer was checked (feedback shown)."
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), default=False)
    fractions = models.JSONField(default=list, blank=True)

    objects = AttemptQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["quiz", "number", "language", "answers", "started_at", "deadline",
                "submitted_at", "score", "passed"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="enrolment__user",
    )

    class Meta:
        ordering = ["quiz", "enrolment", "number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "enrolment", "number"], name="attempts_numbered_once"
            ),
            # At most one attempt under way: two tabs starting at once get the same one.
            models.UniqueConstraint(
                fields=["quiz", "enrolment"], condition=Q(submitted_at__isnull=True),
                name="one_attempt_under_way",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.quiz_id} · {self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def accepts_answers(self, now=None) -> bool:
        """Whether an answer may still be saved: under way and within the deadline's grace."""
        if self.is_submitted:
            return False
        if self.deadline is None:
            return True
        return (now or timezone.now()) <= self.deadline + timedelta(seconds=GRACE_SECONDS)

    def is_past_deadline(self, now=None) -> bool:
        return self.deadline is not None and not self.accepts_answers(now)

    @property
    def score_value(self) -> Decimal:
        return self.score if self.score is not None else Decimal(0)
