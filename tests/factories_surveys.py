"""Factories for surveys tests."""

import datetime

import factory
from allauth.mfa.models import Authenticator
from django.utils import timezone

from agora.delivery.models import ScheduledSession
from agora.surveys.models import PartnerInvitation, Question, Survey
from tests.factories import CohortFactory, OrganiserFactory

TOPICS = ["Energy cooperatives", "Care collectives", "Food networks", "Housing commons"]


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    cohort = factory.SubFactory(CohortFactory)
    title = {"en": "Course evaluation"}
    purpose = Survey.Purpose.EVALUATION
    anonymous = True
    for_learners = True


class BallotFactory(SurveyFactory):
    title = {"en": "Choose the deep-dive topics"}
    purpose = Survey.Purpose.BALLOT
    for_partners = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = Question.Kind.SINGLE
    prompt = {"en": "How useful was the course?"}
    options = [{"text": {"en": "Very"}, "detail": {}}, {"text": {"en": "Not much"}, "detail": {}}]
    order = factory.Sequence(int)


class RankingQuestionFactory(QuestionFactory):
    kind = Question.Kind.RANKING
    prompt = {"en": "Rank the deep-dive topics"}
    options = [
        {"text": {"en": topic}, "detail": {"en": f"A case about {topic.lower()}."}}
        for topic in TOPICS
    ]


class PartnerInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerInvitation

    survey = factory.SubFactory(BallotFactory)
    email = factory.Sequence(lambda n: f"partner{n}@collective.example.org")
    organisation_name = factory.Sequence(lambda n: f"Collective {n}")
    language = "en"


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduledSession

    cohort = factory.SubFactory(CohortFactory)
    kind = ScheduledSession.Kind.BLOCK
    title = {"en": "Morning deep dive"}
    starts_at = factory.Sequence(
        lambda n: timezone.now().replace(microsecond=0) + datetime.timedelta(days=20 + n)
    )
    ends_at = factory.LazyAttribute(lambda block: block.starts_at + datetime.timedelta(hours=3))


def organiser_of(organisation):
    """An organiser of ``organisation`` with two-factor set up (organisers must have it)."""
    user = OrganiserFactory(organisation=organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user
