import pytest
from allauth.mfa.models import Authenticator

from agora.delivery.models import CohortStaff
from agora.mentoring.models import MentorAssignment
from tests.factories import OrganiserFactory, UserFactory
from tests.factories_assignments import AssignmentFactory, add_rubric, cohort_for, enrolment_for


@pytest.fixture
def assignment(db):
    assignment = AssignmentFactory()
    add_rubric(assignment)
    return assignment


@pytest.fixture
def cohort(assignment):
    return cohort_for(assignment, slug="spring", languages=["en", "fr"])


@pytest.fixture
def lena(cohort, assignment):
    """Lena Learner's confirmed enrolment."""
    return enrolment_for(assignment, cohort, user=UserFactory(full_name="Lena Learner"))


@pytest.fixture
def felix(cohort):
    """Felix Facilitator of the cohort."""
    user = UserFactory(full_name="Felix Facilitator")
    CohortStaff.objects.create(cohort=cohort, user=user, role=CohortStaff.Role.FACILITATOR)
    return user


@pytest.fixture
def mia(cohort, lena):
    """Mia Mentor of the cohort, assigned to Lena (so she grades Lena's work, no one else's)."""
    user = UserFactory(full_name="Mia Mentor")
    CohortStaff.objects.create(cohort=cohort, user=user, role=CohortStaff.Role.MENTOR)
    MentorAssignment.objects.create(cohort=cohort, enrolment=lena, mentor=user)
    return user


@pytest.fixture
def olga(cohort):
    """Olga Organiser of the programme's organisation (with two-factor set up)."""
    user = OrganiserFactory(organisation=cohort.programme.organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
