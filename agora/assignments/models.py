"""Assignment settings, rubrics, due dates per cohort, submissions (versions) and grades."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nTextField

from agora.accounts.personal_data import PersonalData
from agora.assignments import rubrics
from agora.assignments.filetypes import KINDS
from agora.assignments.rubrics import CriterionScoreBase, RubricCriterionBase, RubricLevelBase
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment
from agora.mentoring.models import enrolments_reviewed_by


def default_file_kinds() -> list[str]:
    return ["pdf", "docx", "odt"]


class Assignment(models.Model):
    """How one assignment activity is handed in and graded. Its instructions are the
    activity's text; its due date is set per cohort (``DueDate``)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Written answer")
        FILES = "files", _("Files")
        BOTH = "both", _("Written answer and files")

    class LatePolicy(models.TextChoices):
        ACCEPT = "accept", _("Accept late work")
        MARK_LATE = "mark_late", _("Accept late work and mark it late")
        REFUSE = "refuse", _("Refuse work after a cut-off")

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="assignment",
        limit_choices_to={"kind": "assignment"},
    )
    kind = models.CharField(
        _("what learners hand in"), max_length=10, choices=Kind.choices, default=Kind.BOTH
    )
    file_kinds = models.JSONField(_("allowed file types"), default=default_file_kinds, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(
        _("largest file (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    max_files = models.PositiveSmallIntegerField(
        _("most files per submission"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    late_policy = models.CharField(
        _("late work"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.MARK_LATE
    )

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return str(self.activity)

    def clean(self) -> None:
        unknown = [kind for kind in self.file_kinds if kind not in KINDS]
        if unknown:
            raise ValidationError({"file_kinds": _("Unknown file type.")})
        if self.kind != self.Kind.TEXT and not self.file_kinds:
            raise ValidationError({"file_kinds": _("Allow at least one file type.")})

    @property
    def takes_text(self) -> bool:
        return self.kind in (self.Kind.TEXT, self.Kind.BOTH)

    @property
    def takes_files(self) -> bool:
        return self.kind in (self.Kind.FILES, self.Kind.BOTH)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    def file_kind_labels(self) -> list[str]:
        return [KINDS[kind].label for kind in self.file_kinds if kind in KINDS]

    def max_points(self) -> Decimal:
        """The rubric's best total: the highest level of every criterion."""
        return rubrics.max_points(self.criteria.all())

    def rubric_is_locked(self) -> bool:
        """Once work was graded with the rubric it stays as it is, so that a grade never
        changes meaning after the learner read it."""
        return self.submissions.filter(graded_at__isnull=False).exists()


class Criterion(RubricCriterionBase):
    """One row of an assignment's rubric."""

    owner_field = "assignment"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="criteria")

    class Meta(RubricCriterionBase.Meta):
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")


class RubricLevel(RubricLevelBase):
    """One level of a criterion, with a description the learner reads."""

    description = I18nTextField(_("description"), blank=True)

    class Meta(RubricLevelBase.Meta):
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")


class DueDate(models.Model):
    """When one assignment is due in one cohort, and (for a refusing late policy) the cut-off."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="due_dates")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField(_("due"))
    cutoff_at = models.DateTimeField(
        _("cut-off"), null=True, blank=True,
        help_text=_("Late work is refused after this moment; empty: refused after the due date."),
    )

    class Meta:
        verbose_name = _("due date")
        verbose_name_plural = _("due dates")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "cohort"], name="one_due_date_per_cohort"
            ),
            models.CheckConstraint(
                condition=Q(cutoff_at__isnull=True) | Q(cutoff_at__gte=models.F("due_at")),
                name="cutoff_after_due_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.cohort}: {self.due_at:%Y-%m-%d %H:%M}"

    def refuses_at(self) -> datetime:
        return self.cutoff_at or self.due_at


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def of_learner(self, user) -> SubmissionQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(enrolment__user=user)

    def gradable_by(self, user) -> SubmissionQuerySet:
        """Submissions ``user`` sees and grades: the work of the learners given by
        ``mentoring.models.enrolments_reviewed_by`` (a cohort's facilitators, a learner's own
        mentor)."""
        return self.filter(enrolment__in=enrolments_reviewed_by(user))

    def handed_in(self) -> SubmissionQuerySet:
        return self.exclude(status=Submission.Status.DRAFT)

    def current(self) -> SubmissionQuerySet:
        """The latest handed-in version of each learner's work (earlier ones are history)."""
        later = Submission.objects.filter(
            enrolment_id=OuterRef("enrolment_id"),
            assignment_id=OuterRef("assignment_id"),
            version__gt=OuterRef("version"),
        ).exclude(status=Submission.Status.DRAFT)
        return self.handed_in().exclude(Exists(later))


class Submission(models.Model):
    """One version of a learner's work on an assignment: a draft until it is submitted.

    A resubmission is a new version; earlier versions, with their grades and feedback, stay.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("To grade")
        GRADED = "graded", _("Graded")
        RESUBMIT = "resubmit", _("Resubmission requested")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="submissions"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    text = models.TextField(_("your answer"), blank=True, help_text=_("Markdown."))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True,
                                 blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True,
                                blank=True)
    feedback = models.TextField(_("feedback"), blank=True, help_text=_("Markdown."))

    objects = SubmissionQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["assignment", "version", "status", "text", "created_at", "submitted_at",
                "late", "graded_at", "points", "score", "feedback"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="enrolment__user",
    )

    class Meta:
        ordering = ["assignment", "enrolment", "version"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "enrolment", "version"], name="one_row_per_version"
            )
        ]
        indexes = [models.Index(fields=["assignment", "status"])]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.enrolment_id} · v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_graded(self) -> bool:
        return self.status in (self.Status.GRADED, self.Status.RESUBMIT)


def submission_upload_to(instance: SubmissionFile, filename: str) -> str:
    """Stored under the cohort and the assignment; the name is random (see ``attach_files``)."""
    submission = instance.submission
    return (
        f"assignments/{submission.enrolment.cohort_id}/{submission.assignment_id}/"
        f"{submission.enrolment_id}/{filename}"
    )


class SubmissionFile(models.Model):
    """A file handed in with a submission, kept in private storage and served by a view that
    checks who asks (``views.download``), never from a public media address."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=submission_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    personal_data = PersonalData(
        fields=["original_name", "kind", "size", "uploaded_at"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="submission__enrolment__user",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")

    def __str__(self) -> str:
        return self.original_name


class CriterionScore(CriterionScoreBase):
    """The level a grader chose for one criterion of one submission."""

    owner_field = "submission"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")

    personal_data = PersonalData(
        fields=["criterion", "level", "points"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="submission__enrolment__user",
    )

    class Meta(CriterionScoreBase.Meta):
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.criterion_id}: {self.points}"
