"""“Report a problem or mistake on this page”, and the organisers' triage list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData

# The kinds of problem a visitor can tick, as (field name, label); each is a boolean field below.
KINDS = [
    ("broken", _("A broken link or page")),
    ("wrong_information", _("Wrong or outdated information")),
    ("translation", _("A translation mistake")),
    ("accessibility", _("An accessibility problem")),
    ("other", _("Something else")),
]


def _reports_of(user) -> models.QuerySet:
    return ProblemReport.objects.filter(Q(reporter=user) | Q(email__iexact=user.email))


def may_triage(user) -> bool:
    """Organisers (of any organisation) and platform admins triage the reports."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_organiser))


class ProblemReportQuerySet(models.QuerySet["ProblemReport"]):
    def triaged_by(self, user) -> ProblemReportQuerySet:
        return self.all() if may_triage(user) else self.none()

    def open(self) -> ProblemReportQuerySet:
        return self.filter(status__in=[ProblemReport.Status.NEW, ProblemReport.Status.IN_PROGRESS])

    def of_kind(self, kind: str) -> ProblemReportQuerySet:
        if kind not in dict(KINDS):
            return self.none()
        return self.filter(**{kind: True})


class ProblemReport(models.Model):
    """A visitor's report about one page of the site, triaged by organisers."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    page = models.CharField(_("page address"), max_length=500)
    broken = models.BooleanField(_("a broken link or page"), default=False)
    wrong_information = models.BooleanField(_("wrong or outdated information"), default=False)
    translation = models.BooleanField(_("a translation mistake"), default=False)
    accessibility = models.BooleanField(_("an accessibility problem"), default=False)
    other = models.BooleanField(_("something else"), default=False)
    description = models.TextField(_("what is wrong"), max_length=3000, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problem_reports",
        verbose_name=_("reported by"),
    )
    language = models.CharField(_("language of the page"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProblemReportQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["page", "description", "email", "status", "created_at"],
        erasure="anonymise",
        retention=_("Until the problem is resolved or dismissed; kept without your name after."),
        records=_reports_of,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self) -> str:
        return f"{self.page} · {self.get_status_display()}"

    @property
    def kind_labels(self) -> list[str]:
        return [str(label) for name, label in KINDS if getattr(self, name)]

    def anonymise(self) -> None:
        """Keep the report (the page may still need fixing) without anything about its author."""
        self.reporter = None
        self.email = ""
        self.save(update_fields=["reporter", "email", "updated_at"])
