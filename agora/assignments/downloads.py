"""Handing out a file learners handed in (assignments and capstones), from private storage.

The views find the file through their app's ``access`` (who may open what); this only turns
the row into a safe response.
"""

from __future__ import annotations

from typing import Protocol

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename

from agora.assignments.filetypes import KINDS


class StoredFile(Protocol):
    file: FieldFile
    original_name: str
    kind: str


def attachment_response(stored: StoredFile) -> FileResponse:
    """The file as a download under its original (cleaned) name; 404 when storage lost it."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = KINDS.get(stored.kind)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=get_valid_filename(stored.original_name) or "file",
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    # Whatever the file holds, a browser opening it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
