"""The demo loader prepares the P5 cohort's live sessions, and loading twice changes nothing."""

import pytest

from agora.live import demo
from agora.live.models import Answer, Interaction, Room
from tests.factories import CohortFactory, EnrolmentFactory
from tests.factories_live import LiveSessionFactory

pytestmark = pytest.mark.django_db


def test_the_demo_prepares_each_p5_live_session_in_its_language_once():
    cohort = CohortFactory(slug=demo.P5_SLUG, languages=["en", "fr"])
    EnrolmentFactory(cohort=cohort, language="fr")
    from django.utils import timezone

    held = LiveSessionFactory(
        cohort=cohort, language="fr",
        starts_at=timezone.now() - timezone.timedelta(days=7),
        ends_at=timezone.now() - timezone.timedelta(days=7, hours=-1),
    )  # fmt: skip
    LiveSessionFactory(cohort=cohort, language="en")
    demo.load()
    demo.load()
    assert Room.objects.count() == 2
    french = Interaction.objects.filter(room__session=held)
    assert french.count() == 5
    assert french.filter(prompt__startswith="Quelle méthode").get().revealed
    assert Room.objects.get(session=held).allow_anonymous
    assert Answer.objects.count() == 4  # one learner, four polls
