"""Forms of capstones: a step handed in, feedback with its decision (and the final rubric),
the showcase choice, and a cohort's milestones."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agora.assignments.filetypes import KINDS, recognise
from agora.assignments.forms import RubricScoresForm
from agora.capstones.models import Feedback, Milestone, Project, Stage
from agora.capstones.submitting import (
    FILE_KINDS,
    MAX_FILE_MB,
    MAX_FILES,
    CheckedUpload,
)
from agora.catalogue.models import Activity, pick_text
from agora.delivery.models import Cohort
from agora.portal.forms import MultipleFileField

MARKDOWN_HELP = _("You may use Markdown: **bold**, *italic*, lists, links.")


class StepForm(forms.Form):
    """A step handed in: the proposal's fields, or a text; files checked by content and size
    before anything is stored. A refused file keeps what was typed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Project title"), max_length=200)
    case = forms.CharField(
        label=_("Your case"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The problem or situation in your own organisation that the project "
                    "addresses. ") + MARKDOWN_HELP,
    )
    objectives = forms.CharField(
        label=_("Objectives"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )
    stakeholders = forms.CharField(
        label=_("Stakeholders"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who is involved or affected, and how you will work with them."),
    )
    text = forms.CharField(
        label=_("Your work"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    files = MultipleFileField(
        label=_("Attach files"),
        help_text=_("%(types)s; at most %(size)s MB each, %(count)s files in all.") % {
            "types": ", ".join(KINDS[kind].label for kind in FILE_KINDS),
            "size": MAX_FILE_MB, "count": MAX_FILES,
        },
    )

    def __init__(self, *args, stage: str, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if stage == Stage.PROPOSAL:
            del self.fields["text"]
        else:
            for name in ("title", "case", "objectives", "stakeholders"):
                del self.fields[name]
        self.fields["files"].widget.attrs["accept"] = ",".join(
            sorted({f".{ext}" for kind in FILE_KINDS for ext in KINDS[kind].extensions})
        )

    def clean_files(self) -> list[CheckedUpload]:
        uploads = self.cleaned_data["files"]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                ngettext_lazy("You may attach at most %(count)d file.",
                              "You may attach at most %(count)d files.", "count"),
                params={"count": MAX_FILES},
            )
        checked = []
        for upload in uploads:
            if upload.size > MAX_FILE_MB * 1024 * 1024:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(size)s MB."),
                    params={"name": upload.name, "size": MAX_FILE_MB},
                )
            kind = recognise(upload, upload.name, FILE_KINDS)
            if kind is None:
                raise forms.ValidationError(
                    _("“%(name)s” is not one of the accepted types: %(types)s."),
                    params={"name": upload.name,
                            "types": ", ".join(KINDS[kind].label for kind in FILE_KINDS)},
                )
            checked.append(CheckedUpload(upload=upload, kind=kind))
        return checked

    def proposal(self) -> dict:
        return {name: self.cleaned_data[name].strip()
                for name in ("title", "case", "objectives", "stakeholders")
                if name in self.cleaned_data}


class FeedbackForm(RubricScoresForm):
    """Feedback and decision; on the final submission, one radio group per rubric criterion."""

    text = forms.CharField(
        label=_("Feedback"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown. The learner reads it in their project's history."),
    )
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Feedback.Decision.choices, widget=forms.RadioSelect
    )


class ShowcaseForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("Show my finished project in the public showcase"), required=False,
        help_text=_("You can withdraw at any time; your project leaves the showcase at once."),
    )

    class Meta:
        model = Project
        fields = ["summary", "show_name"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["consent"].initial = self.instance.showcase_consent_at is not None


class MilestoneForm(forms.ModelForm):
    """A step of the cohort's capstone; the due date is typed in the cohort's local time."""

    due_at = forms.DateTimeField(
        label=_("Due"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the cohort's time zone. Empty: no due date."),
    )

    class Meta:
        model = Milestone
        fields = ["stage", "title", "description", "due_at", "activity", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cohort: Cohort, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.instance.cohort = cohort
        activities = Activity.objects.filter(
            kind="capstone_milestone", unit__module__level__programme_id=cohort.programme_id
        ).order_by("unit__module__level__order", "unit__module__order", "unit__order", "order")
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = (
            lambda activity: pick_text(activity.title, None, activity.source_language)
            or activity.slug
        )

    def clean_due_at(self) -> datetime | None:
        value = self.cleaned_data.get("due_at")
        if value is None:
            return None
        # The browser sends a wall-clock time; it is the cohort's, not the server's.
        return timezone.make_naive(value).replace(tzinfo=self.cohort.zone) \
            if timezone.is_aware(value) else value.replace(tzinfo=self.cohort.zone)

    def clean(self):
        # The cohort is set by the form, so its unique rules are checked here, on the field.
        data = super().clean()
        others = Milestone.objects.filter(cohort=self.cohort).exclude(pk=self.instance.pk)
        stage = data.get("stage")
        if stage in (Stage.PROPOSAL, Stage.FINAL) and others.filter(stage=stage).exists():
            self.add_error("stage", _("This cohort has this step already."))
        activity = data.get("activity")
        if activity is not None and others.filter(activity=activity).exists():
            self.add_error("activity", _("Another step is linked to this activity."))
        return data
