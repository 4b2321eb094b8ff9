from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agora.blog.workflow import STEPS, parse_tags

STEP_LABELS = {
    "request_changes": _("Ask for changes"),
    "accept": _("Accept"),
    "publish": _("Publish"),
    "reject": _("Reject"),
    "unpublish": _("Unpublish"),
}


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the post"), choices=settings.CONTENT_LANGUAGES
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown in lists and in the feed."),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: **bold**, *italic*, [a link](https://example.org), lists with -."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=400,
        required=False,
        help_text=_("Separated by commas, for example: participation, citizen panels."),
    )

    def clean_tags(self) -> str:
        text = self.cleaned_data["tags"]
        if len([t for t in text.split(",") if t.strip()]) > 10:
            raise forms.ValidationError(_("Give at most ten tags."))
        return ", ".join(name for _slug, name in parse_tags(text))


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(forms.Form):
    step = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the author (optional)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, steps: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(s, STEP_LABELS[s]) for s in steps if s in STEPS]
