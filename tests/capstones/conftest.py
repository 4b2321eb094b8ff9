import pytest

from agora.delivery.models import CohortStaff
from agora.mentoring.models import MentorAssignment
from tests.factories import UserFactory
from tests.factories_capstones import capstone_cohort, learner_in, staff_of


@pytest.fixture
def cohort_and_milestone(db):
    return capstone_cohort(slug="spring")


@pytest.fixture
def cohort(cohort_and_milestone):
    return cohort_and_milestone[0]


@pytest.fixture
def milestone(cohort_and_milestone):
    return cohort_and_milestone[1]


@pytest.fixture
def lena(cohort):
    """Lena Learner's confirmed enrolment."""
    return learner_in(cohort, user=UserFactory(full_name="Lena Learner"))


@pytest.fixture
def mia(cohort, lena):
    """Mia Mentor of the cohort, assigned to Lena (so she reviews Lena's project only)."""
    user = staff_of(cohort, full_name="Mia Mentor")
    MentorAssignment.objects.create(cohort=cohort, enrolment=lena, mentor=user)
    return user


@pytest.fixture
def felix(cohort):
    """Felix Facilitator of the cohort."""
    return staff_of(cohort, CohortStaff.Role.FACILITATOR, full_name="Felix Facilitator")

