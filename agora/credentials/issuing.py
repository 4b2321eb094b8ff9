"""Issuing and revoking certificates.

``issue_on_completion`` is a completion handler (``agora.learning.progress.COMPLETION_HANDLERS``):
it runs in the transaction that records an enrolment's completion and issues a certificate when
the programme offers one. Organisers issue by hand (``issue_certificate`` with a reason) and
revoke (``revoke_certificate``); each is logged with who, when and why. One certificate per
enrolment: issuing again returns the one that exists.

Hours are the sum of the estimated minutes of the activities the enrolment covers (its level,
its modules, less what its stream hides), rounded to the half hour: what this learner's path
asked of them, rather than the programme's advertised weekly hours.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation

from agora.accounts.models import User
from agora.catalogue.models import Module, pick_text
from agora.credentials import badges, keys
from agora.credentials.models import Certificate, CertificateEvent, IssuerProfile
from agora.delivery.models import Enrolment
from agora.learning import scope


def certificate_language(enrolment: Enrolment) -> str:
    """The learner's language for the certificate: the enrolment's if Agora's interface has
    it, else the learner's chosen interface language, else the site's."""
    ui_languages = {code for code, _name in settings.LANGUAGES}
    for code in (enrolment.language, enrolment.user.preferred_language):
        if code in ui_languages:
            return code
    return settings.LANGUAGE_CODE


def learner_name(enrolment: Enrolment) -> str:
    """The name the certificate states; without a full name, the e-mail's local part (the
    verification page is public, so never the whole address)."""
    user = enrolment.user
    return user.full_name or user.email.split("@", 1)[0]


def covered_hours(enrolment: Enrolment) -> Decimal:
    minutes = scope.covered_activities(enrolment).aggregate(total=Sum("estimated_minutes"))
    hours = Decimal(minutes["total"] or 0) / 60
    return (hours * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _module_titles(enrolment: Enrolment, language: str, source: str) -> list[str]:
    chosen = scope.chosen_module_ids(enrolment)
    if not chosen:
        return []  # the whole programme or level: the level (or programme) says it
    modules = Module.objects.filter(pk__in=chosen).order_by("level__order", "order", "pk")
    return [pick_text(module.title, language, source) for module in modules]


def _snapshot(enrolment: Enrolment, now: datetime) -> Certificate:
    cohort = enrolment.cohort
    programme = cohort.programme
    content_language, source = enrolment.language, programme.source_language
    profile = IssuerProfile.objects.filter(organisation=programme.organisation).first()
    completed = enrolment.completed_at or now
    return Certificate(
        enrolment=enrolment,
        organisation=programme.organisation,
        language=certificate_language(enrolment),
        learner_name=learner_name(enrolment),
        programme_title=pick_text(programme.title, content_language, source),
        level_title=(pick_text(cohort.level.title, content_language, source)
                     if cohort.level_id else ""),
        module_titles=_module_titles(enrolment, content_language, source),
        hours=covered_hours(enrolment),
        completed_on=timezone.localtime(completed, cohort.zone).date(),
        issuer_name=programme.organisation.name,
        signatory_name=profile.signatory_name if profile else "",
        signatory_title=profile.signatory_title if profile else "",
        issued_at=now,
    )


@transaction.atomic
def issue_certificate(
    enrolment: Enrolment, *, actor: User | None = None, reason: str = ""
) -> Certificate:
    """The enrolment's certificate, issued now (signed with the organisation's key) unless it
    exists already. ``actor`` and ``reason`` record an organiser's manual issue."""
    # Lock the enrolment so that two simultaneous issues make one certificate.
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("user", "cohort__programme__organisation", "cohort__level")
        .get(pk=enrolment.pk)
    )
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    now = timezone.now()
    certificate = _snapshot(enrolment, now)
    key = keys.active_key(certificate.organisation)
    programme = enrolment.cohort.programme
    with translation.override(certificate.language):
        certificate.credential = badges.build_credential(certificate, programme)
    certificate.kid = key.kid
    certificate.credential_jwt = keys.sign(
        badges.jwt_claims(certificate.credential, now), key,
        jwks_url=badges.jwks_url(certificate.organisation.slug),
    )
    certificate.save()
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateEvent.Action.ISSUED, actor=actor,
        reason=reason,
    )
    return certificate


def issue_on_completion(enrolment: Enrolment) -> Certificate | None:
    """Completion handler: a certificate when the programme offers one."""
    if not enrolment.cohort.programme.certificate_offered:
        return None
    return issue_certificate(enrolment)


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, actor: User, reason: str) -> Certificate:
    """Revoke once: the verification page and API say revoked, with the reason and date."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revocation_reason"])
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateEvent.Action.REVOKED, actor=actor,
        reason=reason,
    )
    return certificate
