"""JSON API for credentials: /api/v1/credentials/{id}/verify (public, like the page)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from agora.credentials import verifying
from agora.credentials.models import Certificate

router = Router(tags=["credentials"])


class SignatureOut(Schema):
    valid: bool
    kid: str
    reason: str


class CertificateOut(Schema):
    learner_name: str
    programme: str
    level: str
    modules: list[str]
    hours: Decimal
    completed_on: date
    issuer: str
    issued_at: datetime


class VerificationOut(Schema):
    id: str
    status: str  # valid, revoked, unknown (or invalid: the stored signature fails)
    signature: SignatureOut | None = None
    certificate: CertificateOut | None = None
    revoked_at: datetime | None = None
    revocation_reason: str = ""


@router.get(
    "/credentials/{public_id}/verify",
    response={200: VerificationOut, 404: VerificationOut},
    url_name="verify_credential",
    summary="Verify a certificate: valid, revoked or unknown, and its signature",
)
def verify_credential(request: HttpRequest, public_id: str):
    certificate = (
        Certificate.objects.select_related("organisation").filter(public_id=public_id).first()
    )
    if certificate is None:
        return Status(404, VerificationOut(id=public_id, status=verifying.UNKNOWN))
    verdict = verifying.verify_certificate(certificate)
    # A stored credential whose signature no longer checks out is not vouched for.
    status = certificate.status if verdict.signature_valid else verifying.INVALID
    return Status(200, VerificationOut(
        id=public_id,
        status=status,
        signature=SignatureOut(
            valid=verdict.signature_valid, kid=verdict.kid, reason=verdict.reason
        ),
        certificate=CertificateOut(
            learner_name=certificate.learner_name,
            programme=certificate.programme_title,
            level=certificate.level_title,
            modules=certificate.module_titles,
            hours=certificate.hours,
            completed_on=certificate.completed_on,
            issuer=certificate.issuer_name,
            issued_at=certificate.issued_at,
        ),
        revoked_at=certificate.revoked_at,
        revocation_reason=certificate.revocation_reason,
    ))
