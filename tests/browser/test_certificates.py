"""A learner who completed a course downloads the certificate (PDF) and the Open Badges
credential, and the public page says it is valid; an organiser revokes it, and the page then
says revoked, with the reason. axe checks every page."""

import json
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.factories import OrganiserFactory
from tests.factories_credentials import completed_enrolment

pytestmark = pytest.mark.browser


@pytest.fixture
def certificate(transactional_db):
    enrolment = completed_enrolment(user__full_name="Lena Learner")
    enrolment.cohort.slug = "panels-spring"
    enrolment.cohort.save()
    return enrolment.certificate


@pytest.fixture
def organiser(certificate):
    user = OrganiserFactory(organisation=certificate.organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_learner_downloads_then_organiser_revokes(
    open_visitor, live_server, certificate, organiser
):
    learner = open_visitor()
    learner.sign_in_as(certificate.enrolment.user)
    learner.visit("/certificates/")
    page = learner.page
    expect(page.get_by_role("heading", level=2, name="Citizen panels")).to_be_visible()

    pdf = download(page, page.get_by_role("link", name="Download the certificate (PDF)"))
    assert pdf.startswith(b"%PDF-")
    credential = json.loads(
        download(page, page.get_by_role("link", name="Open Badges credential (JSON)"))
    )
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    token = download(page, page.get_by_role("link", name="Signed credential (JWT)")).decode()
    assert token.count(".") == 2

    learner.follow(page.get_by_role("link", name="See the public verification page"))
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(page.get_by_text("Lena Learner")).to_be_visible()

    learner.follow(page.get_by_role("link", name="Check a credential file"))
    page.get_by_label("Signed credential (JWT) or credential JSON").fill(token)
    learner.follow(page.get_by_role("button", name="Check"))
    expect(page.get_by_role("status")).to_contain_text("Valid")

    manager = open_visitor()
    manager.sign_in_as(organiser)
    manager.visit("/certificates/manage/")
    manager.follow(manager.page.get_by_role("link", name="Citizen panels · Spring"))
    manager.follow(manager.page.get_by_role("link", name="Revoke the certificate of Lena Learner"))
    manager.follow(manager.page.get_by_role("button", name="Revoke the certificate"))
    expect(manager.page.get_by_text("This field is required.")).to_be_visible()
    manager.page.get_by_label("Reason").fill("Issued to the wrong person")
    manager.follow(manager.page.get_by_role("button", name="Revoke the certificate"))
    expect(manager.page.get_by_text("The certificate of Lena Learner is revoked.")).to_be_visible()

    learner.visit(f"/verify/{certificate.public_id}/")
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    expect(page.get_by_role("status")).to_contain_text("Issued to the wrong person")

    learner.visit("/verify/00000000000000000000000000000000/")
    expect(page.get_by_role("status")).to_contain_text("Unknown")

    learner.visit("/verify/")
    page.get_by_label("Signed credential (JWT) or credential JSON").fill(token)
    learner.follow(page.get_by_role("button", name="Check"))
    expect(page.get_by_role("status")).to_contain_text("Revoked")


def test_organiser_edits_the_issuer_profile_and_replaces_the_key(
    open_visitor, live_server, certificate, organiser
):
    manager = open_visitor()
    manager.sign_in_as(organiser)
    manager.visit(f"/certificates/manage/issuers/{certificate.organisation.slug}/")
    page = manager.page
    page.get_by_label("Name of the signatory").fill("Greta Signer")
    manager.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_text("The issuer profile is saved.")).to_be_visible()
    manager.follow(page.get_by_role("button", name="Replace the signing key"))
    expect(page.get_by_role("cell", name="In use")).to_have_count(1)
    expect(page.locator("tbody tr")).to_have_count(2)
