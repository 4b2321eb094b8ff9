"""Quizzes in content packages: the demo's banks, checks with file and line, re-import."""

import shutil
from pathlib import Path

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo
from agora.catalogue.importing import PackageError, check_package, import_package
from agora.catalogue.models import Activity
from agora.quizzes.models import Question, Quiz

MOOC = demo.FOLDER / "public-engagement-mooc"


@pytest.fixture
def organisations(db):
    accounts_demo.load()


@pytest.fixture
def package(tmp_path) -> Path:
    """A copy of the MOOC's package to change."""
    copy = tmp_path / "mooc"
    shutil.copytree(MOOC, copy)
    return copy


def test_demo_import_creates_a_bank_per_week_in_both_languages(organisations):
    programme = import_package(MOOC)
    questions = Question.objects.filter(module__level__programme=programme)
    assert questions.values("module").distinct().count() == 5
    assert all(set(question.versions) == {"en", "fr"} for question in questions)
    assert set(questions.values_list("kind", flat=True)) == {
        "single", "multiple", "true_false", "short", "numeric", "matching", "ordering"}


def test_demo_import_sets_every_weeks_quiz(organisations):
    programme = import_package(MOOC)
    quizzes = Quiz.objects.filter(activity__unit__module__level__programme=programme)
    assert quizzes.count() == 5
    assert {quiz.pass_mark for quiz in quizzes} == {80}
    assert quizzes.get(activity__unit__module__slug="week-5-capacity-community-teams")\
        .time_limit_minutes == 15


def test_translation_is_matched_by_title(organisations):
    import_package(MOOC)
    question = Question.objects.get(key="w1-consult")
    assert question.versions["fr"]["text"].startswith("Que promet")
    assert question.versions["en"]["options"][1]["weight"] == 100


def test_importing_again_keeps_the_questions_rows(organisations):
    import_package(MOOC)
    before = set(Question.objects.values_list("pk", "key"))
    import_package(MOOC)
    assert set(Question.objects.values_list("pk", "key")) == before


def test_question_removed_from_the_package_is_removed_from_the_bank(organisations, package):
    import_package(package)
    for language in ("en", "fr"):
        path = package / "quizzes" / f"week-1-why-engage.{language}.gift"
        text = path.read_text()
        start = text.index("::w1-levels::")
        path.write_text(text[:start])
    import_package(package)
    assert not Question.objects.filter(key="w1-levels").exists()
    assert Question.objects.filter(key="w1-consult").exists()


def test_check_reports_a_gift_problem_with_file_and_line(organisations, package):
    path = package / "quizzes" / "week-1-why-engage.fr.gift"
    path.write_text(path.read_text() + "\n::w1-essay::Décrivez. {}\n")
    problems = [str(problem) for problem in check_package(package)]
    line = path.read_text().splitlines().index("::w1-essay::Décrivez. {}") + 1
    assert any(p.startswith(f"quizzes/week-1-why-engage.fr.gift:{line}: essay") for p in problems)


def test_check_reports_a_translation_with_other_right_answers(organisations, package):
    path = package / "quizzes" / "week-1-why-engage.fr.gift"
    text = path.read_text().replace(
        "\t~Qu'il sera tenu informé.", "\t=Qu'il sera tenu informé.", 1)
    path.write_text(text)
    problems = [str(problem) for problem in check_package(package)]
    assert any('question "w1-consult" differs from its source version' in p for p in problems)


def test_check_reports_an_unknown_module_and_language(organisations, package):
    (package / "quizzes" / "week-9.en.gift").write_text("A? {T}\n")
    (package / "quizzes" / "week-1-why-engage.de.gift").write_text("A? {T}\n")
    problems = [str(problem) for problem in check_package(package)]
    assert 'quizzes/week-9.en.gift: no module "week-9" in the programme' in problems
    assert 'quizzes/week-1-why-engage.de.gift: the programme is not offered in "de"' in problems


def test_check_reports_bad_settings_with_their_line(organisations, package):
    path = package / "quizzes" / "quizzes.toml"
    path.write_text(path.read_text().replace("pass_mark = 80", "pass_mark = 180", 1)
                    + '\n[[quiz]]\nactivity = "course/week-1-why-engage/week-1/key-ideas"\n')
    problems = [str(problem) for problem in check_package(package)]
    assert 'quizzes/quizzes.toml:5: "pass_mark" must be between 0 and 100' in problems
    assert any("is not a quiz" in problem for problem in problems)


def test_import_with_a_quiz_problem_writes_nothing(organisations, package):
    (package / "quizzes" / "week-1-why-engage.en.gift").write_text("Just text.\n")
    with pytest.raises(PackageError):
        import_package(package)
    assert not Activity.objects.exists() and not Question.objects.exists()


def test_setting_left_out_returns_to_its_default(organisations, package):
    import_package(package)
    path = package / "quizzes" / "quizzes.toml"
    path.write_text(path.read_text().replace("time_limit = 15\n", ""))
    import_package(package)
    quiz = Quiz.objects.get(activity__unit__module__slug="week-5-capacity-community-teams")
    assert quiz.time_limit_minutes is None
