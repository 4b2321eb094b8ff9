"""Demo directory: profiles of the demo learner, the mentor and a few demo learners, the profile
of the P2 partner collective "Neighbours Together", and one pending contact request to the demo
learner. Needs the accounts and delivery demos. Safe to run again: nothing is duplicated."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

from agora.accounts.demo import DEMO_PASSWORD
from agora.accounts.models import Membership, Organisation, User
from agora.catalogue.models import Competence
from agora.directory.models import ContactRequest, Profile

COLLECTIVE_SLUG = "neighbours-together"
# The collective's own organiser, who holds its profile and answers its contact requests.
COLLECTIVE_CONTACT = ("collective@agora.example", "Natalia Nowak", "pl")

# e-mail, organisation, role, level, country, languages, competence codes, tags, interests, bio
PEOPLE = [
    (
        "learner@agora.example", "City of Aarhavn", "Participation officer", "local", "DK",
        ["pl", "da", "en"], ["recruitment-and-inclusion"], "citizen collectives, housing",
        "Working with residents' collectives on shared spaces.",
        "I coordinate **neighbourhood participation** in Aarhavn and look for peers who "
        "co-manage public spaces with citizen collectives.",
    ),
    (
        "mentor@agora.example", "Danish Agency for Public Participation", "Senior adviser",
        "national", "DK", ["da", "en"], ["design-and-planning", "methods-and-facilitation"],
        "citizen assemblies, mentoring",
        "Deliberative processes at national level.",
        "Mentor on Agora. Happy to share what worked (and what did not) in three national "
        "citizens' assemblies.",
    ),
    (
        "learner11@agora.example", "Region of Southern Denmark", "Project lead", "regional",
        "DK", ["da", "en"], ["digital-tools"], "open data, rural areas",
        "Digital participation in rural municipalities.", "",
    ),
    (
        "learner13@agora.example", "City of Kraków", "Participatory budgeting coordinator",
        "local", "PL", ["pl", "en"], ["analysis-and-use"], "participatory budgeting",
        "Measuring the impact of participatory budgets.", "",
    ),
    (
        "learner01@agora.example", "Ville de Montréal", "Conseillère en participation", "local",
        "CA", ["fr", "en"], ["why-and-when"], "budget participatif, jeunesse",
        "Youth participation and neighbourhood councils.", "",
    ),
]  # fmt: skip

COLLECTIVE = {
    "display_name": "Neighbours Together collective",
    "bio": "A network of **resident collectives** in Polish cities that run community "
    "gardens, repair cafés and shared neighbourhood budgets.",
    "methods": "- Neighbourhood assemblies with a rotating chair\n"
    "- Consent-based decision making\n"
    "- Co-management agreements with the city for public spaces",
    "languages": ",pl,en,",
    "region": "Lesser Poland and Silesia",
    "website": "https://neighbours-together.example.org",
    "country": "PL",
    "tags": "co-management, commons, consent decision making",
}

# The pending request the demo learner finds in their directory inbox.
PENDING_FROM = "learner02@agora.example"
PENDING_MESSAGE = (
    "Hello Łucja, I saw that you work with residents' collectives. We are starting one in our "
    "city: could we exchange for half an hour?"
)


@transaction.atomic
def load() -> None:
    competences = {competence.code: competence for competence in Competence.objects.all()}
    people = {user.email: user for user in User.objects.filter(email__in=[p[0] for p in PEOPLE])}
    for email, organisation, role, level, country, languages, codes, tags, interests, bio in PEOPLE:
        owner = people.get(email)
        if owner is None:
            continue
        profile, _created = Profile.objects.get_or_create(
            owner=owner,
            kind=Profile.Kind.PERSON,
            defaults={
                "display_name": owner.full_name,
                "organisation_name": organisation,
                "role": role,
                "level": level,
                "country": country,
                "languages": f",{','.join(languages)},",
                "tags": tags,
                "interests": interests,
                "bio": bio,
            },
        )
        profile.competences.set([competences[code] for code in codes if code in competences])
    _collective(competences)
    _pending_request()


def _collective(competences: dict[str, Competence]) -> None:
    organisation = Organisation.objects.filter(slug=COLLECTIVE_SLUG).first()
    if organisation is None:
        return
    email, full_name, language = COLLECTIVE_CONTACT
    contact = User.objects.filter(email=email).first()
    if contact is None:
        contact = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=full_name, preferred_language=language
        )
    EmailAddress.objects.get_or_create(
        user=contact, email=email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(
        user=contact,
        organisation=organisation,
        defaults={"role": Membership.Role.ORGANISER, "job_title": "Coordinator"},
    )
    profile, _created = Profile.objects.get_or_create(
        organisation=organisation,
        kind=Profile.Kind.ORGANISATION,
        defaults={"owner": contact, **COLLECTIVE},
    )
    codes = ["recruitment-and-inclusion", "methods-and-facilitation"]
    profile.competences.set([competences[code] for code in codes if code in competences])


def _pending_request() -> None:
    sender = User.objects.filter(email=PENDING_FROM).first()
    profile = Profile.objects.filter(
        owner__email="learner@agora.example", kind=Profile.Kind.PERSON
    ).first()
    if sender is None or profile is None:
        return
    if ContactRequest.objects.filter(sender=sender, profile=profile).exists():
        return
    ContactRequest.objects.create(sender=sender, profile=profile, message=PENDING_MESSAGE)
