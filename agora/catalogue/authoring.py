"""Authoring for organisers: programmes, their curriculum, translations, preview, publishing.

Who may edit: organisers of the programme's organisation, and platform admins. Every view finds
its programme through ``Programme.objects.editable_by(request.user)`` (404 for anyone else) and
its parts through that programme. Writes are action functions in ``editing.py`` or a form's
``save()`` inside one transaction. Pages are plain HTML forms; htmx and SortableJS improve
reordering when scripts run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from agora.catalogue import editing
from agora.catalogue.activity_types import REGISTRY
from agora.catalogue.forms import PART_FORMS, ProgrammeForm, TranslationForm, organisations_for
from agora.catalogue.models import (
    Activity,
    Level,
    Module,
    ModulePackage,
    Programme,
    TranslatableModel,
    Unit,
)
from agora.portal.markdown import render_markdown

# --- Finding what the user may edit -------------------------------------------------------------


@dataclass(frozen=True)
class PartKind:
    """One kind of programme part, as it appears in authoring addresses (``/modules/12/``)."""

    segment: str
    model: type[models.Model]
    parent_model: type[models.Model]
    parent_field: str
    to_programme: str  # lookup path from the part to its programme
    page: str  # the page that lists it: "programme" or "module"
    singular: Any
    add_label: Any


KINDS: dict[str, PartKind] = {
    kind.segment: kind
    for kind in [
        PartKind("levels", Level, Programme, "programme", "programme", "programme",
                 gettext_lazy("level"), gettext_lazy("Add a level")),
        PartKind("packages", ModulePackage, Level, "level", "level__programme", "programme",
                 gettext_lazy("module package"), gettext_lazy("Add a module package")),
        PartKind("modules", Module, Level, "level", "level__programme", "programme",
                 gettext_lazy("module"), gettext_lazy("Add a module")),
        PartKind("units", Unit, Module, "module", "module__level__programme", "module",
                 gettext_lazy("unit"), gettext_lazy("Add a unit")),
        PartKind("activities", Activity, Unit, "unit", "unit__module__level__programme",
                 "module", gettext_lazy("activity"), gettext_lazy("Add an activity")),
    ]
}
KIND_OF_MODEL = {kind.model: kind for kind in KINDS.values()}


def _kind(segment: str) -> PartKind:
    try:
        return KINDS[segment]
    except KeyError:
        raise Http404("No such kind of part.") from None


def _programme_for(request: HttpRequest, slug: str) -> Programme:
    """The programme ``slug`` if ``request.user`` may edit it; 404 otherwise."""
    programmes = Programme.objects.editable_by(request.user).select_related("organisation")
    found = get_object_or_404(programmes, slug=slug)
    _label([found], found.source_language)
    return found


def _parts_of(programme: Programme, model: type[models.Model]) -> models.QuerySet:
    if model is Programme:
        return Programme.objects.filter(pk=programme.pk)
    path = KIND_OF_MODEL[model].to_programme
    return model.objects.filter(**{path: programme}).select_related(path)


def _part_for(programme: Programme, kind: PartKind, pk: int):
    return get_object_or_404(_parts_of(programme, kind.model), pk=pk)


def _parent_for(programme: Programme, kind: PartKind, parent_pk: int | None):
    if kind.parent_model is Programme:
        if parent_pk is not None:
            raise Http404("Levels belong to the programme itself.")
        return programme
    if parent_pk is None:
        raise Http404("Which list should the part go into?")
    return get_object_or_404(_parts_of(programme, kind.parent_model), pk=parent_pk)


def _siblings(kind: PartKind, parent) -> models.QuerySet:
    return kind.model.objects.filter(**{kind.parent_field: parent})


def _dom_id(kind: PartKind, pk: int) -> str:
    return f"{kind.segment}-{pk}"


def _module_of(obj) -> Module | None:
    """The module whose page lists ``obj`` (a unit or an activity, or a module itself)."""
    if isinstance(obj, Module):
        return obj
    if isinstance(obj, Unit):
        return obj.module
    if isinstance(obj, Activity):
        return obj.unit.module
    return None


def _page_url(programme: Programme, kind: PartKind, part) -> str:
    """The page that lists ``part``: the programme's, or its module's."""
    if kind.page == "module":
        return reverse("authoring:module", args=[programme.slug, _module_of(part).pk])
    return reverse("authoring:programme", args=[programme.slug])


# --- Dashboard and programmes -------------------------------------------------------------------


def _require_organiser(request: HttpRequest) -> None:
    if not request.user.is_superuser and not organisations_for(request.user).exists():
        raise PermissionDenied


@login_required
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    programmes = editing.prefetch_tree(
        Programme.objects.editable_by(request.user).select_related("organisation")
    ).order_by("organisation__name", "slug")
    rows = []
    for each in programmes:
        _label([each], each.source_language)
        progress = editing.translation_progress(
            editing.programme_items(each), editing.target_languages(each)
        )
        rows.append(editing.ProgrammeProgress(programme=each, languages=progress))
    return render(request, "catalogue/authoring/dashboard.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    form = ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        created = _save_form(form)
        if created is not None:
            messages.success(request, _("The programme was created."))
            return redirect("authoring:programme", created.slug)
    return render(
        request, "catalogue/authoring/programme_form.html", {"form": form, "programme": None}
    )


def _save_form(form, programme: Programme | None = None):
    """Save a valid form and update the search index, in one transaction. A clash found only
    by the database (two submissions racing for the same address) becomes a field error."""
    try:
        with transaction.atomic():
            saved = form.save()
            editing.reindex(programme or saved)
            return saved
    except IntegrityError:
        form.add_error(
            "slug", _("This address was taken a moment ago. Please choose another.")
        )
        return None


@login_required
@require_http_methods(["GET"])
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    found = _programme_for(request, slug)
    return render(
        request, "catalogue/authoring/programme.html", _programme_context(request, found)
    )


def _programme_context(request: HttpRequest, programme: Programme, focus: str = "") -> dict:
    levels = list(
        programme.levels.prefetch_related(
            "packages",
            models.Prefetch("modules", Module.objects.select_related("package")),
        )
    )
    source = programme.source_language
    _label([programme, *levels], source)
    for level in levels:
        _label(level.packages.all(), source)
        modules = list(level.modules.all())
        _label(modules, source)
        _label([module_obj.package for module_obj in modules], source)
    languages = editing.target_languages(programme)
    return {
        "programme": programme,
        "source_language_name": editing.language_name(source),
        "levels": levels,
        "content_languages": [(code, editing.language_name(code)) for code in languages],
        "focus": focus or request.GET.get("focus", ""),
        "status_actions": _status_actions(programme),
        "kinds": KINDS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = _programme_for(request, slug)
    form = ProgrammeForm(request.POST or None, instance=found, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save_form(form)
        if saved is not None:
            messages.success(request, _("The programme’s details were saved."))
            return redirect("authoring:programme", saved.slug)
    return render(
        request, "catalogue/authoring/programme_form.html", {"form": form, "programme": found}
    )


# --- Parts: create, edit, delete ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def part_create(
    request: HttpRequest, slug: str, kind: str, parent: int | None = None
) -> HttpResponse:
    part_kind = _kind(kind)
    found = _programme_for(request, slug)
    parent_obj = _parent_for(found, part_kind, parent)
    form = PART_FORMS[part_kind.model](request.POST or None, parent=parent_obj)
    if request.method == "POST" and form.is_valid():
        part = _save_form(form, found)
        if part is not None:
            title = part.text("title", found.source_language)
            messages.success(request, _("“%(title)s” was added.") % {"title": title})
            return redirect(_after_save_url(found, part_kind, part))
    return render(
        request,
        "catalogue/authoring/part_form.html",
        {"form": form, **_part_context(found, part_kind, None, parent_obj)},
    )


def _part_context(programme: Programme, kind: PartKind, part, parent) -> dict:
    """What the pages about one part show around it: where it is, and the way back."""
    module_obj = _module_of(part if part is not None else parent)
    _label([programme, module_obj, part, parent], programme.source_language)
    if part is not None:
        back = _after_save_url(programme, kind, part)
    elif module_obj is not None:
        back = reverse("authoring:module", args=[programme.slug, module_obj.pk])
    else:
        back = reverse("authoring:programme", args=[programme.slug])
    return {
        "programme": programme,
        "module": module_obj,
        "kind": kind,
        "part": part,
        "parent": parent,
        "parent_title": "" if parent is programme else parent.src.title,
        "source_language_name": editing.language_name(programme.source_language),
        "back": back,
    }


def _after_save_url(programme: Programme, kind: PartKind, part) -> str:
    if kind.model is Module:
        return reverse("authoring:module", args=[programme.slug, part.pk])
    return f"{_page_url(programme, kind, part)}#{_dom_id(kind, part.pk)}"


@login_required
@require_http_methods(["GET", "POST"])
def part_edit(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    part_kind = _kind(kind)
    found = _programme_for(request, slug)
    part = _part_for(found, part_kind, pk)
    parent_obj = getattr(part, part_kind.parent_field)
    form = PART_FORMS[part_kind.model](request.POST or None, instance=part, parent=parent_obj)
    if request.method == "POST" and form.is_valid():
        saved = _save_form(form, found)
        if saved is not None:
            messages.success(request, _("Your changes were saved."))
            return redirect(_after_save_url(found, part_kind, saved))
    return render(
        request,
        "catalogue/authoring/part_form.html",
        {"form": form, **_part_context(found, part_kind, part, parent_obj)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def part_delete(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    part_kind = _kind(kind)
    found = _programme_for(request, slug)
    part = _part_for(found, part_kind, pk)
    title = part.text("title", found.source_language)
    if request.method == "POST":
        back = _page_url(found, part_kind, part)
        editing.delete_part(part)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
        return redirect(back)
    context = _part_context(found, part_kind, part, getattr(part, part_kind.parent_field))
    return render(
        request, "catalogue/authoring/part_delete.html", {"title": title, **context}
    )


# --- Order --------------------------------------------------------------------------------------


@login_required
@require_POST
def part_move(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    part_kind = _kind(kind)
    found = _programme_for(request, slug)
    part = _part_for(found, part_kind, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Say whether to move it up or down."))
    siblings = _siblings(part_kind, getattr(part, part_kind.parent_field))
    position, count = editing.move(part, siblings, -1 if direction == "up" else 1)
    message = _("“%(title)s” is now at position %(position)s of %(count)s.") % {
        "title": part.text("title", found.source_language),
        "position": position,
        "count": count,
    }
    # Keep the keyboard where it was: on the same button, or on the other one at an end.
    if count > 1 and (direction == "up" and position == 1 or direction == "down" and
                      position == count):
        direction = "down" if direction == "up" else "up"
    focus = f"move-{direction}-{_dom_id(part_kind, part.pk)}" if count > 1 else ""
    module_obj = _module_of(part) if part_kind.page == "module" else None
    return _after_order_change(
        request, found, module_obj, _dom_id(part_kind, part.pk), message, focus
    )


@login_required
@require_POST
def part_reorder(
    request: HttpRequest, slug: str, kind: str, parent: int | None = None
) -> HttpResponse:
    """The new order of one list, from drag and drop: ``ids`` (repeated or comma-separated)."""
    part_kind = _kind(kind)
    found = _programme_for(request, slug)
    parent_obj = _parent_for(found, part_kind, parent)
    try:
        ids = [
            int(value)
            for raw in request.POST.getlist("ids")
            for value in raw.split(",")
            if value.strip()
        ]
    except ValueError:
        return HttpResponseBadRequest(_("The new order is not a list of numbers."))
    try:
        editing.reorder(_siblings(part_kind, parent_obj), ids)
    except editing.NotSiblings:
        return HttpResponseBadRequest(_("Only items of the same list can be reordered."))
    module_obj = _module_of(parent_obj) if part_kind.page == "module" else None
    anchor = f"{part_kind.segment}-in-{parent_obj.pk}"
    return _after_order_change(
        request, found, module_obj, anchor, _("The new order was saved."), ""
    )


def _after_order_change(
    request, programme: Programme, module_obj: Module | None, anchor: str, message, focus: str
) -> HttpResponse:
    """After a move: the list again (htmx), or back to its page (plain form), with the news in
    a status message and the keyboard focus on the button pressed."""
    if request.htmx:
        if module_obj is not None:
            context = _module_context(request, programme, module_obj, focus)
            template = "catalogue/authoring/_module_structure.html"
        else:
            context = _programme_context(request, programme, focus)
            template = "catalogue/authoring/_programme_structure.html"
        context["status_message"] = message
        return render(request, template, context)
    messages.success(request, message)
    if module_obj is not None:
        url = reverse("authoring:module", args=[programme.slug, module_obj.pk])
    else:
        url = reverse("authoring:programme", args=[programme.slug])
    if focus:
        url += f"?focus={focus}"
    return redirect(f"{url}#{anchor}")


# --- Module page --------------------------------------------------------------------------------


def _module_for(programme: Programme, pk: int) -> Module:
    return get_object_or_404(_parts_of(programme, Module), pk=pk)


def _module_context(request, programme: Programme, module: Module, focus: str = "") -> dict:
    units = list(module.units.prefetch_related("activities"))
    source = programme.source_language
    _label([programme, module, module.level, *units], source)
    for unit in units:
        _label(unit.activities.all(), source)
    return {
        "programme": programme,
        "module": module,
        "units": units,
        "activity_types": REGISTRY,
        "content_languages": [
            (code, editing.language_name(code)) for code in editing.target_languages(programme)
        ],
        "focus": focus or request.GET.get("focus", ""),
        "kinds": KINDS,
    }


@login_required
@require_http_methods(["GET"])
def module(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = _programme_for(request, slug)
    module_obj = _module_for(found, pk)
    return render(
        request, "catalogue/authoring/module.html", _module_context(request, found, module_obj)
    )


# --- Translation side by side -------------------------------------------------------------------


def _target_language(programme: Programme, language: str) -> str:
    if language not in editing.target_languages(programme):
        raise Http404("This programme is not offered in that language.")
    return language


@login_required
@require_http_methods(["GET", "POST"])
def programme_translate(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    found = _programme_for(request, slug)
    language = _target_language(found, language)
    tree = editing.prefetch_tree(Programme.objects.filter(pk=found.pk)).get()
    items: list[TranslatableModel] = [tree]
    modules = []
    for level in tree.levels.all():
        items.append(level)
        items.extend(level.packages.all())
        for module_obj in level.modules.all():
            progress = editing.translation_progress(editing.module_items(module_obj), [language])
            modules.append((module_obj, progress[0]))
    return _translate(
        request,
        found,
        language,
        items,
        template_context={"modules": modules, "module": None},
        back=reverse("authoring:programme_translate", args=[found.slug, language]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_translate(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    found = _programme_for(request, slug)
    language = _target_language(found, language)
    module_obj = get_object_or_404(
        _parts_of(found, Module).prefetch_related("units__activities"), pk=pk
    )
    return _translate(
        request,
        found,
        language,
        editing.module_items(module_obj),
        template_context={"modules": [], "module": module_obj},
        back=reverse("authoring:module_translate", args=[found.slug, module_obj.pk, language]),
    )


def _translate(request, programme, language, items, template_context, back) -> HttpResponse:
    form = TranslationForm(request.POST or None, items=items, language=language)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        editing.save_translations(programme, language, changes)
        if changes:
            messages.success(request, _("The translations were saved."))
        else:
            messages.info(request, _("Nothing had changed."))
        return redirect(back)
    progress = editing.translation_progress(items, [language])[0]
    module_obj = template_context.get("module")
    _label([programme, module_obj], programme.source_language)
    _label([entry for entry, _progress in template_context.get("modules", [])],
           programme.source_language)
    return render(
        request,
        "catalogue/authoring/translate.html",
        {
            "programme": programme,
            "form": form,
            "language": language,
            "language_name": editing.language_name(language),
            "source_language": programme.source_language,
            "source_language_name": editing.language_name(programme.source_language),
            "progress": progress,
            **template_context,
        },
    )


# --- Preview ------------------------------------------------------------------------------------


class Shown:
    """An item's texts as a learner sees them in ``language``: ``shown.title``;
    ``shown.html.body`` renders Markdown to sanitised HTML; ``shown.lang.title`` is the language
    the text is actually in (the source language where a translation is missing)."""

    def __init__(self, item: TranslatableModel, language: str):
        self.item = item
        self.language = language

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in type(self.item).TRANSLATABLE_FIELDS:
            raise AttributeError(name)
        return self.item.text(name, self.language)

    @cached_property
    def html(self) -> _Html:
        return _Html(self)

    @cached_property
    def lang(self) -> _Lang:
        return _Lang(self)


class _Html:
    def __init__(self, shown: Shown):
        self._shown = shown

    def __getattr__(self, name: str) -> SafeString:
        if name.startswith("_"):
            raise AttributeError(name)
        return render_markdown(getattr(self._shown, name))


class _Lang:
    def __init__(self, shown: Shown):
        self._shown = shown

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        item, language = self._shown.item, self._shown.language
        return language if item.text_data(name).get(language) else item.source_language


def _label(items, language: str) -> None:
    """Give each item ``.src``: its texts in the source language, for authoring pages."""
    for item in items:
        if item is not None:
            item.src = Shown(item, language)


def _preview_language(request: HttpRequest, programme: Programme) -> str:
    language = request.GET.get("language", "")
    return language if language in programme.languages else programme.source_language


@login_required
@require_http_methods(["GET"])
def programme_preview(request: HttpRequest, slug: str) -> HttpResponse:
    found = _programme_for(request, slug)
    language = _preview_language(request, found)
    levels = [
        {
            "shown": Shown(level, language),
            "level": level,
            "packages": [Shown(package, language) for package in level.packages.all()],
            "modules": [(module_obj, Shown(module_obj, language)) for module_obj in
                        level.modules.all()],
        }
        for level in found.levels.prefetch_related("packages", "modules__package")
    ]
    return render(
        request,
        "catalogue/authoring/preview_programme.html",
        {
            "programme": found,
            "shown": Shown(found, language),
            "levels": levels,
            "language": language,
            "content_languages": [(code, editing.language_name(code)) for code in found.languages],
            "audiences": [
                label for value, label in Programme.Audience.choices if value in found.audiences
            ],
            "competences": list(found.competences.all()),
        },
    )


@login_required
@require_http_methods(["GET"])
def module_preview(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    found = _programme_for(request, slug)
    language = _preview_language(request, found)
    module_obj = get_object_or_404(
        _parts_of(found, Module).prefetch_related("units__activities"), pk=pk
    )
    units = [
        {
            "shown": Shown(unit, language),
            "unit": unit,
            "activities": [
                {
                    "activity": activity,
                    "shown": Shown(activity, language),
                    "type": REGISTRY.get(activity.kind),
                }
                for activity in unit.activities.all()
            ],
        }
        for unit in module_obj.units.all()
    ]
    return render(
        request,
        "catalogue/authoring/preview_module.html",
        {
            "programme": found,
            "module": module_obj,
            "shown": Shown(module_obj, language),
            "programme_shown": Shown(found, language),
            "units": units,
            "language": language,
            "content_languages": [(code, editing.language_name(code)) for code in found.languages],
        },
    )


# --- Publishing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusAction:
    name: str
    label: Any
    question: Any
    done: Any
    allowed_from: tuple[str, ...]
    danger: bool = False


STATUS_ACTIONS = {
    action.name: action
    for action in [
        StatusAction(
            "publish",
            gettext_lazy("Publish"),
            gettext_lazy("Publish “%(title)s”? Everyone will see it in the catalogue."),
            gettext_lazy("The programme is published."),
            (Programme.Status.DRAFT, Programme.Status.ARCHIVED),
        ),
        StatusAction(
            "unpublish",
            gettext_lazy("Unpublish"),
            gettext_lazy(
                "Take “%(title)s” back to draft? Only its organisers will see it until it is "
                "published again."
            ),
            gettext_lazy("The programme is a draft again."),
            (Programme.Status.PUBLISHED, Programme.Status.ARCHIVED),
        ),
        StatusAction(
            "archive",
            gettext_lazy("Archive"),
            gettext_lazy(
                "Archive “%(title)s”? It leaves the catalogue; its content is kept and it can "
                "be published again later."
            ),
            gettext_lazy("The programme is archived."),
            (Programme.Status.DRAFT, Programme.Status.PUBLISHED),
            danger=True,
        ),
    ]
}
STATUS_FUNCTIONS = {
    "publish": editing.publish,
    "unpublish": editing.unpublish,
    "archive": editing.archive,
}


def _status_actions(programme: Programme) -> list[StatusAction]:
    return [
        action for action in STATUS_ACTIONS.values() if programme.status in action.allowed_from
    ]


@login_required
@require_http_methods(["GET", "POST"])
def programme_status(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    found = _programme_for(request, slug)
    chosen = STATUS_ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action.")
    if found.status not in chosen.allowed_from:
        messages.info(
            request,
            _("The programme is already %(status)s.") % {"status": found.get_status_display()},
        )
        return redirect("authoring:programme", found.slug)
    title = found.text("title", found.source_language)
    problems = editing.publishing_problems(found) if action == "publish" else []
    if request.method == "POST" and not problems:
        try:
            STATUS_FUNCTIONS[action](found)
        except editing.NotPublishable as refused:
            problems = refused.problems
        else:
            messages.success(request, str(chosen.done))
            return redirect("authoring:programme", found.slug)
    return render(
        request,
        "catalogue/authoring/status.html",
        {
            "programme": found,
            "action": chosen,
            "question": str(chosen.question) % {"title": title},
            "problems": problems,
        },
        status=400 if request.method == "POST" else 200,
    )
