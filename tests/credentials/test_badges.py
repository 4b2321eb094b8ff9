"""The Open Badges 3.0 credential: valid against 1EdTech's JSON Schema, and its signature checks
out with PyJWT (a library other than the one that signed it) and the published keys."""

import json
from pathlib import Path

import jsonschema
import jwt
import pytest
from django.urls import reverse

from tests.factories_credentials import completed_enrolment

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json").read_text()
)


@pytest.fixture
def certificate():
    return completed_enrolment(user__full_name="Lena Learner").certificate


def downloaded_credential(client, certificate) -> dict:
    client.force_login(certificate.enrolment.user)
    response = client.get(reverse("credentials:json", args=[certificate.public_id]))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_credential_validates_against_the_open_badges_schema(client, certificate):
    credential = downloaded_credential(client, certificate)

    jsonschema.Draft201909Validator(
        SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    ).validate(credential)


def test_the_schema_catches_a_credential_without_an_achievement(client, certificate):
    credential = downloaded_credential(client, certificate)
    del credential["credentialSubject"]["achievement"]

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(SCHEMA).validate(credential)


def test_the_credential_is_an_open_badge_of_the_vc_data_model_2(client, certificate):
    credential = downloaded_credential(client, certificate)

    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["name"] == certificate.issuer_name
    assert credential["validFrom"].endswith("Z")
    assert credential["credentialSubject"]["type"] == ["AchievementSubject"]
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == "Lena Learner"


def test_the_achievement_is_described_by_outcomes_and_competences(client, certificate):
    achievement = downloaded_credential(client, certificate)["credentialSubject"]["achievement"]

    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Citizen panels"
    assert achievement["criteria"]["narrative"] == (
        "Run a citizen panel from recruitment to report."
    )
    assert [a["targetCode"] for a in achievement["alignment"]] == ["deliberation-design"]
    assert achievement["tag"] == ["deliberation"]


def test_the_status_points_to_the_verification_api(client, certificate):
    status = downloaded_credential(client, certificate)["credentialStatus"]

    assert status["id"].endswith(f"/api/v1/credentials/{certificate.public_id}/verify")


def test_pyjwt_verifies_the_signature_with_the_published_keys(client, certificate):
    client.force_login(certificate.enrolment.user)
    token = client.get(reverse("credentials:jwt", args=[certificate.public_id])).content.decode()
    header = jwt.get_unverified_header(token)
    keys = client.get(reverse("credentials:jwks", args=[certificate.organisation.slug])).json()
    published = next(key for key in keys["keys"] if key["kid"] == header["kid"])

    claims = jwt.decode(token, jwt.PyJWK(published), algorithms=["EdDSA"])

    assert header["alg"] == "EdDSA"
    assert header["jku"].endswith(f"/credentials/issuers/{certificate.organisation.slug}/jwks.json")
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"]
    assert claims["credentialSubject"]["identifier"][0]["identityHash"] == "Lena Learner"


def test_pyjwt_rejects_a_token_whose_name_was_changed(client, certificate):
    client.force_login(certificate.enrolment.user)
    token = client.get(reverse("credentials:jwt", args=[certificate.public_id])).content.decode()
    keys = client.get(reverse("credentials:jwks", args=[certificate.organisation.slug])).json()
    forged = token.replace(token.split(".")[1], _with_name(token, "Mallory"))

    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(forged, jwt.PyJWK(keys["keys"][0]), algorithms=["EdDSA"])


def _with_name(token: str, name: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["credentialSubject"]["identifier"][0]["identityHash"] = name
    return jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()


def test_the_issuer_profile_is_published(client, certificate):
    profile = client.get(
        reverse("credentials:issuer", args=[certificate.organisation.slug])
    ).json()

    assert profile["id"] == certificate.credential["issuer"]["id"]
    assert profile["type"] == ["Profile"]
    assert profile["name"] == certificate.issuer_name
