"""Invoices for paid cohorts: the bank account learners pay into and the invoice PDF (fpdf2).

The PDF is written in the learner's language (the enrolment's UI language if Agora has it,
else the site's), with a TrueType font so every EU language's letters print.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from agora.delivery.models import Enrolment

# Used when settings have no AGORA_BANK_ACCOUNT: a clearly fictitious account for the demo.
DEFAULT_BANK_ACCOUNT = {
    "holder": "Agora demo training institute",
    "iban": "BE71 0961 2345 6769",
    "bic": "GKCCBEBB",
    "bank": "Demo Bank",
}
# Unicode fonts tried in order; Helvetica (Latin-1 only) if none is installed.
FONT_CANDIDATES = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
]


def bank_account() -> dict[str, str]:
    """Where learners pay: ``settings.AGORA_BANK_ACCOUNT`` (holder, iban, bic, bank)."""
    configured = getattr(settings, "AGORA_BANK_ACCOUNT", None) or {}
    return {**DEFAULT_BANK_ACCOUNT, **configured}


def invoice_language(enrolment: Enrolment) -> str:
    ui_languages = {code for code, _name in settings.LANGUAGES}
    for code in (enrolment.language, enrolment.user.preferred_language):
        if code in ui_languages:
            return code
    return settings.LANGUAGE_CODE


def amount_text(enrolment: Enrolment) -> str:
    cohort = enrolment.cohort
    return f"{formats.number_format(cohort.fee, 2, use_l10n=True, force_grouping=True)} " \
        f"{cohort.currency}"


def due_date(enrolment: Enrolment) -> datetime | None:
    if enrolment.payment_due_at is None:
        return None
    return timezone.localtime(enrolment.payment_due_at, enrolment.cohort.zone)


def invoice_filename(enrolment: Enrolment) -> str:
    return f"invoice-{enrolment.payment_reference or enrolment.pk}.pdf"


class _Invoice(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.family = "Helvetica"
        for candidate in FONT_CANDIDATES:
            if candidate.exists():
                self.add_font("AgoraSans", "", str(candidate))
                self.family = "AgoraSans"
                break
        self.set_auto_page_break(auto=True, margin=20)
        self.add_page()
        self.set_margins(20, 20, 20)
        self.set_xy(20, 20)

    def text_safe(self, text: str) -> str:
        if self.family == "Helvetica":
            return text.encode("latin-1", "replace").decode("latin-1")
        return text

    def line_of(self, text: str, size: int = 10, height: float = 6) -> None:
        self.set_font(self.family, size=size)
        self.multi_cell(0, height, self.text_safe(text), new_x="LMARGIN", new_y="NEXT")

    def gap(self, height: float = 4) -> None:
        self.ln(height)


def invoice_lines(enrolment: Enrolment) -> list[tuple[str, int]]:
    """The invoice's text, line by line with its font size, in the learner's language."""
    cohort = enrolment.cohort
    programme = cohort.programme
    answers = enrolment.answers or {}
    bank = bank_account()
    reference = enrolment.payment_reference or ""
    with translation.override(invoice_language(enrolment)):
        lines: list[tuple[str, int]] = [
            (_("Invoice"), 20),
            (programme.organisation.name, 12),
            ("", 0),
            (_("Invoice number and payment reference: %(reference)s") % {"reference": reference},
             10),
            (_("Date: %(date)s") % {"date": formats.date_format(
                timezone.localtime(timezone.now(), cohort.zone).date(), "DATE_FORMAT")}, 10),
        ]
        due = due_date(enrolment)
        if due:
            lines.append((_("Due date: %(date)s") % {
                "date": formats.date_format(due.date(), "DATE_FORMAT")}, 10))
        lines += [
            ("", 0),
            (_("Billed to"), 12),
            (answers.get("billing_name") or enrolment.user.full_name or enrolment.user.email, 10),
        ]
        if answers.get("billing_address"):
            lines.append((answers["billing_address"], 10))
        if answers.get("billing_reference"):
            lines.append((_("VAT or purchase order number: %(number)s")
                          % {"number": answers["billing_reference"]}, 10))
        lines += [
            ("", 0),
            (_("For"), 12),
            (_("Participation in %(programme)s, cohort %(cohort)s") % {
                "programme": programme.tr.title, "cohort": cohort.name}, 10),
            (_("From %(start)s to %(end)s") % {
                "start": formats.date_format(cohort.starts_on, "DATE_FORMAT"),
                "end": formats.date_format(cohort.ends_on, "DATE_FORMAT")}, 10),
            ("", 0),
            (_("Amount due: %(amount)s") % {"amount": amount_text(enrolment)}, 14),
            ("", 0),
            (_("Pay by bank transfer"), 12),
            (_("Account holder: %(holder)s") % {"holder": bank["holder"]}, 10),
            (_("IBAN: %(iban)s") % {"iban": bank["iban"]}, 10),
            (_("BIC: %(bic)s") % {"bic": bank["bic"]}, 10),
        ]
        if bank.get("bank"):
            lines.append((_("Bank: %(bank)s") % {"bank": bank["bank"]}, 10))
        lines.append((_("Payment reference (please quote it): %(reference)s")
                      % {"reference": reference}, 10))
    return lines


def invoice_pdf(enrolment: Enrolment) -> bytes:
    """The invoice of one enrolment in a paid cohort, as PDF bytes."""
    language = invoice_language(enrolment)
    with translation.override(language):
        title = _("Invoice %(reference)s") % {"reference": enrolment.payment_reference}
    pdf = _Invoice()
    pdf.set_title(pdf.text_safe(title))
    pdf.set_author(pdf.text_safe(enrolment.cohort.programme.organisation.name))
    pdf.set_lang(language)
    for text, size in invoice_lines(enrolment):
        if not size:
            pdf.gap()
        else:
            pdf.line_of(text, size=size, height=size * 0.5 + 1)
    return bytes(pdf.output())
