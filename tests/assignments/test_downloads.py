"""A handed-in file leaves as a sandboxed attachment (shared by assignments and capstones)."""

import io
from types import SimpleNamespace

import pytest
from django.http import Http404

from agora.assignments.downloads import attachment_response


class Stored:
    def __init__(self, content: bytes | None):
        self.content = content

    def open(self, mode: str):
        if self.content is None:
            raise FileNotFoundError
        return io.BytesIO(self.content)


def test_a_file_leaves_as_a_sandboxed_attachment_under_a_clean_name():
    stored = SimpleNamespace(file=Stored(b"%PDF-1.4"), original_name="my plan?.pdf", kind="pdf")
    response = attachment_response(stored)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="my_plan.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_of_an_unknown_kind_is_sent_as_bytes():
    stored = SimpleNamespace(file=Stored(b"MZ"), original_name="tool.exe", kind="exe")
    response = attachment_response(stored)
    assert response["Content-Type"] == "application/octet-stream"


def test_a_file_storage_lost_is_not_found():
    stored = SimpleNamespace(file=Stored(None), original_name="plan.pdf", kind="pdf")
    with pytest.raises(Http404):
        attachment_response(stored)
