"""Answers written as a group (one transaction) follow the same rules as one by one."""

import uuid

import pytest

from agora.live.answering import Refused, submit_answers
from agora.live.models import Answer, Participant
from tests.factories_live import InteractionFactory

pytestmark = pytest.mark.django_db


def test_a_group_keeps_one_answer_per_participant_the_later_one(poll):
    anna = Participant.objects.create(room=poll.room, device=uuid.uuid4())
    ben = Participant.objects.create(room=poll.room, device=uuid.uuid4())
    outcomes = submit_answers([(anna, poll.pk, 0), (ben, poll.pk, 1), (anna, poll.pk, 2)])
    assert all(isinstance(outcome, Answer) for outcome in outcomes)
    stored = dict(Answer.objects.values_list("participant", "value"))
    assert stored == {anna.pk: [2], ben.pk: [1]}
    assert poll.tally().answers == 2


def test_a_group_refuses_each_bad_send_and_keeps_the_good_ones(poll):
    closed = InteractionFactory(room=poll.room, state="closed")
    elsewhere = InteractionFactory()
    anna = Participant.objects.create(room=poll.room, device=uuid.uuid4())
    outcomes = submit_answers(
        [(anna, closed.pk, 0), (anna, elsewhere.pk, 0), (anna, poll.pk, 9), (anna, poll.pk, 1)]
    )
    assert [o.code for o in outcomes[:3]] == ["closed", "unknown", "unknown_option"]
    assert all(isinstance(o, Refused) for o in outcomes[:3])
    assert list(Answer.objects.values_list("value", flat=True)) == [[1]]
