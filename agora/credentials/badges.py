"""The Open Badges 3.0 credential of a certificate (a W3C Verifiable Credential, data model 2.0).

Built once, at issue time, from the certificate's own copy of the facts and the programme's
outcomes and competences, then signed as a VC-JWT (``keys.sign``): the JWT's payload is the
credential plus the registered claims Open Badges 3.0 asks for (iss, jti, nbf, sub).
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from agora.catalogue.models import Programme, pick_text
from agora.credentials.models import Certificate

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
# Agora's own status check: GET it for {"status": "valid" | "revoked" | "unknown", ...}.
STATUS_TYPE = "AgoraCredentialStatusCheck"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def verify_page_url(public_id: str) -> str:
    return absolute(reverse("credentials:verify", args=[public_id]))


def status_url(public_id: str) -> str:
    return absolute(reverse("api:verify_credential", kwargs={"public_id": public_id}))


def issuer_id(organisation_slug: str) -> str:
    return absolute(reverse("credentials:issuer", args=[organisation_slug]))


def jwks_url(organisation_slug: str) -> str:
    return absolute(reverse("credentials:jwks", args=[organisation_slug]))


def credential_id(public_id: str) -> str:
    return f"urn:uuid:{public_id[:8]}-{public_id[8:12]}-{public_id[12:16]}-" \
        f"{public_id[16:20]}-{public_id[20:]}"


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _alignments(programme: Programme, language: str) -> list[dict]:
    alignments = []
    for competence in programme.competences.all():
        alignments.append({
            "type": ["Alignment"],
            "targetName": pick_text(competence.name, language, "en"),
            "targetCode": competence.code,
            "targetFramework": "Agora competence framework for citizen engagement",
            "targetUrl": absolute(reverse("catalogue:path", args=[competence.code])),
        })
    return alignments


def build_credential(certificate: Certificate, programme: Programme) -> dict:
    """The OpenBadgeCredential stating what ``certificate`` states (texts in the active
    language: call it within the certificate's language)."""
    language, source = certificate.language, programme.source_language
    description = pick_text(programme.summary, language, source) or certificate.programme_title
    outcomes = pick_text(programme.objectives, language, source)
    scope = certificate.level_title or ", ".join(certificate.module_titles)
    facts = {
        "name": certificate.learner_name, "programme": certificate.programme_title,
        "scope": scope, "hours": certificate.hours,
        "date": certificate.completed_on.isoformat(),
    }
    criteria = outcomes or (
        _("Complete %(programme)s (%(scope)s).") if scope else _("Complete %(programme)s.")
    ) % facts
    achievement = {
        "id": absolute(programme.get_absolute_url()),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.programme_title,
        "description": description,
        "criteria": {"narrative": criteria},
        "inLanguage": language,
    }
    alignments = _alignments(programme, language)
    if alignments:
        achievement["alignment"] = alignments
    tags = [str(tag) for tag in (programme.tags or []) if tag]
    if tags:
        achievement["tag"] = tags
    issued = _timestamp(certificate.issued_at)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id(certificate.public_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.programme_title,
        "description": (
            _("%(name)s completed %(programme)s (%(scope)s), %(hours)s hours, on %(date)s.")
            if scope else
            _("%(name)s completed %(programme)s, %(hours)s hours, on %(date)s.")
        ) % facts,
        "issuer": {
            "id": issuer_id(certificate.organisation.slug),
            "type": ["Profile"],
            "name": certificate.issuer_name,
            **({"url": certificate.organisation.website} if certificate.organisation.website
               else {}),
        },
        "validFrom": issued,
        # The 1EdTech JSON Schema revision published with the ob_v3p0 identifier still requires
        # the data model 1.1 name of that date; kept alongside validFrom for those validators.
        "issuanceDate": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "identityHash": certificate.learner_name,
                "hashed": False,
            }],
            "achievement": achievement,
            "activityEndDate": f"{certificate.completed_on.isoformat()}T00:00:00Z",
        },
        "credentialStatus": {
            "id": status_url(certificate.public_id),
            "type": STATUS_TYPE,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
        "evidence": [{
            "id": verify_page_url(certificate.public_id),
            "type": ["Evidence"],
            "name": "Verification page",
        }],
    }


def jwt_claims(credential: dict, issued_at: datetime) -> dict:
    """The VC-JWT payload: the credential and the registered claims that mirror it."""
    return {
        **credential,
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": int(issued_at.timestamp()),
        "iat": int(issued_at.timestamp()),
    }


def credential_of_claims(claims: dict) -> dict:
    """The credential inside a VC-JWT payload (the registered claims taken off)."""
    return {key: value for key, value in claims.items()
            if key not in {"iss", "jti", "nbf", "iat", "sub", "exp"}}
