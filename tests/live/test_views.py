"""Live session pages: joining, answering over HTTP (the fallback), the facilitator's screens,
exports, and who is refused."""

import csv
import io
import uuid

import pytest
from django.urls import reverse

from agora.live.access import DEVICE_COOKIE
from agora.live.models import Answer, Interaction, Participant, Question, Room
from tests.factories_live import InteractionFactory, LiveSessionFactory, RoomFactory

pytestmark = pytest.mark.django_db


def manage_url(room, name="live:manage", *args):
    return reverse(name, args=[room.session_id, *args])


# --- Joining ----------------------------------------------------------------------------------


def test_the_join_form_sends_a_known_code_to_its_room(client, room):
    response = client.get(reverse("live:join"), {"code": room.code.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("live:participate", args=[room.code])


def test_an_unknown_code_is_explained(client, room):
    response = client.get(reverse("live:join"), {"code": "NOPE99"})
    assert "No live session has this code" in response.text


def test_an_anonymous_device_joins_once_with_a_signed_cookie(client, poll):
    url = reverse("live:participate", args=[poll.room.code])
    first = client.get(url)
    assert first.status_code == 200
    assert DEVICE_COOKIE in first.cookies
    client.get(url)
    assert Participant.objects.filter(room=poll.room).count() == 1


def test_a_tampered_device_cookie_is_a_new_device(client, poll):
    client.cookies[DEVICE_COOKIE] = "forged"
    client.get(reverse("live:participate", args=[poll.room.code]))
    participant = Participant.objects.get()
    assert participant.device is not None


def test_without_anonymous_joining_a_visitor_is_sent_to_log_in(client, poll):
    Room.objects.filter(pk=poll.room.pk).update(allow_anonymous=False)
    response = client.get(reverse("live:participate", args=[poll.room.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_learner_of_another_cohort_may_not_join_a_closed_room(client, poll, outsider):
    Room.objects.filter(pk=poll.room.pk).update(allow_anonymous=False)
    client.force_login(outsider)
    assert client.get(reverse("live:participate", args=[poll.room.code])).status_code == 404


def test_an_account_of_another_cohort_joins_an_open_room_as_its_device(client, poll, outsider):
    client.force_login(outsider)
    response = client.get(reverse("live:participate", args=[poll.room.code]))
    assert "You take part anonymously from this device." in response.text
    assert Participant.objects.get().user is None


def test_a_learner_of_the_cohort_joins_with_their_account(client, poll, learner):
    Room.objects.filter(pk=poll.room.pk).update(allow_anonymous=False)
    client.force_login(learner)
    response = client.get(reverse("live:participate", args=[poll.room.code]))
    assert response.status_code == 200
    assert Participant.objects.get().user == learner


# --- Answering over HTTP (no JavaScript, or WebSockets blocked) -------------------------------


def test_a_posted_answer_is_stored_and_a_second_replaces_it(client, poll):
    client.get(reverse("live:participate", args=[poll.room.code]))
    url = reverse("live:answer", args=[poll.room.code, poll.pk])
    client.post(url, {"choice": "0"})
    client.post(url, {"choice": "2"})
    assert list(Answer.objects.values_list("value", flat=True)) == [[2]]


def test_a_posted_answer_after_the_close_is_refused_with_a_message(client, poll):
    client.get(reverse("live:participate", args=[poll.room.code]))
    poll.close()
    url = reverse("live:answer", args=[poll.room.code, poll.pk])
    response = client.post(url, {"choice": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text == "This interaction is closed: your answer was not recorded."
    assert not Answer.objects.exists()


def test_a_ranking_with_a_shared_place_is_refused(client, room):
    ranking = InteractionFactory(room=room, kind="ranking", options=["a", "b", "c"])
    client.get(reverse("live:participate", args=[room.code]))
    url = reverse("live:answer", args=[room.code, ranking.pk])
    response = client.post(url, {"rank-0": "1", "rank-1": "1", "rank-2": "2"}, follow=True)
    assert "Give each option a different place." in response.text
    client.post(url, {"rank-0": "2", "rank-1": "3", "rank-2": "1"})
    assert Answer.objects.get().value == [2, 0, 1]


def test_the_polling_fallback_gets_the_panel_with_the_revealed_tally(client, poll):
    client.get(reverse("live:participate", args=[poll.room.code]))
    client.post(reverse("live:answer", args=[poll.room.code, poll.pk]), {"choice": "1"})
    poll.reveal()
    panel = client.get(
        reverse("live:participate", args=[poll.room.code]), headers={"HX-Request": "true"}
    )
    assert panel.text.lstrip().startswith('<div id="live-panel"')
    assert f'data-count="{poll.pk}-1">1<' in panel.text


def test_a_question_is_asked_and_upvoted_once(client, room):
    qa = InteractionFactory(room=room, kind="questions", options=[], moderated=False)
    client.get(reverse("live:participate", args=[room.code]))
    client.post(reverse("live:ask", args=[room.code, qa.pk]), {"text": "Who decides?"})
    client.post(reverse("live:ask", args=[room.code, qa.pk]), {"text": "Who  decides? "})
    question = Question.objects.get()
    client.post(reverse("live:upvote", args=[room.code, question.pk]))
    client.post(reverse("live:upvote", args=[room.code, question.pk]))
    assert question.upvotes.count() == 1


# --- Facilitators -----------------------------------------------------------------------------


def test_a_facilitator_prepares_a_room_for_a_session(client, facilitator, room):
    session = LiveSessionFactory(cohort=room.session.cohort)
    client.force_login(facilitator)
    assert "Prepare live interactions" in client.get(reverse("live:manage", args=[session.pk])).text
    client.post(reverse("live:prepare", args=[session.pk]))
    assert Room.objects.filter(session=session).exists()


def test_a_facilitator_adds_a_poll_and_a_bad_one_keeps_what_was_typed(client, facilitator, room):
    client.force_login(facilitator)
    url = manage_url(room, "live:new_interaction")
    bad = client.post(url, {"kind": "choice", "prompt": "Best tool?", "options_text": "Only one",
                            "scale": 5})
    assert "Give at least two options" in bad.text
    assert 'value="Best tool?"' in bad.text
    assert 'aria-describedby="options_text-error id_options_text_helptext"' in bad.text
    client.post(url, {"kind": "choice", "prompt": "Best tool?", "options_text": "A\nB",
                      "scale": 5})
    assert Interaction.objects.get(room=room).options == ["A", "B"]


def test_opening_an_interaction_puts_it_on_the_projector(client, facilitator, room):
    draft = InteractionFactory(room=room, state="draft")
    client.force_login(facilitator)
    client.post(manage_url(room, "live:act", draft.pk, "open"))
    draft.refresh_from_db()
    room.refresh_from_db()
    assert draft.is_open
    assert room.current == draft


def test_a_facilitator_moderates_questions(client, facilitator, room):
    qa = InteractionFactory(room=room, kind="questions", options=[])
    participant = Participant.objects.create(room=room, device=uuid.uuid4())
    question = Question.objects.create(
        interaction=qa, participant=participant, text="Why?", status="pending"
    )
    client.force_login(facilitator)
    client.post(manage_url(room, "live:moderate", question.pk, "approved"))
    question.refresh_from_db()
    assert question.status == "approved"
    client.post(manage_url(room, "live:moderate", question.pk, "archived"))
    question.refresh_from_db()
    assert question.status == "archived"


def test_interactions_are_copied_from_another_cohorts_session(client, facilitator, room):
    earlier = RoomFactory()
    earlier.session.cohort.staff.create(user=facilitator, role="facilitator")
    InteractionFactory(room=earlier, prompt="Earlier poll", state="closed")
    client.force_login(facilitator)
    client.post(manage_url(room, "live:copy"), {"source": earlier.pk})
    copied = Interaction.objects.get(room=room)
    assert (copied.prompt, copied.state) == ("Earlier poll", "draft")


def test_the_results_export_as_csv(client, facilitator, poll):
    participant = Participant.objects.create(room=poll.room, device=uuid.uuid4())
    Answer.objects.create(interaction=poll, participant=participant, value=[0])
    client.force_login(facilitator)
    response = client.get(manage_url(poll.room, "live:results_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Interaction", "Kind", "Answer", "Count"]
    assert [poll.prompt, "Multiple choice", "Surveys", "1"] in rows


def test_a_chart_image_is_an_svg_for_slides(client, facilitator, poll):
    client.force_login(facilitator)
    response = client.get(manage_url(poll.room, "live:chart", poll.pk))
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<title>Which tool do you use most?</title>" in response.content


def test_the_qr_code_links_to_the_join_page(client, facilitator, room):
    client.force_login(facilitator)
    response = client.get(manage_url(room, "live:qr"))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.count(b"<path") >= 1


@pytest.mark.parametrize(
    "name,args",
    [
        ("live:manage", []),
        ("live:projector", []),
        ("live:results_csv", []),
        ("live:qr", []),
    ],
)
def test_others_may_not_run_the_room(client, room, outsider, learner, name, args):
    url = reverse(name, args=[room.session_id, *args])
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for person in (outsider, learner):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_others_may_not_open_an_interaction(client, poll, outsider, learner):
    for person in (outsider, learner):
        client.force_login(person)
        url = reverse("live:act", args=[poll.room.session_id, poll.pk, "close"])
        assert client.post(url).status_code == 404
    poll.refresh_from_db()
    assert poll.is_open


def test_the_summary_shows_learners_revealed_results_only(client, poll, learner, outsider):
    hidden = InteractionFactory(room=poll.room, prompt="Hidden poll", state="closed")
    poll.reveal()
    client.force_login(learner)
    page = client.get(reverse("live:summary", args=[poll.room.session_id]))
    assert poll.prompt in page.text
    assert hidden.prompt not in page.text
    assert client.get(manage_url(poll.room, "live:chart", hidden.pk)).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("live:summary", args=[poll.room.session_id])).status_code == 404


def test_the_facilitators_page_takes_a_bounded_number_of_queries(
    client, facilitator, room, django_assert_max_num_queries
):
    for number in range(3):
        InteractionFactory(room=room, prompt=f"Poll {number}")
    client.force_login(facilitator)
    client.get(manage_url(room))
    for number in range(3, 6):
        InteractionFactory(room=room, prompt=f"Poll {number}")
    with django_assert_max_num_queries(40):
        client.get(manage_url(room))


def test_erasing_a_person_keeps_their_vote_counted_but_unlinked(poll, learner):
    from agora.accounts.personal_data import erase_records

    participant = Participant.objects.create(room=poll.room, user=learner)
    Answer.objects.create(interaction=poll, participant=participant, value=[1])
    erase_records(learner)
    assert poll.tally().answers == 1
    assert not Participant.objects.filter(user=learner).exists()
