"""Organiser cohort pages and the attendance screen in a real browser: axe-core finds no
WCAG 2.1 AA problem, and attendance is taken on a 320 px phone screen with a plain form."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone
from playwright.sync_api import expect

from agora.delivery.models import Attendance, CohortStaff, Enrolment, ScheduledSession
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    OrganiserFactory,
    StreamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def cohort(transactional_db):
    cohort = CohortFactory(slug="spring", capacity=2, languages=["en", "fr"])
    stream = StreamFactory(cohort=cohort)
    EnrolmentFactory(
        cohort=cohort, stream=stream, user__full_name="Ada Able", answers={"organisation": "Ghent"}
    )
    EnrolmentFactory(
        cohort=cohort, status=Enrolment.Status.PENDING_APPROVAL, user__full_name="Ben Bold"
    )
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    start = timezone.now() + timedelta(days=1)
    ScheduledSession.objects.create(
        cohort=cohort,
        kind="live",
        title={"en": "Kick-off"},
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    return cohort


@pytest.fixture
def organiser(cohort):
    user = OrganiserFactory(organisation=cohort.programme.organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_organiser_pages_are_accessible(visitor, client, live_server, cohort, organiser):
    visitor.sign_in_as(organiser)
    visitor.visit("/cohorts/manage/")
    visitor.follow(visitor.page.get_by_role("link", name=re.compile("Spring")))
    page = visitor.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spring")
    expect(page.get_by_role("button", name="Approve Ben Bold")).to_be_visible()
    visitor.follow(page.get_by_role("button", name="Approve Ben Bold"))
    assert Enrolment.objects.get(user__full_name="Ben Bold").status == "confirmed"

    visitor.visit("/cohorts/manage/spring/capacity/")
    visitor.page.get_by_label("Seats").fill("1")
    visitor.follow(visitor.page.get_by_role("button", name="Save"))
    expect(visitor.page.get_by_text("1 person would be over the limit.")).to_be_visible()

    visitor.visit("/cohorts/manage/spring/message/")
    visitor.page.get_by_label("Subject (English)").fill("Hello")
    visitor.page.get_by_label("Message (English)").fill("See you soon.")
    visitor.page.get_by_label("Subject (français)").fill("Bonjour")
    visitor.page.get_by_label("Message (français)").fill("À bientôt.")
    visitor.follow(visitor.page.get_by_role("button", name="Preview"))
    expect(visitor.page.get_by_text("It goes to 2 people.")).to_be_visible()
    visitor.follow(visitor.page.get_by_role("button", name="Send", exact=True))
    expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Messages sent")
    expect(visitor.page.get_by_role("heading", name="Hello")).to_be_visible()

    visitor.visit("/cohorts/manage/spring/copy/")


def test_a_facilitator_takes_attendance_on_a_phone(open_visitor, client, live_server, cohort):
    facilitator = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role="facilitator")
    visitor = open_visitor(viewport={"width": 320, "height": 640})
    visitor.sign_in_as(facilitator)
    session = cohort.sessions.get()
    visitor.visit(f"/cohorts/manage/spring/sessions/{session.pk}/attendance/")
    page = visitor.page
    page.get_by_label("Ada Able").check()
    visitor.follow(page.get_by_role("button", name="Save attendance"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert Attendance.objects.get(enrolment__user__full_name="Ada Able").present
