"""What participants do: join, answer, ask, upvote. Each write is committed before it is
acknowledged, and a burst of the same send counts once (unique constraints, upserts)."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.live.models import Answer, Interaction, Participant, Question, Room, Upvote
from agora.live.tally import InvalidAnswer, clean_answer

REFUSALS = {
    "closed": _("This interaction is closed: your answer was not recorded."),
    "not_open": _("This interaction is not open yet."),
    "unknown": _("This interaction does not exist in this session."),
    "malformed": _("This answer could not be read. Please try again."),
    "empty": _("Please give an answer before sending."),
    "one_only": _("Choose one answer only."),
    "unknown_option": _("Choose among the options shown."),
    "out_of_scale": _("Choose a point on the scale."),
    "too_long": _("Use a few words only (at most 40 characters)."),
    "rank_all": _("Put every option in order."),
    "repeated": _("Give each option a different place."),
    "not_answerable": _("This interaction takes questions, not answers."),
    "no_question": _("Write a question before sending."),
    "question_too_long": _("A question has at most 500 characters."),
    "not_questions": _("This interaction does not take questions."),
    "unknown_question": _("This question is not shown in this session."),
}


class Refused(Exception):
    """A send that was not recorded; ``message`` says why, in words for the participant."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
        self.message = REFUSALS[code]


def join(room: Room, *, user=None, device: uuid.UUID | None = None) -> Participant:
    """The participant for this account, or for this device when the room allows anonymity.

    Idempotent: a second join (another tab, a reconnect) finds the same participant.
    """
    if user is not None and user.is_authenticated and room.admits(user):
        lookup = {"room": room, "user": user}
    elif room.allow_anonymous and device is not None:
        lookup = {"room": room, "device": device}
    else:
        raise PermissionError("not admitted")
    try:
        with transaction.atomic():
            return Participant.objects.get_or_create(**lookup)[0]
    except IntegrityError:  # two tabs joined at once: the other one created it
        return Participant.objects.get(**lookup)


def _interaction(participant: Participant, interaction_id) -> Interaction:
    try:
        return participant.room.interactions.get(pk=int(interaction_id))
    except (Interaction.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown") from None


def _require_open(interaction: Interaction) -> None:
    if interaction.state == Interaction.State.CLOSED:
        raise Refused("closed")
    if interaction.state != Interaction.State.OPEN:
        raise Refused("not_open")


def submit_answer(participant: Participant, interaction_id, value) -> Answer:
    """Store the participant's answer (replacing an earlier one) and return it, committed.

    One upsert on (interaction, participant): two identical sends in a burst, on two server
    processes at once, leave one row. The interaction's state is read in the same transaction;
    an answer that races with the close and commits first is stored, and so counted.
    """
    with transaction.atomic():
        interaction = _interaction(participant, interaction_id)
        _require_open(interaction)
        try:
            cleaned = clean_answer(interaction.shape, value)
        except InvalidAnswer as invalid:
            raise Refused(invalid.code) from None
        answer = Answer(
            interaction=interaction, participant=participant, value=cleaned,
            answered_at=timezone.now(),
        )  # fmt: skip
        Answer.objects.bulk_create(
            [answer],
            update_conflicts=True,
            unique_fields=["interaction", "participant"],
            update_fields=["value", "answered_at"],
        )
    return answer


def submit_answers(
    sends: list[tuple[Participant, object, object]],
) -> list[Answer | Refused]:
    """Several participants' answers in one transaction and one upsert (a group commit): what
    each send gives, in order, an Answer stored or the reason it was refused.

    Same rules as ``submit_answer``; when one participant sent twice, the later send wins, as
    it would one after the other.
    """
    outcomes: list[Answer | Refused] = []
    latest: dict[tuple[int, int], Answer] = {}
    with transaction.atomic():
        ids = {_as_id(interaction_id) for _p, interaction_id, _v in sends} - {None}
        rooms = {participant.room_id for participant, _i, _v in sends}
        found = Interaction.objects.filter(pk__in=ids, room_id__in=rooms).in_bulk()
        now = timezone.now()
        for participant, interaction_id, value in sends:
            interaction = found.get(_as_id(interaction_id))
            try:
                if interaction is None or interaction.room_id != participant.room_id:
                    raise Refused("unknown")
                _require_open(interaction)
                try:
                    cleaned = clean_answer(interaction.shape, value)
                except InvalidAnswer as invalid:
                    raise Refused(invalid.code) from None
            except Refused as refused:
                outcomes.append(refused)
                continue
            answer = Answer(
                interaction=interaction, participant=participant, value=cleaned, answered_at=now
            )
            latest[(interaction.pk, participant.pk)] = answer
            outcomes.append(answer)
        if latest:
            # PostgreSQL refuses to update one row twice in one statement: one row per pair.
            Answer.objects.bulk_create(
                list(latest.values()),
                update_conflicts=True,
                unique_fields=["interaction", "participant"],
                update_fields=["value", "answered_at"],
            )
    return outcomes


def _as_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def ask_question(participant: Participant, interaction_id, text: str) -> Question:
    """Ask a question; it waits for approval when the interaction is moderated."""
    text = " ".join(str(text or "").split())
    if not text:
        raise Refused("no_question")
    if len(text) > Question._meta.get_field("text").max_length:
        raise Refused("question_too_long")
    with transaction.atomic():
        interaction = _interaction(participant, interaction_id)
        if interaction.kind != Interaction.Kind.QUESTIONS:
            raise Refused("not_questions")
        _require_open(interaction)
        status = Question.Status.PENDING if interaction.moderated else Question.Status.APPROVED
        Question.objects.bulk_create(
            [Question(interaction=interaction, participant=participant, text=text, status=status)],
            ignore_conflicts=True,
        )
    return Question.objects.get(interaction=interaction, participant=participant, text=text)


def upvote(participant: Participant, question_id) -> Question:
    """Upvote a shown question of an open Q&A; upvoting twice counts once."""
    questions = Question.objects.shown().filter(interaction__room=participant.room)
    try:
        question = questions.select_related("interaction").get(pk=int(question_id))
    except (Question.DoesNotExist, TypeError, ValueError):
        raise Refused("unknown_question") from None
    _require_open(question.interaction)
    Upvote.objects.bulk_create(
        [Upvote(question=question, participant=participant)], ignore_conflicts=True
    )
    return question
