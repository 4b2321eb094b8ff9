from __future__ import annotations

import uuid
from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BODY_MAX = 20_000
MARKDOWN_HELP = _("Markdown works: **bold**, *italic*, lists, links.")


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class _KeyedForm(_Form):
    # Sent back with the form, so a second submit of it is recognised.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["key"] = uuid.uuid4()


class MessageForm(_KeyedForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=BODY_MAX, help_text=MARKDOWN_HELP)  # fmt: skip
    prefix = "message"


class FeedbackForm(_KeyedForm):
    body = forms.CharField(label=_("Entry"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=BODY_MAX, help_text=MARKDOWN_HELP)  # fmt: skip
    prefix = "feedback"


class CheckInForm(_Form):
    prefix = "checkin"
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("Topic"), max_length=200)

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["time"].help_text = _("In the cohort's time zone (%(zone)s).") % {
            "zone": zone.key
        }

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            data["starts_at"] = datetime.combine(data["day"], data["time"], tzinfo=self.zone)
            if data["starts_at"] <= timezone.now():
                self.add_error("day", _("Choose a moment in the future."))
        return data


class AssignForm(_Form):
    """One choice per learner: their mentor (or none)."""

    def __init__(self, *args, learners, mentors, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.learners = list(learners)
        choices = [("", _("No mentor"))] + [(str(m.pk), m.full_name or str(m)) for m in mentors]
        for learner in self.learners:
            self.fields[f"learner-{learner.pk}"] = forms.ChoiceField(
                label=learner.user.full_name or str(learner.user), choices=choices,
                required=False, initial=str(current.get(learner.pk, "")),
            )  # fmt: skip

    def choices_made(self) -> list[tuple]:
        return [(learner, self.cleaned_data[f"learner-{learner.pk}"]) for learner in self.learners]
