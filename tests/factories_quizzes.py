"""Factories for quizzes: a quiz activity with a bank, and its learners."""

import factory

from agora.quizzes.models import Question, Quiz
from tests.factories import ActivityFactory


def choice_version(text: str, right: str, wrong: list[str]) -> dict:
    options = [{"text": right, "weight": 100, "feedback": "Well done."}]
    options += [{"text": option, "weight": 0, "feedback": ""} for option in wrong]
    return {"text": text, "explanation": f"Because {right}.", "options": options}


class QuizActivityFactory(ActivityFactory):
    kind = "quiz"
    title = {"en": "Quiz: why engage", "fr": "Quiz : pourquoi faire participer"}
    body = {"en": "Five questions."}


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question whose right answer is option 0 ("Right")."""

    class Meta:
        model = Question

    module = factory.SubFactory("tests.factories.ModuleFactory")
    key = factory.Sequence(lambda n: f"q{n}")
    kind = Question.Kind.SINGLE
    order = factory.Sequence(int)
    versions = factory.LazyAttribute(
        lambda question: {
            "en": choice_version(f"Question {question.key}?", "Right", ["Wrong", "Also wrong"]),
            "fr": choice_version(f"Question {question.key} ?", "Juste", ["Faux", "Faux aussi"]),
        }
    )


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    activity = factory.SubFactory(QuizActivityFactory)
    question_count = 5
    attempts_allowed = 3
    pass_mark = 80
