"""Signing keys: one Ed25519 key pair per organisation, created on first use, rotatable.

The private key is stored encrypted (Fernet) with a key derived from
``settings.AGORA_CREDENTIALS_SECRET`` (by default ``SECRET_KEY``): a copy of the database alone
does not let anyone sign credentials. Changing that secret makes existing private keys
unusable (rotate the organisations' keys afterwards); public keys, and so verification, are
unaffected.
"""

from __future__ import annotations

import base64
import json
import secrets
import warnings

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from agora.accounts.models import Organisation
from agora.credentials.models import SigningKey

# Open Badges 3.0 names "EdDSA" for Ed25519 VC-JWTs (and PyJWT and most verifiers know it by
# that name); joserfc warns that RFC 9864 prefers "Ed25519", so the warning is silenced here.
ALGORITHM = "EdDSA"


def _fernet() -> Fernet:
    secret = getattr(settings, "AGORA_CREDENTIALS_SECRET", "") or settings.SECRET_KEY
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"agora signing keys"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _new_kid(organisation: Organisation) -> str:
    return f"{organisation.slug[:40]}-{secrets.token_hex(6)}"


def _create_key(organisation: Organisation) -> SigningKey:
    key = OKPKey.generate_key("Ed25519")
    kid = _new_kid(organisation)
    public = {**key.as_dict(private=False), "kid": kid, "alg": ALGORITHM, "use": "sig"}
    return SigningKey.objects.create(
        organisation=organisation,
        kid=kid,
        public_jwk=public,
        private_key=_fernet().encrypt(key.as_pem(private=True)),
    )


@transaction.atomic
def active_key(organisation: Organisation) -> SigningKey:
    """The organisation's signing key, created on first use."""
    # Lock the organisation row so that two first issues create one key, not two.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    key = SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).first()
    return key or _create_key(organisation)


@transaction.atomic
def rotate_key(organisation: Organisation) -> SigningKey:
    """Retire the organisation's key (kept for verifying what it signed) and make a new one."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    SigningKey.objects.filter(organisation=organisation, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    return _create_key(organisation)


def sign(claims: dict, key: SigningKey, *, jwks_url: str) -> str:
    """A compact JWS (VC-JWT) of ``claims`` signed with ``key``."""
    private = OKPKey.import_key(_fernet().decrypt(bytes(key.private_key)))
    # jku: where the key set holding ``kid`` is published (RFC 7515), current and retired keys.
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": "JWT", "jku": jwks_url}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jwt.encode(header, claims, private, algorithms=[ALGORITHM])


class SignatureError(Exception):
    """The token is not a JWS, or its signature does not match its contents."""


def read_unverified(token: str) -> tuple[dict, dict]:
    """The header and claims of a compact JWS, before any check (to find the key)."""
    try:
        compact = jws.extract_compact(token.strip().encode())
        claims = json.loads(compact.payload)
    except (JoseError, ValueError, UnicodeError) as error:
        raise SignatureError(str(error)) from error
    if not isinstance(claims, dict):
        raise SignatureError("the payload is not a JSON object")
    return dict(compact.protected), claims


def verify_signature(token: str, public_jwk: dict) -> dict:
    """The claims of ``token`` if ``public_jwk`` signed it; SignatureError otherwise."""
    key = OKPKey.import_key({k: v for k, v in public_jwk.items() if k in {"kty", "crv", "x"}})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return dict(jwt.decode(token, key, algorithms=[ALGORITHM]).claims)
    except (JoseError, ValueError) as error:
        raise SignatureError(str(error)) from error


def jwks(organisation: Organisation) -> dict:
    """Every public key of the organisation, current and retired, as a JWK Set."""
    keys = SigningKey.objects.filter(organisation=organisation).order_by("created_at")
    return {"keys": [key.public_jwk for key in keys]}
