"""Turning a ballot's winners into the schedule: a preview first, then one atomic, idempotent
step."""

import pytest
from django.urls import reverse

from agora.surveys import answering, scheduling
from agora.surveys.models import ScheduledTopic
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ballot, question):
    for ranking in ([2, 0, 1, 3], [2, 1, 0, 3], [0, 2, 1, 3]):
        answering.submit_response(
            ballot, {str(question.pk): ranking}, language="en", user=UserFactory()
        )
    return question  # Food networks (7), Energy cooperatives (5), Care collectives (3)…


def test_the_preview_lists_old_and_new_titles_and_changes_nothing(
    client, ballot, answered, organiser, blocks
):
    client.force_login(organiser)
    url = reverse("surveys:schedule", args=[ballot.pk, answered.pk])
    response = client.get(url, {"winners": 2, "sessions": [blocks[1].pk, blocks[0].pk]})
    page = response.content.decode()
    assert "Replace these titles" in page
    assert [c.new_title for c in response.context["changes"]] == [
        "Food networks", "Energy cooperatives"
    ]
    blocks[0].refresh_from_db()
    assert blocks[0].title.localize("en") == "Morning deep dive"


def test_scheduling_fills_the_sessions_in_rank_order_by_date(
    client, ballot, answered, organiser, blocks
):
    client.force_login(organiser)
    url = reverse("surveys:schedule", args=[ballot.pk, answered.pk])
    response = client.post(url, {"winners": 2, "sessions": [blocks[1].pk, blocks[0].pk]})
    assert response.status_code == 302
    for block in blocks:
        block.refresh_from_db()
    assert blocks[0].title.localize("en") == "Food networks"
    assert blocks[0].partner_case.localize("en") == "A case about food networks."
    assert blocks[1].title.localize("en") == "Energy cooperatives"
    assert blocks[2].title.localize("en") == "Morning deep dive"
    assert ScheduledTopic.objects.get(session=blocks[0]).question == answered


def test_scheduling_twice_changes_nothing_more(answered, blocks):
    scheduling.schedule_winners(answered, blocks[:2])
    scheduling.schedule_winners(answered, blocks[:2])
    assert ScheduledTopic.objects.count() == 2
    assert sorted(ScheduledTopic.objects.values_list("rank", flat=True)) == [1, 2]


def test_as_many_sessions_as_winners_are_needed(client, ballot, answered, organiser, blocks):
    client.force_login(organiser)
    url = reverse("surveys:schedule", args=[ballot.pk, answered.pk])
    response = client.post(url, {"winners": 2, "sessions": [blocks[0].pk]})
    assert response.status_code == 400
    assert "Choose as many sessions as winning topics" in response.content.decode()
    blocks[0].refresh_from_db()
    assert blocks[0].title.localize("en") == "Morning deep dive"


def test_sessions_of_another_cohort_cannot_be_filled(client, ballot, answered, organiser):
    from tests.factories_surveys import BlockFactory

    elsewhere = BlockFactory()
    client.force_login(organiser)
    url = reverse("surveys:schedule", args=[ballot.pk, answered.pk])
    response = client.post(url, {"winners": 1, "sessions": [elsewhere.pk]})
    assert response.status_code == 400
    elsewhere.refresh_from_db()
    assert elsewhere.title.localize("en") == "Morning deep dive"
