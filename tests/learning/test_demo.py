"""Demo progress (agora/learning/demo.py): P5 learners have done most of week 1."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo as delivery_demo
from agora.delivery.models import Enrolment
from agora.learning import demo
from agora.learning.models import ActivityProgress


@pytest.mark.django_db
def test_demo_learners_have_progress_and_loading_twice_adds_nothing():
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()
    learner = Enrolment.objects.get(cohort__slug=demo.P5_SLUG, user__email="learner@agora.example")
    assert learner.activities_done > 0
    records = ActivityProgress.objects.count()
    counters = list(Enrolment.objects.values_list("activities_done", flat=True).order_by("pk"))
    demo.load()
    assert ActivityProgress.objects.count() == records
    assert list(Enrolment.objects.values_list("activities_done", flat=True).order_by("pk")) == (
        counters
    )
