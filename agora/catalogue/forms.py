"""Authoring forms: a programme, its parts, and translations side by side.

Text fields are multilingual (a JSON object per field). These forms edit one language at a
time: the part forms edit the source language, ``TranslationForm`` one target language, and
both store texts with ``set_text`` so translation digests are recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nTextField

from agora.accounts.models import Organisation
from agora.catalogue.activity_types import activity_type_choices
from agora.catalogue.editing import next_order
from agora.catalogue.models import (
    Activity,
    Competence,
    Level,
    Module,
    ModulePackage,
    Programme,
    TranslatableModel,
    Unit,
)

SLUG_HELP = _(
    "Part of the web address: lower-case letters, digits and hyphens. Leave it empty to make "
    "one from the title."
)


def organisations_for(user) -> models.QuerySet[Organisation]:
    """Organisations in which ``user`` may create programmes (all, for a platform admin)."""
    return Organisation.objects.organised_by(user)


def text_widget(model: type[models.Model], name: str, language: str) -> forms.Widget:
    attrs = {"lang": language}
    if isinstance(model._meta.get_field(name), I18nTextField):
        return forms.Textarea(attrs={**attrs, "rows": 4})
    return forms.TextInput(attrs=attrs)


class TagsField(forms.CharField):
    """A list of short words typed as one line, separated by commas."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        tags: list[str] = []
        for tag in text.split(","):
            tag = " ".join(tag.split())
            if tag and tag not in tags:
                tags.append(tag)
        return tags


class SourceTextsForm(forms.ModelForm):
    """A model form whose translatable fields are edited in the source language.

    Subclasses set ``source_language`` before calling ``super().__init__`` (or override the
    property); the text fields are added in front of the model's own fields.
    """

    required_texts: tuple[str, ...] = ("title",)
    slug_scope_label = _("address")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        text_fields = {}
        for name in model.TRANSLATABLE_FIELDS:
            model_field = model._meta.get_field(name)
            text_fields[name] = forms.CharField(
                label=capfirst(model_field.verbose_name),
                required=name in self.required_texts,
                help_text=model_field.help_text,
                strip=True,
                widget=text_widget(model, name, self.source_language),
            )
            if self.instance.pk:
                text_fields[name].initial = self.instance.text_data(name).get(
                    self.source_language, ""
                )
        others = dict(self.fields)
        self.fields = {**text_fields, **others}
        self.order_fields(self.field_order or ["title", "slug"])
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP

    @property
    def source_language(self) -> str:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and "slug" not in self.errors:
            made = slugify(cleaned.get("title") or "")[:80].strip("-")
            if made:
                cleaned["slug"] = made
            elif cleaned.get("title"):
                self.add_error("slug", _("Please choose an address: the title gives none."))
            if made and self.slug_taken(made):
                self.add_error("slug", self.slug_taken_message(made))
        elif cleaned.get("slug") and self.slug_taken(cleaned["slug"]):
            self.add_error("slug", self.slug_taken_message(cleaned["slug"]))
        return cleaned

    def slug_taken(self, slug: str) -> bool:
        return self.siblings().filter(slug=slug).exclude(pk=self.instance.pk).exists()

    def slug_taken_message(self, slug: str) -> str:
        message = _("The address “%(slug)s” is already used here. Please choose another.")
        return message % {"slug": slug}

    def siblings(self) -> models.QuerySet:
        raise NotImplementedError

    def fill_texts(self, instance: TranslatableModel) -> None:
        for name in instance.TRANSLATABLE_FIELDS:
            instance.set_text(name, self.source_language, self.cleaned_data.get(name) or "")

    def save(self, commit: bool = True):
        instance = super().save(commit=False)
        self.attach(instance)
        self.fill_texts(instance)
        if commit:
            instance.save()
            self.save_m2m()
        return instance

    def attach(self, instance) -> None:
        """Link a new instance to its parent and put it at the end of its list."""


# --- Programme ----------------------------------------------------------------------------------


class ProgrammeForm(SourceTextsForm):
    field_order = [
        "title", "slug", "organisation", "source_language", "languages", "format", "summary",
        "description", "audiences", "audience_note", "objectives", "duration", "effort",
        "hours_per_week", "fee", "currency", "payment_terms", "certificate_offered", "tags",
        "competences",
    ]
    RESERVED_SLUGS = frozenset({"new"})  # /organise/new/ creates a programme
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-grid"}),
        required=False,
        help_text=_(
            "The languages the programme is offered in. The source language is always one."
        ),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Programme.Audience.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-grid"}),
        required=False,
    )
    tags = TagsField(
        label=_("Tags"), required=False, help_text=_("Separate tags with commas.")
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        required=False,
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="EUR",
        help_text=_("Three capital letters, for example EUR."),
        validators=[
            RegexValidator(r"^[A-Z]{3}$", _("Enter a currency code of three capital letters."))
        ],
    )

    class Meta:
        model = Programme
        fields = [
            "organisation", "slug", "source_language", "languages", "format", "audiences",
            "hours_per_week", "fee", "currency", "certificate_offered", "tags", "competences",
        ]
        error_messages = {
            "slug": {
                "unique": _("Another programme already uses this address. Please choose another.")
            },
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        instance = kwargs.get("instance")
        data = args[0] if args else kwargs.get("data")
        if instance is not None and instance.pk:
            self._source = instance.source_language
        else:
            self._source = (data or {}).get("source_language") or "en"
            if self._source not in dict(settings.CONTENT_LANGUAGES):
                self._source = "en"
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user)
        self.fields["organisation"].empty_label = None
        self.fields["source_language"].help_text = _(
            "The language the texts below are written in; translations are made from it."
        )
        if self.instance.pk:
            self.fields["source_language"].disabled = True
            self.fields["source_language"].help_text = _(
                "The language the texts below are written in. It is fixed once the programme "
                "exists, because translations are made from it."
            )
        else:
            self.fields["languages"].initial = ["en"]
        for name in ("fee", "hours_per_week"):
            self.fields[name].validators.append(MinValueValidator(Decimal(0)))
            self.fields[name].widget.attrs["min"] = "0"
        self.fields["fee"].help_text = _("0 means free of charge.")
        self.fields["competences"].label_from_instance = lambda competence: competence.tr.name

    @property
    def source_language(self) -> str:
        return self._source

    def clean_languages(self) -> list[str]:
        return list(self.cleaned_data.get("languages") or [])

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source_language") or self.source_language
        chosen = set(cleaned.get("languages") or []) | {source}
        cleaned["languages"] = [
            code for code, _name in settings.CONTENT_LANGUAGES if code in chosen
        ]
        return cleaned

    def siblings(self) -> models.QuerySet:
        return Programme.objects.all()

    def slug_taken(self, slug: str) -> bool:
        return slug in self.RESERVED_SLUGS or super().slug_taken(slug)

    def slug_taken_message(self, slug: str) -> str:
        message = _("Another programme already uses the address “%(slug)s”. Please choose another.")
        return message % {"slug": slug}


# --- Parts --------------------------------------------------------------------------------------


class PartForm(SourceTextsForm):
    """A part of a programme, created inside ``parent`` (edited in place otherwise)."""

    parent_field = ""

    def __init__(self, *args, parent, **kwargs):
        self.parent = parent
        super().__init__(*args, **kwargs)

    @property
    def programme(self) -> Programme:
        return self.parent if isinstance(self.parent, Programme) else self.parent.programme

    @property
    def source_language(self) -> str:
        return self.programme.source_language

    def siblings(self) -> models.QuerySet:
        return self._meta.model.objects.filter(**{self.parent_field: self.parent})

    def attach(self, instance) -> None:
        if not instance.pk:
            setattr(instance, self.parent_field, self.parent)
            instance.order = next_order(self.siblings())


class LevelForm(PartForm):
    parent_field = "programme"

    class Meta:
        model = Level
        fields = ["slug", "kind"]


class PackageForm(PartForm):
    parent_field = "level"

    class Meta:
        model = ModulePackage
        fields = ["slug"]


class ModuleForm(PartForm):
    parent_field = "level"
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        required=False,
    )

    class Meta:
        model = Module
        fields = ["slug", "package", "required", "competences"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        level = self.parent
        self.fields["package"].queryset = level.packages.all()
        self.fields["package"].label_from_instance = lambda package: package.tr.title
        self.fields["package"].empty_label = _("No package")
        self.fields["package"].help_text = _("A group of optional modules to pick from.")
        self.fields["competences"].label_from_instance = lambda competence: competence.tr.name


class UnitForm(PartForm):
    parent_field = "module"

    class Meta:
        model = Unit
        fields = ["slug", "kind"]


class ActivityForm(PartForm):
    parent_field = "unit"

    class Meta:
        model = Activity
        fields = ["slug", "kind", "estimated_minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = activity_type_choices()
        self.fields["body"].widget.attrs["rows"] = 12
        self.fields["body"].help_text = _(
            "Markdown: **bold**, *italic*, [a link](https://example.org), lists starting with -."
        )


PART_FORMS: dict[type[models.Model], type[PartForm]] = {
    Level: LevelForm,
    ModulePackage: PackageForm,
    Module: ModuleForm,
    Unit: UnitForm,
    Activity: ActivityForm,
}


# --- Translations side by side ------------------------------------------------------------------

STATE_LABELS = {
    "missing": _("Missing"),
    "stale": _("Out of date: the source changed"),
    "current": _("Up to date"),
}
PREFIXES = {
    Programme: "programme",
    Level: "level",
    ModulePackage: "package",
    Module: "module",
    Unit: "unit",
    Activity: "activity",
}


@dataclass
class TranslationRow:
    item: TranslatableModel
    name: str
    label: str
    source: str
    state: str
    field: forms.BoundField
    confirm: forms.BoundField | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def key(self) -> str:
        return self.field.name


@dataclass
class TranslationGroup:
    """One object's texts on the translation page, under a heading."""

    item: TranslatableModel
    heading: str
    rows: list[TranslationRow]


class TranslationForm(forms.Form):
    """Every translatable text of ``items`` in ``language``, beside its source text."""

    def __init__(self, *args, items: list[TranslatableModel], language: str, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.language = language
        self._entries: list[tuple[TranslatableModel, str, str, str]] = []
        for item in items:
            model = type(item)
            for name in item.TRANSLATABLE_FIELDS:
                state = item.translation_state(name, language)
                if state == "source":
                    continue  # no source text: nothing to translate
                key = f"{PREFIXES[model]}-{item.pk}-{name}"
                label = capfirst(model._meta.get_field(name).verbose_name)
                widget = text_widget(model, name, language)
                # The page shows the source text and the state beside the field (see the
                # template: ids ``<field id>_source`` and ``<field id>_state``).
                widget.attrs["aria-describedby"] = f"id_{key}_source id_{key}_state"
                self.fields[key] = forms.CharField(
                    label=label,
                    required=False,
                    strip=True,
                    initial=item.text_data(name).get(language, ""),
                    widget=widget,
                )
                if state == "stale":
                    self.fields[f"{key}-confirm"] = forms.BooleanField(
                        label=_("The translation is still right: mark it up to date"),
                        required=False,
                    )
                self._entries.append((item, name, key, state))

    def groups(self) -> list[TranslationGroup]:
        groups: list[TranslationGroup] = []
        for item, name, key, state in self._entries:
            if not groups or groups[-1].item is not item:
                groups.append(TranslationGroup(item=item, heading=heading_for(item), rows=[]))
            confirm = self[f"{key}-confirm"] if f"{key}-confirm" in self.fields else None
            groups[-1].rows.append(
                TranslationRow(
                    item=item,
                    name=name,
                    label=self.fields[key].label,
                    source=item.text_data(name).get(item.source_language, ""),
                    state=state,
                    field=self[key],
                    confirm=confirm,
                )
            )
        return groups

    def changes(self) -> list[tuple[TranslatableModel, str, str]]:
        """The texts that changed, or that a translator confirmed, as ``(item, field, text)``."""
        changes = []
        for item, name, key, _state in self._entries:
            if key not in self.data:
                continue  # not on the page that was sent (added meanwhile): leave it alone
            text = self.cleaned_data.get(key, "")
            before = item.text_data(name).get(self.language, "")
            if text != before or (text and self.cleaned_data.get(f"{key}-confirm")):
                changes.append((item, name, text))
        return changes


def heading_for(item: TranslatableModel) -> str:
    kind = capfirst(type(item)._meta.verbose_name)
    title = item.text_data("title").get(item.source_language, "")
    return f"{kind}: {title}" if title else str(kind)

