"""The staff pages of assignments in a real browser: settings with the rubric editor, due dates
and a refused upload. axe finds nothing, errors included."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff
from tests.factories import OrganiserFactory, UserFactory
from tests.factories_assignments import (
    EXE_BYTES,
    AssignmentFactory,
    add_rubric,
    cohort_for,
    enrolment_for,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def assignment(transactional_db):
    assignment = AssignmentFactory()
    add_rubric(assignment)
    return assignment


def test_an_editor_adds_a_rubric_criterion(open_visitor, live_server, assignment):
    organiser = OrganiserFactory(
        organisation=assignment.activity.unit.module.level.programme.organisation
    ).user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    visitor = open_visitor().sign_in_as(organiser)
    visitor.visit(reverse("assignments:settings", args=[assignment.activity_id]))
    page = visitor.page
    new = page.locator("form.rubric-criterion").last
    new.get_by_label("Criterion (English)").fill("Evidence")
    new.get_by_label("Level 1 (English)").fill("Weak")
    visitor.follow(new.get_by_role("button", name="Add the criterion"))
    expect(page.get_by_text("Give the level its points.")).to_be_visible()
    page.locator("form.rubric-criterion").last.get_by_label("Level 1 points").fill("1")
    visitor.follow(
        page.locator("form.rubric-criterion").last.get_by_role("button", name="Add the criterion")
    )
    expect(page.get_by_text("The rubric was saved.")).to_be_visible()


def test_a_facilitator_sets_a_due_date(open_visitor, live_server, assignment):
    cohort = cohort_for(assignment, slug="spring", time_zone="America/Toronto")
    facilitator = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role=CohortStaff.Role.FACILITATOR)
    visitor = open_visitor().sign_in_as(facilitator)
    visitor.visit(reverse("assignments:due_dates", args=["spring"]))
    page = visitor.page
    page.get_by_label("Due").fill("2027-03-01T17:00")
    visitor.follow(page.get_by_role("button", name="Save the due date of Write an engagement plan"))
    expect(page.get_by_text("The due date was saved.")).to_be_visible()
    expect(page.get_by_label("Due")).to_have_value("2027-03-01T17:00")


def test_a_disguised_program_is_refused_with_an_accessible_message(
    open_visitor, live_server, assignment
):
    learner = enrolment_for(assignment, cohort_for(assignment, slug="spring")).user
    visitor = open_visitor().sign_in_as(learner)
    visitor.visit(reverse("assignments:submit", args=["spring", assignment.activity_id]))
    page = visitor.page
    page.get_by_label("Your answer").fill("Keep this text")
    page.get_by_label("Attach files").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": EXE_BYTES}
    )
    visitor.follow(page.get_by_role("button", name="Submit"))
    expect(page.get_by_text("“plan.pdf” is not one of the accepted types")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_value("Keep this text")
