"""An assignment in a real browser: a learner hands in text and a PDF, a facilitator grades
it with the rubric and feedback, the learner reads the feedback. axe finds nothing."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff
from tests.factories import UserFactory
from tests.factories_assignments import (
    PDF_BYTES,
    AssignmentFactory,
    add_rubric,
    cohort_for,
    enrolment_for,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    assignment = AssignmentFactory()
    add_rubric(assignment)
    cohort = cohort_for(assignment, slug="spring")
    learner = enrolment_for(assignment, cohort, user=UserFactory(full_name="Lena Learner"))
    facilitator = UserFactory(full_name="Felix Facilitator")
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role=CohortStaff.Role.FACILITATOR)
    return assignment, learner.user, facilitator


def test_submit_grade_and_read_the_feedback(open_visitor, live_server, people):
    assignment, learner, facilitator = people
    activity_page = reverse("learning:activity", args=["spring", assignment.activity_id])

    # The learner opens the activity, writes an answer, attaches a PDF and submits.
    lena = open_visitor().sign_in_as(learner)
    lena.visit(activity_page)
    page = lena.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Write an engagement plan")
    page.get_by_label("Your answer").fill("We will ask **residents** first.")
    page.get_by_label("Attach files").set_input_files(
        {"name": "plan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    lena.follow(page.get_by_role("button", name="Submit"))
    expect(page.get_by_text("Your work was handed in.")).to_be_visible()
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()

    # The facilitator finds it in the grading queue and grades it.
    felix = open_visitor().sign_in_as(facilitator)
    felix.visit(reverse("assignments:queue", args=["spring"]))
    grader = felix.page
    felix.follow(grader.get_by_role("link", name="Lena Learner"))
    expect(grader.get_by_text("We will ask residents first.")).to_be_visible()
    grader.get_by_role("group", name="Clarity").get_by_label("Strong (4)").check()
    grader.get_by_role("group", name="Inclusion").get_by_label("Partial (2)").check()
    grader.get_by_label("Feedback").fill("Say *who* the residents are.")
    felix.follow(grader.get_by_role("button", name="Save the grade"))
    expect(grader.get_by_text("The grade was saved and the learner was told.")).to_be_visible()

    # The learner reads the feedback on the activity page.
    lena.visit(activity_page)
    feedback = page.locator("section.feedback")
    expect(feedback).to_contain_text("6 of 8 points (75 %)")
    expect(feedback.locator("em")).to_have_text("who")
