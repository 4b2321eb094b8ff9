"""Demo organisations and one demo account per role. Safe to run again: nothing is duplicated."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from agora.accounts.models import Membership, Organisation, User

DEMO_PASSWORD = "agora-demo-2026"  # noqa: S105 - printed for the demo on purpose
Kind = Organisation.Kind

ORGANISATIONS = [
    ("European School of Public Engagement", "espe", Kind.TRAINING_INSTITUTE, "BE"),
    ("University of the Lowlands, Civic Lab", "lowlands-civic-lab", Kind.UNIVERSITY, "NL"),
    ("City of Aarhavn", "aarhavn", Kind.PUBLIC_BODY, "DK"),
    ("Neighbours Together collective", "neighbours-together", Kind.CIVIL_SOCIETY, "PL"),
    ("Network of Science Centres for Policy", "science-centres-network", Kind.CIVIL_SOCIETY, "IT"),
    ("Civic Tech Leadership Institute", "civic-tech-institute", Kind.TRAINING_INSTITUTE, "PT"),
    ("National School of Public Service", "national-school", Kind.PUBLIC_BODY, "CA"),
]


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    full_name: str
    language: str


DEMO_ACCOUNTS = [
    DemoAccount("platform admin", "admin@agora.example", "Ada Admin", "en"),
    DemoAccount("organiser", "organiser@agora.example", "Olivia Organiser", "en"),
    DemoAccount("facilitator", "facilitator@agora.example", "Frédéric Facilitateur", "fr"),
    DemoAccount("mentor", "mentor@agora.example", "Mette Mentor", "da"),
    DemoAccount("learner", "learner@agora.example", "Łucja Learner", "pl"),
]


@transaction.atomic
def load() -> list[DemoAccount]:
    organisations = {}
    for name, slug, kind, country in ORGANISATIONS:
        organisations[slug], _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "country": country}
        )
    for account in DEMO_ACCOUNTS:
        user = _ensure_user(account)
        if account.role == "platform admin":
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        if account.role == "organiser":
            Membership.objects.get_or_create(
                user=user,
                organisation=organisations["espe"],
                defaults={"role": Membership.Role.ORGANISER, "job_title": "Programme manager"},
            )
        if account.role == "learner":
            Membership.objects.get_or_create(
                user=user,
                organisation=organisations["aarhavn"],
                defaults={"job_title": "Participation officer"},
            )
    return DEMO_ACCOUNTS


def _ensure_user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is None:
        user = User.objects.create_user(
            account.email,
            DEMO_PASSWORD,
            full_name=account.full_name,
            preferred_language=account.language,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=account.email, defaults={"verified": True, "primary": True}
    )
    return user
