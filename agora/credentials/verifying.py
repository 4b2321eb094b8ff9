"""Verifying credentials: a certificate by its public id, or a credential file someone pastes.

A VC-JWT is checked on its own: the key named by its ``kid`` (current or retired) must have
signed exactly these contents. A credential's JSON carries no signature of its own, so it is
compared, field by field, with the signed credential the issuer holds under its id. Either way,
the verdict says why it fails: unreadable, unknown key, bad signature, changed contents,
unknown credential, or revoked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from agora.credentials import badges, keys
from agora.credentials.models import Certificate, SigningKey

VALID, REVOKED, INVALID, UNKNOWN = "valid", "revoked", "invalid", "unknown"


@dataclass
class Verdict:
    status: str  # valid, revoked, invalid or unknown
    code: str  # why, for programs: ok, revoked, unreadable, unknown_key, bad_signature, ...
    reason: str
    certificate: Certificate | None = None
    kid: str = ""
    changed: list[str] = field(default_factory=list)

    @property
    def signature_valid(self) -> bool:
        return self.code in {"ok", "revoked"}


REASONS = {
    "ok": _("The signature is valid and the certificate has not been revoked."),
    "revoked": _("The signature is valid, but the issuer revoked this certificate."),
    "unreadable": _("This is neither a signed credential (JWT) nor a credential's JSON."),
    "unknown_key": _("It was signed with a key this issuer never published."),
    "bad_signature": _(
        "The signature does not match the contents: the credential was changed after it was "
        "signed."
    ),
    "tampered": _("The contents differ from the credential the issuer signed."),
    "unknown_credential": _("No certificate with this identifier was issued here."),
    "wrong_issuer": _("It was signed with a key of another organisation than its issuer."),
}


def _verdict(code: str, certificate: Certificate | None = None, **extra) -> Verdict:
    status = {"ok": VALID, "revoked": REVOKED, "unknown_credential": UNKNOWN}.get(code, INVALID)
    return Verdict(status=status, code=code, reason=str(REASONS[code]),
                   certificate=certificate, **extra)


def public_id_of(credential_id: object) -> str:
    if not isinstance(credential_id, str):
        return ""
    return credential_id.removeprefix("urn:uuid:").replace("-", "").lower()


def _certificate_with_id(credential_id: object) -> Certificate | None:
    public_id = public_id_of(credential_id)
    if not public_id:
        return None
    return (
        Certificate.objects.select_related("organisation")
        .filter(public_id=public_id)
        .first()
    )


def verify_token(token: str) -> Verdict:
    """Check a VC-JWT: readable, signed by a key we published, unchanged, not revoked."""
    try:
        header, claims = keys.read_unverified(token)
    except keys.SignatureError:
        return _verdict("unreadable")
    kid = str(header.get("kid", ""))
    key = SigningKey.objects.filter(kid=kid).first() if kid else None
    if key is None:
        return _verdict("unknown_key", kid=kid)
    try:
        claims = keys.verify_signature(token.strip(), key.public_jwk)
    except keys.SignatureError:
        return _verdict("bad_signature", kid=kid)
    certificate = _certificate_with_id(claims.get("id"))
    if certificate is None:
        return _verdict("unknown_credential", kid=kid)
    if certificate.organisation_id != key.organisation_id:
        return _verdict("wrong_issuer", certificate, kid=kid)
    return _verdict("revoked" if certificate.is_revoked else "ok", certificate, kid=kid)


def changed_fields(given: object, signed: object, path: str = "") -> list[str]:
    """Dotted paths where ``given`` differs from ``signed``."""
    if isinstance(given, dict) and isinstance(signed, dict):
        changes = []
        for name in sorted(set(given) | set(signed)):
            changes += changed_fields(given.get(name), signed.get(name),
                                      f"{path}.{name}" if path else name)
        return changes
    if isinstance(given, list) and isinstance(signed, list) and len(given) == len(signed):
        changes = []
        for index, (one, other) in enumerate(zip(given, signed, strict=True)):
            changes += changed_fields(one, other, f"{path}[{index}]")
        return changes
    return [] if given == signed else [path or "(whole document)"]


def verify_certificate(certificate: Certificate) -> Verdict:
    """Check the signed credential the issuer holds for ``certificate``."""
    verdict = verify_token(certificate.credential_jwt)
    verdict.certificate = certificate
    return verdict


def verify_document(document: dict) -> Verdict:
    """Check a credential's JSON against the signed credential of the same id."""
    certificate = _certificate_with_id(document.get("id"))
    if certificate is None:
        return _verdict("unknown_credential")
    signed = verify_certificate(certificate)
    if not signed.signature_valid:
        return signed
    _header, claims = keys.read_unverified(certificate.credential_jwt)
    changes = changed_fields(document, badges.credential_of_claims(claims))
    if changes:
        return _verdict("tampered", certificate, kid=signed.kid, changed=changes)
    return signed


def verify_submitted(text: str) -> Verdict:
    """Check what someone pasted or uploaded: a VC-JWT or a credential's JSON."""
    text = text.strip().lstrip("\ufeff")
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            return _verdict("unreadable")
        if not isinstance(document, dict):
            return _verdict("unreadable")
        return verify_document(document)
    return verify_token(text)
