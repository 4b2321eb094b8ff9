"""Uploads are recognised by their content and their name together."""

import io
import zipfile

from agora.assignments.filetypes import content_kind, recognise
from tests.factories_assignments import EXE_BYTES, PDF_BYTES, PNG_BYTES


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def open_document(mimetype: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<xml/>")
    return buffer.getvalue()


def test_a_pdf_is_recognised_by_its_first_bytes():
    assert recognise(io.BytesIO(PDF_BYTES), "plan.PDF", ["pdf"]) == "pdf"


def test_a_program_renamed_to_pdf_is_refused():
    assert recognise(io.BytesIO(EXE_BYTES), "plan.pdf", ["pdf"]) is None


def test_a_png_named_pdf_is_refused():
    assert recognise(io.BytesIO(PNG_BYTES), "plan.pdf", ["pdf", "png"]) is None


def test_a_kind_not_allowed_is_refused():
    assert recognise(io.BytesIO(PNG_BYTES), "photo.png", ["pdf"]) is None


def test_word_documents_are_told_from_other_zip_archives():
    assert content_kind(io.BytesIO(office_file("word/document.xml"))) == "docx"
    assert content_kind(io.BytesIO(office_file("anything.txt"))) is None


def test_open_documents_name_their_type():
    odt = open_document("application/vnd.oasis.opendocument.text")
    assert recognise(io.BytesIO(odt), "plan.odt", ["odt"]) == "odt"


def test_the_stream_is_left_at_its_start():
    stream = io.BytesIO(PDF_BYTES)
    content_kind(stream)
    assert stream.read(5) == b"%PDF-"
