from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import Organisation
from agora.newsletter.models import IssueVersion


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the newsletter"),
        choices=settings.CONTENT_LANGUAGES,
        help_text=_("When an issue is not written in it, you get the issue's first language."),
    )


class IssueForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(
        label=_("Internal name"), max_length=200, help_text=_("Only organisers see it.")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class VersionForm(forms.ModelForm):
    class Meta:
        model = IssueVersion
        fields = ["language", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}
        # Not just "Language": the header's language switcher already has that name.
        labels = {"language": _("Language of this version")}

    def __init__(self, *args, taken: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        if language in self.taken:
            raise forms.ValidationError(_("This issue already has a version in this language."))
        return language


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send on"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["send_at"].help_text = _("Time in %(zone)s.") % {"zone": settings.TIME_ZONE}

    def clean_send_at(self):
        when = self.cleaned_data["send_at"]
        if when < timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return when
