"""Authoring actions over a programme's curriculum: each a function, one transaction.

Views call these after finding what the user may edit (``Programme.objects.editable_by``);
nothing here checks permissions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agora.catalogue.models import (
    Activity,
    Level,
    Module,
    ModulePackage,
    Programme,
    TranslatableModel,
    Unit,
)
from agora.catalogue.search import reindex_programme


class NotSiblings(ValueError):
    """Ids given to ``reorder`` that are not (all) items of the same list."""


class NotPublishable(ValueError):
    """A programme that lacks what learners need; ``problems`` says what, for people."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


def reindex(programme: Programme) -> None:
    """Tell the search index that a programme changed (in the writing transaction)."""
    reindex_programme(programme)


# --- Order --------------------------------------------------------------------------------------


def reorder(items: models.QuerySet, ordered_ids: Sequence[int]) -> list[int]:
    """Put the siblings in ``items`` in the order of ``ordered_ids``, in one transaction.

    ``items`` is one list (a level's modules, a unit's activities …). Every id must be one of
    them, each once; siblings the caller did not name (added meanwhile) keep their relative order
    after the named ones. Returns the ids in their new order.
    """
    ids = [int(item_id) for item_id in ordered_ids]
    if len(set(ids)) != len(ids):
        raise NotSiblings("An id appears more than once.")
    with transaction.atomic():
        siblings = list(items.select_for_update().order_by("order", "pk"))
        by_id = {item.pk: item for item in siblings}
        strangers = [item_id for item_id in ids if item_id not in by_id]
        if strangers:
            raise NotSiblings(f"Not in this list: {strangers}")
        named = set(ids)
        new_order = ids + [item.pk for item in siblings if item.pk not in named]
        changed = []
        for position, item_id in enumerate(new_order):
            item = by_id[item_id]
            if item.order != position:
                item.order = position
                changed.append(item)
        if changed:
            type(changed[0]).objects.bulk_update(changed, ["order"])
    return new_order


def move(item: models.Model, siblings: models.QuerySet, offset: int) -> tuple[int, int]:
    """Move ``item`` ``offset`` places within ``siblings`` (clamped to the list's ends).

    Returns the item's new position, counted from 1, and the number of items in the list.
    """
    ids = list(siblings.order_by("order", "pk").values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder(siblings, ids)
    return target + 1, len(ids)


def next_order(siblings: models.QuerySet) -> int:
    """The ``order`` for an item added at the end of ``siblings``."""
    last = siblings.aggregate(last=models.Max("order"))["last"]
    return 0 if last is None else last + 1


# --- Status -------------------------------------------------------------------------------------


def publishing_problems(programme: Programme) -> list[str]:
    """What stands between a programme and its learners (empty when it may be published)."""
    problems = []
    if not programme.text("title", programme.source_language).strip():
        problems.append(_("The programme needs a title."))
    if not Module.objects.filter(level__programme=programme).exists():
        problems.append(_("The programme needs at least one level with at least one module."))
    return problems


def publish(programme: Programme) -> Programme:
    """Show a programme to everyone; refuses (``NotPublishable``) an incomplete programme."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        problems = publishing_problems(programme)
        if problems:
            raise NotPublishable(problems)
        programme.status = Programme.Status.PUBLISHED
        programme.published_at = timezone.now()
        programme.save(update_fields=["status", "published_at", "updated_at"])
        reindex(programme)
    return programme


def unpublish(programme: Programme) -> Programme:
    """Take a programme back to draft: only its editors see it."""
    return _set_status(programme, Programme.Status.DRAFT)


def archive(programme: Programme) -> Programme:
    """Retire a programme: it leaves the catalogue but is kept, with everything in it."""
    return _set_status(programme, Programme.Status.ARCHIVED)


def _set_status(programme: Programme, status: str) -> Programme:
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        programme.status = status
        programme.save(update_fields=["status", "updated_at"])
        reindex(programme)
    return programme


# --- Translations -------------------------------------------------------------------------------


def programme_items(programme: Programme) -> list[TranslatableModel]:
    """The programme and every part of it, from a prefetched tree (see ``prefetch_tree``)."""
    items: list[TranslatableModel] = [programme]
    for level in programme.levels.all():
        items.append(level)
        items.extend(level.packages.all())
        for module in level.modules.all():
            items.extend(module_items(module))
    return items


def module_items(module: Module) -> list[TranslatableModel]:
    items: list[TranslatableModel] = [module]
    for unit in module.units.all():
        items.append(unit)
        items.extend(unit.activities.all())
    return items


TREE = (
    "levels",
    "levels__packages",
    "levels__modules",
    "levels__modules__units",
    "levels__modules__units__activities",
)


def prefetch_tree(programmes: models.QuerySet) -> models.QuerySet:
    """Programmes with their whole curriculum loaded in a constant number of queries."""
    return programmes.prefetch_related(*TREE)


@dataclass
class LanguageProgress:
    """How far the translation of some texts into one language has come."""

    language: str
    name: str
    total: int = 0
    translated: int = 0  # current or stale: a translation exists
    stale: int = 0
    missing: int = 0

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.translated / self.total)

    @property
    def current(self) -> int:
        return self.translated - self.stale


@dataclass
class ProgrammeProgress:
    programme: Programme
    languages: list[LanguageProgress] = field(default_factory=list)


def language_name(code: str) -> str:
    from django.conf import settings

    return dict(settings.CONTENT_LANGUAGES).get(code, code)


def target_languages(programme: Programme) -> list[str]:
    """The languages a programme is translated into (its languages but the source)."""
    return [code for code in programme.languages if code != programme.source_language]


def translation_progress(
    items: Iterable[TranslatableModel], languages: Iterable[str]
) -> list[LanguageProgress]:
    """Per language: how many translatable texts are translated, stale or missing."""
    items = list(items)
    progress = []
    for language in languages:
        counts = LanguageProgress(language=language, name=language_name(language))
        for item in items:
            for name in item.TRANSLATABLE_FIELDS:
                state = item.translation_state(name, language)
                if state == "source":
                    continue
                counts.total += 1
                if state == "missing":
                    counts.missing += 1
                else:
                    counts.translated += 1
                    if state == "stale":
                        counts.stale += 1
        progress.append(counts)
    return progress


def save_translations(
    programme: Programme,
    language: str,
    changes: Iterable[tuple[TranslatableModel, str, str]],
) -> int:
    """Store ``(item, field, text)`` translations into ``language``, in one transaction.

    Each goes through ``set_text`` so the source it was made from is recorded. Returns how many
    objects were saved.
    """
    by_item: dict[tuple[type, int], TranslatableModel] = {}
    with transaction.atomic():
        for item, name, text in changes:
            item.set_text(name, language, text)
            by_item[(type(item), item.pk)] = item
        for item in by_item.values():
            item.save(update_fields=[*item.TRANSLATABLE_FIELDS, "translation_digests"])
        if by_item:
            reindex(programme)
    return len(by_item)


# --- Deletion -----------------------------------------------------------------------------------


def delete_part(part: Level | ModulePackage | Module | Unit | Activity) -> None:
    """Delete a part of a programme with everything inside it (a package's modules stay)."""
    programme = part.programme
    with transaction.atomic():
        part.delete()
        reindex(programme)
