"""Organisers' pages for question banks and quiz settings.

Who: organisers of the programme's organisation (``access.editable_module``, which starts from
``Programme.objects.editable_by``); anyone else gets 404.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.catalogue.models import Activity, Module, pick_text
from agora.quizzes import banks
from agora.quizzes.access import editable_module, editable_modules
from agora.quizzes.attempts import quiz_for
from agora.quizzes.models import Question, Quiz

MAX_GIFT_BYTES = 1024 * 1024


class GiftForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language of the questions"))
    text = forms.CharField(
        label=gettext_lazy("Questions in GIFT format"), required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "gift-text"}),
        help_text=gettext_lazy("Paste questions written in Moodle's GIFT format, or upload a file "
                               "below. Questions whose title matches one of the bank become its "
                               "version in this language."),
    )
    file = forms.FileField(
        label=gettext_lazy("Or a .gift or .txt file"), required=False,
        help_text=gettext_lazy("Plain text (UTF-8), at most 1 MB."),
    )

    def __init__(self, *args, languages: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = languages

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return ""
        if upload.size > MAX_GIFT_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        content = upload.read()
        # Checked by content, not by name: text in UTF-8, without NUL bytes.
        if b"\x00" in content:
            raise forms.ValidationError(_("The file is not a text file."))
        try:
            return content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text.")) from None

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste questions or choose a file."))
        return data

    def gift_text(self) -> str:
        return self.cleaned_data.get("file") or self.cleaned_data.get("text", "")


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The question in GIFT format"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "gift-text"}),
    )


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = ["question_count", "tag", "attempts_allowed", "pass_mark", "time_limit_minutes",
                  "feedback", "shuffle_options"]


def _languages(module: Module) -> list[tuple[str, str]]:
    names = dict(settings.CONTENT_LANGUAGES)
    programme = module.level.programme
    codes = [programme.source_language] + [
        code for code in programme.languages if code != programme.source_language
    ]
    return [(code, names.get(code, code)) for code in codes]


@login_required
@require_GET
def bank_index(request: HttpRequest) -> HttpResponse:
    modules = (
        editable_modules(request.user)
        .select_related("level__programme")
        .annotate(questions=Count("quiz_questions"))
        .order_by("level__programme__slug", "level__order", "order")
    )
    language = request.LANGUAGE_CODE
    rows = [
        {
            "module": module,
            "programme": pick_text(module.level.programme.title, language,
                                   module.level.programme.source_language),
            "title": pick_text(module.title, language, module.level.programme.source_language),
        }
        for module in modules
    ]
    return render(request, "quizzes/bank_index.html", {"rows": rows})


def _bank_context(request, module: Module, *, gift_form=None, quiz_forms=None) -> dict:
    language = request.LANGUAGE_CODE
    source = module.level.programme.source_language
    languages = _languages(module)
    questions = []
    for question in module.quiz_questions.all():
        version = question.version(language, source)
        questions.append({
            "question": question,
            "text": version.get("text", ""),
            "languages": [(code, name, code in question.versions) for code, name in languages],
        })
    quiz_activities = Activity.objects.filter(unit__module=module, kind="quiz").order_by(
        "unit__order", "order"
    )
    quiz_forms = quiz_forms or {}
    quizzes = [
        {
            "activity": activity,
            "title": pick_text(activity.title, language, source),
            "form": quiz_forms.get(activity.pk) or QuizForm(
                instance=quiz_for(activity), prefix=f"quiz-{activity.pk}"
            ),
        }
        for activity in quiz_activities
    ]
    return {
        "module": module,
        "module_title": pick_text(module.title, language, source),
        "programme_title": pick_text(module.level.programme.title, language, source),
        "questions": questions,
        "bank_languages": languages,
        "quizzes": quizzes,
        "gift_form": gift_form or GiftForm(languages=languages, initial={"language": source}),
    }


@login_required
@require_GET
def bank(request: HttpRequest, module_id: int) -> HttpResponse:
    module = editable_module(request.user, module_id)
    return render(request, "quizzes/bank.html", _bank_context(request, module))


@login_required
@require_POST
def import_gift(request: HttpRequest, module_id: int) -> HttpResponse:
    module = editable_module(request.user, module_id)
    form = GiftForm(request.POST, request.FILES, languages=_languages(module))
    if form.is_valid():
        try:
            report = banks.import_gift(module, form.cleaned_data["language"], form.gift_text())
        except banks.BankError as error:
            for problem in error.problems:
                form.add_error("text", problem)
        else:
            messages.success(request, _("%(created)s questions added, %(updated)s updated.") % {
                "created": report.created, "updated": report.updated})
            return redirect(reverse("quizzes:bank", args=[module.pk]))
    context = _bank_context(request, module, gift_form=form)
    return render(request, "quizzes/bank.html", context, status=400)


@login_required
@require_GET
def export_gift(request: HttpRequest, module_id: int, language: str) -> HttpResponse:
    module = editable_module(request.user, module_id)
    if language not in dict(_languages(module)):
        raise Http404
    response = HttpResponse(
        banks.gift_of_bank(module, language), content_type="text/plain; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{module.slug}.{language}.gift"'
    return response


def _question(module: Module, question_id: int) -> Question:
    question = module.quiz_questions.filter(pk=question_id).first()
    if question is None:
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "POST"])
def edit_question(
    request: HttpRequest, module_id: int, question_id: int, language: str
) -> HttpResponse:
    module = editable_module(request.user, module_id)
    question = _question(module, question_id)
    languages = dict(_languages(module))
    if language not in languages:
        raise Http404
    source = module.level.programme.source_language
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                banks.replace_version(question, language, form.cleaned_data["text"])
            except banks.BankError as error:
                for problem in error.problems:
                    form.add_error("text", problem)
            else:
                messages.success(request, _("Question saved."))
                return redirect(reverse("quizzes:bank", args=[module.pk]))
    else:
        form = QuestionForm(initial={"text": banks.gift_of(question, language, source)})
    context = {
        "module": module,
        "question": question,
        "language": language,
        "language_name": languages[language],
        "missing": language not in question.versions,
        "form": form,
    }
    return render(request, "quizzes/edit_question.html", context,
                  status=400 if form.is_bound else 200)


@login_required
@require_POST
def delete_question(request: HttpRequest, module_id: int, question_id: int) -> HttpResponse:
    module = editable_module(request.user, module_id)
    _question(module, question_id).delete()
    messages.success(request, _("Question deleted. Attempts already made keep their copy."))
    return redirect(reverse("quizzes:bank", args=[module.pk]))


@login_required
@require_POST
def quiz_settings(request: HttpRequest, module_id: int, activity_id: int) -> HttpResponse:
    module = editable_module(request.user, module_id)
    activity = Activity.objects.filter(unit__module=module, kind="quiz", pk=activity_id).first()
    if activity is None:
        raise Http404
    form = QuizForm(request.POST, instance=quiz_for(activity), prefix=f"quiz-{activity.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _("Quiz settings saved."))
        return redirect(reverse("quizzes:bank", args=[module.pk]))
    context = _bank_context(request, module, quiz_forms={activity.pk: form})
    return render(request, "quizzes/bank.html", context, status=400)
