"""Demo progress: learners of the running P5 cohort have done most of week 1 and started
week 2, so My learning, the course outline, the progress page and the gradebook look lived in.

Runs after the delivery loader. Loading again adds nothing: completing an activity that is
done already changes nothing.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agora.catalogue.activity_types import REGISTRY
from agora.delivery.models import Enrolment
from agora.learning import progress, scope

P5_SLUG = "public-engagement-2027"
# Done by the learners themselves in the demo; the rest (quizzes, forum posts, assignments,
# attendance) is recorded by the apps that play them, with their own demo data.
SELF_DONE = {name for name, entry in REGISTRY.items() if entry.completion == "viewed"}


@transaction.atomic
def load() -> None:
    rng = random.Random(5)
    now = timezone.now()
    enrolments = Enrolment.objects.filter(
        cohort__slug=P5_SLUG, status=Enrolment.Status.CONFIRMED
    ).select_related("cohort", "stream", "user")
    for enrolment in enrolments:
        covered = [
            activity for activity in scope.covered_activities(enrolment).select_related("unit")
            if activity.kind in SELF_DONE
        ]  # in curriculum order
        if not covered:
            continue
        first_week = [a for a in covered if a.unit.module_id == covered[0].unit.module_id]
        keen = enrolment.user.email == "learner@agora.example" or rng.random() < 0.7
        for activity in first_week if keen else first_week[:1]:
            done_at = now - timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 10))
            progress.record_visit(enrolment, activity, seconds=rng.randint(300, 900), now=done_at)
            progress.complete_activity(enrolment, activity, now=done_at)
