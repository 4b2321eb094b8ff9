"""Demo forum content: threads and replies in English and French in the P5 cohort
(``public-engagement-2027``), the week 1 "post your result" thread with results, and a few
community-of-practice threads. Loaded after the delivery demo; a second load adds nothing.
"""

from __future__ import annotations

from django.db import transaction

from agora.accounts.models import User
from agora.catalogue.models import Activity
from agora.delivery.models import Cohort, Enrolment
from agora.forums import posting
from agora.forums.models import Reaction, Thread

P5_SLUG = "public-engagement-2027"

RESULTS = [
    ("learner02@agora.example",
     "We interviewed **six residents** at the library. Four did not know the council "
     "consults at all; the two who did had heard of it from a neighbour."),
    ("learner01@agora.example",
     "Nous avons rencontré huit personnes au marché. Ce qui revient le plus : *personne ne "
     "sait ce que devient leur avis* après une consultation."),
    ("learner04@agora.example",
     "Short result from our team: people trust a consultation when they can see what changed. "
     "See the [OECD guidelines](https://www.oecd.org/gov/open-government/) for examples."),
]

COHORT_THREADS = [
    ("learner06@agora.example", "general", "Recruiting a diverse panel on a small budget",
     "Has anyone used a civic lottery with less than 5,000 €? Which costs surprised you?",
     [("learner08@agora.example",
       "We printed invitations ourselves and paid a small allowance; postage was the big cost."),
      ("facilitator@agora.example",
       "Good question, @[Farah Haddad]. The week 3 material has a worked budget; we will "
       "come back to it in the live session.")]),
    ("learner03@agora.example", "general", "Traduire les documents pour les participants",
     "Comment faites-vous pour que les documents soient lisibles par tout le monde ? "
     "Nous pensons à une version en langage clair.",
     [("learner05@agora.example",
       "Nous faisons relire chaque document par deux habitants avant l'envoi. Ça marche bien."),
      ("learner09@agora.example",
       "Bonne idée. Et pour les personnes malvoyantes, une version audio aide beaucoup.")]),
]

COMMUNITY_THREADS = [
    ("learner12@agora.example", "methods", "Online deliberation tools you would recommend?",
     "After the course we want to run a small online assembly. What worked for you, and "
     "what would you avoid?",
     [("learner14@agora.example",
       "Keep the tools simple: a video call, a shared document, and a facilitator per group."),
      ("learner18@agora.example", "Second that. Test everything with two residents first.")]),
    ("learner07@agora.example", "cases", "Budget participatif : notre premier bilan",
     "Notre commune a terminé son premier budget participatif. 1 200 votes, 14 projets. "
     "Je partage volontiers notre grille d'évaluation.",
     [("learner21@agora.example",
       "Merci ! Combien de temps a duré la phase de dépôt des projets ?")]),
    ("facilitator@agora.example", "events", "Open call: practitioners' meet-up in the spring",
     "We are gathering practitioners from every cohort for an online meet-up. Reply here if "
     "you want to present a case in ten minutes.", []),
]


def _people(emails) -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(email__in=set(emails))}


def _thread(space, people, author, title, body, replies) -> Thread | None:
    if space.threads.filter(title=title).exists():
        return None
    if author not in people:
        return None
    thread = posting.start_thread(
        space, people[author], title=title, body=body, check_rate=False
    )
    for email, text in replies:
        if email in people:
            posting.reply(thread, people[email], body=text, check_rate=False)
    return thread


@transaction.atomic
def load() -> None:
    cohort = Cohort.objects.filter(slug=P5_SLUG).first()
    emails = [e for e, _b in RESULTS] + [
        email for threads in (COHORT_THREADS, COMMUNITY_THREADS)
        for author, _s, _t, _b, replies in threads for email in (author, *[r[0] for r in replies])
    ]  # fmt: skip
    people = _people(emails)
    if cohort is not None:
        forum = posting.cohort_forum(cohort)
        for author, slug, title, body, replies in COHORT_THREADS:
            _thread(forum.spaces.get(slug=slug), people, author, title, body, replies)
        _results(cohort, people)
    community = posting.community_forum()
    for author, slug, title, body, replies in COMMUNITY_THREADS:
        thread = _thread(community.spaces.get(slug=slug), people, author, title, body, replies)
        if thread is not None:
            first = thread.posts.order_by("pk").first()
            for email in ("learner14@agora.example", "learner18@agora.example"):
                if email in people:
                    Reaction.objects.get_or_create(post=first, user=people[email], kind="like")


def _results(cohort: Cohort, people: dict[str, User]) -> None:
    """Results in the first week's forum task, posted by learners of the cohort."""
    task = (
        Activity.objects.filter(
            unit__module__level__programme=cohort.programme, kind="forum_task"
        )
        .order_by("unit__module__order", "unit__order", "order", "pk")
        .select_related("unit")
        .first()
    )
    if task is None:
        return
    thread = posting.task_thread(cohort, task)
    if thread.posts.exists():
        return
    for email, body in RESULTS:
        enrolment = Enrolment.objects.filter(
            cohort=cohort, user__email=email, status=Enrolment.Status.CONFIRMED
        ).select_related("cohort", "user", "stream").first()
        if enrolment is not None:
            posting.post_result(enrolment, task, body=body, check_rate=False)
