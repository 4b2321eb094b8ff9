"""Invoice PDFs and the bank account learners pay into."""

import datetime
from decimal import Decimal

import pytest

from agora.delivery import invoices
from agora.delivery.models import Cohort
from agora.delivery.registration import register
from tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

BILLING = {
    "billing_name": "Urząd Miasta Łodzi",
    "billing_address": "ul. Piotrkowska 104, 90-926 Łódź",
    "billing_reference": "PL7250018912",
}


def paid_enrolment(user, language="en", **cohort_fields):
    programme = ProgrammeFactory(languages=["en", "fr", "pl"],
                                 title={"en": "Deliberation", "fr": "Délibération"},
                                 organisation__name="Institut de la participation")
    cohort = CohortFactory(
        programme=programme, languages=["en", "fr", "pl", "de"], fee=Decimal("1250.50"),
        mode=Cohort.Mode.IN_PERSON, starts_on=datetime.date(2027, 5, 10),
        ends_on=datetime.date(2027, 5, 14), **cohort_fields,
    )
    return register(user, cohort, language=language, answers=BILLING)


def text_of(enrolment) -> str:
    return "\n".join(text for text, _size in invoices.invoice_lines(enrolment))


def test_the_invoice_holds_what_a_bank_transfer_needs(user, settings):
    settings.AGORA_BANK_ACCOUNT = {
        "holder": "Institut", "iban": "FR76 3000 6000 0112 3456 7890 189", "bic": "AGRIFRPP"
    }
    enrolment = paid_enrolment(user)
    text = text_of(enrolment)
    assert "Institut de la participation" in text  # the issuer
    assert BILLING["billing_name"] in text and BILLING["billing_address"] in text
    assert "PL7250018912" in text
    assert "Deliberation" in text
    assert "1,250.50 EUR" in text
    assert enrolment.payment_reference in text
    assert "FR76 3000 6000 0112 3456 7890 189" in text and "AGRIFRPP" in text
    assert "Due date:" in text


def test_the_invoice_is_in_the_learners_language(user):
    enrolment = paid_enrolment(user, language="fr")
    assert invoices.invoice_language(enrolment) == "fr"
    text = text_of(enrolment)
    assert "Délibération" in text
    assert "10 mai 2027" in text  # French dates


def test_a_content_language_without_a_ui_translation_falls_back(user):
    user.preferred_language = "da"  # German is a content language, not (yet) a UI one
    enrolment = paid_enrolment(user, language="de")
    assert invoices.invoice_language(enrolment) == "da"


def test_the_pdf_is_a_pdf_and_prints_any_eu_letter(user):
    pdf = invoices.invoice_pdf(paid_enrolment(user))
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


def test_the_bank_account_has_a_default_and_follows_settings(settings):
    del settings.AGORA_BANK_ACCOUNT
    assert invoices.bank_account()["iban"]
    settings.AGORA_BANK_ACCOUNT = {"iban": "DE89 3704 0044 0532 0130 00"}
    account = invoices.bank_account()
    assert account["iban"] == "DE89 3704 0044 0532 0130 00"
    assert account["bic"]  # the rest from the default


def test_without_a_unicode_font_the_pdf_is_still_made(user, monkeypatch):
    monkeypatch.setattr(invoices, "FONT_CANDIDATES", [])
    pdf = invoices.invoice_pdf(paid_enrolment(user))  # "Łódź" cannot print in Helvetica
    assert pdf.startswith(b"%PDF-")
