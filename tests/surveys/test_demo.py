"""The demo surveys (agora/surveys/demo.py): P2's topic ballot with responses from learners and
partners, P5's course evaluation; a second load adds nothing."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo
from agora.surveys import demo
from agora.surveys.models import Response, Survey


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()


def test_the_p2_ballot_has_learner_and_partner_rankings(loaded):
    ballot = Survey.objects.get(cohort__slug=demo.P2_SLUG, purpose=Survey.Purpose.BALLOT)
    assert ballot.activity is not None and ballot.activity.slug == "topic-ballot"
    assert ballot.responses.exclude(organisation_name="").count() == 2
    assert ballot.responses.filter(respondent__isnull=False).count() >= 5


def test_the_p5_evaluation_is_anonymous_and_answered(loaded):
    evaluation = Survey.objects.get(cohort__slug=demo.P5_SLUG)
    assert evaluation.responses.count() >= 5
    assert not evaluation.responses.filter(respondent__isnull=False).exists()


def test_loading_again_adds_nothing(loaded):
    count = Response.objects.count()
    demo.load()
    assert Response.objects.count() == count
    assert Survey.objects.count() == 2
