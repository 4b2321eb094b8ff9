"""Verification says valid, revoked or unknown, and why a tampered credential fails."""

import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command

from agora.credentials import issuing, keys, verifying
from agora.credentials.models import SigningKey
from tests.factories_credentials import completed_enrolment, organiser_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return completed_enrolment(user__full_name="Lena Learner").certificate


def credential_json(certificate) -> dict:
    _header, claims = keys.read_unverified(certificate.credential_jwt)
    return json.loads(json.dumps(claims))


def with_claims(token: str, claims: dict) -> str:
    header, _payload, signature = token.split(".")
    payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{payload}.{signature}"


def test_an_issued_credential_is_valid(certificate):
    verdict = verifying.verify_submitted(certificate.credential_jwt)

    assert (verdict.status, verdict.code) == ("valid", "ok")
    assert verdict.certificate == certificate


def test_a_token_with_a_changed_name_fails_with_bad_signature(certificate):
    claims = credential_json(certificate)
    claims["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"

    verdict = verifying.verify_submitted(with_claims(certificate.credential_jwt, claims))

    assert (verdict.status, verdict.code) == ("invalid", "bad_signature")
    assert "changed after it was signed" in verdict.reason


def test_a_json_with_a_changed_name_fails_and_says_which_field(certificate):
    document = credential_json(certificate)
    for claim in ("iss", "jti", "nbf", "iat"):
        document.pop(claim)
    document["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"

    verdict = verifying.verify_submitted(json.dumps(document))

    assert (verdict.status, verdict.code) == ("invalid", "tampered")
    assert verdict.changed == ["credentialSubject.identifier[0].identityHash"]


def test_an_unchanged_json_is_valid(certificate):
    document = {k: v for k, v in credential_json(certificate).items()
                if k not in {"iss", "jti", "nbf", "iat"}}

    assert verifying.verify_submitted(json.dumps(document)).status == "valid"


def test_a_token_signed_with_an_unknown_key_fails(certificate):
    stranger = Ed25519PrivateKey.generate()
    forged = jwt.encode(credential_json(certificate), stranger, algorithm="EdDSA",
                        headers={"kid": "someone-elses-key"})

    verdict = verifying.verify_submitted(forged)

    assert (verdict.status, verdict.code) == ("invalid", "unknown_key")


def test_a_token_signed_by_a_stranger_under_our_kid_fails(certificate):
    stranger = Ed25519PrivateKey.generate()
    forged = jwt.encode(credential_json(certificate), stranger, algorithm="EdDSA",
                        headers={"kid": certificate.kid})

    assert verifying.verify_submitted(forged).code == "bad_signature"


def test_a_revoked_credential_says_revoked(certificate):
    issuing.revoke_certificate(
        certificate, actor=organiser_of(certificate.organisation), reason="Issued in error"
    )

    verdict = verifying.verify_submitted(certificate.credential_jwt)

    assert (verdict.status, verdict.code) == ("revoked", "revoked")


def test_garbage_is_unreadable():
    assert verifying.verify_submitted("not a credential").code == "unreadable"
    assert verifying.verify_submitted("{not json").code == "unreadable"


def test_a_json_with_an_unknown_id_is_unknown():
    verdict = verifying.verify_submitted(json.dumps({"id": "urn:uuid:0000"}))

    assert (verdict.status, verdict.code) == ("unknown", "unknown_credential")


def test_after_rotation_old_credentials_still_verify_and_new_ones_use_the_new_key(certificate):
    organisation = certificate.organisation
    new_key = keys.rotate_key(organisation)

    later = completed_enrolment(certificate.enrolment.cohort.programme).certificate

    assert verifying.verify_submitted(certificate.credential_jwt).status == "valid"
    assert later.kid == new_key.kid != certificate.kid
    assert verifying.verify_submitted(later.credential_jwt).status == "valid"
    assert len(keys.jwks(organisation)["keys"]) == 2


def test_the_rotate_key_command_replaces_the_key(certificate, capsys):
    call_command("credentials", "rotate-key", certificate.organisation.slug)

    active = SigningKey.objects.get(organisation=certificate.organisation, retired_at=None)
    assert active.kid != certificate.kid
    assert active.kid in capsys.readouterr().out
    assert verifying.verify_submitted(certificate.credential_jwt).status == "valid"


def test_the_rotate_key_command_refuses_an_unknown_organisation(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("credentials", "rotate-key", "nowhere")
