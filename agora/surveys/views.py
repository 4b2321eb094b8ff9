"""Pages of surveys: organisers build them, invite partners, read results and schedule a
ballot's winners; learners and partners answer. Who may open what: access.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.delivery.exports import csv_download
from agora.learning.access import learner_activity, learner_enrolment
from agora.learning.frame import activity_frame
from agora.surveys import access, answering, results, scheduling
from agora.surveys.forms import (
    AnswerForm,
    PartnerInviteForm,
    QuestionForm,
    SurveyForm,
    WinnersForm,
)
from agora.surveys.models import Question, Survey, text_in

# --- Organisers --------------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.managed_cohort(request.user, cohort_slug)
    surveys = cohort.surveys.annotate(
        question_count=Count("questions", distinct=True),
        response_count=Count("responses", distinct=True),
    ).select_related("cohort")
    return render(request, "surveys/manage_list.html", {"cohort": cohort, "surveys": surveys})


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    cohort = access.managed_cohort(request.user, cohort_slug)
    form = SurveyForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            survey = form.save()
        messages.success(request, _("The survey is saved. Now add its questions."))
        return redirect("surveys:manage", survey.pk)
    return _form_page(request, form, cohort, _("New survey"),
                      reverse("surveys:manage_list", args=[cohort.slug]))


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.managed_survey(request.user, survey_id)
    form = SurveyForm(request.POST or None, instance=survey, cohort=survey.cohort)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The survey is saved."))
        return redirect("surveys:manage", survey.pk)
    return _form_page(request, form, survey.cohort, _("Survey settings"),
                      reverse("surveys:manage", args=[survey.pk]))


def _form_page(request, form, cohort, title, back) -> HttpResponse:
    return render(request, "surveys/form.html",
                  {"form": form, "cohort": cohort, "title": title, "back": back})


@login_required
def manage(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.managed_survey(request.user, survey_id)
    language = get_language()
    languages = survey.cohort.languages
    questions = [
        (question, text_in(question.prompt, language, languages))
        for question in survey.questions.all()
    ]
    return render(request, "surveys/manage.html", {
        "survey": survey, "cohort": survey.cohort, "questions": questions,
        "title": survey.title_in(language),
        "answer_url": _answer_url(survey),
        "response_count": survey.responses.count(),
    })


def _answer_url(survey: Survey) -> str:
    if survey.activity_id:
        return reverse("surveys:take", args=[survey.cohort.slug, survey.activity_id])
    return reverse("surveys:answer", args=[survey.pk])


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, survey_id: int, question_id: int | None = None):
    survey = access.managed_survey(request.user, survey_id)
    question = get_object_or_404(survey.questions, pk=question_id) if question_id else None
    if question is None:
        question = Question(survey=survey, order=survey.questions.count() + 1)
    form = QuestionForm(request.POST or None, instance=question, cohort=survey.cohort)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The question is saved."))
        return redirect("surveys:manage", survey.pk)
    title = _("Edit the question") if question.pk else _("New question")
    return _form_page(request, form, survey.cohort, title,
                      reverse("surveys:manage", args=[survey.pk]))


@login_required
@require_POST
def question_delete(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = access.managed_survey(request.user, survey_id)
    survey.questions.filter(pk=question_id).delete()
    messages.success(request, _("The question is deleted."))
    return redirect("surveys:manage", survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def partners(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.managed_survey(request.user, survey_id)
    form = PartnerInviteForm(request.POST or None, cohort=survey.cohort)
    if request.method == "POST" and form.is_valid():
        sent = answering.invite_partners(
            survey, form.cleaned_data["partners"], language=form.cleaned_data["language"]
        )
        messages.success(request, _("Invitations sent: %(count)d.") % {"count": len(sent)})
        return redirect("surveys:partners", survey.pk)
    return render(request, "surveys/partners.html", {
        "survey": survey, "cohort": survey.cohort, "form": form,
        "invitations": survey.invitations.all(), "title": survey.title_in(get_language()),
    })


@login_required
def results_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.managed_survey(request.user, survey_id)
    language = get_language()
    rows = results.question_results(survey, language)
    for row in rows:
        if row.question.kind == Question.Kind.RANKING and row.answered:
            row.winners_form = WinnersForm(
                cohort=survey.cohort, option_count=len(row.question.options),
                auto_id=f"q{row.question.pk}-%s", initial={"winners": 2},
            )
    return render(request, "surveys/results.html", {
        "survey": survey, "cohort": survey.cohort, "results": rows,
        "title": survey.title_in(language), "response_count": survey.responses.count(),
    })


@login_required
@require_GET
def results_texts(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    """Every answer to a free-text question, a page at a time."""
    survey = access.managed_survey(request.user, survey_id)
    question = get_object_or_404(survey.questions, pk=question_id, kind=Question.Kind.TEXT)
    page = Paginator(results.free_texts(question), results.FREE_TEXT_SHOWN).get_page(
        request.GET.get("page")
    )
    language = get_language()
    return render(request, "surveys/results_texts.html", {
        "survey": survey, "cohort": survey.cohort, "question": question, "page": page,
        "texts": [results.text_of(text) for text in page.object_list],
        "title": survey.title_in(language),
        "prompt": text_in(question.prompt, language, survey.cohort.languages),
    })


@login_required
def results_csv(request: HttpRequest, survey_id: int) -> StreamingHttpResponse:
    survey = access.managed_survey(request.user, survey_id)
    lines = results.csv_lines(survey, get_language())
    return csv_download(request, lines, f"survey-{survey.pk}.csv")



@login_required
@require_http_methods(["GET", "POST"])
def schedule_winners(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    """GET: what scheduling the winners would change; POST (confirmed): do it."""
    survey = access.managed_survey(request.user, survey_id)
    question = get_object_or_404(survey.questions, pk=question_id, kind=Question.Kind.RANKING)
    data = request.POST if request.method == "POST" else request.GET
    form = WinnersForm(data, cohort=survey.cohort, option_count=len(question.options))
    valid = form.is_valid()
    if request.method == "POST" and valid:
        scheduling.schedule_winners(question, form.cleaned_data["sessions"])
        messages.success(request, _("The winning topics are in the schedule."))
        return redirect("delivery:manage_schedule", survey.cohort.slug)
    changes = (
        scheduling.planned_changes(question, form.cleaned_data["sessions"], get_language())
        if valid else []
    )
    return render(request, "surveys/schedule.html", {
        "survey": survey, "cohort": survey.cohort, "question": question, "form": form,
        "changes": changes, "title": survey.title_in(get_language()),
        "prompt": text_in(question.prompt, get_language(), survey.cohort.languages),
    }, status=200 if valid else 400)


# --- Respondents -------------------------------------------------------------------------------


def _answer(request, survey: Survey, *, language: str, template: str, context: dict,
            user=None, invitation=None, enrolment=None, activity=None) -> HttpResponse:
    """The answer form and its submission, the same for learners and partners."""
    languages = survey.cohort.languages
    answered = answering.has_answered(survey, user=user, invitation=invitation)
    is_open = survey.is_open()
    questions = list(survey.questions.all())
    form = None
    status = 200
    if not answered and request.method == "POST":
        form = AnswerForm(request.POST, questions=questions, language=language,
                          languages=languages)
        if not is_open:
            messages.error(request, _("This survey is closed: it takes no more answers."))
            status = 409
        elif form.is_valid():
            try:
                answering.submit_response(
                    survey, form.answers, language=language, user=user,
                    invitation=invitation, enrolment=enrolment, activity=activity,
                )
            except answering.SurveyClosed:
                messages.error(request, _("This survey is closed: it takes no more answers."))
            else:
                messages.success(request, _("Thank you: your answers are recorded."))
            return redirect(request.path)
        else:
            status = 400
    elif request.method == "POST":
        messages.info(request, _("You have already answered this survey; it counts once."))
        return redirect(request.path)
    if form is None and not answered and is_open:
        form = AnswerForm(questions=questions, language=language, languages=languages)
    context.update({
        "survey": survey, "form": form, "answered": answered, "is_open": is_open,
        "survey_title": survey.title_in(language),
        "survey_intro": text_in(survey.intro, language, languages),
        "survey_language": language,
    })
    return render(request, template, context, status=status)


def _language(wanted: str, languages: list[str]) -> str:
    return wanted if wanted in languages else languages[0]


@login_required
@require_GET
def learner_list(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    enrolment = learner_enrolment(request.user, cohort_slug)
    surveys = access.learner_surveys(enrolment).select_related("cohort")
    answered = set(
        enrolment.cohort.surveys.filter(participations__user=request.user)
        .values_list("pk", flat=True)
    )
    language = enrolment.language
    rows = [(s, s.title_in(language), _answer_url(s), s.pk in answered) for s in surveys]
    return render(request, "surveys/learner_list.html",
                  {"cohort": enrolment.cohort, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey, enrolment = access.learner_survey(request.user, survey_id)
    if survey.activity_id:
        return redirect(_answer_url(survey))
    language = _language(enrolment.language, survey.cohort.languages)
    return _answer(request, survey, language=language, template="surveys/answer.html",
                   context={"cohort": survey.cohort}, user=request.user)


@require_http_methods(["GET", "POST"])
def take(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """The survey activity's player: the cohort's survey linked to the activity."""
    enrolment, activity = learner_activity(request.user, cohort_slug, activity_id)
    context = activity_frame(enrolment, activity)
    survey = enrolment.cohort.surveys.filter(activity=activity, for_learners=True).first()
    if survey is None:
        return render(request, "surveys/take.html", context)
    language = _language(enrolment.language, survey.cohort.languages)
    return _answer(request, survey, language=language, template="surveys/take.html",
                   context=context, user=request.user, enrolment=enrolment, activity=activity)


@require_http_methods(["GET", "POST"])
def partner(request: HttpRequest, token: str) -> HttpResponse:
    """A partner organisation answers with its one-time link, without an account."""
    invitation = access.partner_invitation(token)
    if invitation is None:
        return render(request, "surveys/partner_invalid.html", status=404)
    survey = invitation.survey
    language = _language(invitation.language, survey.cohort.languages)
    return _answer(request, survey, language=language, template="surveys/partner.html",
                   context={"invitation": invitation, "cohort": survey.cohort},
                   invitation=invitation)
