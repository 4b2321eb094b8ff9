"""Organisers edit question banks and quiz settings; nobody else may."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.quizzes.models import Question, Quiz
from tests.factories import OrganiserFactory, UserFactory
from tests.quizzes.conftest import with_totp

GIFT = "::new-1::Is the sun a star? {T}\n\n::new-2::Capital of France? {=Paris}\n"


def bank_url(quiz):
    return reverse("quizzes:bank", args=[quiz.activity.unit.module.pk])


def import_url(quiz):
    return reverse("quizzes:import_gift", args=[quiz.activity.unit.module.pk])


def test_organiser_sees_the_bank(client, quiz, organiser):
    client.force_login(organiser)
    response = client.get(bank_url(quiz))
    assert response.status_code == 200 and "6 questions" in response.text


def test_bank_index_lists_the_modules_organisers_edit(client, quiz, organiser):
    OrganiserFactory()  # an organiser elsewhere: their modules are not listed
    client.force_login(organiser)
    response = client.get(reverse("quizzes:banks"))
    assert [row["module"] for row in response.context["rows"]] == [quiz.activity.unit.module]


def test_organiser_of_another_organisation_is_refused(client, quiz):
    client.force_login(with_totp(OrganiserFactory().user))
    assert client.get(bank_url(quiz)).status_code == 404
    assert client.post(import_url(quiz), {"language": "en", "text": GIFT}).status_code == 404


def test_facilitator_cannot_edit_the_bank(client, quiz, facilitator):
    client.force_login(facilitator)
    assert client.get(bank_url(quiz)).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, quiz):
    assert client.get(bank_url(quiz)).status_code == 302


def test_gift_import_adds_questions(client, quiz, organiser):
    client.force_login(organiser)
    response = client.post(import_url(quiz), {"language": "en", "text": GIFT})
    assert response.status_code == 302
    assert Question.objects.get(key="new-2").versions["en"]["accepted"][0]["text"] == "Paris"


def test_gift_import_from_a_file(client, quiz, organiser):
    client.force_login(organiser)
    upload = SimpleUploadedFile("bank.gift", GIFT.encode(), content_type="text/plain")
    client.post(import_url(quiz), {"language": "en", "file": upload})
    assert Question.objects.filter(key__startswith="new-").count() == 2


def test_binary_file_is_refused_and_nothing_is_saved(client, quiz, organiser):
    client.force_login(organiser)
    png = b"\x89PNG\r\n\x1a\n\x00\x00"
    upload = SimpleUploadedFile("bank.gift", png, content_type="text/plain")
    response = client.post(import_url(quiz), {"language": "en", "file": upload})
    assert response.status_code == 400 and "not a text file" in response.text
    assert Question.objects.count() == 6


def test_gift_with_a_problem_keeps_the_text_and_saves_nothing(client, quiz, organiser):
    client.force_login(organiser)
    text = GIFT + "\nWrite an essay. {}\n"
    response = client.post(import_url(quiz), {"language": "en", "text": text})
    assert response.status_code == 400
    assert "line 5: essay questions are not supported" in response.text
    assert "Capital of France?" in response.text  # what was typed is kept
    assert not Question.objects.filter(key__startswith="new-").exists()


def test_translation_with_other_right_answers_is_refused(client, quiz, organiser):
    client.force_login(organiser)
    client.post(import_url(quiz), {"language": "en", "text": GIFT})
    response = client.post(import_url(quiz), {"language": "fr", "text": "::new-1::Soleil ? {F}"})
    assert response.status_code == 400 and "differ from its other languages" in response.text
    assert "fr" not in Question.objects.get(key="new-1").versions


def test_translation_is_added_to_the_question(client, quiz, organiser):
    client.force_login(organiser)
    client.post(import_url(quiz), {"language": "en", "text": GIFT})
    french = "::new-1::Le soleil est une étoile. {T}"
    client.post(import_url(quiz), {"language": "fr", "text": french})
    assert Question.objects.get(key="new-1").versions["fr"]["text"] == "Le soleil est une étoile."


def test_edit_one_question_in_one_language(client, quiz, organiser):
    question = Question.objects.filter(module=quiz.activity.unit.module).first()
    url = reverse("quizzes:edit_question", args=[question.module_id, question.pk, "en"])
    client.force_login(organiser)
    page = client.get(url)
    assert f"::{question.key}::" in page.text
    text = f"::{question.key}::New wording? {{=Right ~Wrong ~Also wrong}}"
    assert client.post(url, {"text": text}).status_code == 302
    question.refresh_from_db()
    assert question.versions["en"]["text"] == "New wording?"


def test_delete_question(client, quiz, organiser):
    question = Question.objects.filter(module=quiz.activity.unit.module).first()
    client.force_login(organiser)
    client.post(reverse("quizzes:delete_question", args=[question.module_id, question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_quiz_settings_are_saved(client, quiz, organiser):
    client.force_login(organiser)
    url = reverse("quizzes:quiz_settings", args=[quiz.activity.unit.module_id, quiz.activity.pk])
    prefix = f"quiz-{quiz.activity.pk}"
    data = {f"{prefix}-question_count": "4", f"{prefix}-attempts_allowed": "2",
            f"{prefix}-pass_mark": "70", f"{prefix}-time_limit_minutes": "20",
            f"{prefix}-feedback": "each", f"{prefix}-shuffle_options": "on"}
    assert client.post(url, data).status_code == 302
    quiz = Quiz.objects.get(pk=quiz.pk)
    assert (quiz.question_count, quiz.pass_mark, quiz.time_limit_minutes) == (4, 70, 20)


def test_invalid_quiz_settings_are_shown_with_the_error(client, quiz, organiser):
    client.force_login(organiser)
    url = reverse("quizzes:quiz_settings", args=[quiz.activity.unit.module_id, quiz.activity.pk])
    prefix = f"quiz-{quiz.activity.pk}"
    response = client.post(url, {f"{prefix}-question_count": "4", f"{prefix}-pass_mark": "150",
                                 f"{prefix}-attempts_allowed": "2", f"{prefix}-feedback": "end"})
    assert response.status_code == 400
    assert Quiz.objects.get(pk=quiz.pk).pass_mark == 80


def test_export_gift(client, quiz, organiser):
    client.force_login(organiser)
    url = reverse("quizzes:export_gift", args=[quiz.activity.unit.module_id, "fr"])
    response = client.get(url)
    assert response.status_code == 200 and "=Juste" in response.content.decode()


def test_learner_cannot_edit(client, quiz):
    client.force_login(UserFactory())
    assert client.get(reverse("quizzes:banks")).context["rows"] == []
