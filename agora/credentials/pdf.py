"""The printable certificate: one A4 landscape page (fpdf2) in the learner's language, with the
issuer's signature image and a QR code to the public verification page."""

from __future__ import annotations

import contextlib
import io

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from agora.credentials import badges
from agora.credentials.models import Certificate, IssuerProfile
from agora.delivery.invoices import FONT_CANDIDATES

BOLD_CANDIDATES = [path.with_name(path.stem + "-Bold.ttf") for path in FONT_CANDIDATES]
INK = (20, 40, 70)
MUTED = (90, 90, 90)


class _CertificatePage(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.family = "Helvetica"
        for regular, bold in zip(FONT_CANDIDATES, BOLD_CANDIDATES, strict=True):
            if regular.exists():
                self.add_font("AgoraSans", "", str(regular))
                self.add_font("AgoraSans", "B", str(bold if bold.exists() else regular))
                self.family = "AgoraSans"
                break
        self.set_auto_page_break(auto=False)
        self.set_margins(25, 20, 25)
        self.add_page()

    def safe(self, text: str) -> str:
        if self.family == "Helvetica":
            return text.encode("latin-1", "replace").decode("latin-1")
        return text

    def centred(self, text: str, size: float, *, bold: bool = False, colour=INK,
                gap: float = 2) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, self.safe(text), align="C", new_x="LMARGIN",
                        new_y="NEXT")
        self.ln(gap)


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=1)
    buffer.seek(0)
    return buffer


def _signature_image(certificate: Certificate) -> io.BytesIO | None:
    profile = IssuerProfile.objects.filter(organisation_id=certificate.organisation_id).first()
    if profile is None or not profile.signature:
        return None
    try:
        with profile.signature.open("rb") as image:
            return io.BytesIO(image.read())
    except OSError:  # the file went missing: print the certificate without it
        return None


# Where the signature and QR code start (mm from the top); the text must end above it.
SIGNATURE_TOP = 210 - 58
TEXT_LIMIT = SIGNATURE_TOP - 8
# Long titles and module lists are set smaller until the text fits above the signature.
SCALES = (1.0, 0.85, 0.72, 0.6)


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF bytes."""
    with translation.override(certificate.language):
        for scale in SCALES:
            pdf = _CertificatePage()
            if _write_text(pdf, certificate, scale) <= TEXT_LIMIT:
                break
        _write_signature_and_qr(pdf, certificate)
    return bytes(pdf.output())


def _write_text(pdf: _CertificatePage, certificate: Certificate, scale: float) -> float:
    """The certificate's statements, centred; returns where the text ends."""
    pdf.set_title(pdf.safe(_("Certificate: %(programme)s")
                           % {"programme": certificate.programme_title}))
    pdf.set_author(pdf.safe(certificate.issuer_name))
    pdf.set_lang(certificate.language)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)

    pdf.set_y(24)
    pdf.centred(certificate.issuer_name, 14 * scale, colour=MUTED, gap=4 * scale)
    pdf.centred(_("Certificate of completion"), 30 * scale, bold=True, gap=6 * scale)
    pdf.centred(_("This certifies that"), 13 * scale, colour=MUTED)
    pdf.centred(certificate.learner_name, 26 * scale, bold=True, gap=4 * scale)
    pdf.centred(_("has completed"), 13 * scale, colour=MUTED)
    pdf.centred(certificate.programme_title, 20 * scale, bold=True, gap=3 * scale)
    if certificate.level_title:
        pdf.centred(_("Level: %(level)s") % {"level": certificate.level_title}, 12 * scale)
    if certificate.module_titles:
        pdf.centred(_("Modules: %(modules)s")
                    % {"modules": ", ".join(certificate.module_titles)}, 11 * scale)
    hours = formats.number_format(certificate.hours, decimal_pos=1, use_l10n=True)
    pdf.centred(_("%(hours)s hours of learning, completed on %(date)s") % {
        "hours": hours,
        "date": formats.date_format(certificate.completed_on, "DATE_FORMAT"),
    }, 12 * scale)
    return pdf.get_y()


def _write_signature_and_qr(pdf: _CertificatePage, certificate: Certificate) -> None:
    verify_url = badges.verify_page_url(certificate.public_id)
    bottom = SIGNATURE_TOP
    # The signature belongs to the signatory named at issue time: without one, the
    # organisation alone signs, and no image is printed.
    if certificate.signatory_name:
        signature = _signature_image(certificate)
        if signature is not None:
            # A broken image file: print the certificate without it.
            with contextlib.suppress(OSError, SyntaxError, ValueError):
                pdf.image(signature, x=35, y=bottom, h=18, keep_aspect_ratio=True, w=60)
    pdf.set_draw_color(*MUTED)
    pdf.line(35, bottom + 20, 115, bottom + 20)
    pdf.set_xy(35, bottom + 22)
    pdf.set_font(pdf.family, "B", 11)
    pdf.set_text_color(*INK)
    pdf.cell(80, 6, pdf.safe(certificate.signatory_name or certificate.issuer_name),
             new_x="LEFT", new_y="NEXT")
    pdf.set_font(pdf.family, "", 10)
    pdf.set_text_color(*MUTED)
    if certificate.signatory_name:
        if certificate.signatory_title:
            pdf.cell(80, 5, pdf.safe(certificate.signatory_title), new_x="LEFT", new_y="NEXT")
        pdf.cell(80, 5, pdf.safe(certificate.issuer_name), new_x="LEFT", new_y="NEXT")

    size = 34
    qr_x = pdf.w - 35 - size
    pdf.image(_qr_png(verify_url), x=qr_x, y=bottom - 6, w=size, h=size)
    pdf.set_xy(qr_x - 100, bottom + size - 4)
    pdf.set_font(pdf.family, "", 8)
    pdf.multi_cell(size + 100, 4, pdf.safe(
        _("Check this certificate: %(url)s") % {"url": verify_url}), align="R")


def certificate_filename(certificate: Certificate) -> str:
    return f"certificate-{certificate.public_id}.pdf"
