"""Demo cohorts of the demo programmes: a demo loader for ``agora demo``.

Loading again changes nothing and duplicates nothing: cohorts, streams, venues and rules are
matched by their natural keys, sessions by their place in the schedule, and people who are
already enrolled are left as they are. Dates are relative to today, so the demo always looks
current (a cohort's dates move when the demo is loaded on a later day).

Runs after the accounts and catalogue loaders (it needs their accounts and programmes):

- P5 ``public-engagement-2027``: running, in its second week of five, English and French, three
  streams with their own rules, weekly live sessions in both languages, self-paced weeks, about
  thirty learners;
- P2 ``citizen-collectives-2027``: upcoming, five in-person days, each with a morning deep dive
  and an afternoon skills block;
- P4 ``civic-tech-leadership-lisbon``: open and paid, in Lisbon, with seats held for payment,
  paid seats and a waiting list;
- P1 ``co-creation-advanced-2027``: the advanced level, learners with their own module choices,
  live sessions in English, Danish and Polish on the same days.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from agora.accounts.demo import DEMO_PASSWORD
from agora.accounts.models import Organisation, User
from agora.catalogue.models import Activity, Level, Module, Programme, Unit
from agora.delivery.models import (
    Cohort,
    CohortMessage,
    CohortStaff,
    Enrolment,
    ScheduledSession,
    Stream,
    StreamActivity,
    Venue,
    new_payment_reference,
)
from agora.delivery.registration import register

P5_SLUG = "public-engagement-2027"
P2_SLUG = "citizen-collectives-2027"
P4_SLUG = "civic-tech-leadership-lisbon"
P1_SLUG = "co-creation-advanced-2027"

# (first name, family name, language they follow courses in)
LEARNERS = [
    ("Amélie", "Tremblay", "fr"), ("Ben", "Okafor", "en"), ("Chloé", "Gagnon", "fr"),
    ("Daniel", "Singh", "en"), ("Émile", "Roy", "fr"), ("Farah", "Haddad", "en"),
    ("Gabriel", "Côté", "fr"), ("Hannah", "Nguyen", "en"), ("Isabelle", "Bouchard", "fr"),
    ("Jamal", "Ahmed", "en"), ("Karin", "Sørensen", "da"), ("Liam", "O'Brien", "en"),
    ("Magda", "Kowalska", "pl"), ("Noah", "Williams", "en"), ("Océane", "Lavoie", "fr"),
    ("Piotr", "Nowak", "pl"), ("Rasmus", "Nielsen", "da"), ("Sofia", "Rossi", "en"),
    ("Tomasz", "Wiśniewski", "pl"), ("Uma", "Patel", "en"), ("Valérie", "Pelletier", "fr"),
    ("William", "Brown", "en"), ("Xenia", "Papadopoulou", "en"), ("Yasmine", "Benali", "fr"),
    ("Zofia", "Wójcik", "pl"), ("Anders", "Jensen", "da"), ("Beatriz", "Santos", "en"),
    ("Claire", "Martin", "fr"), ("Dorota", "Lewandowska", "pl"), ("Erik", "Hansen", "da"),
]


@dataclass(frozen=True)
class SessionSpec:
    kind: str
    title: dict[str, str]
    starts_at: datetime
    ends_at: datetime
    language: str = ""
    unit: Unit | None = None
    meeting_url: str = ""
    guest_speaker: str = ""
    lead: str = ""
    partner_case: dict | None = None
    venue: Venue | None = None


@transaction.atomic
def load(today: date | None = None) -> None:
    today = today or timezone.localdate()
    now = timezone.now() + (today - timezone.localdate())
    learners = _learners()
    staff = {
        CohortStaff.Role.FACILITATOR: User.objects.get(email="facilitator@agora.example"),
        CohortStaff.Role.MENTOR: User.objects.get(email="mentor@agora.example"),
    }
    demo_learner = User.objects.get(email="learner@agora.example")
    public_engagement = _public_engagement(today, learners, demo_learner)
    _welcome_message(public_engagement, User.objects.get(email="organiser@agora.example"))
    for cohort in (
        public_engagement,
        _citizen_collectives(today, learners),
        _civic_tech_leadership(today, now, learners),
        _co_creation_advanced(today, learners),
    ):
        for role, user in staff.items():
            CohortStaff.objects.get_or_create(cohort=cohort, user=user, role=role)


# --- People ------------------------------------------------------------------------------------


def _learners() -> list[User]:
    """learner01@ … learner30@agora.example, verified, with the demo password."""
    emails = [f"learner{number:02d}@agora.example" for number in range(1, len(LEARNERS) + 1)]
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    password = None
    users = []
    for email, (first, family, language) in zip(emails, LEARNERS, strict=True):
        user = existing.get(email)
        if user is None:
            password = password or make_password(DEMO_PASSWORD)  # hashed once, not thirty times
            user = User.objects.create(
                email=email, full_name=f"{first} {family}", preferred_language=language,
                password=password,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        users.append(user)
    return users


def _enrol(user: User, cohort: Cohort, **kwargs) -> Enrolment:
    """Register once; on a later load the enrolment is left as it is."""
    existing = Enrolment.objects.filter(cohort=cohort, user=user).first()
    return existing or register(user, cohort, **kwargs)


# --- Building blocks ---------------------------------------------------------------------------


def _cohort(slug: str, programme: Programme, **values) -> Cohort:
    modules = values.pop("modules", None)
    cohort, _created = Cohort.objects.update_or_create(
        slug=slug, defaults={"programme": programme, **values}
    )
    if modules is not None:
        cohort.modules.set(modules)
    return cohort


def _at(day: date, hour: int, minute: int, zone) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _sessions(cohort: Cohort, specs: list[SessionSpec], **scope) -> list[ScheduledSession]:
    """Make the cohort's sessions within ``scope`` exactly ``specs``, matched by position, so
    loading again updates rows (and keeps their ids) instead of adding more."""
    existing = list(cohort.sessions.filter(**scope).order_by("starts_at", "pk"))
    sessions = []
    for index, spec in enumerate(specs):
        session = existing[index] if index < len(existing) else ScheduledSession(cohort=cohort)
        for field, value in scope.items():
            setattr(session, field, value)
        for field in ("kind", "title", "starts_at", "ends_at", "language", "unit",
                      "meeting_url", "guest_speaker", "lead", "venue"):
            setattr(session, field, getattr(spec, field))
        session.partner_case = spec.partner_case or {}
        session.save()
        sessions.append(session)
    for surplus in existing[len(specs):]:
        surplus.delete()
    return sessions


def _venue(organisation: Organisation, name: str, **values) -> Venue:
    venue, _created = Venue.objects.update_or_create(
        organisation=organisation, name=name, defaults=values
    )
    return venue


def _week_start(today: date) -> date:
    return today - timedelta(days=today.weekday())


# --- P5: running, week 2 of 5, bilingual, three streams -----------------------------------------

P5_STREAMS = [
    # slug, names, minutes per week, rules by activity slug (activities without one: optional)
    (
        "practitioners",
        {"en": "Practitioners", "fr": "Praticiens et praticiennes"},
        180,
        {
            "live-kick-off": "required", "key-ideas": "required", "quiz": "required",
            "post-your-result": "required",
        },
    ),
    (
        "managers",
        {"en": "Managers and executives", "fr": "Gestionnaires et cadres"},
        15,
        {
            "managers-briefing": "required", "live-kick-off": "optional",
            "key-ideas": "hidden", "toolkit": "hidden", "data-literacy": "hidden",
            "quiz": "hidden", "post-your-result": "hidden", "group-activity": "hidden",
        },
    ),
    (
        "supporters",
        {"en": "Supporters", "fr": "Personnes de soutien"},
        120,
        {
            "key-ideas": "required", "toolkit": "required", "quiz": "required",
            "managers-briefing": "hidden", "group-activity": "hidden",
        },
    ),
]
P5_GUESTS = {
    2: "Dr. Aisha Mensah, Open Government Partnership",
    4: "Marc-André Lefebvre, Ville de Gatineau",
}


def _public_engagement(today: date, learners: list[User], demo_learner: User) -> Cohort:
    programme = Programme.objects.get(slug="public-engagement-mooc")
    starts_on = _week_start(today) - timedelta(days=7)  # today falls in week 2 of 5
    cohort = _cohort(
        P5_SLUG,
        programme,
        name={"en": "National bilingual run", "fr": "Édition nationale bilingue"},
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=34),
        time_zone="America/Toronto",
        languages=["en", "fr"],
        mode=Cohort.Mode.ONLINE,
        capacity=None,
        fee=Decimal(0),
        currency="CAD",
        status=Cohort.Status.RUNNING,
        level=None,
    )
    zone = cohort.zone
    activities = list(
        Activity.objects.filter(unit__module__level__programme=programme).select_related("unit")
    )
    streams = {}
    for order, (slug, name, minutes, rules) in enumerate(P5_STREAMS):
        stream, _created = Stream.objects.update_or_create(
            cohort=cohort, slug=slug,
            defaults={"name": name, "weekly_minutes": minutes, "order": order},
        )
        streams[slug] = stream
        for activity in activities:
            requirement = rules.get(activity.slug)
            if requirement is None:
                StreamActivity.objects.filter(stream=stream, activity=activity).delete()
            else:
                StreamActivity.objects.update_or_create(
                    stream=stream, activity=activity, defaults={"requirement": requirement}
                )

    units = sorted(
        Unit.objects.filter(module__level__programme=programme).select_related("module"),
        key=lambda unit: (unit.module.order, unit.order, unit.pk),
    )
    live = {"en": [], "fr": []}
    weeks = []
    for number, unit in enumerate(units[:5], start=1):
        monday = starts_on + timedelta(weeks=number - 1)
        weeks.append(
            SessionSpec(
                kind=ScheduledSession.Kind.SELF_PACED,
                # The module's title already says which week ("Week 1: Why engage — or not").
                title={"en": unit.module.text("title", "en"),
                       "fr": unit.module.text("title", "fr")},
                starts_at=_at(monday, 0, 0, zone),
                ends_at=_at(monday + timedelta(days=6), 23, 59, zone),
                unit=unit,
            )
        )
        guest = P5_GUESTS.get(number, "")
        for language, hour, title in (
            ("en", 12, f"Week {number} live session"),
            ("fr", 15, f"Séance en direct, semaine {number}"),
        ):
            live[language].append(
                SessionSpec(
                    kind=ScheduledSession.Kind.LIVE,
                    title={language: title},
                    starts_at=_at(monday + timedelta(days=1), hour, 0, zone),
                    ends_at=_at(monday + timedelta(days=1), hour + 1, 0, zone),
                    language=language,
                    unit=unit,
                    meeting_url=f"https://meet.example.org/public-engagement-2027/w{number}-{language}",
                    guest_speaker=guest,
                    lead="Frédéric Facilitateur",
                )
            )
    _sessions(cohort, weeks, kind=ScheduledSession.Kind.SELF_PACED)
    for language, specs in live.items():
        _sessions(cohort, specs, kind=ScheduledSession.Kind.LIVE, language=language)

    stream_slugs = list(streams)
    for index, user in enumerate(learners):
        language = "fr" if user.preferred_language == "fr" else "en"
        _enrol(user, cohort, language=language, stream=streams[stream_slugs[index % 3]])
    _enrol(demo_learner, cohort, language="fr", stream=streams["managers"])
    return cohort


def _welcome_message(cohort: Cohort, organiser: User) -> None:
    """A message in the cohort's history, in English and French (recorded, not e-mailed)."""
    CohortMessage.objects.get_or_create(
        key=uuid.uuid5(uuid.NAMESPACE_URL, f"agora-demo:{cohort.slug}:welcome"),
        defaults={
            "cohort": cohort, "sent_by": organiser,
            "recipient_count": cohort.enrolments.holding_seats().count(),
            "texts": {
                "en": {"subject": "Welcome to week 2",
                       "body": "This week we listen: the live sessions are on Tuesday."},
                "fr": {"subject": "Bienvenue en semaine 2",
                       "body": "Cette semaine, on écoute : les séances en direct sont mardi."},
            },
        },
    )  # fmt: skip


# --- P2: upcoming, five in-person days with two blocks each ------------------------------------


def _citizen_collectives(today: date, learners: list[User]) -> Cohort:
    programme = Programme.objects.get(slug="citizen-collectives")
    starts_on = _week_start(today) + timedelta(weeks=3, days=3)  # a Thursday, three weeks on
    venue = _venue(
        programme.organisation,
        "Civic Lab, Roeterseiland campus",
        address="Nieuwe Achtergracht 166\n1018 WV Amsterdam",
        city="Amsterdam",
        country="NL",
        access={"en": "Tram 1 or 7 to Roetersstraat, or metro 51, 53, 54 to Weesperplein; "
                      "bicycle parking in front of the building."},
        accessibility={"en": "Step-free entrance on the canal side, lift to every floor, "
                             "accessible toilets on the ground floor, hearing loop in room B2."},
        map_url="https://www.openstreetmap.org/?mlat=52.3636&mlon=4.9115#map=18/52.3636/4.9115",
    )
    days = [starts_on + timedelta(weeks=2 * number) for number in range(5)]
    cohort = _cohort(
        P2_SLUG,
        programme,
        name={"en": "Executive course, Amsterdam"},
        starts_on=days[0],
        ends_on=days[-1],
        time_zone="Europe/Amsterdam",
        languages=["en"],
        mode=Cohort.Mode.IN_PERSON,
        capacity=24,
        fee=programme.fee,
        currency=programme.currency,
        status=Cohort.Status.OPEN,
        registration_closes_at=_at(
            days[0] - timedelta(days=7), 23, 59, zoneinfo.ZoneInfo("Europe/Amsterdam")
        ),
        venue=venue,
        level=None,
    )
    zone = cohort.zone
    modules = list(
        Module.objects.filter(level__programme=programme, slug__startswith="day-")
        .prefetch_related("units")
        .order_by("order", "pk")
    )
    day_specs = [
        SessionSpec(
            kind=ScheduledSession.Kind.DAY,
            title={"en": f"Day {number}: {module.text('title', 'en')}"},
            starts_at=_at(day, 9, 0, zone),
            ends_at=_at(day, 17, 0, zone),
            unit=None,
            venue=venue,
        )
        for number, (day, module) in enumerate(zip(days, modules, strict=True), start=1)
    ]
    sessions = _sessions(cohort, day_specs, kind=ScheduledSession.Kind.DAY, parent=None)
    academics = ["Prof. Ingrid de Vries", "Dr. Samuel Mbeki", "Prof. Ingrid de Vries",
                 "Dr. Lotte Bakker", "Prof. Ingrid de Vries"]
    partners = ["Buurtcoöperatie Oost", "Energie Samen Utrecht", "Zorgcollectief Noord",
                "Voedselbank Collectief", "Stadsdorp Zuid"]
    for index, (day_session, module) in enumerate(zip(sessions, modules, strict=True)):
        units = {unit.slug: unit for unit in module.units.all()}
        day = days[index]
        blocks = [
            SessionSpec(
                kind=ScheduledSession.Kind.BLOCK,
                title={"en": "Morning deep dive"},
                starts_at=_at(day, 9, 30, zone),
                ends_at=_at(day, 12, 30, zone),
                unit=units.get("morning-deep-dive"),
                lead=academics[index],
                venue=venue,
            ),
            SessionSpec(
                kind=ScheduledSession.Kind.BLOCK,
                title={"en": "Afternoon skills training"},
                starts_at=_at(day, 13, 30, zone),
                ends_at=_at(day, 16, 30, zone),
                unit=units.get("afternoon-skills"),
                lead=partners[index],
                partner_case={"en": f"A real case brought by {partners[index]}."},
                venue=venue,
            ),
        ]
        _sessions(cohort, blocks, kind=ScheduledSession.Kind.BLOCK, parent=day_session)
    for user in learners[:12]:
        _enrol(user, cohort, language="en")
    return cohort


# --- P4: open, paid, in Lisbon, payments pending, a waiting list --------------------------------


def _civic_tech_leadership(today: date, now: datetime, learners: list[User]) -> Cohort:
    programme = Programme.objects.get(slug="civic-tech-leadership")
    starts_on = _week_start(today) + timedelta(weeks=7)
    venue = _venue(
        programme.organisation,
        "LX Civic Hub",
        address="Rua da Prata 80\n1100-415 Lisboa",
        city="Lisbon",
        country="PT",
        access={"en": "Metro Baixa-Chiado (blue and green lines), then five minutes on foot; "
                      "tram 28 stops nearby. Airport pick-up can be arranged on request."},
        accessibility={"en": "Step-free entrance from Rua da Prata, lift to the training rooms, "
                             "accessible toilet on each floor; tell us about any other need."},
        map_url="https://www.openstreetmap.org/?mlat=38.7104&mlon=-9.1366#map=18/38.7104/-9.1366",
    )
    cohort = _cohort(
        P4_SLUG,
        programme,
        name={"en": "Five days in Lisbon"},
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=4),
        time_zone="Europe/Lisbon",
        languages=["en"],
        mode=Cohort.Mode.IN_PERSON,
        capacity=20,
        fee=Decimal("2450.00"),
        currency="EUR",
        payment_days=14,
        cancellation_policy={
            "en": "Cancel up to 30 days before the start for a full refund, up to 14 days before "
                  "for half of the fee; later cancellations are not refunded, but you may send a "
                  "colleague in your place at no cost."
        },
        status=Cohort.Status.OPEN,
        venue=venue,
        level=None,
    )
    zone = cohort.zone
    _sessions(
        cohort,
        [
            SessionSpec(
                kind=ScheduledSession.Kind.DAY,
                title={"en": f"Day {number}"},
                starts_at=_at(starts_on + timedelta(days=number - 1), 9, 0, zone),
                ends_at=_at(starts_on + timedelta(days=number - 1), 17, 30, zone),
                venue=venue,
            )
            for number in range(1, 6)
        ],
        kind=ScheduledSession.Kind.DAY,
        parent=None,
    )
    answers = {"organisation": "City of Aarhavn", "role": "Head of digital services"}
    existing = {enrolment.user_id: enrolment for enrolment in cohort.enrolments.all()}
    # Twelve paid, eight held for payment (five of them registered twelve days ago: due soon,
    # but still within the deadline), and one more on the waiting list: the cohort is full.
    # A later load moves the dates along with today, so the deadlines never lapse in the demo;
    # an enrolment whose status was changed in the demo (paid, withdrawn…) is left as it is.
    for index, user in enumerate(learners[:21]):
        if index < 12:
            status = Enrolment.Status.CONFIRMED
            registered = now - timedelta(days=20 - index % 5)
        elif index < 20:
            status = Enrolment.Status.AWAITING_PAYMENT
            registered = now - timedelta(days=12 if index < 17 else 2)
        else:
            status = Enrolment.Status.WAITLISTED
            registered = now - timedelta(days=1)
        enrolment = existing.get(user.pk)
        if enrolment is None:
            enrolment = Enrolment(cohort=cohort, user=user, language="en", answers=answers)
        elif enrolment.status != status:
            continue
        enrolment.status = status
        if status == Enrolment.Status.WAITLISTED:
            enrolment.payment_reference = None
            enrolment.payment_due_at = None
        else:
            enrolment.payment_reference = enrolment.payment_reference or new_payment_reference()
            enrolment.payment_due_at = registered + timedelta(days=cohort.payment_days)
        if status == Enrolment.Status.CONFIRMED:
            enrolment.paid_at = enrolment.confirmed_at = registered + timedelta(days=3)
        enrolment.save()
        Enrolment.objects.filter(pk=enrolment.pk).update(created_at=registered)
    return cohort


# --- P1: advanced level, own module choices, three languages on the same days -------------------


P1_TIMES = {"en": (9, 0), "da": (14, 0), "pl": (19, 0)}
# Indexes into the advanced level's optional modules (methods 0-2, implementation 3-5,
# follow-up 6-7), one combination per learner.
P1_CHOICES = [
    (0, 1, 2), (3, 4, 5), (6, 7), (0, 3), (0, 1, 6), (4, 5, 6, 7), (2, 5, 7), (1,),
    (0, 1, 2, 3, 4, 5, 6, 7),
]
P1_TITLES = {
    "en": "Live clinic {number}",
    "da": "Live-klinik {number}",
    "pl": "Warsztat na żywo {number}",
}


def _co_creation_advanced(today: date, learners: list[User]) -> Cohort:
    programme = Programme.objects.get(slug="co-creation-package")
    level = Level.objects.get(programme=programme, slug="advanced")
    starts_on = _week_start(today) + timedelta(weeks=2)
    cohort = _cohort(
        P1_SLUG,
        programme,
        name={"en": "Advanced level, open cohort", "da": "Avanceret niveau, åbent hold",
              "pl": "Poziom zaawansowany, grupa otwarta"},
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=12, days=-1),
        time_zone="Europe/Copenhagen",
        languages=["en", "da", "pl"],
        mode=Cohort.Mode.ONLINE,
        capacity=None,
        fee=Decimal(0),
        currency="EUR",
        status=Cohort.Status.OPEN,
        level=level,
        venue=None,
    )
    zone = cohort.zone
    for language, (hour, minute) in P1_TIMES.items():
        specs = []
        for number in range(1, 7):
            day = starts_on + timedelta(weeks=2 * (number - 1), days=2)  # every other Wednesday
            specs.append(
                SessionSpec(
                    kind=ScheduledSession.Kind.LIVE,
                    title={language: P1_TITLES[language].format(number=number)},
                    starts_at=_at(day, hour, minute, zone),
                    ends_at=_at(day, hour + 1, minute + 30, zone),
                    language=language,
                    meeting_url=f"https://meet.example.org/co-creation-advanced/{number}-{language}",
                    lead="Mette Mentor" if language == "da" else "Frédéric Facilitateur",
                )
            )
        _sessions(cohort, specs, kind=ScheduledSession.Kind.LIVE, language=language)

    modules = list(level.modules.select_related("package").order_by("order", "pk"))
    required = [module for module in modules if module.required]
    optional = [module for module in modules if not module.required]
    for user, picks in zip(learners[10:19], P1_CHOICES, strict=True):
        # Each learner's own combination: whole packages, or modules across packages.
        chosen = [optional[index] for index in picks if index < len(optional)]
        language = user.preferred_language if user.preferred_language in P1_TIMES else "en"
        _enrol(user, cohort, language=language, modules=[*required, *chosen])
    return cohort
