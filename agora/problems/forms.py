from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from agora.problems.models import KINDS, ProblemReport

# Address parts that are secrets (sign-in links, unsubscribe links, calendar feeds): organisers
# reading the report must not be able to use them.
SECRET_PARTS = {"token", "key", "uidb36", "uidb64", "secret"}
HIDDEN = "hidden"


def validate_site_path(value: str) -> str:
    """``value`` if it is the address of a page of this site (a path, no host), else an error;
    secret parts of the address are replaced by ``hidden``."""
    parts = urlsplit(value)
    if (
        parts.scheme
        or parts.netloc
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(c) < 32 for c in value)
    ):
        raise ValidationError(_("This is not the address of a page of this site."))
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise ValidationError(_("This is not the address of a page of this site.")) from None
    for name, part in match.kwargs.items():
        if name in SECRET_PARTS and str(part):
            value = value.replace(str(part), HIDDEN)
    return value


class ProblemReportForm(forms.Form):
    page = forms.CharField(widget=forms.HiddenInput, max_length=500)
    kinds = forms.MultipleChoiceField(
        label=_("What is wrong?"),
        choices=KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("Tell us more"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
        help_text=_("What did you expect, and what did you find?"),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you would like an answer."),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]  # we know how to reach them

    def clean_page(self) -> str:
        return validate_site_path(self.cleaned_data["page"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kinds") and not cleaned.get("description", "").strip():
            raise ValidationError(_("Tick what is wrong or tell us in a few words."))
        return cleaned


class TriageFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("open", _("New or in progress")), ("", _("All"))]
        + list(ProblemReport.Status.choices),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + KINDS, required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProblemReport.Status.choices)
