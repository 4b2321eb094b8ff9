"""Forms of the facilitator's screens. Participants' answers are read by ``answer_value``."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from agora.live.models import Interaction, Room
from agora.live.tally import CHOICE, RANKING, RATING, WORDS, InvalidAnswer, order_from_ranks

MAX_OPTIONS = 10


class InteractionForm(forms.ModelForm):
    options_text = forms.CharField(
        label=_("Options"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line. For multiple choice and ranking."),
    )

    class Meta:
        model = Interaction
        fields = ["kind", "prompt", "multiple", "scale", "moderated"]
        widgets = {"prompt": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["options_text"].initial = "\n".join(self.instance.options)
        self.fields["scale"].min_value = 2
        self.fields["scale"].max_value = 10
        self.fields["scale"].widget.attrs.update(min=2, max=10)

    def full_clean(self):
        super().full_clean()
        # Errors are read out with their field (the template gives them these ids).
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                described = [f"{name}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def clean(self):
        cleaned = super().clean()
        options = [
            line.strip() for line in cleaned.get("options_text", "").splitlines() if line.strip()
        ]
        if cleaned.get("kind") in (CHOICE, RANKING):
            if len(options) < 2:
                self.add_error("options_text", _("Give at least two options, one per line."))
            elif len(options) > MAX_OPTIONS:
                self.add_error(
                    "options_text", _("Give at most %(count)d options.") % {"count": MAX_OPTIONS}
                )
            elif len(set(options)) != len(options):
                self.add_error("options_text", _("Each option must be different."))
        else:
            options = []
        cleaned["options"] = options
        return cleaned

    def save(self, commit=True):
        self.instance.options = self.cleaned_data["options"]
        return super().save(commit=commit)


class RoomSettingsForm(forms.Form):
    allow_anonymous = forms.BooleanField(
        label=_("Participants may join without an account"), required=False,
        help_text=_("Each device then counts as one participant."),
    )


class CopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the interactions of"), queryset=Room.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda room: (
            f"{room.session.cohort} · {room.session} ({room.session.language or '—'})"
        )


def answer_value(interaction: Interaction, data: QueryDict):
    """The answer a posted form gives, in the shape ``tally.clean_answer`` checks."""
    if interaction.kind == CHOICE:
        return [int(v) for v in data.getlist("choice") if v.lstrip("-").isdigit()]
    if interaction.kind == RATING:
        return data.get("rating", "")
    if interaction.kind == WORDS:
        return data.get("words", "")
    if interaction.kind == RANKING:
        try:
            ranks = [int(data.get(f"rank-{i}", "")) for i in range(len(interaction.options))]
        except ValueError:
            raise InvalidAnswer("rank_all") from None
        return order_from_ranks(ranks)
    return None
