"""Forms: building a survey and its questions (organisers), answering one (respondents),
inviting partners, and choosing where a ballot's winners go."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, ScheduledSession
from agora.surveys.counting import is_permutation
from agora.surveys.models import Question, Survey, text_in

LANGUAGE_NAMES = dict(settings.CONTENT_LANGUAGES)
TEXT_LIMIT = 5000


def _language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SurveyForm(forms.ModelForm):
    """A survey's settings, with a title and introduction per language of the cohort."""

    class Meta:
        model = Survey
        fields = [
            "purpose", "activity", "opens_at", "closes_at", "anonymous", "for_learners",
            "for_partners",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        activities = Activity.objects.filter(
            kind="survey", unit__module__level__programme_id=cohort.programme_id
        )
        self.fields["activity"].queryset = activities
        self.fields["activity"].label = _("course activity")
        for index, code in enumerate(cohort.languages):
            name = _language_name(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, max_length=200,
                required=index == 0, initial=(self.instance.title or {}).get(code, ""),
            )
            self.fields[f"intro_{code}"] = forms.CharField(
                label=_("Introduction (%(language)s)") % {"language": name},
                widget=forms.Textarea(attrs={"rows": 3}), required=False,
                max_length=TEXT_LIMIT, initial=(self.instance.intro or {}).get(code, ""),
            )
        order = [f"{kind}_{code}" for code in cohort.languages for kind in ("title", "intro")]
        self.order_fields(order + list(self.Meta.fields))

    def clean_activity(self):
        activity = self.cleaned_data.get("activity")
        if activity is None:
            return None
        taken = Survey.objects.filter(cohort=self.cohort, activity=activity).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("Another survey of this cohort answers that activity."))
        return activity

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("A survey closes after it opens."))
        if not cleaned.get("for_learners") and not cleaned.get("for_partners"):
            self.add_error("for_learners", _("Choose who answers: learners, partners or both."))
        return cleaned

    def save(self, commit=True):
        survey = super().save(commit=False)
        survey.cohort = self.cohort
        languages = self.cohort.languages
        survey.title = {c: self.cleaned_data[f"title_{c}"] for c in languages
                        if self.cleaned_data.get(f"title_{c}")}
        survey.intro = {c: self.cleaned_data[f"intro_{c}"] for c in languages
                        if self.cleaned_data.get(f"intro_{c}")}
        if commit:
            survey.save()
        return survey


def _option_lines(text: str) -> list[dict[str, str]]:
    """"Topic | detail" lines, blank lines skipped."""
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        label, _bar, detail = line.partition("|")
        options.append({"text": label.strip(), "detail": detail.strip()})
    return options


class QuestionForm(forms.ModelForm):
    """A question with its prompt, options and scale labels per language of the cohort.

    Options are written one per line, in the same order in every language; a line may add
    "| partner case" (for a topic ballot, it goes into the schedule with the topic).
    """

    class Meta:
        model = Question
        fields = ["kind", "required", "order"]

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages = cohort.languages
        question = self.instance
        for index, code in enumerate(self.languages):
            name = _language_name(code)
            options = "\n".join(
                " | ".join(filter(None, [
                    (option.get("text") or {}).get(code, ""),
                    (option.get("detail") or {}).get(code, ""),
                ]))
                for option in question.options or []
            )
            labels = (question.scale_labels or {}).get(code, {})
            self.fields[f"prompt_{code}"] = forms.CharField(
                label=_("Question (%(language)s)") % {"language": name}, max_length=1000,
                required=index == 0, initial=(question.prompt or {}).get(code, ""),
            )
            self.fields[f"options_{code}"] = forms.CharField(
                label=_("Options (%(language)s)") % {"language": name}, required=False,
                widget=forms.Textarea(attrs={"rows": 5}), initial=options,
                help_text=_("For choices and rankings: one per line, the same order in every "
                            "language. Add “| partner case” after a topic to schedule it."),
            )
            self.fields[f"low_{code}"] = forms.CharField(
                label=_("Label of 1 (%(language)s)") % {"language": name}, max_length=100,
                required=False, initial=labels.get("low", ""),
            )
            self.fields[f"high_{code}"] = forms.CharField(
                label=_("Label of 5 (%(language)s)") % {"language": name}, max_length=100,
                required=False, initial=labels.get("high", ""),
            )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        first = self.languages[0]
        per_language = {code: _option_lines(cleaned.get(f"options_{code}", "")) for code in
                        self.languages}
        if kind in Question.CHOICE_KINDS:
            count = len(per_language[first])
            if count < 2:
                self.add_error(f"options_{first}", _("Give at least two options."))
            for code in self.languages[1:]:
                if per_language[code] and len(per_language[code]) != count:
                    self.add_error(
                        f"options_{code}",
                        _("Give as many options as in the first language (%(count)d).")
                        % {"count": count},
                    )
        self.option_lines = per_language
        return cleaned

    def save(self, commit=True):
        question = super().save(commit=False)
        data = self.cleaned_data
        question.prompt = {c: data[f"prompt_{c}"] for c in self.languages
                           if data.get(f"prompt_{c}")}
        options = []
        if question.kind in Question.CHOICE_KINDS:
            first = self.option_lines[self.languages[0]]
            for index in range(len(first)):
                text, detail = {}, {}
                for code in self.languages:
                    lines = self.option_lines[code]
                    if index < len(lines):
                        text[code] = lines[index]["text"]
                        if lines[index]["detail"]:
                            detail[code] = lines[index]["detail"]
                options.append({"text": text, "detail": detail})
        question.options = options
        question.scale_labels = {
            c: {"low": data.get(f"low_{c}", ""), "high": data.get(f"high_{c}", "")}
            for c in self.languages if data.get(f"low_{c}") or data.get(f"high_{c}")
        }
        if commit:
            question.save()
        return question


class AnswerForm(forms.Form):
    """The answers to a survey's questions, in the respondent's language.

    A ranking is one select of position per option (works without JavaScript and by
    keyboard); together they must give each position once.
    """

    def __init__(self, *args, questions: list[Question], language: str, languages: list[str],
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.items = []
        for question in questions:
            prompt = text_in(question.prompt, language, languages)
            options = question.option_texts(language, languages)
            name = f"q{question.pk}"
            item = {"question": question, "prompt": prompt, "name": name, "fields": []}
            if question.kind == Question.Kind.SINGLE:
                self.fields[name] = forms.TypedChoiceField(
                    label=prompt, coerce=int, required=question.required,
                    choices=list(enumerate(options)), widget=forms.RadioSelect,
                )
            elif question.kind == Question.Kind.MULTIPLE:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=prompt, coerce=int, required=question.required,
                    choices=list(enumerate(options)), widget=forms.CheckboxSelectMultiple,
                )
            elif question.kind == Question.Kind.RATING:
                labels = text_in(question.scale_labels, language, languages) or {}
                low, high = labels.get("low", ""), labels.get("high", "")
                choices = [
                    (point, f"{point} – {low}" if point == 1 and low else
                     f"{point} – {high}" if point == Question.SCALE and high else str(point))
                    for point in range(1, Question.SCALE + 1)
                ]
                self.fields[name] = forms.TypedChoiceField(
                    label=prompt, coerce=int, required=question.required, choices=choices,
                    widget=forms.RadioSelect,
                )
            elif question.kind == Question.Kind.RANKING:
                positions = [("", "–")] + [(n, str(n)) for n in range(1, len(options) + 1)]
                for index, option in enumerate(options):
                    field_name = f"{name}_{index}"
                    self.fields[field_name] = forms.TypedChoiceField(
                        label=option, coerce=int, required=False, choices=positions,
                        empty_value=None,
                    )
                    item["fields"].append(field_name)
                # Holds the ranking's error so that it shows next to the question.
                self.fields[name] = forms.CharField(required=False, widget=forms.HiddenInput)
            else:
                self.fields[name] = forms.CharField(
                    label=prompt, required=question.required, max_length=TEXT_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            self.items.append(item)

    def rows(self) -> list[dict]:
        """What the template shows per question: its bound fields, errors tied to them."""
        shown = []
        for item in self.items:
            name = item["name"]
            errors = self[name].errors
            error_id = f"{name}-error"
            for field_name in item["fields"] or [name]:
                if errors:
                    self.fields[field_name].widget.attrs["aria-describedby"] = error_id
                    self.fields[field_name].widget.attrs["aria-invalid"] = "true"
            shown.append({
                **item,
                "kind": item["question"].kind,
                "field": self[name],
                "rank_fields": [self[field_name] for field_name in item["fields"]],
                "errors": errors,
                "error_id": error_id,
            })
        return shown

    def clean(self):
        cleaned = super().clean()
        self.answers = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == Question.Kind.RANKING:
                positions = [cleaned.get(f"{name}_{i}") for i in range(len(question.options))]
                if all(position is None for position in positions):
                    if question.required:
                        self.add_error(name, _("Give each option a place."))
                    continue
                if None in positions or not is_permutation(positions, len(positions)):
                    self.add_error(
                        name, _("Give each option a different place, from 1 to %(count)d.")
                        % {"count": len(positions)},
                    )
                    continue
                ranked = sorted(range(len(positions)), key=lambda index: positions[index])
                self.answers[str(question.pk)] = ranked
            elif cleaned.get(name) not in (None, "", []):
                self.answers[str(question.pk)] = cleaned[name]
        return cleaned


class PartnerInviteForm(forms.Form):
    """Lines of "organisation, e-mail address"."""

    partners = forms.CharField(
        label=_("Partner organisations"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: the organisation's name, a comma, its e-mail address."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail and survey"), choices=[])

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, _language_name(c)) for c in cohort.languages]

    def clean_partners(self) -> list[tuple[str, str]]:
        entries = []
        for number, line in enumerate(self.cleaned_data["partners"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _comma, email = line.rpartition(",")
            email = email.strip().lower()
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)d: “%(email)s” is not an e-mail address.")
                    % {"number": number, "email": email}
                ) from None
            if not name.strip():
                raise forms.ValidationError(
                    _("Line %(number)d: write the organisation's name before the comma.")
                    % {"number": number}
                )
            entries.append((name.strip()[:200], email))
        if not entries:
            raise forms.ValidationError(_("Write at least one organisation."))
        return entries


class WinnersForm(forms.Form):
    """How many winning topics, and which dated days or blocks they fill (earliest first)."""

    winners = forms.IntegerField(label=_("Number of winning topics"), min_value=1)
    sessions = forms.ModelMultipleChoiceField(
        label=_("Sessions they fill"), queryset=ScheduledSession.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The first topic goes into the earliest session, and so on."),
    )

    def __init__(self, *args, cohort: Cohort, option_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_count = option_count
        self.fields["winners"].widget.attrs["max"] = option_count
        sessions = cohort.sessions.filter(
            kind__in=[ScheduledSession.Kind.DAY, ScheduledSession.Kind.BLOCK]
        ).order_by("starts_at", "pk")
        self.fields["sessions"].queryset = sessions
        zone = cohort.zone
        self.fields["sessions"].label_from_instance = lambda session: (
            f"{session.starts_at.astimezone(zone):%Y-%m-%d %H:%M} · {session.title}"
        )

    def clean(self):
        cleaned = super().clean()
        winners, sessions = cleaned.get("winners"), cleaned.get("sessions")
        if winners and winners > self.option_count:
            self.add_error(
                "winners", _("The ballot has %(count)d topics.") % {"count": self.option_count}
            )
            return cleaned
        if winners and sessions is not None and len(sessions) != winners:
            self.add_error(
                "sessions",
                _("Choose as many sessions as winning topics (%(count)d).") % {"count": winners},
            )
        return cleaned
