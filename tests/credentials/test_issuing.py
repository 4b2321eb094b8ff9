"""Issuing certificates: on completion when the programme offers one, by organisers with a
reason, once per enrolment, stating the facts of the day it was issued."""

from decimal import Decimal

import pytest

from agora.credentials import issuing
from agora.credentials.models import Certificate, CertificateEvent, SigningKey
from agora.learning import progress
from tests.factories import UserFactory
from tests.factories_credentials import (
    certificate_programme,
    completed_enrolment,
    enrolment_in,
    organiser_of,
)

pytestmark = pytest.mark.django_db


def test_completing_an_enrolment_issues_its_certificate():
    enrolment = completed_enrolment(user__full_name="Lena Learner")

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.learner_name == "Lena Learner"
    assert certificate.programme_title == "Citizen panels"
    assert certificate.level_title == "Basic"
    assert certificate.completed_on == enrolment.completed_at.date()


def test_the_completion_handler_is_registered():
    assert "agora.credentials.issuing.issue_on_completion" in progress.COMPLETION_HANDLERS


def test_no_certificate_when_the_programme_offers_none():
    enrolment = completed_enrolment(certificate_programme(certificate_offered=False))

    assert enrolment.completed_at is not None
    assert not Certificate.objects.filter(enrolment=enrolment).exists()


def test_hours_are_the_estimated_time_of_the_covered_activities():
    enrolment = completed_enrolment()  # 30 + 45 minutes

    assert enrolment.certificate.hours == Decimal("1.5")


def test_issuing_twice_keeps_one_certificate():
    enrolment = completed_enrolment()
    organiser = organiser_of(enrolment.cohort.programme.organisation)

    again = issuing.issue_certificate(enrolment, actor=organiser, reason="Lost it")

    assert again.pk == enrolment.certificate.pk
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1
    assert CertificateEvent.objects.filter(certificate=again).count() == 1


def test_an_organiser_issues_by_hand_and_the_log_says_who_and_why():
    enrolment = enrolment_in(certificate_programme(certificate_offered=False))
    organiser = organiser_of(enrolment.cohort.programme.organisation)

    certificate = issuing.issue_certificate(
        enrolment, actor=organiser, reason="Completed the in-person days on paper"
    )

    event = certificate.events.get()
    assert (event.action, event.actor, event.reason) == (
        "issued", organiser, "Completed the in-person days on paper"
    )


def test_revoking_records_the_reason_and_date_once():
    certificate = completed_enrolment().certificate
    organiser = organiser_of(certificate.organisation)

    issuing.revoke_certificate(certificate, actor=organiser, reason="Plagiarised capstone")
    issuing.revoke_certificate(certificate, actor=organiser, reason="Second click")

    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert certificate.revocation_reason == "Plagiarised capstone"
    assert certificate.events.filter(action="revoked").count() == 1


def test_editing_the_programme_later_does_not_change_an_issued_certificate():
    enrolment = completed_enrolment()
    programme = enrolment.cohort.programme
    credential = dict(enrolment.certificate.credential)

    programme.title = {"en": "Renamed programme"}
    programme.save()
    enrolment.user.full_name = "Someone Else"
    enrolment.user.save()

    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.programme_title == "Citizen panels"
    assert certificate.learner_name != "Someone Else"
    assert certificate.credential == credential


def test_the_certificate_is_in_the_enrolment_language():
    learner = UserFactory(preferred_language="en")
    enrolment = completed_enrolment(user=learner, language="fr")

    certificate = enrolment.certificate
    assert certificate.language == "fr"
    assert certificate.programme_title == "Panels citoyens"
    assert certificate.level_title == "Base"


def test_chosen_modules_are_listed():
    programme = certificate_programme()
    module = programme.levels.get().modules.get()
    enrolment = enrolment_in(programme)
    enrolment.modules.add(module)

    certificate = issuing.issue_certificate(enrolment)

    assert certificate.module_titles == ["Recruiting by lot"]


def test_a_signing_key_is_created_on_first_use_and_reused():
    first = completed_enrolment()
    organisation = first.cohort.programme.organisation
    second = completed_enrolment(first.cohort.programme)

    assert SigningKey.objects.filter(organisation=organisation).count() == 1
    assert first.certificate.kid == second.certificate.kid


def test_the_private_key_is_not_stored_in_clear():
    certificate = completed_enrolment().certificate
    key = SigningKey.objects.get(kid=certificate.kid)

    assert b"PRIVATE KEY" not in bytes(key.private_key)
    assert "d" not in key.public_jwk  # the public half only


def test_a_learner_without_a_name_is_not_shown_by_e_mail_address():
    learner = UserFactory(full_name="", email="ada.lovelace@example.org")

    certificate = completed_enrolment(user=learner).certificate

    assert certificate.learner_name == "ada.lovelace"


def test_the_pdf_prints_names_in_any_eu_script():
    from agora.credentials.pdf import certificate_pdf

    learner = UserFactory(full_name="Łucja Wąsowska-Δημητρίου")
    certificate = completed_enrolment(user=learner, language="fr").certificate

    assert certificate_pdf(certificate).startswith(b"%PDF-")


def test_a_long_title_and_many_modules_fit_above_the_signature():
    from agora.credentials import pdf

    certificate = completed_enrolment().certificate
    certificate.programme_title = "Co-creation and deliberation for public administrations: " * 2
    certificate.module_titles = [f"Module {n}: designing citizen panels" for n in range(8)]

    ends = [pdf._write_text(pdf._CertificatePage(), certificate, scale) for scale in pdf.SCALES]

    assert ends[0] > pdf.TEXT_LIMIT  # too long at full size…
    assert min(ends) <= pdf.TEXT_LIMIT  # …but set smaller, it fits
    assert pdf.certificate_pdf(certificate).startswith(b"%PDF-")
