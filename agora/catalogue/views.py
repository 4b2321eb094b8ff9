"""Public catalogue: every published programme is public; drafts only for their editors.

Each page runs a fixed number of queries however many programmes, modules or activities there
are: lists are paginated and the curriculum comes in one prefetch per level of the tree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Prefetch, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agora.catalogue import search
from agora.catalogue.models import (
    Activity,
    Competence,
    Level,
    Module,
    ModulePackage,
    Programme,
    Unit,
)
from agora.portal.markdown import render_markdown as markdown

PER_PAGE = 20
PATH_PER_PAGE = 50  # modules on a page of a learning path
LONG_TEXTS = ("description", "objectives", "audience_note", "payment_terms", "translation_digests")
LANGUAGE_NAMES = dict(settings.CONTENT_LANGUAGES)  # each language's name in that language
# Characters that could end a <script> data block or start markup, escaped inside JSON strings
# as Django's json_script does.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


# --- Presentation helpers ---------------------------------------------------------------------


def duration(minutes: int) -> str:
    """``95`` → "1 h 35 min"."""
    hours, rest = divmod(minutes or 0, 60)
    if hours and rest:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return gettext("%(hours)d h") % {"hours": hours}
    return gettext("%(minutes)d min") % {"minutes": rest}


def languages_of(programme: Programme) -> list[tuple[str, str]]:
    """The programme's languages as (code, name in that language)."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in programme.languages or []]


def content_language(obj, field: str = "title") -> str:
    """The language ``obj.tr.<field>`` comes in: the active one, else the source language."""
    active = translation.get_language() or settings.LANGUAGE_CODE
    return active if active in obj.text_data(field) else obj.source_language


def present(programme: Programme) -> Programme:
    """Attach what the templates show beside the model's fields."""
    programme.language_list = languages_of(programme)
    programme.content_lang = content_language(programme)
    active = translation.get_language() or settings.LANGUAGE_CODE
    # Content shown in another language than the page's is marked so (WCAG 3.1.2).
    programme.lang_attr = (
        format_html(' lang="{}"', programme.content_lang)
        if programme.content_lang != active
        else ""
    )
    return programme


class CardLabels:
    """Choice labels translated once per request (``get_FOO_display`` rebuilds its lookup on
    every call, which shows in a list of 20)."""

    def __init__(self) -> None:
        self.formats = {value: str(label) for value, label in Programme.Format.choices}
        self.statuses = {value: str(label) for value, label in Programme.Status.choices}
        self.kinds = {value: str(label) for value, label in Level.Kind.choices}
        self.free, self.none = gettext("Free"), gettext("Not given")
        self.certificate = {True: gettext("Yes, on completion"), False: gettext("No")}


def catalogue_card(programme: Programme, labels: CardLabels) -> dict:
    """What the catalogue shows of a programme, as ready-made texts: a list of 20 renders
    faster from a few strings than from model lookups and filters in the template."""
    present(programme)
    fee = (
        labels.free
        if programme.is_free
        else f"{number_format(programme.fee, 2, force_grouping=True)} {programme.currency}"
    )
    return {
        "pk": programme.pk,
        "url": programme.get_absolute_url(),
        "title": programme.tr.title,
        "summary": programme.tr.summary,
        "lang_attr": programme.lang_attr,
        "status": "" if programme.is_published else labels.statuses[programme.status],
        "format": labels.formats.get(programme.format, programme.format),
        "languages": format_html_join(", ", '<span lang="{}">{}</span>', programme.language_list)
        or labels.none,
        "duration": programme.tr.duration,
        "fee": fee,
        "certificate": labels.certificate[programme.certificate_offered],
        "levels": ", ".join(labels.kinds.get(level.kind, level.kind)
                            for level in programme.levels.all()) or labels.none,
    }


# --- The catalogue ----------------------------------------------------------------------------


class CatalogueFilters(forms.Form):
    """The catalogue's filters (a GET form): every field optional, an unknown value ignored."""

    FEE_CHOICES = [("", _("Free or paid")), ("free", _("Free")), ("paid", _("Paid"))]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the title, description, learning outcomes or module titles."),
    )
    language = forms.ChoiceField(label=_("Taught in"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    audience = forms.ChoiceField(label=_("Audience"), required=False)
    fee = forms.ChoiceField(label=_("Fee"), required=False, choices=FEE_CHOICES)
    competence = forms.ChoiceField(label=_("Competence"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)

    def __init__(self, data, *, languages, competences, tags):
        super().__init__(data)
        fields = self.fields
        fields["language"].choices = [("", _("Any language"))] + [
            (code, LANGUAGE_NAMES.get(code, code)) for code in languages
        ]
        fields["format"].choices = [("", _("Any format")), *Programme.Format.choices]
        fields["level"].choices = [("", _("Any level")), *Level.Kind.choices]
        fields["audience"].choices = [("", _("Anyone")), *Programme.Audience.choices]
        fields["competence"].choices = [("", _("Any competence"))] + [
            (competence.code, competence.tr.name) for competence in competences
        ]
        fields["tag"].choices = [("", _("Any tag"))] + [(tag, tag) for tag in tags]

    def values(self) -> dict[str, str]:
        """The valid, non-empty filters (invalid ones are left out rather than refused)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def active(self, base_url: str) -> list[tuple[str, str, str]]:
        """(label, shown value, address without it) of each filter in use."""
        shown = []
        values = self.values()
        for name, value in values.items():
            field = self.fields[name]
            text = dict(getattr(field, "choices", [])).get(value, value)
            others = {key: other for key, other in values.items() if key != name}
            address = f"{base_url}?{urlencode(others)}" if others else base_url
            shown.append((field.label, text, address))
        return shown


def filter_programmes(programmes, filters: dict[str, str]):
    """Apply the catalogue's filters (``CatalogueFilters.values()``) and search."""
    if filters.get("language"):
        programmes = search.having_in_list(programmes, "languages", filters["language"])
    if filters.get("audience"):
        programmes = search.having_in_list(programmes, "audiences", filters["audience"])
    if filters.get("tag"):
        programmes = search.having_in_list(programmes, "tags", filters["tag"])
    if filters.get("format"):
        programmes = programmes.filter(format=filters["format"])
    if filters.get("level"):
        programmes = programmes.filter(
            pk__in=Level.objects.filter(kind=filters["level"]).values("programme_id")
        )
    if filters.get("fee") == "free":
        programmes = programmes.filter(fee=Decimal(0))
    elif filters.get("fee") == "paid":
        programmes = programmes.filter(fee__gt=Decimal(0))
    if filters.get("competence"):
        code = filters["competence"]
        programmes = programmes.filter(
            Q(pk__in=Programme.competences.through.objects.filter(
                competence__code=code).values("programme_id"))
            | Q(pk__in=Module.objects.filter(competences__code=code).values("level__programme_id"))
        )
    if filters.get("q"):
        programmes = search.search_programmes(programmes, filters["q"])
    return programmes


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    visible = Programme.objects.visible_to(request.user)
    competences = list(Competence.objects.all())
    form = CatalogueFilters(
        request.GET,
        languages=search.list_values(visible, "languages"),
        competences=competences,
        tags=search.list_values(visible, "tags"),
    )
    filters = form.values()
    programmes = (
        filter_programmes(visible, filters)
        .select_related("organisation")
        .defer(*LONG_TEXTS)  # not shown in the list
    )
    programmes = programmes.prefetch_related(
        Prefetch("levels", queryset=Level.objects.only("programme_id", "kind", "title", "order"))
    )
    page = Paginator(programmes, PER_PAGE).get_page(request.GET.get("page"))
    labels = CardLabels()
    context = {
        "form": form,
        "page": page,
        "cards": [catalogue_card(programme, labels) for programme in page.object_list],
        "filtered": bool(filters),
        "active_filters": form.active(request.path),
        "competences": competences,
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "catalogue/public/results.html" if partial else "catalogue/index.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- A programme ------------------------------------------------------------------------------


def curriculum(programme: Programme) -> list[Level]:
    """The programme's levels, each with ``groups``: (package or None, [modules]), modules
    with their units. Four queries, whatever the size."""
    levels = list(
        programme.levels.prefetch_related(
            "packages",
            Prefetch(
                "modules",
                queryset=Module.objects.prefetch_related(
                    Prefetch("units", queryset=Unit.objects.only(
                        "module_id", "title", "kind", "slug", "order")),
                ),
            ),
        )
    )
    for level in levels:
        by_package: dict[int | None, list[Module]] = defaultdict(list)
        for module in level.modules.all():
            module.objectives_html = markdown(module.tr.objectives)
            by_package[module.package_id].append(module)
        packages: list[ModulePackage] = list(level.packages.all())
        grouped = [(package, by_package.pop(package.pk, [])) for package in packages]
        # Modules outside any package of this level (or, by a data error, in another level's).
        loose = [module for modules in by_package.values() for module in modules]
        level.groups = ([(None, loose)] if loose else []) + [
            (package, modules) for package, modules in grouped if modules
        ]
        level.has_packages = any(package for package, _modules in level.groups)
    return levels


def course_json_ld(request: HttpRequest, programme: Programme, competences) -> SafeString:
    """schema.org Course, as a JSON-LD data block (data, not script: CSP does not apply)."""
    url = request.build_absolute_uri(programme.get_absolute_url())
    organisation = programme.organisation
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": programme.tr.title,
        "description": programme.tr.summary or programme.tr.title,
        "inLanguage": list(programme.languages),
        "courseMode": {"online": "online", "in_person": "onsite", "blended": "blended"}.get(
            programme.format, programme.format
        ),
        "provider": {"@type": "Organization", "name": organisation.name},
        "isAccessibleForFree": programme.is_free,
        "offers": {
            "@type": "Offer",
            "category": "Free" if programme.is_free else "Paid",
            "price": f"{programme.fee:.2f}",
            "priceCurrency": programme.currency,
        },
    }
    if getattr(organisation, "website", ""):
        data["provider"]["url"] = organisation.website
    if programme.certificate_offered:
        data["educationalCredentialAwarded"] = gettext("Certificate")
    if competences:
        data["teaches"] = [competence.tr.name for competence in competences]
    if programme.tags:
        data["keywords"] = ", ".join(programme.tags)
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@require_GET
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )
    present(found)
    competences = list(found.competences.all())
    context = {
        "programme": found,
        "levels": curriculum(found),
        "competences": competences,
        "audiences": [
            label for value, label in Programme.Audience.choices if value in found.audiences
        ],
        "description_html": markdown(found.tr.description),
        "objectives_html": markdown(found.tr.objectives),
        "audience_note_html": markdown(found.tr.audience_note),
        "payment_terms_html": markdown(found.tr.payment_terms),
        "json_ld": course_json_ld(request, found, competences),
    }
    return render(request, "catalogue/programme.html", context)


# --- A module ---------------------------------------------------------------------------------


@require_GET
def module(request: HttpRequest, slug: str, level: str, module: str) -> HttpResponse:
    programmes = Programme.objects.visible_to(request.user)
    found = get_object_or_404(
        Module.objects.select_related("level__programme", "package").prefetch_related(
            "competences",
            Prefetch(
                "units",
                queryset=Unit.objects.prefetch_related(
                    Prefetch("activities", queryset=Activity.objects.defer("body", "media"))
                ),
            ),
        ),
        level__programme__in=programmes,
        level__programme__slug=slug,
        level__slug=level,
        slug=module,
    )
    programme = present(found.programme)
    units = list(found.units.all())
    total = 0
    for unit in units:
        activities = list(unit.activities.all())
        unit.minutes = sum(activity.estimated_minutes for activity in activities)
        unit.duration = duration(unit.minutes)
        for activity in activities:
            activity.duration = duration(activity.estimated_minutes)
        total += unit.minutes
    activity_count = sum(len(unit.activities.all()) for unit in units)
    context = {
        "programme": programme,
        "level": found.level,
        "module": found,
        "units": units,
        "total_minutes": total,
        "total_duration": duration(total),
        "activity_count": activity_count,
        "summary_html": markdown(found.tr.summary),
        "objectives_html": markdown(found.tr.objectives),
    }
    return render(request, "catalogue/module.html", context)


# --- A learning path --------------------------------------------------------------------------


@require_GET
def path(request: HttpRequest, code: str) -> HttpResponse:
    """Which modules lead to one competence, programme by programme (published ones)."""
    competence = get_object_or_404(Competence, code=code)
    minutes = (
        Activity.objects.filter(unit__module=OuterRef("pk"))
        .order_by()
        .values("unit__module")
        .annotate(total=Sum("estimated_minutes"))
        .values("total")
    )
    modules = (
        Module.objects.teaching(competence)
        .select_related("level__programme__organisation")
        .annotate(minutes=Subquery(minutes))
    )
    page = Paginator(modules, PATH_PER_PAGE).get_page(request.GET.get("page"))
    groups: dict[int, tuple[Programme, list[Module]]] = {}
    for item in page.object_list:
        programme, items = groups.setdefault(
            item.level.programme_id, (present(item.level.programme), [])
        )
        item.level.programme = programme  # one object per programme
        item.duration = duration(item.minutes or 0)
        items.append(item)
    context = {
        "competence": competence,
        "groups": list(groups.values()),
        "page": page,
        "competences": list(Competence.objects.all()),
    }
    return render(request, "catalogue/path.html", context)

