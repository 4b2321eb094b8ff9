"""Bench data: 20,000 people in 50 organisations, each with a verified e-mail address.

    python -m bench.data [--users 20000] [--organisations 50]

bench/run runs this in the bench server's environment before every benchmark; it fills the
database only when there are no users yet, so later runs reuse what the first one made. The
data is the same on every run (a seeded random generator).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # models import only after django.setup(), in main()
    from agora.accounts.models import Organisation, User

SEED = 20_000
BATCH = 2_000
ORGANISERS_PER_ORGANISATION = 2
SECOND_MEMBERSHIP_SHARE = 0.05  # some people work with two organisations
# Everyone shares it: hashing 20,000 passwords properly would take most of an hour.
BENCH_PASSWORD = "bench-password-not-secret"

FIRST_NAMES = [
    "Anna", "Lukas", "Sofia", "Mateusz", "Emma", "Jonas", "Chloé", "Mads", "Zofia", "Louis",
    "Ida", "Pierre", "Maja", "Tomasz", "Léa", "Frederik", "Julia", "Hugo", "Freja", "Piotr",
]  # fmt: skip
LAST_NAMES = [
    "Nielsen", "Kowalski", "Dubois", "Jensen", "Nowak", "Martin", "Hansen", "Wiśniewska",
    "Bernard", "Larsen", "Lewandowski", "Petit", "Pedersen", "Wójcik", "Moreau", "Andersen",
]  # fmt: skip
ORGANISATION_WORDS = [
    "Regional", "Municipal", "Civic", "Open", "Public", "Community", "Democratic", "Citizen",
]  # fmt: skip
ORGANISATION_NOUNS = [
    "Council", "Agency", "Academy", "Institute", "Network", "Forum", "School", "Office",
]  # fmt: skip
COUNTRIES = ["BE", "DK", "FR", "PL", "DE", "NL", "IE", "ES", "IT", "SE"]
JOB_TITLES = ["Policy officer", "Project manager", "Trainer", "Researcher", "Coordinator", ""]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agora.settings")
    import django

    django.setup()


def make_organisations(rng: random.Random, count: int) -> list[Organisation]:
    from agora.accounts.models import Organisation

    kinds = [kind for kind, _label in Organisation.Kind.choices]
    organisations = []
    for number in range(1, count + 1):
        name = f"{rng.choice(ORGANISATION_WORDS)} {rng.choice(ORGANISATION_NOUNS)} {number}"
        slug = f"bench-org-{number}"
        organisations.append(
            Organisation(
                name=name,
                slug=slug,
                kind=rng.choice(kinds),
                country=rng.choice(COUNTRIES),
                website=f"https://{slug}.example.org",
            )
        )
    return Organisation.objects.bulk_create(organisations, batch_size=BATCH)


def make_users(rng: random.Random, count: int, password_hash: str) -> list[User]:
    from django.conf import settings
    from django.utils import timezone

    from agora.accounts.models import User

    languages = ["", *(code for code, _name in settings.LANGUAGES)]
    now = timezone.now()
    users = []
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append(
            User(
                email=f"user{number}@bench.example.org",
                full_name=f"{first} {last}",
                preferred_language=rng.choice(languages),
                password=password_hash,
                date_joined=now - timedelta(days=rng.randrange(3 * 365)),
            )
        )
    User.objects.bulk_create(users, batch_size=BATCH)
    # Primary keys from the database, whether or not this backend returns them on insert.
    return list(User.objects.order_by("pk"))


def make_memberships(
    rng: random.Random, users: Sequence[User], organisations: Sequence[Organisation]
) -> int:
    from agora.accounts.models import Membership

    memberships = []
    for index, user in enumerate(users):
        home = organisations[index % len(organisations)]
        role = (
            Membership.Role.ORGANISER
            if index < ORGANISERS_PER_ORGANISATION * len(organisations)
            else Membership.Role.MEMBER
        )
        memberships.append(
            Membership(user=user, organisation=home, role=role, job_title=rng.choice(JOB_TITLES))
        )
        if rng.random() < SECOND_MEMBERSHIP_SHARE:
            other = rng.choice([org for org in organisations if org.pk != home.pk])
            memberships.append(Membership(user=user, organisation=other))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return len(memberships)


def make_email_addresses(users: Sequence[User]) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=BATCH,
    )


def generate(users: int, organisations: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    rng = random.Random(SEED)
    password_hash = make_password(BENCH_PASSWORD)  # once: the slow part of creating a user
    with transaction.atomic():
        orgs = make_organisations(rng, organisations)
        people = make_users(rng, users, password_hash)
        memberships = make_memberships(rng, people, orgs)
        make_email_addresses(people)
    print(
        f"bench data: {len(people)} users, {len(orgs)} organisations, "
        f"{memberships} memberships, {len(people)} verified e-mail addresses"
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.data", description=__doc__)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--organisations", type=int, default=50)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_django()
    from agora.accounts.models import User

    if User.objects.exists():
        print(f"bench data: kept the {User.objects.count()} users already there")
        return 0
    started = time.monotonic()
    generate(args.users, args.organisations)
    print(f"bench data: generated in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
