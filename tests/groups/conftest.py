import pytest

from agora.delivery.models import CohortStaff
from agora.groups import limits
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories_groups import GroupFactory, MembershipFactory, StaffFactory


@pytest.fixture(autouse=True)
def _generous_rate_limits(monkeypatch):
    # Tests post many times in a row; the limit itself is tested with its own values.
    monkeypatch.setattr(limits, "RATE_LIMITS", [(60, 1000)])


@pytest.fixture
def cohort(db):
    cohort = CohortFactory(slug="spring", languages=["en", "fr"])
    unit = UnitFactory(module__level__programme=cohort.programme, title={"en": "Week 1"})
    ActivityFactory(unit=unit, kind="group_activity", slug="stakeholder-map",
                    title={"en": "Map your stakeholders"}, body={"en": "Draw the map together."})
    return cohort


@pytest.fixture
def group_activity(cohort):
    from agora.catalogue.models import Activity

    return Activity.objects.get(slug="stakeholder-map")


@pytest.fixture
def fiona(cohort):
    """A facilitator of the cohort."""
    return StaffFactory(cohort=cohort, user=UserFactory(full_name="Fiona Facilitator")).user


@pytest.fixture
def group(cohort):
    return GroupFactory(cohort=cohort, number=1)


@pytest.fixture
def other_group(cohort):
    return GroupFactory(cohort=cohort, number=2)


@pytest.fixture
def lena(group):
    """A learner in group 1."""
    user = UserFactory(full_name="Lena Learner")
    MembershipFactory(group=group, enrolment=EnrolmentFactory(cohort=group.cohort, user=user))
    return user


@pytest.fixture
def lars(group):
    """Another learner in group 1."""
    user = UserFactory(full_name="Lars Learner")
    MembershipFactory(group=group, enrolment=EnrolmentFactory(cohort=group.cohort, user=user))
    return user


@pytest.fixture
def otto(other_group):
    """A learner of the same cohort in group 2."""
    user = UserFactory(full_name="Otto Other")
    MembershipFactory(group=other_group,
                      enrolment=EnrolmentFactory(cohort=other_group.cohort, user=user))
    return user


@pytest.fixture
def stranger(db):
    """A learner of another cohort."""
    user = UserFactory(full_name="Sam Stranger")
    EnrolmentFactory(user=user)
    return user


@pytest.fixture
def foreign_mentor(db):
    """A mentor of another cohort."""
    return StaffFactory(role=CohortStaff.Role.MENTOR, user=UserFactory()).user
