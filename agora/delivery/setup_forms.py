"""Forms with which organisers set up a cohort: its settings, streams, schedule, venues, staff.

Texts that learners read in their own language (a cohort's name, a stream's name, a session's
title…) are one field per language, each marked with its ``lang``, and stored as one
multilingual value. Dates and times are typed in the cohort's time zone, whatever the
organiser's own.
"""

from __future__ import annotations

import datetime
import zoneinfo
from functools import cache

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from i18nfield.strings import LazyI18nString

from agora.accounts.models import Organisation, User
from agora.catalogue.models import Module, Programme, Unit
from agora.delivery.models import (
    QUESTION_CHOICES,
    Ask,
    Cohort,
    CohortStaff,
    ScheduledSession,
    Stream,
    StreamActivity,
    Venue,
)

LANGUAGE_NAMES = dict(settings.CONTENT_LANGUAGES)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def https_urls(model_field, **kwargs):
    """Form fields of a model form; a web address typed without a scheme is taken as https."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def text_data(value) -> dict[str, str]:
    if isinstance(value, LazyI18nString):
        value = value.data
    if isinstance(value, dict):
        return {code: text for code, text in value.items() if text}
    return {}


class SetupForm(forms.ModelForm):
    """A model form with multilingual texts (one field per language) and local date-times.

    ``texts`` names the multilingual model fields, ``local_times`` the date-time fields typed
    in the cohort's time zone. The first language's texts in ``required_texts`` are required.
    """

    texts: tuple[str, ...] = ()
    required_texts: tuple[str, ...] = ()
    textareas: tuple[str, ...] = ()
    local_times: tuple[str, ...] = ()

    def __init__(self, *args, languages: list[str], zone: zoneinfo.ZoneInfo, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.languages = list(dict.fromkeys(languages))
        self.zone = zone
        self._add_text_fields()
        for name in self.local_times:
            self._localise(name)

    # --- multilingual texts

    def _add_text_fields(self) -> None:
        added = {}
        for name in self.texts:
            model_field = self._meta.model._meta.get_field(name)
            stored = text_data(getattr(self.instance, name, None)) if self.instance.pk else {}
            for index, code in enumerate(self.languages):
                widget_attrs = {"lang": code}
                widget = (
                    forms.Textarea(attrs={**widget_attrs, "rows": 3})
                    if name in self.textareas
                    else forms.TextInput(attrs=widget_attrs)
                )
                added[f"{name}_{code}"] = forms.CharField(
                    label=_("%(field)s (%(language)s)")
                    % {
                        "field": model_field.verbose_name.capitalize(),
                        "language": language_name(code),
                    },
                    required=index == 0 and name in self.required_texts,
                    initial=stored.get(code, ""),
                    widget=widget,
                    max_length=None if name in self.textareas else 200,
                )
        self.fields = {**added, **self.fields}

    def text_value(self, name: str) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"{name}_{code}"]
            for code in self.languages
            if self.cleaned_data.get(f"{name}_{code}")
        }

    # --- date-times in the cohort's zone

    def _localise(self, name: str) -> None:
        field = self.fields[name]
        field.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)
        field.input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        value = getattr(self.instance, name, None)
        if value is not None:
            # Naive, in the cohort's zone: shown as typed, not converted to the organiser's zone.
            self.initial[name] = timezone.localtime(value, self.zone).replace(tzinfo=None)

    def _in_zone(self, value: datetime.datetime | None) -> datetime.datetime | None:
        """The wall-clock time typed, read in the cohort's zone (not the organiser's)."""
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)

    def clean(self):
        cleaned = super().clean()
        for name in self.local_times:
            if cleaned.get(name) is not None:
                cleaned[name] = self._in_zone(cleaned[name])
        return cleaned

    def _post_clean(self):
        for name in self.texts:
            if any(f"{name}_{code}" in self.cleaned_data for code in self.languages):
                setattr(self.instance, name, LazyI18nString(self.text_value(name)))
        super()._post_clean()


# --- Cohort -------------------------------------------------------------------------------------


class CohortForm(SetupForm):
    """A cohort's settings. Its programme is fixed (chosen before); seats are changed on their
    own page once a cohort exists, where the organiser is told what a lower number means."""

    texts = ("name", "cancellation_policy")
    required_texts = ()  # the name is required in the first language chosen: see clean()
    textareas = ("cancellation_policy",)
    local_times = ("registration_opens_at", "registration_closes_at")

    languages = forms.MultipleChoiceField(
        label=_("Languages"), widget=forms.CheckboxSelectMultiple,
        help_text=_("One cohort may run in several languages; each learner follows theirs."),
    )  # fmt: skip
    time_zone = forms.ChoiceField(label=_("Time zone"))

    QUESTION_LABELS = {
        "organisation": _("Question: organisation"),
        "role": _("Question: role or job title"),
        "government_level": _("Question: level of government"),
        "reason": _("Question: why they want to take part"),
        "accessibility_needs": _("Question: accessibility needs"),
        "billing": _("Question: billing details (for the invoice)"),
        "travel": _("Question: accommodation and airport pick-up"),
    }

    class Meta:
        model = Cohort
        fields = [
            "slug", "level", "modules", "starts_on", "ends_on", "time_zone", "mode", "capacity",
            "fee", "currency", "payment_days", "registration_opens_at",
            "registration_closes_at", "eligibility", "eligible_organisations", "admission",
            "offer_hours", "venue", "status",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "modules": forms.CheckboxSelectMultiple,
            "eligible_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        instance = kwargs.get("instance")
        languages = list(programme.languages) or [programme.source_language]
        if instance is not None and instance.pk:
            languages = list(dict.fromkeys([*instance.languages, *languages]))
        zone = (
            instance.zone
            if instance is not None and instance.pk
            else timezone.get_default_timezone()
        )
        super().__init__(*args, languages=languages, zone=zone, **kwargs)
        self.programme = programme
        self.fields["languages"].choices = [(c, language_name(c)) for c in languages]
        self.fields["languages"].initial = (
            instance.languages if instance is not None and instance.pk else languages[:1]
        )
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["time_zone"].initial = self.instance.time_zone
        self.fields["level"].queryset = programme.levels.order_by("order", "pk")
        self.fields["level"].label_from_instance = lambda level: level.tr.title
        self.fields["modules"].queryset = (
            Module.objects.filter(level__programme=programme)
            .select_related("level__programme")
            .order_by("level__order", "order", "pk")
        )
        self.fields["modules"].label_from_instance = lambda module: module.tr.title
        self.fields["eligible_organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["venue"].queryset = Venue.objects.filter(
            organisation_id=programme.organisation_id
        )
        if self.instance.pk:
            del self.fields["capacity"]
        self._add_question_fields()
        self.order_fields(
            [f"name_{code}" for code in languages]
            + ["slug", "languages", "level", "modules", "starts_on", "ends_on", "time_zone"]
        )

    def _add_question_fields(self) -> None:
        """One select per registration question: required, optional or not asked."""
        labels = dict(Ask.choices)
        self.instance.programme = self.programme  # asks() reads the fee and mode
        for question, allowed in QUESTION_CHOICES.items():
            self.fields[f"ask_{question}"] = forms.ChoiceField(
                label=self.QUESTION_LABELS[question],
                choices=[(value, labels[value]) for value in allowed],
                initial=self.instance.asks(question),
                required=False,  # left out: the default that fits the cohort
            )

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"]
        self.zone = zoneinfo.ZoneInfo(value)  # the registration window is read in this zone
        return value

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The cohort cannot end before it starts."))
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        level, modules = cleaned.get("level"), cleaned.get("modules")
        if level and modules and any(module.level_id != level.pk for module in modules):
            self.add_error("modules", _("Choose modules of the chosen level only."))
        chosen = cleaned.get("languages") or []
        if chosen and not cleaned.get(f"name_{chosen[0]}") and f"name_{chosen[0]}" in self.fields:
            self.add_error(
                f"name_{chosen[0]}",
                _("Give the cohort a name in %(language)s.")
                % {"language": language_name(chosen[0])},
            )
        if cleaned.get("eligibility") == Cohort.Eligibility.ORGANISATIONS and not cleaned.get(
            "eligible_organisations"
        ):
            self.add_error(
                "eligible_organisations", _("Choose the organisations whose members may register.")
            )
        return cleaned

    def _post_clean(self):
        self.instance.programme = self.programme
        self.instance.registration_questions = {
            question: self.cleaned_data[f"ask_{question}"]
            for question in QUESTION_CHOICES
            if self.cleaned_data.get(f"ask_{question}")
        }
        if "languages" in self.cleaned_data:
            # In the order of the form's choices: the first is the fallback language.
            chosen = self.cleaned_data["languages"]
            self.instance.languages = [code for code in self.languages if code in chosen]
        super()._post_clean()


# --- Streams ------------------------------------------------------------------------------------


class StreamForm(SetupForm):
    texts = ("name", "description")
    required_texts = ("name",)
    textareas = ("description",)

    class Meta:
        model = Stream
        fields = ["slug", "weekly_minutes", "completion", "completion_share", "order"]

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, languages=cohort.languages, zone=cohort.zone, **kwargs)
        self.cohort = cohort
        self.instance.cohort = cohort
        self.fields["completion_share"].max_value = 100
        self.fields["completion_share"].widget.attrs["max"] = 100

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        taken = self.cohort.streams.filter(slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another stream of this cohort has this address."))
        return slug

    def clean_completion_share(self) -> int:
        share = self.cleaned_data["completion_share"]
        if not 1 <= share <= 100:
            raise forms.ValidationError(_("Give a share between 1 and 100 per cent."))
        return share


REQUIREMENTS = StreamActivity.Requirement


def parse_activity_rules(data, activity_ids: set[int]) -> tuple[dict[int, str], list[str]]:
    """The rules posted by the stream's activity table: ``rule-<activity id>`` → requirement.

    Only activities of the cohort's scope are read; an unknown value is an error."""
    rules: dict[int, str] = {}
    errors: list[str] = []
    valid = set(REQUIREMENTS.values)
    for activity_id in activity_ids:
        value = data.get(f"rule-{activity_id}")
        if value is None:
            continue
        if value not in valid:
            errors.append(str(activity_id))
            continue
        rules[activity_id] = value
    return rules, errors


# --- Schedule -----------------------------------------------------------------------------------


class SessionForm(SetupForm):
    """A live web session, an in-person day, an excursion or a self-paced week."""

    texts = ("title", "partner_case")
    required_texts = ("title",)
    textareas = ("partner_case",)
    local_times = ("starts_at", "ends_at")
    KINDS = [
        (value, label)
        for value, label in ScheduledSession.Kind.choices
        if value != ScheduledSession.Kind.BLOCK
    ]

    class Meta:
        model = ScheduledSession
        formfield_callback = https_urls
        fields = [
            "kind", "language", "starts_at", "ends_at", "unit", "meeting_url", "guest_speaker",
            "recording_url", "lead", "venue",
        ]  # fmt: skip
        labels = {
            "starts_at": _("Starts (a self-paced week opens)"),
            "ends_at": _("Ends (a self-paced week is due)"),
        }

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, languages=cohort.languages, zone=cohort.zone, **kwargs)
        self.cohort = cohort
        self.instance.cohort = cohort
        self.fields["kind"].choices = self.KINDS
        self.fields["language"].choices = [("", _("Every language of the cohort"))] + [
            (code, language_name(code)) for code in cohort.languages
        ]
        self.fields["unit"].queryset = units_of(cohort)
        self.fields["unit"].label_from_instance = lambda unit: (
            f"{unit.module.tr.title} · {unit.tr.title}"
        )
        self.fields["venue"].queryset = Venue.objects.filter(
            organisation_id=cohort.programme.organisation_id
        )
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("In the cohort's time zone (%(zone)s).") % {
                "zone": cohort.time_zone
            }
        self.order_fields(["kind", *[f"title_{code}" for code in self.languages], "language"])

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end cannot come before the start."))
        return cleaned


class BlockForm(SetupForm):
    """A block of an in-person day: a morning deep dive, an afternoon skills training…"""

    texts = ("title", "partner_case")
    required_texts = ("title",)
    textareas = ("partner_case",)
    local_times = ("starts_at", "ends_at")

    class Meta:
        model = ScheduledSession
        fields = ["starts_at", "ends_at", "lead"]

    def __init__(self, *args, day: ScheduledSession, **kwargs):
        cohort = day.cohort
        super().__init__(*args, languages=cohort.languages, zone=cohort.zone, **kwargs)
        self.day = day
        self.instance.cohort = cohort
        self.instance.parent = day
        self.instance.kind = ScheduledSession.Kind.BLOCK
        self.instance.unit_id = self.instance.unit_id or day.unit_id
        self.instance.venue_id = self.instance.venue_id or day.venue_id
        self.instance.language = day.language

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end cannot come before the start."))
        return cleaned


def units_of(cohort: Cohort) -> QuerySet[Unit]:
    """The units of the cohort's programme, level and modules, in curriculum order."""
    units = Unit.objects.filter(module__level__programme_id=cohort.programme_id)
    if cohort.level_id:
        units = units.filter(module__level_id=cohort.level_id)
    modules = [module.pk for module in cohort.modules.all()]
    if modules:
        units = units.filter(module_id__in=modules)
    return units.select_related("module__level__programme").order_by(
        "module__level__order", "module__order", "order", "pk"
    )


# --- Venues -------------------------------------------------------------------------------------


class VenueForm(SetupForm):
    texts = ("access", "accessibility")
    textareas = ("access", "accessibility")

    class Meta:
        model = Venue
        formfield_callback = https_urls
        fields = ["organisation", "name", "address", "city", "country", "map_url"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"country": _("Two letters, e.g. BE.")}

    def __init__(
        self, *args, organisations: QuerySet[Organisation], languages: list[str], **kwargs
    ):
        super().__init__(*args, languages=languages, zone=timezone.get_default_timezone(), **kwargs)
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
        self.order_fields(["organisation", "name", "address", "city", "country", "map_url"])

    def clean_country(self) -> str:
        return self.cleaned_data["country"].upper()


# --- Staff --------------------------------------------------------------------------------------


class StaffForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The address of an existing Agora account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=CohortStaff.Role.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No account uses %(email)s. Ask them to sign up first.") % {"email": email}
            )
        return user
