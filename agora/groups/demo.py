"""Demo groups in the running P5 cohort (``public-engagement-2027``): groups of about five,
balanced by language, a few posts and notes in the demo learner's group, and its result posted
for the first group activity. Loaded after the delivery demo; a second load adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from agora.delivery.models import Cohort, Enrolment
from agora.groups import access, forming, space
from agora.groups.models import Group
from agora.learning import scope

P5_SLUG = "public-engagement-2027"
GROUP_SIZE = 5
SEED = 2027

POSTS = [
    "Shall we split the stakeholder map? I can take **residents' associations** and schools.",
    "Je prends les commerçants et les services municipaux. On se retrouve jeudi ?",
]
NOTES = """# Stakeholder map: our plan

- Residents' associations, schools
- Shop owners, municipal services
- Who is **missing**: young people, night workers
"""
RESULT = """Our map has **four circles**: decision makers, those affected every day, those who
speak for others, and those we rarely hear (young people, night workers). Next week we
interview one person from the last circle each."""


@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(slug=P5_SLUG).first()
    if cohort is None:
        return
    if not Group.objects.current().filter(cohort=cohort).exists():
        learners = forming.confirmed_learners(cohort)
        parts = forming.split(learners, Group.Method.LANGUAGE, seed=SEED, size=GROUP_SIZE)
        forming.form_groups(cohort, parts, Group.Method.LANGUAGE)
    demo = Enrolment.objects.filter(
        cohort=cohort, user__email="learner@agora.example", status=Enrolment.Status.CONFIRMED
    ).select_related("user", "cohort").first()
    group = access.current_group_of(demo) if demo else None
    if group is None or group.posts.exists():
        return
    enrolments = [m.enrolment for m in group.memberships.select_related("enrolment__user",
                                                                        "enrolment__cohort")]
    others = [e.user for e in enrolments if e.user_id != demo.user_id] or [demo.user]
    for author, body in zip([others[0], demo.user], POSTS, strict=True):
        space.post_message(group, author, body)
    space.save_notes(group, demo.user, NOTES, based_on=group.notes_version)
    # The first group activity that a member of the group follows (streams differ).
    for activity in scope.cohort_activities(cohort).filter(kind="group_activity"):
        poster = next((e.user for e in enrolments
                       if scope.covered_activities(e).filter(pk=activity.pk).exists()), None)
        if poster is not None:
            space.post_result(group, activity, poster, RESULT)
            return
