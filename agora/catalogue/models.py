"""Programmes and their curriculum: programme → levels → (packages) → modules → units → activities.

Every text field holds one version per language (django-i18nfield: a JSON object from language
code to text). A missing translation falls back to the programme's source language.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField
from i18nfield.strings import LazyI18nString

from agora.accounts.models import Organisation
from agora.catalogue.activity_types import REGISTRY, activity_type_choices

CONTENT_LANGUAGE_CHOICES = settings.CONTENT_LANGUAGES


def pick_text(value, language: str | None, fallback: str) -> str:
    """One language of a multilingual value (dict, LazyI18nString or plain text), else the
    fallback language's, else any language that has text."""
    if isinstance(value, LazyI18nString):
        value = value.data
    if not isinstance(value, dict):
        return value or ""
    found = {code: text for code, text in value.items() if text}
    return found.get(language or fallback) or found.get(fallback) or next(iter(found.values()), "")


def source_digest(text: str) -> str:
    """A short fingerprint of a source text, to tell when a translation went stale."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Localized:
    """``obj.tr.title``: a field's text in the active language, else in the source language."""

    def __init__(self, obj: TranslatableModel):
        self._obj = obj

    def __getattr__(self, field: str) -> str:
        return self._obj.text(field, translation.get_language() or settings.LANGUAGE_CODE)


class TranslatableModel(models.Model):
    """A model whose text fields (``TRANSLATABLE_FIELDS``) exist in several languages.

    ``translation_digests`` remembers, per field and language, the fingerprint of the source
    text a translation was made from; when the source changes, the translation is stale.
    """

    TRANSLATABLE_FIELDS: tuple[str, ...] = ()

    translation_digests = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def source_language(self) -> str:
        raise NotImplementedError

    @property
    def tr(self) -> _Localized:
        return _Localized(self)

    def text_data(self, field: str) -> dict[str, str]:
        value = getattr(self, field)
        if isinstance(value, LazyI18nString):
            value = value.data
        if isinstance(value, dict):
            return {code: text for code, text in value.items() if text}
        return {self.source_language: value} if value else {}

    def text(self, field: str, language: str) -> str:
        data = self.text_data(field)
        return data.get(language) or data.get(self.source_language) or ""

    def set_text(self, field: str, language: str, text: str) -> None:
        """Set one language's text; a translation records which source it was made from."""
        data = self.text_data(field)
        if text:
            data[language] = text
        else:
            data.pop(language, None)
        setattr(self, field, LazyI18nString(data))
        if language != self.source_language and text:
            source = data.get(self.source_language, "")
            self.translation_digests.setdefault(field, {})[language] = source_digest(source)

    def translation_state(self, field: str, language: str) -> str:
        """"source", "missing", "stale" or "current" for one field in one language."""
        if language == self.source_language:
            return "source"
        data = self.text_data(field)
        source = data.get(self.source_language, "")
        if not source:
            return "source"  # nothing to translate
        if not data.get(language):
            return "missing"
        recorded = self.translation_digests.get(field, {}).get(language)
        return "current" if recorded in (None, source_digest(source)) else "stale"


class Competence(TranslatableModel):
    """A competence of the engagement framework that ships with Agora."""

    TRANSLATABLE_FIELDS = ("name", "description")

    code = models.SlugField(_("code"), unique=True)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")

    def __str__(self) -> str:
        return self.tr.name

    @property
    def source_language(self) -> str:
        return "en"


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def published(self) -> ProgrammeQuerySet:
        return self.filter(status=Programme.Status.PUBLISHED)

    def editable_by(self, user) -> ProgrammeQuerySet:
        """Programmes of organisations where ``user`` is an organiser (all, for an admin)."""
        if user.is_superuser:
            return self.all()
        return self.filter(organisation__in=Organisation.objects.organised_by(user))

    def visible_to(self, user) -> ProgrammeQuerySet:
        """Published programmes, plus drafts and archived ones the user may edit."""
        return self.filter(Q(status=Programme.Status.PUBLISHED) | Q(pk__in=self.editable_by(user)))


class Programme(TranslatableModel):
    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        BLENDED = "blended", _("Blended")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Audience(models.TextChoices):
        LOCAL = "local", _("Local government officials")
        REGIONAL = "regional", _("Regional government officials")
        NATIONAL = "national", _("National government officials")
        EUROPEAN = "european", _("EU institution staff")
        MANAGERS = "managers", _("Managers and decision makers")
        TRAINERS = "trainers", _("Trainers")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisations")
        ENTREPRENEURS = "entrepreneurs", _("Social entrepreneurs")
        RESEARCHERS = "researchers", _("Researchers and students")

    TRANSLATABLE_FIELDS = (
        "title", "summary", "description", "audience_note", "objectives", "duration",
        "effort", "payment_terms",
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes"
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    source_language = models.CharField(
        _("source language"), max_length=5, choices=CONTENT_LANGUAGE_CHOICES, default="en"
    )
    languages = models.JSONField(_("languages"), default=list, help_text=_("Language codes."))
    title = I18nCharField(_("title"))
    summary = I18nTextField(_("summary"), blank=True)
    description = I18nTextField(_("description"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    audience_note = I18nTextField(_("who it is for"), blank=True)
    objectives = I18nTextField(_("learning outcomes"), blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    duration = I18nCharField(_("duration"), blank=True)
    effort = I18nCharField(_("effort"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    fee = models.DecimalField(_("fee"), max_digits=9, decimal_places=2, default=Decimal(0))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    payment_terms = I18nTextField(_("payment terms"), blank=True)
    certificate_offered = models.BooleanField(_("certificate"), default=False)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    competences = models.ManyToManyField(Competence, blank=True, related_name="programmes")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.tr.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:programme", kwargs={"slug": self.slug})

    @property
    def is_free(self) -> bool:
        return not self.fee

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ProgrammePart(TranslatableModel):
    """A part of a programme (each subclass has a ``programme``): its source language is the
    programme's. Select the path to the programme when listing parts, to keep one query."""

    class Meta:
        abstract = True

    @property
    def source_language(self) -> str:
        return self.programme.source_language


class Level(ProgrammePart):
    class Kind(models.TextChoices):
        BASIC = "basic", _("Basic")
        ADVANCED = "advanced", _("Advanced")
        TRAIN_THE_TRAINER = "train_the_trainer", _("Train the trainer")
        COURSE = "course", _("Course")

    TRANSLATABLE_FIELDS = ("title", "summary", "selection_rule")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="levels")
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.COURSE)
    title = I18nCharField(_("title"))
    summary = I18nTextField(_("summary"), blank=True)
    selection_rule = I18nTextField(
        _("how to choose modules"), blank=True,
        help_text=_("For example: the first two modules are required, then pick from packages."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="level_slug_per_programme")
        ]

    def __str__(self) -> str:
        return self.tr.title


class ModulePackage(ProgrammePart):
    """A group of optional modules within a level that a learner picks from."""

    TRANSLATABLE_FIELDS = ("title", "summary")

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="packages")
    slug = models.SlugField(_("address"), max_length=80)
    title = I18nCharField(_("title"))
    summary = I18nTextField(_("summary"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("module package")
        verbose_name_plural = _("module packages")
        constraints = [
            models.UniqueConstraint(fields=["level", "slug"], name="package_slug_per_level")
        ]

    def __str__(self) -> str:
        return self.tr.title

    @property
    def programme(self) -> Programme:
        return self.level.programme


class ModuleQuerySet(models.QuerySet["Module"]):
    def teaching(self, competence: Competence) -> ModuleQuerySet:
        """A learning path towards ``competence``: published modules, in curriculum order."""
        return (
            self.filter(
                competences=competence, level__programme__status=Programme.Status.PUBLISHED
            )
            .select_related("level__programme")
            .order_by("level__programme__slug", "level__order", "order")
        )


class Module(ProgrammePart):
    TRANSLATABLE_FIELDS = ("title", "summary", "objectives")

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="modules")
    package = models.ForeignKey(
        ModulePackage, on_delete=models.SET_NULL, null=True, blank=True, related_name="modules"
    )
    slug = models.SlugField(_("address"), max_length=80)
    title = I18nCharField(_("title"))
    summary = I18nTextField(_("summary"), blank=True)
    objectives = I18nTextField(_("learning outcomes"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    competences = models.ManyToManyField(Competence, blank=True, related_name="modules")

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=["level", "slug"], name="module_slug_per_level")
        ]

    def __str__(self) -> str:
        return self.tr.title

    def get_absolute_url(self) -> str:
        return reverse(
            "catalogue:module",
            kwargs={"slug": self.programme.slug, "level": self.level.slug, "module": self.slug},
        )

    @property
    def programme(self) -> Programme:
        return self.level.programme

    def estimated_minutes(self) -> int:
        total = Activity.objects.filter(unit__module=self).aggregate(total=Sum("estimated_minutes"))
        return total["total"] or 0


class Unit(ProgrammePart):
    class Kind(models.TextChoices):
        WEEK = "week", _("Week")
        DAY = "day", _("Day")
        BLOCK = "block", _("Block of a day")
        SECTION = "section", _("Section")

    TRANSLATABLE_FIELDS = ("title", "summary")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="units")
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SECTION)
    title = I18nCharField(_("title"))
    summary = I18nTextField(_("summary"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="unit_slug_per_module")
        ]

    def __str__(self) -> str:
        return self.tr.title

    @property
    def programme(self) -> Programme:
        return self.module.level.programme


class Activity(ProgrammePart):
    TRANSLATABLE_FIELDS = ("title", "body")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="activities")
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(_("type"), max_length=30, choices=activity_type_choices())
    title = I18nCharField(_("title"))
    body = I18nTextField(_("text"), blank=True, help_text=_("Markdown."))
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=0)
    media = models.JSONField(
        _("media"), default=dict, blank=True,
        help_text=_("Files beside the text: video, captions per language, transcript, documents."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    competences = models.ManyToManyField(Competence, blank=True, related_name="activities")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["unit", "slug"], name="activity_slug_per_unit")
        ]

    def __str__(self) -> str:
        return self.tr.title

    @property
    def programme(self) -> Programme:
        return self.unit.module.level.programme

    @property
    def settings_url(self) -> str:
        """Where editors set what this activity's type needs beyond the catalogue ("": none)."""
        name = REGISTRY[self.kind].settings_url
        return reverse(name, args=[self.pk]) if name else ""
