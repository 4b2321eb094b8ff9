"""Certificate pages: who may see what, the public check, the organisers' actions."""


import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from agora.credentials import issuing
from agora.credentials.models import Certificate, IssuerProfile, SigningKey
from agora.credentials.views import linkedin_url
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories_credentials import (
    IssuerProfileFactory,
    completed_enrolment,
    enrolment_in,
    organiser_of,
)

pytestmark = pytest.mark.django_db

def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 12), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes()


@pytest.fixture
def certificate():
    return completed_enrolment(user__full_name="Lena Learner").certificate


@pytest.fixture
def organiser(certificate):
    return organiser_of(certificate.organisation)


def learner_pages(certificate):
    return [reverse(f"credentials:{name}", args=[certificate.public_id])
            for name in ("pdf", "json", "jwt")]


# --- Who may see what -----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, certificate):
    for url in [reverse("credentials:mine"), *learner_pages(certificate)]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]


def test_another_learner_cannot_download_my_certificate(client, certificate):
    client.force_login(UserFactory(full_name="Otto Other"))

    for url in learner_pages(certificate):
        assert client.get(url).status_code == 404


def test_an_organiser_cannot_download_a_learners_files(client, certificate, organiser):
    client.force_login(organiser)

    assert client.get(learner_pages(certificate)[0]).status_code == 404


def test_a_learner_cannot_revoke(client, certificate):
    client.force_login(certificate.enrolment.user)

    response = client.post(reverse("credentials:revoke", args=[certificate.public_id]),
                           {"reason": "I changed my mind"})

    assert response.status_code == 404
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_an_organiser_of_another_organisation_cannot_revoke_or_issue(client, certificate):
    client.force_login(organiser_of(CohortFactory().programme.organisation))
    cohort = certificate.enrolment.cohort
    waiting = EnrolmentFactory(cohort=cohort)

    revoke = client.post(reverse("credentials:revoke", args=[certificate.public_id]),
                         {"reason": "Not mine"})
    issue = client.post(reverse("credentials:issue", args=[cohort.slug, waiting.pk]),
                        {"reason": "Not mine"})
    page = client.get(reverse("credentials:manage_cohort", args=[cohort.slug]))
    settings_page = client.get(
        reverse("credentials:issuer_settings", args=[certificate.organisation.slug])
    )
    rotate = client.post(reverse("credentials:rotate", args=[certificate.organisation.slug]))

    assert [r.status_code for r in (revoke, issue, page, settings_page, rotate)] == [404] * 5
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    assert not Certificate.objects.filter(enrolment=waiting).exists()


def test_a_facilitator_who_is_not_an_organiser_cannot_manage(client, certificate):
    from agora.delivery.models import CohortStaff

    facilitator = UserFactory()
    CohortStaff.objects.create(cohort=certificate.enrolment.cohort, user=facilitator,
                               role=CohortStaff.Role.FACILITATOR)
    client.force_login(facilitator)

    response = client.get(
        reverse("credentials:manage_cohort", args=[certificate.enrolment.cohort.slug])
    )

    assert response.status_code == 404


# --- The learner's pages --------------------------------------------------------------------


def test_my_certificates_lists_downloads_share_and_linkedin(client, certificate):
    client.force_login(certificate.enrolment.user)

    response = client.get(reverse("credentials:mine"))

    content = response.content.decode()
    assert "Citizen panels" in content
    for url in learner_pages(certificate):
        assert url in content
    assert f"/verify/{certificate.public_id}/" in content
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in content


def test_my_certificates_takes_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    learner = UserFactory()
    for _ in range(3):
        completed_enrolment(user=learner)
    client.force_login(learner)

    with django_assert_max_num_queries(12):  # session, user, usersession, nav: 9 of them
        response = client.get(reverse("credentials:mine"))

    assert response.content.decode().count("Download the certificate (PDF)") == 3


def test_the_pdf_is_a_pdf_attachment(client, certificate):
    IssuerProfileFactory(organisation=certificate.organisation,
                         signature=SimpleUploadedFile("signature.png", PNG))
    client.force_login(certificate.enrolment.user)

    response = client.get(learner_pages(certificate)[0])

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")


def test_the_linkedin_link_names_the_certification(certificate):
    url = linkedin_url(certificate)

    assert "name=Citizen+panels" in url
    assert f"certId={certificate.public_id}" in url
    assert f"issueYear={certificate.issued_at.year}" in url
    assert "organizationName=" in url


# --- Public verification --------------------------------------------------------------------


def test_the_verification_page_shows_every_fact_and_says_valid(client, certificate):
    response = client.get(reverse("credentials:verify", args=[certificate.public_id]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in content
    for fact in ("Lena Learner", "Citizen panels", "Basic", "1.5",
                 certificate.issuer_name):
        assert fact in content


def test_the_verification_page_says_revoked_with_reason(client, certificate, organiser):
    issuing.revoke_certificate(certificate, actor=organiser, reason="Issued in error")

    content = client.get(
        reverse("credentials:verify", args=[certificate.public_id])
    ).content.decode()

    assert "Revoked" in content
    assert "Issued in error" in content


def test_an_unknown_certificate_is_a_404_saying_unknown(client, db):
    response = client.get(reverse("credentials:verify", args=["0" * 32]))

    assert response.status_code == 404
    assert "Unknown" in response.content.decode()


def test_the_api_says_valid_with_the_signature_check(client, certificate):
    response = client.get(f"/api/v1/credentials/{certificate.public_id}/verify")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "valid"
    assert body["signature"] == {
        "valid": True, "kid": certificate.kid, "reason": body["signature"]["reason"]
    }
    assert body["certificate"]["learner_name"] == "Lena Learner"


def test_the_api_says_revoked(client, certificate, organiser):
    issuing.revoke_certificate(certificate, actor=organiser, reason="Issued in error")

    body = client.get(f"/api/v1/credentials/{certificate.public_id}/verify").json()

    assert body["status"] == "revoked"
    assert body["revocation_reason"] == "Issued in error"
    assert body["signature"]["valid"] is True


def test_the_api_says_unknown(client, db):
    response = client.get("/api/v1/credentials/nothing-here/verify")

    assert response.status_code == 404
    assert response.json()["status"] == "unknown"


def test_the_file_check_says_valid_for_a_pasted_token(client, certificate):
    response = client.post(reverse("credentials:verify_file"),
                           {"credential": certificate.credential_jwt})

    assert "Valid" in response.content.decode()


def test_the_file_check_reads_an_uploaded_file(client, certificate):
    upload = SimpleUploadedFile("credential.jwt", certificate.credential_jwt.encode())

    response = client.post(reverse("credentials:verify_file"), {"file": upload})

    assert "Valid" in response.content.decode()


def test_the_file_check_says_why_a_pasted_token_is_invalid(client, certificate):
    header, payload, signature = certificate.credential_jwt.split(".")
    tampered = f"{header}.{payload[:-4]}AAAA.{signature}"

    content = client.post(reverse("credentials:verify_file"),
                          {"credential": tampered}).content.decode()

    assert "Not valid" in content


def test_the_file_check_asks_for_something(client, db):
    response = client.post(reverse("credentials:verify_file"), {"credential": "  "})

    assert "Paste a credential or upload its file." in response.content.decode()


# --- Organisers -----------------------------------------------------------------------------


def test_an_organiser_revokes_with_a_reason(client, certificate, organiser):
    client.force_login(organiser)

    response = client.post(reverse("credentials:revoke", args=[certificate.public_id]),
                           {"reason": "Issued in error"})

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Issued in error"
    assert certificate.events.get(action="revoked").actor == organiser


def test_revoking_without_a_reason_is_refused(client, certificate, organiser):
    client.force_login(organiser)

    response = client.post(reverse("credentials:revoke", args=[certificate.public_id]),
                           {"reason": ""})

    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_an_organiser_issues_by_hand_with_a_reason(client, certificate, organiser):
    enrolment = EnrolmentFactory(cohort=certificate.enrolment.cohort, user__full_name="Ben Bold")
    client.force_login(organiser)

    response = client.post(
        reverse("credentials:issue", args=[enrolment.cohort.slug, enrolment.pk]),
        {"reason": "Attended on paper"},
    )

    assert response.status_code == 302
    issued = Certificate.objects.get(enrolment=enrolment)
    assert issued.events.get().reason == "Attended on paper"


def test_the_cohort_list_takes_a_bounded_number_of_queries(
    client, certificate, organiser, django_assert_max_num_queries
):
    cohort = certificate.enrolment.cohort
    for _ in range(5):
        completed_enrolment(cohort=cohort)
    client.force_login(organiser)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("credentials:manage_cohort", args=[cohort.slug]))

    assert response.content.decode().count("Verification page") == 6


def test_the_issuer_profile_takes_a_png_signature(client, certificate, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("credentials:issuer_settings", args=[certificate.organisation.slug]),
        {"signatory_name": "Greta Signer", "signatory_title": "Director",
         "signature": SimpleUploadedFile("signature.png", PNG)},
    )

    assert response.status_code == 302
    profile = IssuerProfile.objects.get(organisation=certificate.organisation)
    assert profile.signatory_name == "Greta Signer"
    assert profile.signature.name.endswith(".png")


def test_the_issuer_profile_names_the_current_signature_without_a_link_to_media(
    client, certificate, organiser, settings, tmp_path
):
    # Found by scripts/crawl-demo: Django's file widget linked to /media/…, which Agora does
    # not serve (uploads are private), so the organiser's "Currently" link was a 404.
    settings.MEDIA_ROOT = tmp_path
    profile = IssuerProfileFactory(organisation=certificate.organisation)
    profile.signature.save("signature.png", SimpleUploadedFile("signature.png", PNG))
    client.force_login(organiser)

    page = client.get(
        reverse("credentials:issuer_settings", args=[certificate.organisation.slug])
    ).content.decode()

    assert profile.signature.name in page
    assert f'href="{profile.signature.url}"' not in page
    assert 'name="signature-clear"' in page  # it may still be removed


def test_the_issuer_profile_refuses_a_file_that_is_not_an_image(client, certificate, organiser):
    client.force_login(organiser)

    response = client.post(
        reverse("credentials:issuer_settings", args=[certificate.organisation.slug]),
        {"signatory_name": "Greta Signer", "signatory_title": "Director",
         "signature": SimpleUploadedFile("signature.png", b"<svg>not a png</svg>")},
    )

    assert response.status_code == 200
    assert "Upload a PNG or JPEG image." in response.content.decode()
    assert 'value="Greta Signer"' in response.content.decode()  # what was typed is kept
    assert not IssuerProfile.objects.filter(organisation=certificate.organisation).exists()


def test_the_issuer_profile_refuses_a_large_image(client, certificate, organiser):
    client.force_login(organiser)
    big = PNG + b"\0" * (1024 * 1024)

    response = client.post(
        reverse("credentials:issuer_settings", args=[certificate.organisation.slug]),
        {"signature": SimpleUploadedFile("signature.png", big)},
    )

    assert "The image is larger than 1 MB." in response.content.decode()


def test_the_rotate_button_makes_a_new_key(client, certificate, organiser):
    client.force_login(organiser)

    client.post(reverse("credentials:rotate", args=[certificate.organisation.slug]))

    keys = SigningKey.objects.filter(organisation=certificate.organisation)
    assert keys.count() == 2
    assert keys.filter(retired_at=None).get().kid != certificate.kid


def test_manage_index_lists_my_cohorts(client, certificate, organiser):
    client.force_login(organiser)

    content = client.get(reverse("credentials:manage")).content.decode()

    assert reverse("credentials:manage_cohort", args=[certificate.enrolment.cohort.slug]) in content


def test_an_enrolment_that_is_not_confirmed_cannot_be_certified(client, certificate, organiser):
    pending = enrolment_in(certificate.enrolment.cohort.programme,
                           cohort=certificate.enrolment.cohort, status="waitlisted")
    client.force_login(organiser)

    response = client.post(
        reverse("credentials:issue", args=[pending.cohort.slug, pending.pk]), {"reason": "x"}
    )

    assert response.status_code == 404


def test_a_stored_credential_changed_in_the_database_is_reported_invalid(client, certificate):
    header, payload, signature = certificate.credential_jwt.split(".")
    Certificate.objects.filter(pk=certificate.pk).update(
        credential_jwt=f"{header}.{payload[:-4]}AAAA.{signature}"
    )

    api = client.get(f"/api/v1/credentials/{certificate.public_id}/verify").json()
    page = client.get(reverse("credentials:verify", args=[certificate.public_id]))

    assert (api["status"], api["signature"]["valid"]) == ("invalid", False)
    assert "Not valid" in page.content.decode()
