"""Quizzes in content packages: the database side (the format is ``package_format``).

The catalogue's import calls ``import_quizzes(directory, programme)`` after it saved the
programme, in the same transaction (``PACKAGE_EXTENSIONS`` in ``catalogue/importing.py``), and
its check calls ``check_quizzes(directory, package)`` (``PACKAGE_CHECKS``). A module's bank in
the package replaces that module's bank (questions matched by key keep their row); modules
without a bank file are left as they are, so banks written in the authoring page stay.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext

from agora.catalogue.models import Activity, Module, Programme
from agora.catalogue.packages import Package
from agora.catalogue.packages.structure import Problem
from agora.quizzes.models import Question, Quiz
from agora.quizzes.package_format import (
    SETTING_KEYS,
    BankQuestion,
    Layout,
    Quizzes,
    read_quizzes,
    write_quizzes,
)


def layout_of_package(package: Package) -> Layout:
    modules: dict[str, tuple[str, ...]] = {}
    activities = {}
    for level in package.levels:
        for module in level.modules:
            modules[module.id] = (*modules.get(module.id, ()), level.id)
            for unit in module.units:
                for activity in unit.activities:
                    activities[(level.id, module.id, unit.id, activity.id)] = activity.type
    return Layout(package.source_language, tuple(package.languages), modules, activities)


def layout_of_programme(programme: Programme) -> Layout:
    modules: dict[str, tuple[str, ...]] = {}
    for level_slug, module_slug in Module.objects.filter(
        level__programme=programme
    ).values_list("level__slug", "slug"):
        modules[module_slug] = (*modules.get(module_slug, ()), level_slug)
    activities = {
        (row[0], row[1], row[2], row[3]): row[4]
        for row in Activity.objects.filter(unit__module__level__programme=programme).values_list(
            "unit__module__level__slug", "unit__module__slug", "unit__slug", "slug", "kind"
        )
    }
    return Layout(programme.source_language, tuple(programme.languages), modules, activities)


def check_quizzes(directory: Path, package: Package) -> list[Problem]:
    """Problems of the package's quiz files (``agora content check`` lists them)."""
    return read_quizzes(Path(directory), layout_of_package(package), gettext)[1]


def import_quizzes(directory: Path, programme: Programme) -> None:
    """Save the package's question banks and quiz settings for ``programme``."""
    from agora.catalogue.importing import PackageError  # importing calls us: no cycle at load

    quizzes, problems = read_quizzes(Path(directory), layout_of_programme(programme), gettext)
    if problems:
        raise PackageError(problems)
    if quizzes:
        save_quizzes(programme, quizzes)


def save_quizzes(programme: Programme, quizzes: Quizzes) -> None:
    modules = {
        (module.level.slug, module.slug): module
        for module in Module.objects.filter(level__programme=programme).select_related("level")
    }
    for ids, bank in quizzes.banks.items():
        module = modules[ids]
        existing = {question.key: question for question in module.quiz_questions.all()}
        for entry in bank:
            question = existing.get(entry.key) or Question(module=module, key=entry.key)
            values = {"kind": entry.kind, "tags": entry.tags, "versions": entry.versions,
                      "order": entry.order}
            if question._state.adding or any(
                getattr(question, name) != value for name, value in values.items()
            ):
                for name, value in values.items():
                    setattr(question, name, value)
                question.save()
        keep = {entry.key for entry in bank}
        Question.objects.filter(module=module).exclude(key__in=keep).delete()
    activities = {
        (row.unit.module.level.slug, row.unit.module.slug, row.unit.slug, row.slug): row
        for row in Activity.objects.filter(
            unit__module__level__programme=programme, kind="quiz"
        ).select_related("unit__module__level")
    }
    for path, given in quizzes.settings.items():
        activity = activities[path]
        # A key left out of the file means the default (no time limit, say), not "unchanged".
        values = {
            target: Quiz._meta.get_field(target).get_default()
            for target, *_rest in SETTING_KEYS.values()
        }
        values.update(given)
        quiz = Quiz.objects.filter(activity=activity).first() or Quiz(activity=activity)
        if quiz._state.adding or any(getattr(quiz, n) != v for n, v in values.items()):
            for name, value in values.items():
                setattr(quiz, name, value)
            quiz.save()


def export_quizzes(programme: Programme, directory: Path) -> None:
    """Write the programme's banks and quiz settings into its exported package."""
    quizzes = Quizzes()
    modules = Module.objects.filter(level__programme=programme).select_related("level").order_by(
        "level__order", "order", "pk"
    ).prefetch_related("quiz_questions")
    seen: dict[str, int] = {}
    for module in modules:
        seen[module.slug] = seen.get(module.slug, 0) + 1
        bank = [
            BankQuestion(question.key, question.kind, list(question.tags),
                         dict(question.versions), question.order)
            for question in module.quiz_questions.all()
        ]
        if bank:
            quizzes.banks[(module.level.slug, module.slug)] = bank
    fields = [target for target, *_rest in SETTING_KEYS.values()]
    quizzes_of_programme = Quiz.objects.filter(
        activity__unit__module__level__programme=programme
    ).select_related("activity__unit__module__level").order_by(
        "activity__unit__module__level__order", "activity__unit__module__order",
        "activity__unit__order", "activity__order", "pk",
    )
    for quiz in quizzes_of_programme:
        activity = quiz.activity
        path = (activity.unit.module.level.slug, activity.unit.module.slug, activity.unit.slug,
                activity.slug)
        quizzes.settings[path] = {name: getattr(quiz, name) for name in fields}
    write_quizzes(Path(directory), quizzes, {slug for slug, count in seen.items() if count > 1})
