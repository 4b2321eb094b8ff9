"""My learning in a real browser: axe-core finds no WCAG 2.1 AA problem, at 320 px too."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agora.delivery.models import Enrolment, ScheduledSession, StreamActivity
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    StreamFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def learner(transactional_db):
    user = UserFactory(full_name="Lena Learner")
    today = timezone.localdate()
    cohort = CohortFactory(starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=30))
    stream = StreamFactory(cohort=cohort, weekly_minutes=120)
    unit = UnitFactory(module__level__programme=cohort.programme)
    activity = ActivityFactory(unit=unit, title={"en": "Interview a resident"})
    StreamActivity.objects.create(stream=stream, activity=activity, requirement="required")
    now = timezone.now()
    ScheduledSession.objects.create(
        cohort=cohort,
        kind=ScheduledSession.Kind.SELF_PACED,
        unit=unit,
        title={"en": "Week 2: listening"},
        starts_at=now - timedelta(days=2),
        ends_at=now + timedelta(days=5),
    )
    ScheduledSession.objects.create(
        cohort=cohort,
        kind=ScheduledSession.Kind.LIVE,
        title={"en": "Open data clinic"},
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=1),
        meeting_url="https://meet.example.org/clinic",
    )
    EnrolmentFactory(cohort=cohort, user=user, stream=stream)
    EnrolmentFactory(user=user, status=Enrolment.Status.WAITLISTED)
    return user


@pytest.mark.parametrize("width", [1280, 320])
def test_my_learning_is_accessible(open_visitor, client, live_server, learner, width):
    visitor = open_visitor(viewport={"width": width, "height": 800}).sign_in_as(learner)

    visitor.visit("/cohorts/my/")

    page = visitor.page
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_role("link", name="Join “Open data clinic”")).to_be_visible()
    expect(page.get_by_role("link", name="Subscribe to my calendar")).to_be_visible()
    if width < 768:  # on a phone the main navigation folds behind the Menu button
        page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="My learning")).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
