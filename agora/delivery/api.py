"""JSON API for cohorts: /api/v1/cohorts, /api/v1/cohorts/{id}, /api/v1/me/enrolments.

The router is mounted, beside the catalogue's, on the one NinjaAPI in ``agora/api.py``.
Listed cohorts (open or running, of a published programme) are public; any other cohort that
is not a draft can be read by its id; drafts are 404, as if they did not exist.
``/me/enrolments`` needs a signed-in person (session cookie) and answers 401 otherwise. Texts
come in the language asked for (``?lang=``, else ``Accept-Language``), falling back to the
programme's source language. Every call runs a fixed number of queries.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from agora.catalogue.api import requested_language
from agora.catalogue.models import Programme, pick_text
from agora.delivery.models import Cohort, Enrolment, ScheduledSession

router = Router(tags=["cohorts"])
MAX_LIMIT = 100


text = pick_text  # multilingual fields of delivery rows (streams, sessions, cohort names)


# --- Schemas -----------------------------------------------------------------------------------


class CohortSummary(Schema):
    id: int
    slug: str
    programme: str = Field(description="Slug of the programme this cohort runs.")
    name: str
    starts_on: date
    ends_on: date
    languages: list[str] = Field(description="Codes of the languages the cohort runs in.")
    mode: str = Field(description="online, in_person or blended.")
    status: str = Field(description="open, running, finished or cancelled.")


class CohortList(Schema):
    count: int = Field(description="How many cohorts match, across all pages.")
    items: list[CohortSummary]


class StreamOut(Schema):
    slug: str
    name: str
    weekly_minutes: int = Field(description="Recommended minutes of work per week.")


class SessionOut(Schema):
    id: int
    parent: int | None = Field(description="The day session this block belongs to, if any.")
    kind: str = Field(description="live, day, block, excursion or self_paced.")
    title: str
    language: str = Field(description="Empty when the session is for every language.")
    starts_at: datetime = Field(description="ISO 8601, in the cohort's time zone.")
    ends_at: datetime = Field(description="ISO 8601, in the cohort's time zone.")


class CohortDetail(CohortSummary):
    language: str = Field(description="The language asked for (texts fall back per programme).")
    time_zone: str
    capacity: int | None
    fee: str
    currency: str
    streams: list[StreamOut]
    sessions: list[SessionOut]


class EnrolmentOut(Schema):
    cohort: int = Field(description="The cohort's id.")
    cohort_slug: str
    cohort_name: str
    programme: str
    status: str
    stream: str | None = Field(description="Slug of the learner's stream, if any.")
    language: str


class CohortNotFound(Schema):
    detail: str


class Unauthorized(Schema):
    detail: str


# --- Endpoints ---------------------------------------------------------------------------------


def summary(cohort: Cohort, language: str | None) -> dict:
    return {
        "id": cohort.pk,
        "slug": cohort.slug,
        "programme": cohort.programme.slug,
        "name": text(cohort.name, language, cohort.programme.source_language),
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "languages": list(cohort.languages or []),
        "mode": cohort.mode,
        "status": cohort.status,
    }


def readable_cohorts():
    """Every cohort but drafts, of published programmes."""
    return Cohort.objects.exclude(status=Cohort.Status.DRAFT).filter(
        programme__status=Programme.Status.PUBLISHED
    )


@router.get("/cohorts", response=CohortList)
def list_cohorts(
    request: HttpRequest,
    response: HttpResponse,
    lang: str | None = None,
    programme: str = "",
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    """Cohorts open for registration or running, soonest first, `limit` at a time."""
    language = requested_language(request, lang)
    cohorts = Cohort.objects.listed()
    if programme:
        cohorts = cohorts.filter(programme__slug=programme)
    count = cohorts.count()
    page = (
        cohorts.select_related("programme")
        .only(
            "slug", "name", "starts_on", "ends_on", "languages", "mode", "status",
            "programme__slug", "programme__source_language",
        )
        .order_by("starts_on", "slug")[offset : offset + limit]
    )
    if language:
        response["Content-Language"] = language
    return {"count": count, "items": [summary(cohort, language) for cohort in page]}


@router.get("/cohorts/{id}", response={200: CohortDetail, 404: CohortNotFound})
def get_cohort(
    request: HttpRequest, response: HttpResponse, id: int, lang: str | None = None  # noqa: A002
):
    """A cohort with its streams and its schedule (days, blocks, live sessions, weeks)."""
    language = requested_language(request, lang)
    cohort = (
        readable_cohorts()
        .select_related("programme")
        .prefetch_related(
            "streams",
            Prefetch(
                "sessions",
                queryset=ScheduledSession.objects.only(
                    "cohort_id", "parent_id", "kind", "title", "language", "starts_at", "ends_at"
                ),
            ),
        )
        .filter(pk=id)
        .first()
    )
    if cohort is None:  # absent, or a draft: the same answer
        return Status(404, {"detail": "Not found."})
    source = cohort.programme.source_language
    zone = cohort.zone
    if language:
        response["Content-Language"] = language
    return {
        **summary(cohort, language),
        "language": language or source,
        "time_zone": cohort.time_zone,
        "capacity": cohort.capacity,
        "fee": str(cohort.fee),
        "currency": cohort.currency,
        "streams": [
            {
                "slug": stream.slug,
                "name": text(stream.name, language, source),
                "weekly_minutes": stream.weekly_minutes,
            }
            for stream in cohort.streams.all()
        ],
        "sessions": [
            {
                "id": session.pk,
                "parent": session.parent_id,
                "kind": session.kind,
                "title": text(session.title, language, source),
                "language": session.language,
                "starts_at": timezone.localtime(session.starts_at, zone),
                "ends_at": timezone.localtime(session.ends_at, zone),
            }
            for session in cohort.sessions.all()
        ],
    }


@router.get(
    "/me/enrolments",
    response={200: list[EnrolmentOut], 401: Unauthorized},
    auth=django_auth,
    tags=["me"],
)
def my_enrolments(request: HttpRequest, response: HttpResponse, lang: str | None = None):
    """The signed-in person's own enrolments, newest cohort first."""
    language = requested_language(request, lang)
    enrolments = (
        Enrolment.objects.filter(user=request.auth)
        .select_related("cohort__programme", "stream")
        .order_by("-cohort__starts_on", "pk")
    )
    if language:
        response["Content-Language"] = language
    return [
        {
            "cohort": enrolment.cohort_id,
            "cohort_slug": enrolment.cohort.slug,
            "cohort_name": text(
                enrolment.cohort.name, language, enrolment.cohort.programme.source_language
            ),
            "programme": enrolment.cohort.programme.slug,
            "status": enrolment.status,
            "stream": enrolment.stream.slug if enrolment.stream else None,
            "language": enrolment.language,
        }
        for enrolment in enrolments
    ]
