import pytest

from agora.delivery.models import CohortStaff
from agora.groups import limits
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories_groups import MentorAssignmentFactory, StaffFactory


@pytest.fixture(autouse=True)
def _generous_rate_limits(monkeypatch):
    monkeypatch.setattr(limits, "RATE_LIMITS", [(60, 1000)])


@pytest.fixture
def cohort(db):
    return CohortFactory(slug="spring", time_zone="Europe/Brussels")


def mentor_of(cohort, name):
    return StaffFactory(cohort=cohort, role=CohortStaff.Role.MENTOR,
                        user=UserFactory(full_name=name)).user  # fmt: skip


@pytest.fixture
def maya(cohort):
    """A mentor of the cohort."""
    return mentor_of(cohort, "Maya Mentor")


@pytest.fixture
def milo(cohort):
    """Another mentor of the cohort."""
    return mentor_of(cohort, "Milo Mentor")


@pytest.fixture
def lena(cohort):
    return UserFactory(full_name="Lena Learner", preferred_language="fr")


@pytest.fixture
def space(cohort, lena, maya):
    """Lena's mentoring space with Maya."""
    return MentorAssignmentFactory(enrolment=EnrolmentFactory(cohort=cohort, user=lena),
                                   mentor=maya)  # fmt: skip


@pytest.fixture
def lars_space(cohort, milo):
    """Another learner's space, with Milo."""
    return MentorAssignmentFactory(enrolment=EnrolmentFactory(
        cohort=cohort, user=UserFactory(full_name="Lars Learner")), mentor=milo)
