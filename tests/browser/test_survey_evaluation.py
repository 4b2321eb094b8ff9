"""A learner answers the course evaluation from the course's survey activity: a rating, a
choice, several choices and a comment; a missing answer is reported without losing the others;
the activity is then done. axe checks every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import ActivityFactory, EnrolmentFactory, UnitFactory
from tests.factories_surveys import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def evaluation(transactional_db):
    enrolment = EnrolmentFactory()
    activity = ActivityFactory(
        kind="survey",
        title={"en": "Course feedback"},
        unit=UnitFactory(module__level__programme=enrolment.cohort.programme),
    )
    survey = SurveyFactory(cohort=enrolment.cohort, activity=activity)
    QuestionFactory(
        survey=survey,
        kind="rating",
        options=[],
        prompt={"en": "How useful was the course?"},
        scale_labels={"en": {"low": "Not useful", "high": "Very useful"}},
    )
    QuestionFactory(
        survey=survey,
        kind="single",
        prompt={"en": "Was the workload right?"},
        options=[{"text": {"en": "Too light"}}, {"text": {"en": "About right"}}],
    )
    QuestionFactory(
        survey=survey,
        kind="multiple",
        prompt={"en": "What helped you most?"},
        options=[{"text": {"en": "Live sessions"}}, {"text": {"en": "Readings"}}],
    )
    QuestionFactory(
        survey=survey,
        kind="text",
        required=False,
        options=[],
        prompt={"en": "What should we change?"},
    )
    return enrolment, activity


def test_a_learner_answers_the_course_evaluation(open_visitor, live_server, evaluation):
    enrolment, activity = evaluation
    visitor = open_visitor().sign_in_as(enrolment.user)
    visitor.visit(reverse("surveys:take", args=[enrolment.cohort.slug, activity.pk]))
    page = visitor.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Course feedback")
    page.get_by_label("5 – Very useful").check()
    page.get_by_label("Readings").check()
    page.get_by_label("What should we change?").fill("Shorter live sessions.")
    visitor.follow(page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("5 – Very useful")).to_be_checked()
    expect(page.get_by_label("What should we change?")).to_have_value("Shorter live sessions.")
    page.get_by_label("About right").check()
    visitor.follow(page.get_by_role("button", name="Send my answers"))
    expect(page.get_by_text("Thank you: your answers are recorded.").first).to_be_visible()
    expect(page.locator("#activity-status")).to_have_text("Done")
