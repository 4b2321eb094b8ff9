from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import Organisation
from agora.catalogue.models import Competence
from agora.directory.models import COUNTRIES, ContactRequest, Profile


class CompetenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Competence) -> str:
        return obj.tr.name


class _ProfileForm(forms.ModelForm):
    """What person and organisation profiles share: languages are kept as ",en,fr,"."""

    language_choices = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    competences = CompetenceChoiceField(
        label=_("Expertise from the competence framework"),
        queryset=Competence.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("language_choices", self.instance.language_codes)

    def clean_tags(self) -> str:
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        return ", ".join(dict.fromkeys(tags))

    def save(self, commit: bool = True) -> Profile:
        codes = self.cleaned_data.get("language_choices") or []
        self.instance.languages = f",{','.join(codes)}," if codes else ""
        with transaction.atomic():
            return super().save(commit)


class PersonProfileForm(_ProfileForm):
    membership = forms.ModelChoiceField(
        label=_("Or choose one of your organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name", "organisation_name", "role", "level", "country",
            "competences", "tags", "interests", "bio", "visible",
        ]  # fmt: skip
        help_texts = {
            "display_name": _("How others see you in the directory."),
            "tags": _("Other topics you know well, separated by commas."),
            "bio": _("A few lines about your work. Markdown is allowed."),
            "visible": _("Untick to hide your profile: nobody else will see it."),
        }
        widgets = {
            "interests": forms.Textarea(attrs={"rows": 3}),
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    field_order = [
        "display_name", "organisation_name", "membership", "role", "level", "country",
        "language_choices", "competences", "tags", "interests", "bio", "visible",
    ]  # fmt: skip

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.instance.kind = Profile.Kind.PERSON
        memberships = Organisation.objects.filter(memberships__user=owner)
        if memberships.exists():
            self.fields["membership"].queryset = memberships
        else:
            del self.fields["membership"]  # nothing to choose from
        if not self.instance.pk:
            self.initial.setdefault("display_name", owner.full_name)

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("membership")
        if chosen is not None and not cleaned.get("organisation_name"):
            cleaned["organisation_name"] = chosen.name
            self.instance.organisation_name = chosen.name
        return cleaned


class OrganisationProfileForm(_ProfileForm):
    """Only an organiser of the organisation may hold its profile: the choice is limited to
    the organisations the person organises that have none yet."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Profile
        fields = [
            "organisation", "display_name", "country", "region", "website", "competences",
            "tags", "bio", "methods", "visible",
        ]  # fmt: skip
        labels = {"bio": _("What the organisation does")}
        help_texts = {
            "display_name": _("How the organisation appears in the directory."),
            "methods": _("The practice you share with officials: methods, cases, tools. "
                         "Markdown is allowed."),
            "bio": _("Markdown is allowed."),
            "tags": _("Other topics, separated by commas."),
            "visible": _("Untick to hide the profile: nobody else will see it."),
        }  # fmt: skip
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "methods": forms.Textarea(attrs={"rows": 5}),
        }

    field_order = [
        "organisation", "display_name", "bio", "methods", "language_choices", "country",
        "region", "website", "competences", "tags", "visible",
    ]  # fmt: skip

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.owner = owner
        self.instance.kind = Profile.Kind.ORGANISATION
        field = self.fields["organisation"]
        field.required = True
        if self.instance.pk:
            del self.fields["organisation"]  # an organisation's profile stays its own
        else:
            self.fields["display_name"].required = False  # the organisation's name by default
            field.queryset = Organisation.objects.organised_by(owner).exclude(
                directory_profiles__kind=Profile.Kind.ORGANISATION
            )

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        if organisation is not None and not cleaned.get("display_name"):
            cleaned["display_name"] = organisation.name
        return cleaned


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All"))] + list(Profile.Kind.choices), required=False
    )
    level = forms.ChoiceField(
        label=_("Level of government"),
        choices=[("", _("All"))] + list(Profile.Level.choices),
        required=False,
    )
    expertise = forms.ModelChoiceField(
        label=_("Expertise"),
        queryset=Competence.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All"))] + settings.CONTENT_LANGUAGES, required=False
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("All"))] + COUNTRIES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].label_from_instance = lambda obj: obj.tr.name

    def filter(self, profiles):
        if not self.is_valid():
            return profiles
        data = self.cleaned_data
        if data["q"]:
            profiles = profiles.search(data["q"])
        if data["kind"]:
            profiles = profiles.filter(kind=data["kind"])
        if data["level"]:
            profiles = profiles.filter(level=data["level"])
        if data["expertise"]:
            profiles = profiles.filter(competences=data["expertise"])
        if data["language"]:
            profiles = profiles.speaking(data["language"])
        if data["country"]:
            profiles = profiles.filter(country=data["country"])
        return profiles


class ContactRequestForm(forms.ModelForm):
    class Meta:
        model = ContactRequest
        fields = ["message"]
        labels = {"message": _("Your message")}
        help_texts = {
            "message": _("Say who you are and why you would like to be in touch. Your e-mail "
                         "address is shared only if the request is accepted."),
        }  # fmt: skip
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
