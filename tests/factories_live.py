"""Factories for live sessions (scheduled sessions and staff too: tests/factories.py has none)."""

import datetime

import factory
from django.utils import timezone

from agora.delivery.models import CohortStaff, ScheduledSession
from agora.live.models import Interaction, Room
from tests.factories import CohortFactory, UserFactory


class LiveSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduledSession

    cohort = factory.SubFactory(CohortFactory)
    kind = ScheduledSession.Kind.LIVE
    title = {"en": "Weekly kick-off"}
    language = "en"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=1))


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortStaff

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = CohortStaff.Role.FACILITATOR


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    session = factory.SubFactory(LiveSessionFactory)


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    room = factory.SubFactory(RoomFactory)
    kind = Interaction.Kind.CHOICE
    prompt = "Which tool do you use most?"
    options = ["Surveys", "Citizens' panels", "Town halls"]
    state = Interaction.State.OPEN
