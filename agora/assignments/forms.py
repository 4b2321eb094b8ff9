"""Forms of assignments: the learner's work, the grader's rubric, due dates, settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agora.assignments.filetypes import KINDS, recognise
from agora.assignments.models import Assignment, DueDate
from agora.assignments.rubrics import CriterionT, LevelText, RubricCriterionBase
from agora.assignments.submitting import CheckedUpload
from agora.catalogue.models import pick_text
from agora.delivery.models import Cohort
from agora.portal.forms import MultipleFileField


class SubmissionForm(forms.Form):
    """The learner's answer and files. Files are checked (count, size, type by content) before
    anything is stored; a refused file keeps the written answer in the form."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your answer"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
        help_text=_("You may use Markdown: **bold**, *italic*, lists, links."),
    )
    files = MultipleFileField(label=_("Attach files"))

    def __init__(self, *args, assignment: Assignment, files_kept: int = 0, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.files_kept = files_kept
        if not assignment.takes_text:
            del self.fields["text"]
        if assignment.takes_files:
            self.fields["files"].help_text = _(
                "%(types)s; at most %(size)s MB each, %(count)s files in all."
            ) % {
                "types": ", ".join(assignment.file_kind_labels()),
                "size": assignment.max_file_mb,
                "count": assignment.max_files,
            }
            accept = sorted({f".{ext}" for kind in assignment.file_kinds if kind in KINDS
                             for ext in KINDS[kind].extensions})
            self.fields["files"].widget.attrs["accept"] = ",".join(accept)
        else:
            del self.fields["files"]

    def clean_files(self) -> list[CheckedUpload]:
        uploads = self.cleaned_data["files"]
        assignment = self.assignment
        if self.files_kept + len(uploads) > assignment.max_files:
            raise forms.ValidationError(
                ngettext_lazy(
                    "You may attach at most %(count)d file.",
                    "You may attach at most %(count)d files.",
                    "count",
                ),
                params={"count": assignment.max_files},
            )
        checked = []
        for upload in uploads:
            if upload.size > assignment.max_file_bytes:
                raise forms.ValidationError(
                    _("“%(name)s” is larger than %(size)s MB."),
                    params={"name": upload.name, "size": assignment.max_file_mb},
                )
            kind = recognise(upload, upload.name, assignment.file_kinds)
            if kind is None:
                raise forms.ValidationError(
                    _("“%(name)s” is not one of the accepted types: %(types)s."),
                    params={"name": upload.name,
                            "types": ", ".join(assignment.file_kind_labels())},
                )
            checked.append(CheckedUpload(upload=upload, kind=kind))
        return checked


class RubricScoresForm(forms.Form):
    """A form with one radio group per rubric criterion, after its declared fields, shared by
    grading (assignments) and the final review (capstones).

    Rubric texts are shown in ``language`` (the grader's), else ``fallback`` (the programme's
    language).
    """

    def __init__(self, *args, criteria: Sequence[RubricCriterionBase], language: str,
                 fallback: str, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.levels = {}
        for criterion in criteria:
            choices = []
            for level in criterion.levels.all():
                self.levels[level.pk] = level
                label = pick_text(level.label, language, fallback)
                choices.append((str(level.pk), f"{label} ({floatformat(level.points, '-2')})"))
            self.fields[f"criterion_{criterion.pk}"] = forms.ChoiceField(
                label=pick_text(criterion.title, language, fallback),
                choices=choices,
                widget=forms.RadioSelect,
                help_text=pick_text(criterion.description, language, fallback),
            )

    def criterion_fields(self):
        return [self[f"criterion_{criterion.pk}"] for criterion in self.criteria]

    def chosen_levels(self):
        return [self.levels[int(self.cleaned_data[f"criterion_{criterion.pk}"])]
                for criterion in self.criteria]


class GradeForm(RubricScoresForm):
    """The rubric's radio groups, the feedback, and whether to ask for a new version."""

    feedback = forms.CharField(
        label=_("Feedback"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000, help_text=_("Markdown. The learner reads it with their work."),
    )
    resubmit = forms.BooleanField(
        label=_("Ask the learner to revise and resubmit"), required=False
    )


class DueDateForm(forms.Form):
    """A due date and cut-off typed in the cohort's local time."""

    due_at = forms.DateTimeField(
        label=_("Due"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("In the cohort's time zone. Empty: no due date."),
    )
    cutoff_at = forms.DateTimeField(
        label=_("Cut-off"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Only when late work is refused: after this, nothing is accepted."),
    )

    def __init__(self, *args, cohort: Cohort, due: DueDate | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        self.zone = cohort.zone
        if due is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "due_at": self._local(due.due_at),
                "cutoff_at": self._local(due.cutoff_at),
            }
        super().__init__(*args, **kwargs)

    def _local(self, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        return timezone.localtime(moment, self.zone).replace(tzinfo=None)

    def _in_cohort_zone(self, value: datetime | None) -> datetime | None:
        # The browser sends a wall-clock time; it is the cohort's, not the server's.
        if value is None:
            return None
        return value.replace(tzinfo=None).replace(tzinfo=self.zone)

    def clean(self):
        data = super().clean()
        due_at = self._in_cohort_zone(data.get("due_at"))
        cutoff_at = self._in_cohort_zone(data.get("cutoff_at"))
        if cutoff_at and not due_at:
            self.add_error("due_at", _("Set the due date before a cut-off."))
        elif cutoff_at and due_at and cutoff_at < due_at:
            self.add_error("cutoff_at", _("The cut-off cannot be before the due date."))
        data["due_at"], data["cutoff_at"] = due_at, cutoff_at
        return data


class AssignmentSettingsForm(forms.ModelForm):
    file_kinds = forms.MultipleChoiceField(
        label=_("Allowed file types"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(kind.name, kind.label) for kind in KINDS.values()],
    )

    class Meta:
        model = Assignment
        fields = ["kind", "file_kinds", "max_file_mb", "max_files", "late_policy"]
        widgets = {"kind": forms.RadioSelect, "late_policy": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


LEVEL_ROWS = 4


class CriterionForm(forms.Form):
    """One rubric criterion: its title in each of the programme's languages and up to four
    levels (label per language, points). A level without a label in the source language is
    left out."""

    def __init__(self, *args, languages: list[str], source: str, criterion=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        prefix = f"c{criterion.pk}" if criterion is not None else "new"
        kwargs.setdefault("prefix", prefix)
        if criterion is not None and "initial" not in kwargs:
            kwargs["initial"] = self._initial(criterion, languages)
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.languages = [source, *[code for code in languages if code != source]]
        self.source = source
        names = dict(settings.CONTENT_LANGUAGES)
        for code in self.languages:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Criterion (%(language)s)") % {"language": names.get(code, code)},
                required=code == source, max_length=200,
            )
        for row in range(LEVEL_ROWS):
            for code in self.languages:
                self.fields[f"level{row}_{code}"] = forms.CharField(
                    label=_("Level %(number)s (%(language)s)")
                    % {"number": row + 1, "language": names.get(code, code)},
                    required=False, max_length=200,
                )
            self.fields[f"level{row}_points"] = forms.DecimalField(
                label=_("Level %(number)s points") % {"number": row + 1},
                required=False, min_value=0, max_digits=6, decimal_places=2,
            )

    @staticmethod
    def _initial(criterion, languages: list[str]) -> dict:
        initial = {f"title_{code}": text for code, text in criterion.title.data.items()} \
            if hasattr(criterion.title, "data") else {}
        for row, level in enumerate(criterion.levels.all()[:LEVEL_ROWS]):
            data = level.label.data if hasattr(level.label, "data") else {}
            for code, text in (data or {}).items():
                initial[f"level{row}_{code}"] = text
            initial[f"level{row}_points"] = level.points
        return initial

    def rows(self):
        """The level fields grouped by row, for the template."""
        return [
            {"number": row + 1,
             "labels": [self[f"level{row}_{code}"] for code in self.languages],
             "points": self[f"level{row}_points"]}
            for row in range(LEVEL_ROWS)
        ]

    def titles(self):
        return [self[f"title_{code}"] for code in self.languages]

    def clean(self):
        data = super().clean()
        levels: list[LevelText] = []
        for row in range(LEVEL_ROWS):
            label = {code: data.get(f"level{row}_{code}", "").strip() for code in self.languages}
            label = {code: text for code, text in label.items() if text}
            points = data.get(f"level{row}_points")
            if not label and points is None:
                continue
            if not label.get(self.source):
                self.add_error(f"level{row}_{self.source}", _("Name the level."))
            elif points is None:
                self.add_error(f"level{row}_points", _("Give the level its points."))
            else:
                levels.append(LevelText(label, points))
        if not levels and not self.errors:
            raise forms.ValidationError(_("Give the criterion at least one level."))
        data["levels"] = levels
        data["title"] = {code: data[f"title_{code}"].strip() for code in self.languages
                         if data.get(f"title_{code}", "").strip()}
        return data


def criterion_forms(
    criteria: Iterable[RubricCriterionBase], *, languages: list[str], source: str,
    posted: CriterionForm | None = None,
) -> list[CriterionForm]:
    """The rubric editor: a form per criterion and a blank one to add a criterion; the form
    sent back with its errors (``posted``) stands in place of its blank twin."""
    forms = [CriterionForm(languages=languages, source=source, criterion=criterion)
             for criterion in criteria]
    forms.append(CriterionForm(languages=languages, source=source))
    if posted is not None:
        forms = [posted if form.prefix == posted.prefix else form for form in forms]
    return forms


def chosen_criterion(data: QueryDict, criteria: QuerySet[CriterionT]) -> CriterionT | None:
    """The criterion a rubric editor's form names: None for the blank one (a new criterion);
    404 for a criterion not in ``criteria`` (another rubric's)."""
    chosen = data.get("criterion", "new")
    if chosen == "new":
        return None
    return get_object_or_404(criteria, pk=chosen if chosen.isdigit() else 0)
