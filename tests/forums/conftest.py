import pytest
from allauth.mfa.models import Authenticator

from agora.delivery.models import CohortStaff, Enrolment
from agora.forums import posting
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganiserFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories_forums import CohortStaffFactory


@pytest.fixture(autouse=True)
def _generous_rate_limits(monkeypatch):
    # Tests post many times in a row; the limit itself is tested with its own values.
    monkeypatch.setattr(posting, "RATE_LIMITS", [(60, 1000)])


@pytest.fixture
def cohort(db):
    cohort = CohortFactory(slug="spring", languages=["en", "fr"])
    unit = UnitFactory(module__level__programme=cohort.programme, title={"en": "Week 1"})
    ActivityFactory(
        unit=unit, kind="forum_task", slug="result", title={"en": "Post your result"},
        body={"en": "Tell us what your interview showed."},
    )
    return cohort


@pytest.fixture
def task_activity(cohort):
    from agora.catalogue.models import Activity

    return Activity.objects.get(slug="result", unit__module__level__programme=cohort.programme)


@pytest.fixture
def forum(cohort):
    return posting.cohort_forum(cohort)


@pytest.fixture
def space(forum):
    return forum.spaces.exclude(unit=None).first()


@pytest.fixture
def lena(cohort):
    """A learner of the cohort."""
    user = UserFactory(full_name="Lena Learner")
    EnrolmentFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def lars(cohort):
    """Another learner of the cohort."""
    user = UserFactory(full_name="Lars Learner")
    EnrolmentFactory(cohort=cohort, user=user)
    return user


@pytest.fixture
def fiona(cohort):
    """The cohort's facilitator."""
    user = UserFactory(full_name="Fiona Facilitator")
    CohortStaffFactory(cohort=cohort, user=user, role=CohortStaff.Role.FACILITATOR)
    return user


@pytest.fixture
def olga(cohort):
    """An organiser of the programme's organisation."""
    membership = OrganiserFactory(organisation=cohort.programme.organisation)
    # Organisers must have two-factor authentication set up before anything else.
    Authenticator.objects.create(user=membership.user, type=Authenticator.Type.TOTP, data={})
    return membership.user


@pytest.fixture
def other_cohort(db):
    return CohortFactory(slug="autumn")


@pytest.fixture
def oscar(other_cohort):
    """A learner of another cohort."""
    user = UserFactory(full_name="Oscar Other")
    EnrolmentFactory(cohort=other_cohort, user=user)
    return user


@pytest.fixture
def frank(other_cohort):
    """A facilitator of another cohort."""
    user = UserFactory(full_name="Frank Foreign")
    CohortStaffFactory(cohort=other_cohort, user=user, role=CohortStaff.Role.FACILITATOR)
    return user


@pytest.fixture
def wanda(cohort):
    """A learner who withdrew from the cohort."""
    user = UserFactory(full_name="Wanda Withdrawn")
    EnrolmentFactory(cohort=cohort, user=user, status=Enrolment.Status.WITHDRAWN)
    return user


@pytest.fixture
def thread(space, lena):
    return posting.start_thread(
        space, lena, title="Our first interviews", body="We met *five* residents."
    )


@pytest.fixture
def mentor(cohort):
    user = UserFactory(full_name="Max Mentor")
    CohortStaffFactory(cohort=cohort, user=user, role=CohortStaff.Role.MENTOR)
    return user
