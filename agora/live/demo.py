"""Demo loader: live interactions for the P5 cohort's weekly live sessions (English and French).

Runs after the delivery loader. Every live session of ``public-engagement-2027`` gets a room
with the same five interactions in its language (a re-usable set, as a facilitator would copy
from one session to the next); the sessions already held have closed, revealed polls with the
answers of the cohort's learners, so their results summaries show something. The French
sessions let participants join without an account, like a town hall. Loading again changes
nothing: rooms are per session, interactions matched by prompt, answers one per participant.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from agora.delivery.models import Enrolment, ScheduledSession
from agora.live.models import Answer, Interaction, Participant
from agora.live.running import next_order, prepare_room
from agora.live.tally import CHOICE, RANKING, RATING, WORDS, clean_answer

P5_SLUG = "public-engagement-2027"

INTERACTIONS = {
    "en": [
        (CHOICE, "Which engagement method have you used at work?",
         ["Public consultation", "Citizens' panel", "Town hall", "Participatory budget"]),
        (RATING, "How confident do you feel running a town hall?", []),
        (WORDS, "One word for a good public meeting", []),
        (RANKING, "Rank these priorities for your next consultation",
         ["Reach new voices", "Give feedback", "Keep it short"]),
        (Interaction.Kind.QUESTIONS, "Your questions for this week's guest", []),
    ],
    "fr": [
        (CHOICE, "Quelle méthode de participation avez-vous déjà utilisée ?",
         ["Consultation publique", "Panel citoyen", "Réunion publique", "Budget participatif"]),
        (RATING, "À quel point vous sentez-vous prêt·e à animer une réunion publique ?", []),
        (WORDS, "Un mot pour une bonne réunion publique", []),
        (RANKING, "Classez ces priorités pour votre prochaine consultation",
         ["Toucher de nouveaux publics", "Faire un retour", "Rester bref"]),
        (Interaction.Kind.QUESTIONS, "Vos questions pour l'invité·e de la semaine", []),
    ],
}  # fmt: skip
WORDS_SAID = {
    "en": ["listening", "respect", "clarity", "listening", "trust", "openness"],
    "fr": ["écoute", "respect", "clarté", "écoute", "confiance"],
}


def _answer_value(interaction: Interaction, rng: random.Random, language: str):
    if interaction.kind == CHOICE:
        return rng.randrange(len(interaction.options))
    if interaction.kind == RATING:
        return rng.randint(2, 5)
    if interaction.kind == WORDS:
        return rng.choice(WORDS_SAID[language])
    order = list(range(len(interaction.options)))
    rng.shuffle(order)
    return order


@transaction.atomic
def load() -> None:
    rng = random.Random(7)
    now = timezone.now()
    sessions = ScheduledSession.objects.filter(
        cohort__slug=P5_SLUG, kind=ScheduledSession.Kind.LIVE
    ).select_related("cohort")
    for session in sessions:
        language = session.language if session.language in INTERACTIONS else "en"
        room = prepare_room(session)
        if language == "fr" and not room.allow_anonymous:
            room.allow_anonymous = True
            room.save(update_fields=["allow_anonymous"])
        held = session.ends_at < now
        for kind, prompt, options in INTERACTIONS[language]:
            interaction, created = Interaction.objects.get_or_create(
                room=room, prompt=prompt,
                defaults={"kind": kind, "options": options, "order": next_order(room)},
            )  # fmt: skip
            if held and created:
                interaction.state = Interaction.State.CLOSED
                interaction.revealed = interaction.is_poll
                interaction.opened_at, interaction.closed_at = session.starts_at, session.ends_at
                interaction.save()
        if held:
            _answers_of_the_cohort(room, language, rng)


def _answers_of_the_cohort(room, language: str, rng: random.Random) -> None:
    enrolments = Enrolment.objects.filter(
        cohort=room.session.cohort, status=Enrolment.Status.CONFIRMED, language=language
    ).select_related("user")
    polls = [i for i in room.interactions.all() if i.is_poll]
    for enrolment in enrolments:
        participant, _ = Participant.objects.get_or_create(room=room, user=enrolment.user)
        for poll in polls:
            value = clean_answer(poll.shape, _answer_value(poll, rng, language))
            Answer.objects.get_or_create(
                interaction=poll, participant=participant, defaults={"value": value}
            )
