"""Forming groups: balanced by a category, replacing the current grouping in one go."""

from collections import Counter

from agora.groups import forming
from agora.groups.models import Group, Membership
from tests.factories import EnrolmentFactory, StreamFactory


def enrol(cohort, count, **fields):
    return [EnrolmentFactory(cohort=cohort, **fields) for _ in range(count)]


def test_balanced_by_language_spreads_languages(cohort):
    enrol(cohort, 6, language="fr")
    enrol(cohort, 6, language="en")
    parts = forming.split(forming.confirmed_learners(cohort), Group.Method.LANGUAGE, seed=1,
                          count=3)  # fmt: skip
    for part in parts:
        assert Counter(e.language for e in part) == {"fr": 2, "en": 2}


def test_balanced_by_organisation_reads_the_registration_answer(cohort):
    for name in ("Ghent", "Ghent", "ghent ", "Liège"):
        EnrolmentFactory(cohort=cohort, answers={"organisation": name})
    parts = forming.split(forming.confirmed_learners(cohort), Group.Method.ORGANISATION,
                          seed=1, count=2)  # fmt: skip
    assert sorted(sum(1 for e in part if "ghent" in e.answers["organisation"].lower())
                  for part in parts) == [1, 2]  # fmt: skip


def test_balanced_by_stream(cohort):
    first, second = StreamFactory(cohort=cohort), StreamFactory(cohort=cohort)
    enrol(cohort, 4, stream=first)
    enrol(cohort, 4, stream=second)
    parts = forming.split(forming.confirmed_learners(cohort), Group.Method.STREAM, seed=2,
                          count=2)  # fmt: skip
    for part in parts:
        assert Counter(e.stream_id for e in part) == {first.pk: 2, second.pk: 2}


def test_only_confirmed_learners_are_grouped(cohort):
    enrol(cohort, 2)
    enrol(cohort, 1, status="withdrawn")
    assert len(forming.confirmed_learners(cohort)) == 2


def test_forming_again_archives_the_current_groups(cohort):
    learners = enrol(cohort, 4)
    first = forming.form_groups(cohort, [learners[:2], learners[2:]], Group.Method.HAND)
    second = forming.form_groups(cohort, [learners], Group.Method.HAND)
    assert Group.objects.current().filter(cohort=cohort).get() == second[0]
    assert all(g.archived_at for g in Group.objects.filter(pk__in=[g.pk for g in first]))
    assert Membership.objects.filter(current=True).count() == 4
    assert Membership.objects.count() == 8  # the old spaces keep their members


def test_moving_a_member_by_hand(cohort):
    learners = enrol(cohort, 2)
    one, two = forming.form_groups(cohort, [[learners[0]], [learners[1]]], Group.Method.HAND)
    forming.move_member(two, learners[0])
    assert set(two.memberships.values_list("enrolment_id", flat=True)) == {
        learners[0].pk, learners[1].pk}
    assert not one.memberships.exists()
