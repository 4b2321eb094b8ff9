import pytest
from allauth.mfa.models import Authenticator

from agora.delivery.models import CohortStaff
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganiserFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories_quizzes import QuestionFactory, QuizActivityFactory, QuizFactory


@pytest.fixture
def cohort(db):
    cohort = CohortFactory(programme__languages=["en", "fr"], languages=["en", "fr"])
    return cohort


@pytest.fixture
def quiz(cohort):
    unit = UnitFactory(module__level__programme=cohort.programme)
    activity = QuizActivityFactory(unit=unit)
    for _ in range(6):
        QuestionFactory(module=unit.module)
    return QuizFactory(activity=activity, question_count=5, attempts_allowed=3, pass_mark=80)


@pytest.fixture
def learner(cohort):
    return UserFactory(full_name="Lena Learner")


@pytest.fixture
def enrolment(cohort, learner):
    return EnrolmentFactory(cohort=cohort, user=learner)


@pytest.fixture
def facilitator(cohort):
    user = UserFactory(full_name="Fatou Facilitator")
    CohortStaff.objects.create(cohort=cohort, user=user, role=CohortStaff.Role.FACILITATOR)
    return user


def with_totp(user):
    """Organisers must have two-factor authentication set up before anything else."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def organiser(cohort):
    return with_totp(OrganiserFactory(
        organisation=cohort.programme.organisation, user__full_name="Olga Organiser"
    ).user)
