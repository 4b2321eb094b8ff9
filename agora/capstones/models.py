"""Capstone projects: a learner's project on their own case, the cohort's milestones, every
version handed in with the feedback and decision on it, the final review's rubric, and the
learner's consent to show the finished project publicly."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.assignments.rubrics import CriterionScoreBase, RubricCriterionBase, RubricLevelBase
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment
from agora.mentoring.models import enrolments_reviewed_by


class Stage(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    MILESTONE = "milestone", _("Milestone")
    FINAL = "final", _("Final submission")


class Milestone(models.Model):
    """One step of a cohort's capstone, set by its organisers or facilitators.

    Most are checkpoints (``Stage.MILESTONE``); one row of stage proposal or final only gives
    those steps a due date and links them to their activity.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="capstone_milestones")
    stage = models.CharField(
        _("step"), max_length=10, choices=Stage.choices, default=Stage.MILESTONE
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": "capstone_milestone"}, verbose_name=_("activity"),
        help_text=_("Handing this step in completes the activity."),
    )

    class Meta:
        ordering = ["cohort", "order", "due_at", "pk"]
        verbose_name = _("capstone milestone")
        verbose_name_plural = _("capstone milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "stage"], condition=~Q(stage="milestone"),
                name="capstone_one_proposal_and_final_step_per_cohort",
            ),
            models.UniqueConstraint(
                fields=["cohort", "activity"], condition=Q(activity__isnull=False),
                name="capstone_one_step_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectQuerySet(models.QuerySet["Project"]):
    def of_learner(self, user) -> ProjectQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(enrolment__user=user)

    def reviewable_by(self, user) -> ProjectQuerySet:
        """Projects ``user`` sees and reviews: the work of the learners given by
        ``mentoring.models.enrolments_reviewed_by`` (a cohort's facilitators, a learner's own
        mentor)."""
        return self.filter(enrolment__in=enrolments_reviewed_by(user))

    def with_waiting(self) -> ProjectQuerySet:
        """Annotates ``waiting``: a handed-in version awaits feedback."""
        waiting = Submission.objects.filter(
            project=OuterRef("pk"), status=Submission.Status.SUBMITTED
        )
        return self.annotate(waiting=Exists(waiting))

    def showcased(self) -> ProjectQuerySet:
        """Finished projects whose learners consent to show them publicly (now)."""
        return self.filter(step=Project.Step.FINISHED, showcase_consent_at__isnull=False)


class Project(models.Model):
    """A learner's capstone project in one cohort (one per enrolment)."""

    class Step(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        UNDERWAY = "underway", _("Milestones")
        FINAL = "final", _("Final review")
        FINISHED = "finished", _("Finished")

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="capstone"
    )
    step = models.CharField(
        _("step"), max_length=10, choices=Step.choices, default=Step.PROPOSAL
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    case = models.TextField(_("your case"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    stakeholders = models.TextField(_("stakeholders"), blank=True)
    summary = models.TextField(
        _("public summary"), blank=True, max_length=2000,
        help_text=_("Markdown. Shown in the showcase if you agree to show your project."),
    )
    showcase_consent_at = models.DateTimeField(_("agreed to the showcase"), null=True, blank=True)
    show_name = models.BooleanField(_("show my name in the showcase"), default=False)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["step", "title", "case", "objectives", "stakeholders", "summary",
                "showcase_consent_at", "show_name", "created_at", "finished_at"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to; withdrawing consent removes it "
                    "from the showcase at once."),
        owner="enrolment__user",
    )

    class Meta:
        ordering = ["enrolment__cohort", "pk"]
        verbose_name = _("capstone project")
        verbose_name_plural = _("capstone projects")
        indexes = [models.Index(fields=["step", "showcase_consent_at"])]

    def __str__(self) -> str:
        return self.title or str(_("Capstone project"))

    @property
    def in_showcase(self) -> bool:
        return self.step == self.Step.FINISHED and self.showcase_consent_at is not None


class Submission(models.Model):
    """One version of one step, handed in by the learner; the feedback on it follows.

    A version is never edited: asked to revise, the learner hands in the next version.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for feedback")
        ACCEPTED = "accepted", _("Accepted")
        REVISE = "revise", _("Revision requested")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="submissions")
    stage = models.CharField(_("step"), max_length=10, choices=Stage.choices)
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="submissions"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    # The proposal's fields as handed in (blank for other steps).
    title = models.CharField(_("title"), max_length=200, blank=True)
    case = models.TextField(_("your case"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    stakeholders = models.TextField(_("stakeholders"), blank=True)
    text = models.TextField(_("your work"), blank=True, help_text=_("Markdown."))
    submitted_at = models.DateTimeField(_("handed in"), auto_now_add=True)

    personal_data = PersonalData(
        fields=["stage", "milestone", "version", "status", "title", "case", "objectives",
                "stakeholders", "text", "submitted_at"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="project__enrolment__user",
    )

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("capstone submission")
        verbose_name_plural = _("capstone submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage", "version"], condition=Q(milestone__isnull=True),
                name="capstone_one_version_per_step",
            ),
            models.UniqueConstraint(
                fields=["project", "milestone", "version"],
                condition=Q(milestone__isnull=False),
                name="capstone_one_version_per_milestone",
            ),
        ]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.stage} · v{self.version}"


def capstone_upload_to(instance: SubmissionFile, filename: str) -> str:
    """Under the cohort and the project; the name is random (see ``submitting``)."""
    project = instance.submission.project
    return f"capstones/{project.enrolment.cohort_id}/{project.pk}/{filename}"


class SubmissionFile(models.Model):
    """A file handed in with a version, in private storage, served only by ``views.download``."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=capstone_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))

    personal_data = PersonalData(
        fields=["original_name", "kind", "size"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="submission__project__enrolment__user",
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("capstone file")
        verbose_name_plural = _("capstone files")

    def __str__(self) -> str:
        return self.original_name


class Feedback(models.Model):
    """A mentor's or facilitator's feedback on one version, and their decision."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accept")
        REVISE = "revise", _("Ask for a revision")

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="feedback"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("feedback"), help_text=_("Markdown. The learner reads it."))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2, null=True,
                                 blank=True)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)

    personal_data = PersonalData(
        fields=["text", "decision", "points", "given_at"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="submission__project__enrolment__user",
    )

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = _("capstone feedback")
        verbose_name_plural = _("capstone feedback")

    def __str__(self) -> str:
        return f"{self.submission} · {self.decision}"


class Criterion(RubricCriterionBase):
    """One row of a cohort's rubric for the final review."""

    owner_field = "cohort"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="capstone_criteria")

    class Meta(RubricCriterionBase.Meta):
        verbose_name = _("capstone rubric criterion")
        verbose_name_plural = _("capstone rubric criteria")


class RubricLevel(RubricLevelBase):
    class Meta(RubricLevelBase.Meta):
        verbose_name = _("capstone rubric level")
        verbose_name_plural = _("capstone rubric levels")


class CriterionScore(CriterionScoreBase):
    """The level a reviewer chose for one criterion in the final review."""

    owner_field = "feedback"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="scores")

    personal_data = PersonalData(
        fields=["criterion", "level", "points"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="feedback__submission__project__enrolment__user",
    )

    class Meta(CriterionScoreBase.Meta):
        verbose_name = _("capstone criterion score")
        verbose_name_plural = _("capstone criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["feedback", "criterion"],
                                    name="capstone_one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} · {self.criterion_id}: {self.points}"
