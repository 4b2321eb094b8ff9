"""Enrolment lists as CSV and XLSX for organisers, and the streaming of long CSV files
(gradebooks, survey answers) that other apps build row by row.

Every text cell that a spreadsheet could read as a formula (starting with = + - @, a tab or a
carriage return) is prefixed with an apostrophe, in both formats, so a learner's answer such as
``=HYPERLINK(…)`` stays text (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable, Iterator
from itertools import islice
from typing import Any

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.delivery.models import Enrolment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """``value`` made safe for a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


STREAM_BATCH = 500  # lines sent at a time to an ASGI server


class EchoFile:
    """A file for ``csv.writer`` that hands each written row back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def csv_download(
    request: HttpRequest, lines: Iterator[str], filename: str
) -> StreamingHttpResponse:
    """A CSV attachment sent as ``lines`` are made, so memory does not grow with the file."""
    response = StreamingHttpResponse(
        _in_request_thread(lines) if isinstance(request, ASGIRequest) else lines,
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


async def _in_request_thread(lines: Iterator[str]) -> AsyncIterator[str]:
    """The lines for an ASGI server, a batch at a time. Given a plain iterator, Django's ASGI
    handler reads it whole into memory before sending anything (``StreamingHttpResponse.
    __aiter__``). Each batch is made in the request's own thread, where its database
    connection and open cursor live."""
    take = sync_to_async(lambda: "".join(islice(lines, STREAM_BATCH)))
    try:
        while batch := await take():
            yield batch
    finally:
        close = getattr(lines, "close", None)
        if close is not None:  # a client that left: close the cursor
            await sync_to_async(close)()


def header() -> list[str]:
    return [
        _("Name"),
        _("E-mail"),
        _("Status"),
        _("Stream"),
        _("Language"),
        _("Organisation"),
        _("Registered"),
        _("Payment reference"),
        _("Paid"),
    ]


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def row(enrolment: Enrolment) -> list[Any]:
    return [
        enrolment.user.full_name,
        enrolment.user.email,
        enrolment.get_status_display(),
        str(enrolment.stream) if enrolment.stream else "",
        enrolment.language,
        str(enrolment.answers.get("organisation", "")) if enrolment.answers else "",
        _moment(enrolment.created_at),
        enrolment.payment_reference or "",
        _moment(enrolment.paid_at),
    ]


def rows(enrolments: Iterable[Enrolment]) -> Iterable[list[Any]]:
    yield header()
    for enrolment in enrolments:
        yield [escape_cell(value) for value in row(enrolment)]


def to_csv(enrolments: Iterable[Enrolment]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(rows(enrolments))
    return out.getvalue()


def to_xlsx(enrolments: Iterable[Enrolment]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Enrolments"))
    for values in rows(enrolments):
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
