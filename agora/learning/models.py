"""What a learner has done: one row per activity they opened, and the modules they finished."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData
from agora.catalogue.models import Activity, Module
from agora.delivery.models import Enrolment


class ActivityProgressQuerySet(models.QuerySet["ActivityProgress"]):
    def completed(self) -> ActivityProgressQuerySet:
        return self.filter(completed_at__isnull=False)


class ActivityProgress(models.Model):
    """One learner's record of one activity within one enrolment.

    Created when the learner first opens the activity; ``completed_at`` is set once, when the
    activity's completion condition (viewed, answered, passed, submitted, attended, posted) is
    met, and never unset by later attempts.
    """

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="activity_progress"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    first_seen_at = models.DateTimeField(_("first opened"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last opened"), auto_now=True)
    seconds_spent = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    score = models.DecimalField(
        _("best score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = ActivityProgressQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["activity", "first_seen_at", "last_seen_at", "seconds_spent", "score",
                "completed_at"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="enrolment__user",
    )

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity"], name="one_progress_per_activity"
            )
        ]
        indexes = [models.Index(fields=["activity", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.activity_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ModuleCompletion(models.Model):
    """A module a person finished, in whichever cohort: counts toward learning paths."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"))

    personal_data = PersonalData(
        fields=["module", "completed_at"],
        erasure="delete",
        retention=_("As long as the account: it is the learner's record of training."),
    )

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="one_completion_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.module_id}"


class WeeklyTime(models.Model):
    """Time a learner spent on a cohort's activities in one week (Monday, cohort's zone)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="weekly_time")
    week = models.DateField(_("week of"))
    seconds = models.PositiveIntegerField(_("seconds"), default=0)

    personal_data = PersonalData(
        fields=["week", "seconds"],
        erasure="delete",
        retention=_("As long as the enrolment it belongs to."),
        owner="enrolment__user",
    )

    class Meta:
        ordering = ["week"]
        verbose_name = _("weekly time")
        verbose_name_plural = _("weekly time")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "week"], name="one_row_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.week}"
