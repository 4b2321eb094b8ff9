import pytest

from tests.factories import EnrolmentFactory, UserFactory
from tests.factories_surveys import (
    BallotFactory,
    BlockFactory,
    RankingQuestionFactory,
    organiser_of,
)


@pytest.fixture
def ballot(db):
    survey = BallotFactory(cohort__slug="citizen-collectives")
    RankingQuestionFactory(survey=survey)
    return survey


@pytest.fixture
def question(ballot):
    return ballot.questions.get()


@pytest.fixture
def organiser(ballot):
    return organiser_of(ballot.cohort.programme.organisation)


@pytest.fixture
def learner(ballot):
    return EnrolmentFactory(cohort=ballot.cohort, user=UserFactory(full_name="Lena Learner")).user


@pytest.fixture
def blocks(ballot):
    return [BlockFactory(cohort=ballot.cohort) for _ in range(3)]


def ranking_post(question, places):
    """Form data giving option i the place ``places[i]``."""
    return {f"q{question.pk}_{index}": str(place) for index, place in enumerate(places)}
