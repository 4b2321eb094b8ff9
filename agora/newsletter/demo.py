"""Demo newsletter: an issue in English and French scheduled for next week, and the demo learner
subscribed. Safe to run again: the issue is matched by its name, the subscription by address.

Runs after the accounts loader (it needs the demo organisation and accounts).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agora.accounts.models import Organisation, User
from agora.newsletter.models import Issue, IssueVersion, Subscription

ISSUE_NAME = "Demo: autumn news"
VERSIONS = [
    (
        "en",
        "Agora news: new cohorts this autumn",
        "## New cohorts\n\nRegistration is open for **Public engagement basics**.\n\n"
        "Read [the blog](/blog/) for stories from practitioners.",
    ),
    (
        "fr",
        "Nouvelles d'Agora : de nouvelles cohortes cet automne",
        "## Nouvelles cohortes\n\nLes inscriptions sont ouvertes.\n\n"
        "Lisez [le blog](/blog/) pour les récits de praticiens.",
    ),
]


@transaction.atomic
def load() -> None:
    organisation = Organisation.objects.filter(slug="espe").first()
    if organisation is None:
        return
    organiser = User.objects.filter(email="organiser@agora.example").first()
    issue, created = Issue.objects.get_or_create(
        organisation=organisation,
        name=ISSUE_NAME,
        defaults={
            "created_by": organiser,
            "status": Issue.Status.SCHEDULED,
            "scheduled_at": timezone.now() + timedelta(days=7),
        },
    )
    if created:
        for language, subject, body in VERSIONS:
            IssueVersion.objects.create(issue=issue, language=language, subject=subject, body=body)
    learner = User.objects.filter(email="learner@agora.example").first()
    if learner is not None:
        Subscription.objects.get_or_create(
            email=learner.email,
            defaults={"user": learner, "language": "pl", "confirmed_at": timezone.now()},
        )
