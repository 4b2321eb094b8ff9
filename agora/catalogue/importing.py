"""Content packages and the database: check, import and export a programme as a folder.

The format itself (reading, checking, writing) is pure, in ``agora.catalogue.packages``; this
module adds what needs the database (organisations, competences, rows) and the media storage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from agora.accounts.models import Organisation
from agora.catalogue import packages
from agora.catalogue.activity_types import REGISTRY
from agora.catalogue.models import (
    Activity,
    Competence,
    Level,
    Module,
    ModulePackage,
    Programme,
    TranslatableModel,
    Unit,
)
from agora.catalogue.packages import Package, Problem, Vocabulary, item_key
from agora.catalogue.packages.structure import TOML_FILE, text_file
from agora.catalogue.search import reindex_programme

M = TypeVar("M", bound=TranslatableModel)

MEDIA_ROOT = "programmes"  # a programme's media live under programmes/<slug>/ in storage

# Apps that keep more of a programme in its package (quiz banks…), by dotted path so that the
# catalogue does not import them: each check is called as ``check(directory, package)`` and
# returns problems; each import as ``import_(directory, programme)`` after the catalogue's own,
# in the same transaction (raising PackageError rolls everything back).
PACKAGE_CHECKS: list[str] = ["agora.quizzes.packages.check_quizzes"]
PACKAGE_EXTENSIONS: list[str] = ["agora.quizzes.packages.import_quizzes"]
# … and each export as ``export(programme, directory)`` after the catalogue wrote its files.
PACKAGE_EXPORTS: list[str] = ["agora.quizzes.packages.export_quizzes"]

MODELS: dict[str, type[TranslatableModel]] = {
    "programme": Programme,
    "level": Level,
    "package": ModulePackage,
    "module": Module,
    "unit": Unit,
    "activity": Activity,
}


class PackageError(Exception):
    """A package that cannot be imported (or a programme that cannot be exported)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def vocabulary() -> Vocabulary:
    """The names a package may use, from the registry, the database and the settings."""
    return Vocabulary(
        activity_types=tuple(REGISTRY),
        competences=tuple(Competence.objects.values_list("code", flat=True)),
        languages=tuple(code for code, _name in settings.CONTENT_LANGUAGES),
        audiences=tuple(Programme.Audience.values),
        deliveries=tuple(Programme.Format.values),
        statuses=tuple(Programme.Status.values),
        level_kinds=tuple(Level.Kind.values),
        unit_kinds=tuple(Unit.Kind.values),
        fields={kind: model.TRANSLATABLE_FIELDS for kind, model in MODELS.items()},
    )


def media_name(slug: str, relative: str) -> str:
    """Where a package's media file lives in storage."""
    return f"{MEDIA_ROOT}/{slug}/{relative}"


# Check


def check_package(path: str | Path) -> list[Problem]:
    """Every problem of the package in ``path``: the format's and the database's."""
    return _read(Path(path))[1]


def _read(directory: Path) -> tuple[Package | None, list[Problem]]:
    package, problems = packages.read_package(directory, vocabulary(), translate=gettext)
    if package is not None:
        problems += _database_problems(package)
        for check in PACKAGE_CHECKS:
            problems += import_string(check)(directory, package)
    return package, problems


def _database_problems(package: Package) -> list[Problem]:
    problems = []
    lines = package.key_lines
    organisation = Organisation.objects.filter(slug=package.organisation).first()
    if package.organisation and organisation is None:
        problems.append(Problem(
            TOML_FILE, lines.get("organisation"),
            gettext('no organisation "%(slug)s"') % {"slug": package.organisation},
        ))
    owner = (
        Programme.objects.filter(slug=package.slug).values_list("organisation__slug", flat=True)
        .first()
    )
    if owner is not None and owner != package.organisation:
        problems.append(Problem(
            TOML_FILE, lines.get("slug"),
            gettext('the address "%(slug)s" is taken by a programme of another organisation '
                    '(%(owner)s)') % {"slug": package.slug, "owner": owner},
        ))
    return problems


# Import


def import_package(path: str | Path) -> Programme:
    """Create or update the programme of the package in ``path``, all or nothing.

    Rows are matched by slug under the same parent, so items whose id did not change keep
    their primary key (and the learner data attached to them); items no longer in the package
    are deleted. Importing the same package again writes nothing. Raises PackageError.
    """
    directory = Path(path)
    package, problems = _read(directory)
    if problems or package is None:
        raise PackageError(problems)
    with transaction.atomic():
        with _counting_writes() as writes:
            programme = _save_programme(package)
            _save_levels(package, programme)
        if writes[0]:  # the index is derived from the rows: rebuild it only if they changed
            reindex_programme(programme)
        for extension in PACKAGE_EXTENSIONS:
            import_string(extension)(directory, programme)
        # Last, so that a failure to store a file rolls the rows back too.
        _store_media(directory, package)
    return programme


@contextmanager
def _counting_writes() -> Iterator[list[int]]:
    """Count the SQL statements that write (through Django's documented execute wrapper)."""
    writes = [0]

    def count(execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield writes


def _save_programme(package: Package) -> Programme:
    organisation = Organisation.objects.get(slug=package.organisation)
    programme = Programme.objects.filter(slug=package.slug).first() or Programme(
        slug=package.slug
    )
    values: dict[str, Any] = {
        "organisation_id": organisation.pk,
        "source_language": package.source_language,
        "languages": package.languages,
        "format": package.delivery,
        "audiences": package.audiences,
        "hours_per_week": package.hours_per_week,
        "fee": package.fee,
        "currency": package.currency,
        "certificate_offered": package.certificate,
        "tags": package.tags,
        "status": package.status,
    }
    if package.status == Programme.Status.PUBLISHED and programme.published_at is None:
        values["published_at"] = timezone.now()
    _save(programme, values, package, "programme")
    _set_competences(programme, package.competences)
    return programme


def _save_levels(package: Package, programme: Programme) -> None:
    existing = {level.slug: level for level in programme.levels.all()}
    for order, item in enumerate(package.levels):
        level = _upsert(
            existing, Level, {"programme": programme}, item.id,
            {"kind": item.kind, "order": order}, package, item_key("level", item.id),
        )
        groups = _save_groups(package, level, item)
        _save_modules(package, level, item, groups)
    _delete_missing(existing, {item.id for item in package.levels})


def _save_groups(
    package: Package, level: Level, item: packages.Level
) -> dict[str, ModulePackage]:
    existing = {group.slug: group for group in level.packages.all()}
    groups = {
        group.id: _upsert(
            existing, ModulePackage, {"level": level}, group.id, {"order": order}, package,
            item_key("package", item.id, group.id),
        )
        for order, group in enumerate(item.packages)
    }
    _delete_missing(existing, set(groups))
    return groups


def _save_modules(
    package: Package, level: Level, item: packages.Level, groups: Mapping[str, ModulePackage]
) -> None:
    existing = {module.slug: module for module in level.modules.all()}
    for order, entry in enumerate(item.modules):
        group = groups.get(entry.package) if entry.package else None
        module = _upsert(
            existing, Module, {"level": level}, entry.id,
            {"required": entry.required, "order": order, "package_id": group and group.pk},
            package, item_key("module", item.id, entry.id),
        )
        _set_competences(module, entry.competences)
        _save_units(package, module, (item.id, entry.id), entry)
    _delete_missing(existing, {entry.id for entry in item.modules})


def _save_units(
    package: Package, module: Module, ids: tuple[str, str], item: packages.Module
) -> None:
    existing = {unit.slug: unit for unit in module.units.all()}
    for order, entry in enumerate(item.units):
        unit = _upsert(
            existing, Unit, {"module": module}, entry.id, {"kind": entry.kind, "order": order},
            package, item_key("unit", *ids, entry.id),
        )
        _save_activities(package, unit, (*ids, entry.id), entry)
    _delete_missing(existing, {entry.id for entry in item.units})


def _save_activities(
    package: Package, unit: Unit, ids: tuple[str, str, str], item: packages.Unit
) -> None:
    existing = {activity.slug: activity for activity in unit.activities.all()}
    for order, entry in enumerate(item.activities):
        values = {
            "kind": entry.type,
            "estimated_minutes": entry.minutes,
            "media": entry.media,
            "order": order,
        }
        activity = _upsert(
            existing, Activity, {"unit": unit}, entry.id, values, package,
            item_key("activity", *ids, entry.id),
        )
        _set_competences(activity, entry.competences)
    _delete_missing(existing, {entry.id for entry in item.activities})


def _upsert(
    existing: Mapping[str, M], model: type[M], parent: Mapping[str, models.Model], slug: str,
    values: Mapping[str, Any], package: Package, key: str,
) -> M:
    """The row for ``slug`` under ``parent``, created or updated (saved only if it changed)."""
    row = existing.get(slug) or model(slug=slug)
    for name, related in parent.items():
        # The parent in memory: its source language is then known without a query.
        setattr(row, name, related)
    _save(row, values, package, key)
    return row


def _save(row: TranslatableModel, values: Mapping[str, Any], package: Package, key: str) -> None:
    changed = row._state.adding
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    changed |= _set_texts(row, package, key)
    if changed:
        row.save()


def _set_texts(row: TranslatableModel, package: Package, key: str) -> bool:
    """Give ``row`` the package's texts; whether anything changed.

    The source language goes first, so that a translation set after it records the new
    source. A translation the package leaves as it was is not set again: if its source changed,
    it stays recorded as made from the old one, so it shows as stale.
    """
    changed = False
    for field in row.TRANSLATABLE_FIELDS:
        wanted = {
            language: texts[f"{key}.{field}"]
            for language, texts in package.texts.items() if texts.get(f"{key}.{field}")
        }
        current = row.text_data(field)
        if wanted == current:
            continue
        others = sorted((set(wanted) | set(current)) - {package.source_language})
        for language in [package.source_language, *others]:
            if wanted.get(language, "") != current.get(language, ""):
                row.set_text(field, language, wanted.get(language, ""))
        changed = True
    return changed


def _set_competences(row: Programme | Module | Activity, codes: list[str]) -> None:
    current = set(row.competences.values_list("code", flat=True))
    if current != set(codes):
        row.competences.set(Competence.objects.filter(code__in=codes))


def _delete_missing(existing: Mapping[str, models.Model], keep: set[str]) -> None:
    for slug, row in existing.items():
        if slug not in keep:
            row.delete()


def _store_media(directory: Path, package: Package) -> None:
    """Copy the package's media into storage, skipping files stored already as they are."""
    for relative in package.media_paths():
        _store(default_storage, media_name(package.slug, relative), directory / relative)


def _store(storage: Storage, name: str, source: Path) -> None:
    if storage.exists(name):
        if _same_content(storage, name, source):
            return
        storage.delete(name)  # save() would otherwise pick another name beside it
    with source.open("rb") as handle:
        stored = storage.save(name, File(handle))
    if stored != name:
        raise RuntimeError(f"storage kept {source.name} as {stored}, not {name}")


def _same_content(storage: Storage, name: str, source: Path) -> bool:
    if storage.size(name) != source.stat().st_size:
        return False
    with storage.open(name, "rb") as stored, source.open("rb") as local:
        return _digest(stored) == _digest(local)


def _digest(handle: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


# Export


def iter_items(programme: Programme) -> Iterator[tuple[str, TranslatableModel]]:
    """(item key, row) of the programme and every part of it, in structure order."""
    yield "programme", programme
    for level in _levels(programme):
        yield item_key("level", level.slug), level
        for group in level.packages.all():
            yield item_key("package", level.slug, group.slug), group
        for module in level.modules.all():
            yield item_key("module", level.slug, module.slug), module
            for unit in module.units.all():
                yield item_key("unit", level.slug, module.slug, unit.slug), unit
                for activity in unit.activities.all():
                    ids = (level.slug, module.slug, unit.slug, activity.slug)
                    yield item_key("activity", *ids), activity


def _levels(programme: Programme) -> list[Level]:
    return list(
        programme.levels.prefetch_related(
            "packages", "modules__competences", "modules__units__activities__competences"
        )
    )


def export_package(programme: Programme, path: str | Path) -> None:
    """Write the programme as a package in ``path`` (created if need be), media included."""
    directory = Path(path)
    package = package_from_programme(programme)
    try:
        packages.write_package(package, directory, vocabulary().fields)
    except ValueError as error:
        problem = Problem(text_file(package.source_language), None, str(error))
        raise PackageError([problem]) from error
    for relative in package.media_paths():
        _fetch(default_storage, media_name(package.slug, relative), directory / relative)
    for exporter in PACKAGE_EXPORTS:
        import_string(exporter)(programme, directory)


def package_from_programme(programme: Programme) -> Package:
    package = Package(
        slug=programme.slug,
        organisation=programme.organisation.slug,
        source_language=programme.source_language,
        languages=list(programme.languages),
        delivery=programme.format,
        audiences=list(programme.audiences),
        hours_per_week=programme.hours_per_week,
        fee=programme.fee,
        currency=programme.currency,
        certificate=programme.certificate_offered,
        tags=list(programme.tags),
        competences=_codes(programme),
        status=programme.status,
        levels=[_level_item(level) for level in _levels(programme)],
    )
    package.texts = _texts(programme)
    return package


def _level_item(level: Level) -> packages.Level:
    groups = {group.pk: group.slug for group in level.packages.all()}
    return packages.Level(
        id=level.slug,
        kind=level.kind,
        packages=[packages.ModuleGroup(id=slug) for slug in groups.values()],
        modules=[
            packages.Module(
                id=module.slug,
                required=module.required,
                package=groups.get(module.package_id),
                competences=_codes(module),
                units=[_unit_item(unit) for unit in module.units.all()],
            )
            for module in level.modules.all()
        ],
    )


def _unit_item(unit: Unit) -> packages.Unit:
    return packages.Unit(
        id=unit.slug,
        kind=unit.kind,
        activities=[
            packages.Activity(
                id=activity.slug,
                type=activity.kind,
                minutes=activity.estimated_minutes,
                competences=_codes(activity),
                media=dict(activity.media or {}),
            )
            for activity in unit.activities.all()
        ],
    )


def _codes(row: Programme | Module | Activity) -> list[str]:
    # Sorted as the framework orders competences: the database keeps no order of its own.
    competences = sorted(row.competences.all(), key=lambda entry: (entry.order, entry.code))
    return [competence.code for competence in competences]


def _texts(programme: Programme) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for key, row in iter_items(programme):
        for field in row.TRANSLATABLE_FIELDS:
            for language, text in row.text_data(field).items():
                texts.setdefault(language, {})[f"{key}.{field}"] = text
    return texts


def _fetch(storage: Storage, name: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with storage.open(name, "rb") as stored, target.open("wb") as local:
        for chunk in iter(lambda: stored.read(1 << 20), b""):
            local.write(chunk)
