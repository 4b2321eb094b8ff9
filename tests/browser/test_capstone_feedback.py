"""A capstone in a real browser: a learner hands in a proposal and a milestone, the mentor asks
for a revision of the milestone, the learner reads the feedback in the history and hands in a
new version. axe finds nothing on any page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.factories_capstones import PDF_BYTES, capstone_cohort, learner_in, staff_of

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    cohort, milestone = capstone_cohort(slug="spring")
    mia = staff_of(cohort, full_name="Mia Mentor")
    # Mentors review only the learners assigned to them: Mia is Lena's mentor.
    lena = learner_in(cohort, mentor=mia, user=UserFactory(full_name="Lena Learner")).user
    return milestone, lena, mia


def test_mentor_feedback_on_a_milestone_and_a_revision(open_visitor, live_server, people):
    milestone, learner, mentor = people

    # The learner hands in her proposal from her project page.
    lena = open_visitor().sign_in_as(learner)
    lena.visit(reverse("capstones:project", args=["spring"]))
    page = lena.page
    lena.follow(page.get_by_role("link", name="Proposal"))
    page.get_by_label("Project title").fill("Greener squares")
    page.get_by_label("Your case").fill("Our *squares* are grey.")
    page.get_by_label("Objectives").fill("Plant trees with residents.")
    page.get_by_label("Stakeholders").fill("Residents, the parks service.")
    lena.follow(page.get_by_role("button", name="Hand in"))
    expect(page.get_by_text("Handed in. Your mentor has been told.")).to_be_visible()

    # Then the milestone, on its activity page, with a PDF.
    task = reverse("capstones:task", args=["spring", milestone.activity_id])
    lena.visit(task)
    expect(page.get_by_role("heading", level=1)).to_have_text("Capstone: first results")
    page.get_by_label("Your work").fill("We met **twelve** residents.")
    page.get_by_label("Attach files").set_input_files(
        {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    lena.follow(page.get_by_role("button", name="Hand in"))
    expect(page.get_by_role("link", name="notes.pdf")).to_be_visible()
    expect(page.get_by_text("Done", exact=True)).to_be_visible()

    # The mentor finds her in the queue and asks for a revision of the milestone.
    mia = open_visitor().sign_in_as(mentor)
    mia.visit(reverse("capstones:queue", args=["spring"]))
    reviewer = mia.page
    mia.follow(reviewer.get_by_role("link", name="Lena Learner"))
    expect(reviewer.get_by_text("We met twelve residents.")).to_be_visible()
    form = reviewer.get_by_role("article", name="Feedback on First results, version 1")
    form.get_by_label("Feedback").fill("Say *what* the residents asked for.")
    form.get_by_label("Ask for a revision").check()
    mia.follow(form.get_by_role("button", name="Send the feedback"))
    expect(
        reviewer.get_by_text("Your feedback was saved and the learner was told.")
    ).to_be_visible()

    # The learner reads it in the history and hands in a second version.
    lena.visit(task)
    history = page.locator("section.capstone-history")
    expect(history.locator("section.feedback")).to_contain_text("Revision requested")
    expect(history.locator("section.feedback em")).to_have_text("what")
    page.get_by_label("Your work").fill("Residents asked for shade and benches.")
    lena.follow(page.get_by_role("button", name="Hand in"))
    expect(page.get_by_role("heading", name="First results, version 2")).to_be_visible()
    expect(page.get_by_role("heading", name="First results, version 1")).to_be_visible()
