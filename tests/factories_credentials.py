"""Factories for certificates: a programme that offers one, and a learner who completed it."""

import factory
from allauth.mfa.models import Authenticator

from agora.catalogue.models import Competence
from agora.credentials.models import IssuerProfile
from agora.delivery.models import Enrolment
from agora.learning import progress
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    LevelFactory,
    ModuleFactory,
    OrganiserFactory,
    ProgrammeFactory,
    UnitFactory,
)


class IssuerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuerProfile

    signatory_name = "Greta Signer"
    signatory_title = "Director of training"


def certificate_programme(**values):
    """A published programme offering a certificate: one level, one module, two activities
    (30 and 45 minutes), aligned to a competence."""
    values.setdefault("certificate_offered", True)
    values.setdefault("title", {"en": "Citizen panels", "fr": "Panels citoyens"})
    values.setdefault("languages", ["en", "fr"])
    values.setdefault("objectives", {"en": "Run a citizen panel from recruitment to report."})
    values.setdefault("tags", ["deliberation"])
    programme = ProgrammeFactory(**values)
    level = LevelFactory(programme=programme, title={"en": "Basic", "fr": "Base"})
    module = ModuleFactory(level=level, title={"en": "Recruiting by lot", "fr": "Tirage au sort"})
    unit = UnitFactory(module=module)
    ActivityFactory(unit=unit, estimated_minutes=30)
    ActivityFactory(unit=unit, estimated_minutes=45)
    competence, _ = Competence.objects.get_or_create(
        code="deliberation-design", defaults={"name": {"en": "Designing deliberation"}}
    )
    programme.competences.add(competence)
    return programme


def enrolment_in(programme=None, **values) -> Enrolment:
    programme = programme or certificate_programme()
    cohort = values.pop("cohort", None) or CohortFactory(
        programme=programme, level=programme.levels.first()
    )
    return EnrolmentFactory(cohort=cohort, **values)


def complete(enrolment: Enrolment) -> Enrolment:
    """Do every activity the enrolment covers: it completes (and its certificate is issued)."""
    from agora.learning import scope

    for activity in scope.covered_activities(enrolment):
        progress.complete_activity(enrolment, activity)
    enrolment.refresh_from_db()
    return enrolment


def completed_enrolment(programme=None, **values) -> Enrolment:
    return complete(enrolment_in(programme, **values))


def organiser_of(organisation):
    """An organiser of ``organisation`` with two-factor set up (organisers must have it)."""
    user = OrganiserFactory(organisation=organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user
