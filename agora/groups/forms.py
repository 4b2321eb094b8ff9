from __future__ import annotations

import secrets
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from agora.groups.models import Group

BODY_MAX = 20_000
NOTES_MAX = 50_000
MAX_GROUPS = 100
MARKDOWN_HELP = _("Markdown works: **bold**, *italic*, lists, links.")


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class FormGroupsForm(_Form):
    """Form groups at random or balanced: by group size or by number of groups."""

    method = forms.ChoiceField(
        label=_("How to form the groups"),
        choices=[(value, label) for value, label in Group.Method.choices if value != "hand"],
    )
    size = forms.IntegerField(
        label=_("People per group"), required=False, min_value=2, max_value=500,
        help_text=_("Give either a group size or a number of groups."),
    )  # fmt: skip
    count = forms.IntegerField(
        label=_("Number of groups"), required=False, min_value=1, max_value=MAX_GROUPS
    )
    seed = forms.IntegerField(
        label=_("Draw number"), required=False, min_value=0, max_value=2**31,
        help_text=_("The same number gives the same groups; leave empty for a new draw."),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if bool(data.get("size")) == bool(data.get("count")):
            raise forms.ValidationError(_("Give either a group size or a number of groups."))
        if data.get("seed") is None:
            data["seed"] = secrets.randbelow(2**31)
        return data


class HandForm(_Form):
    """One field per learner: the number of the group they go in."""

    def __init__(self, *args, learners, initial_groups: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.learners = list(learners)
        for learner in self.learners:
            self.fields[f"learner-{learner.pk}"] = forms.IntegerField(
                label=learner.user.full_name or str(learner.user), min_value=1,
                max_value=MAX_GROUPS,
                initial=(initial_groups or {}).get(learner.pk, 1),
            )  # fmt: skip

    def parts(self) -> list[list]:
        numbers: dict[int, list] = {}
        for learner in self.learners:
            numbers.setdefault(self.cleaned_data[f"learner-{learner.pk}"], []).append(learner)
        return [numbers[number] for number in sorted(numbers)]


class PostForm(_Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=BODY_MAX,
        help_text=MARKDOWN_HELP,
    )  # fmt: skip
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["key"] = uuid.uuid4()


class NotesForm(_Form):
    notes = forms.CharField(
        label=_("Shared notes"), widget=forms.Textarea(attrs={"rows": 12}), required=False,
        max_length=NOTES_MAX, help_text=MARKDOWN_HELP,
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ResultForm(_Form):
    body = forms.CharField(
        label=_("Our result"), widget=forms.Textarea(attrs={"rows": 8}), max_length=BODY_MAX,
        help_text=_("Posting it marks this activity done for every member of your group. "
                    "Markdown works."),
    )  # fmt: skip
