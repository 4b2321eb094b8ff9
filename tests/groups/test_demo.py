"""The demo groups and mentoring in the P5 cohort; a second load adds nothing."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo
from agora.groups import demo as groups_demo
from agora.groups.models import Group, GroupPost, GroupResult
from agora.mentoring import demo as mentoring_demo
from agora.mentoring.models import CheckIn, FeedbackEntry, MentorAssignment, Message


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    groups_demo.load()
    mentoring_demo.load()


def test_the_p5_cohort_has_groups_and_one_result(loaded):
    groups = Group.objects.current().filter(cohort__slug=groups_demo.P5_SLUG)
    assert groups.count() >= 2
    assert GroupResult.objects.count() == 1
    assert GroupPost.objects.count() == 2


def test_the_demo_learner_has_the_demo_mentor(loaded):
    assignment = MentorAssignment.objects.get(enrolment__user__email="learner@agora.example")
    assert assignment.mentor.email == "mentor@agora.example"
    assert assignment.messages.count() == 2
    assert FeedbackEntry.objects.filter(assignment=assignment).count() == 2
    assert CheckIn.objects.upcoming().filter(assignment=assignment).exists()


def test_a_second_load_adds_nothing(loaded):
    counts = (Group.objects.count(), GroupPost.objects.count(), Message.objects.count(),
              CheckIn.objects.count(), MentorAssignment.objects.count())  # fmt: skip
    groups_demo.load()
    mentoring_demo.load()
    assert counts == (Group.objects.count(), GroupPost.objects.count(), Message.objects.count(),
                      CheckIn.objects.count(), MentorAssignment.objects.count())  # fmt: skip
