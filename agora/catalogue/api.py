"""JSON API /api/v1/ (django-ninja; OpenAPI document at /api/v1/openapi.json).

Reads only, for now: the catalogue of published programmes and one programme's curriculum.
Anyone may read published programmes; a signed-in editor (Django session) also reads the
drafts of their organisations; anything else is 404, as if it did not exist. Texts come in the
language asked for (``?lang=``, else ``Accept-Language``), falling back to each programme's
source language. Every call runs a fixed number of queries.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from agora.catalogue import search
from agora.catalogue.models import Activity, Level, Module, Programme, Unit

router = Router(tags=["programmes"])

CONTENT_LANGUAGES = {code for code, _name in settings.CONTENT_LANGUAGES}
MAX_LIMIT = 100


def requested_language(request: HttpRequest, lang: str | None) -> str | None:
    """The content language asked for: ``lang`` if it is one, else the best of Accept-Language."""
    if lang and lang.lower() in CONTENT_LANGUAGES:
        return lang.lower()
    ranked = []
    for position, item in enumerate(request.headers.get("Accept-Language", "").split(",")):
        code, _sep, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        base = code.strip().lower().split("-")[0]
        if base in CONTENT_LANGUAGES and quality > 0:
            ranked.append((-quality, position, base))
    return min(ranked)[2] if ranked else None


def text(obj, field: str, language: str | None) -> str:
    return obj.text(field, language or obj.source_language)


def programme_url(request: HttpRequest, programme: Programme) -> str:
    return request.build_absolute_uri(programme.get_absolute_url())


# --- Schemas -----------------------------------------------------------------------------------


class ProgrammeSummary(Schema):
    slug: str
    title: str
    summary: str
    languages: list[str] = Field(description="Codes of the languages the programme is offered in.")
    format: str = Field(description="online, in_person or blended.")
    url: str = Field(description="The programme's public page.")


class ProgrammeList(Schema):
    count: int = Field(description="How many programmes match, across all pages.")
    items: list[ProgrammeSummary]


class ActivityOut(Schema):
    slug: str
    type: str = Field(description="An activity type: reading, video, quiz, …")
    title: str
    minutes: int = Field(description="Estimated time.")


class UnitOut(Schema):
    slug: str
    kind: str
    title: str
    activities: list[ActivityOut]


class ModuleOut(Schema):
    slug: str
    title: str
    summary: str
    objectives: str
    required: bool
    package: str | None = Field(description="Slug of the level's module package, if any.")
    competences: list[str]
    minutes: int
    url: str
    units: list[UnitOut]


class LevelOut(Schema):
    slug: str
    kind: str
    title: str
    summary: str
    modules: list[ModuleOut]


class ProgrammeDetail(ProgrammeSummary):
    language: str = Field(description="The language asked for (texts fall back per programme).")
    source_language: str
    status: str
    description: str
    objectives: str
    organisation: str
    audiences: list[str]
    tags: list[str]
    competences: list[str]
    fee: Decimal
    currency: str
    free: bool
    certificate: bool
    levels: list[LevelOut]


class NotFound(Schema):
    detail: str


# --- Endpoints ---------------------------------------------------------------------------------


def summary(request: HttpRequest, programme: Programme, language: str | None) -> dict:
    return {
        "slug": programme.slug,
        "title": text(programme, "title", language),
        "summary": text(programme, "summary", language),
        "languages": list(programme.languages or []),
        "format": programme.format,
        "url": programme_url(request, programme),
    }


@router.get("/programmes", response=ProgrammeList, tags=["programmes"])
def list_programmes(
    request: HttpRequest,
    response: HttpResponse,
    lang: str | None = None,
    q: str = "",
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    """Published programmes, by slug (by relevance with `q`), `limit` at a time."""
    language = requested_language(request, lang)
    programmes = search.search_programmes(Programme.objects.published(), q)
    count = programmes.count()
    page = programmes.only(
        "slug", "title", "summary", "languages", "format", "source_language"
    )[offset : offset + limit]
    if language:
        response["Content-Language"] = language
    return {"count": count, "items": [summary(request, item, language) for item in page]}


@router.get(
    "/programmes/{slug}",
    response={200: ProgrammeDetail, 404: NotFound},
    tags=["programmes"],
)
def get_programme(request: HttpRequest, response: HttpResponse, slug: str, lang: str | None = None):
    """A programme with its levels, modules, units and activities."""
    language = requested_language(request, lang)
    programme = (
        Programme.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("competences")
        .filter(slug=slug)
        .first()
    )
    if programme is None:  # absent, or a draft this caller may not see: the same answer
        return Status(404, {"detail": "Not found."})
    levels = programme.levels.prefetch_related(
        Prefetch(
            "modules",
            queryset=Module.objects.select_related("package").prefetch_related(
                "competences",
                Prefetch(
                    "units",
                    queryset=Unit.objects.prefetch_related(
                        Prefetch("activities", queryset=Activity.objects.defer("body", "media"))
                    ),
                ),
            ),
        )
    )
    if language:
        response["Content-Language"] = language
    return {
        **summary(request, programme, language),
        "language": language or programme.source_language,
        "source_language": programme.source_language,
        "status": programme.status,
        "description": text(programme, "description", language),
        "objectives": text(programme, "objectives", language),
        "organisation": programme.organisation.name,
        "audiences": list(programme.audiences or []),
        "tags": list(programme.tags or []),
        "competences": [competence.code for competence in programme.competences.all()],
        "fee": programme.fee,
        "currency": programme.currency,
        "free": programme.is_free,
        "certificate": programme.certificate_offered,
        "levels": [level_out(request, level, language) for level in levels],
    }


def level_out(request: HttpRequest, level: Level, language: str | None) -> dict:
    return {
        "slug": level.slug,
        "kind": level.kind,
        "title": text(level, "title", language),
        "summary": text(level, "summary", language),
        "modules": [module_out(request, module, language) for module in level.modules.all()],
    }


def module_out(request: HttpRequest, module: Module, language: str | None) -> dict:
    units = [
        {
            "slug": unit.slug,
            "kind": unit.kind,
            "title": text(unit, "title", language),
            "activities": [
                {
                    "slug": activity.slug,
                    "type": activity.kind,
                    "title": text(activity, "title", language),
                    "minutes": activity.estimated_minutes,
                }
                for activity in unit.activities.all()
            ],
        }
        for unit in module.units.all()
    ]
    return {
        "slug": module.slug,
        "title": text(module, "title", language),
        "summary": text(module, "summary", language),
        "objectives": text(module, "objectives", language),
        "required": module.required,
        "package": module.package.slug if module.package else None,
        "competences": [competence.code for competence in module.competences.all()],
        "minutes": sum(a["minutes"] for unit in units for a in unit["activities"]),
        "url": request.build_absolute_uri(module.get_absolute_url()),
        "units": units,
    }

