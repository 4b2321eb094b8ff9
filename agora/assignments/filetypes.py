"""What kind of file an upload is, recognised by its content, not by its name.

Pure: no Django. A file is accepted as a kind only when its first bytes (and, for the office
formats, which are ZIP archives, the archive's contents) match that kind *and* its name ends
with one of the kind's extensions, so a program renamed ``essay.pdf`` is refused.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileKind:
    name: str
    label: str  # shown to people; a format's name is the same in every language
    extensions: frozenset[str]
    content_type: str


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in [
        FileKind("pdf", "PDF", frozenset({"pdf"}), "application/pdf"),
        FileKind("jpg", "JPEG", frozenset({"jpg", "jpeg"}), "image/jpeg"),
        FileKind("png", "PNG", frozenset({"png"}), "image/png"),
        FileKind(
            "docx", "Word (DOCX)", frozenset({"docx"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        FileKind(
            "xlsx", "Excel (XLSX)", frozenset({"xlsx"}),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FileKind(
            "pptx", "PowerPoint (PPTX)", frozenset({"pptx"}),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        FileKind("odt", "OpenDocument text (ODT)", frozenset({"odt"}),
                 "application/vnd.oasis.opendocument.text"),
        FileKind("ods", "OpenDocument spreadsheet (ODS)", frozenset({"ods"}),
                 "application/vnd.oasis.opendocument.spreadsheet"),
        FileKind("odp", "OpenDocument presentation (ODP)", frozenset({"odp"}),
                 "application/vnd.oasis.opendocument.presentation"),
    ]
}

_SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}
_ZIP_SIGNATURE = b"PK\x03\x04"
# An Office Open XML archive holds this part; an OpenDocument one names its type in "mimetype".
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx",
                "ppt/presentation.xml": "pptx"}
_ODF_TYPES = {KINDS[name].content_type: name for name in ("odt", "ods", "odp")}


def extension_of(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _zip_kind(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return _ODF_TYPES.get(declared)
            return next((kind for part, kind in _OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None


def content_kind(stream: BinaryIO) -> str | None:
    """The kind the bytes of ``stream`` are, or None; leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    kind = next((kind for sig, kind in _SIGNATURES.items() if head.startswith(sig)), None)
    if kind is None and head.startswith(_ZIP_SIGNATURE):
        kind = _zip_kind(stream)
        stream.seek(0)
    return kind


def recognise(stream: BinaryIO, filename: str, allowed: list[str]) -> str | None:
    """The allowed kind that both the content and the name of the file say it is, else None."""
    kind = content_kind(stream)
    if kind is None or kind not in allowed:
        return None
    return kind if extension_of(filename) in KINDS[kind].extensions else None
