"""The demo capstones load twice without duplicates, at different steps, one in the showcase."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.capstones import demo
from agora.capstones.models import Criterion, Feedback, Milestone, Project, Submission
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo
from agora.delivery.models import CohortStaff

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()


def counts():
    return [model.objects.count()
            for model in (Milestone, Criterion, Project, Submission, Feedback)]


def test_loading_twice_adds_nothing(loaded):
    before = counts()
    demo.load()
    assert counts() == before


def test_projects_are_at_different_steps_with_the_mentors_feedback(loaded):
    projects = Project.objects.filter(enrolment__cohort__slug=demo.COHORT)
    assert set(projects.values_list("step", flat=True)) == {
        Project.Step.PROPOSAL, Project.Step.UNDERWAY, Project.Step.FINAL, Project.Step.FINISHED
    }
    assert Feedback.objects.filter(reviewer__email=demo.MENTOR).exists()
    assert CohortStaff.objects.filter(cohort__slug=demo.COHORT, user__email=demo.MENTOR,
                                      role=CohortStaff.Role.MENTOR).exists()
    assert Milestone.objects.filter(cohort__slug=demo.COHORT, activity__isnull=False).count() == 3


def test_one_finished_project_is_in_the_showcase(loaded):
    shown = Project.objects.showcased().get()
    assert shown.title.startswith("Food bank")


def test_the_demo_mentor_reviews_every_demo_project(loaded):
    """Mentors review only their learners' projects: the demo's learners are the mentor's."""
    from agora.accounts.models import User

    mentor = User.objects.get(email=demo.MENTOR)
    projects = Project.objects.filter(enrolment__cohort__slug=demo.COHORT)
    reviewable = Project.objects.reviewable_by(mentor)
    assert set(reviewable) == set(projects)
    assert reviewable.with_waiting().filter(waiting=True).exists()
