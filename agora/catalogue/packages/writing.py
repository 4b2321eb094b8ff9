"""Writing a ``Package`` as a folder, deterministically: the same package gives the same bytes,
so that export → import → export is byte-identical and packages diff cleanly in Git."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from agora.catalogue.packages.structure import (
    FORMAT_VERSION,
    MEDIA_KEYS,
    TEXT_FOLDER,
    TOML_FILE,
    Activity,
    Level,
    Module,
    Package,
    Unit,
)
from agora.catalogue.packages.texts import dump_text


def dump_toml(package: Package) -> str:
    """programme.toml: tomli_w formats every value; the items are laid out here, each as an
    ``[[…]]`` entry in structure order (tomli_w alone would inline short lists of tables, so
    that an item would change layout as it grows)."""
    chunks = [tomli_w.dumps(_programme(package))]
    for level in package.levels:
        chunks.append(_entry("levels", _level(level)))
        chunks.extend(_entry("levels.packages", {"id": group.id}) for group in level.packages)
        for module in level.modules:
            chunks.append(_entry("levels.modules", _module(module)))
            for unit in module.units:
                chunks.append(_entry("levels.modules.units", _unit(unit)))
                chunks.extend(
                    _entry("levels.modules.units.activities", _activity(activity))
                    for activity in unit.activities
                )
    return "\n".join(chunks)


def _entry(name: str, data: dict[str, Any]) -> str:
    """One ``[[name]]`` entry; a table in it (media) follows as ``[name.key]``."""
    scalars = {key: value for key, value in data.items() if not isinstance(value, Mapping)}
    text = f"[[{name}]]\n" + tomli_w.dumps(scalars)
    for key, value in data.items():
        if isinstance(value, Mapping):
            text += "\n" + tomli_w.dumps(_nested(f"{name}.{key}".split("."), value))
    return text


def _nested(names: list[str], value: Mapping[str, Any]) -> dict[str, Any]:
    # {"a": {"b": value}}: tomli_w writes it as [a.b], as it leaves out tables holding only tables.
    for name in reversed(names):
        value = {name: value}
    return dict(value)


def text_languages(package: Package) -> list[str]:
    """Languages that get a text file: every listed one (import requires them), then any
    other that has text."""
    others = sorted(language for language, texts in package.texts.items() if any(texts.values()))
    return list(dict.fromkeys([*package.languages, *others]))


def write_package(
    package: Package, directory: Path, fields: Mapping[str, tuple[str, ...]]
) -> list[Path]:
    """Write programme.toml and text/<lang>.md (not the media files: they live in storage).
    Text files of other languages left from an earlier export are removed. Raises ValueError
    (before writing anything) when a text cannot be written in the format."""
    keys = package.text_keys(fields)
    files = {Path(TOML_FILE): dump_toml(package)}
    for language in text_languages(package):
        texts = package.texts.get(language, {})
        files[Path(TEXT_FOLDER, f"{language}.md")] = dump_text(texts, keys)
    text_folder = directory / TEXT_FOLDER
    text_folder.mkdir(parents=True, exist_ok=True)
    for stale in text_folder.glob("*.md"):
        if stale.relative_to(directory) not in files:
            stale.unlink()
    for relative, content in files.items():
        # Bytes, not text: no platform line-end translation.
        (directory / relative).write_bytes(content.encode("utf-8"))
    return [directory / relative for relative in files]


def _programme(package: Package) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agora_package": FORMAT_VERSION,
        "slug": package.slug,
        "organisation": package.organisation,
        "source_language": package.source_language,
        "languages": package.languages,
        "delivery": package.delivery,
        "audiences": package.audiences,
        "hours_per_week": float(package.hours_per_week)
        if package.hours_per_week is not None else None,
        "fee": f"{package.fee:.2f}",
        "currency": package.currency,
        "certificate": package.certificate,
        "tags": package.tags,
        "competences": package.competences,
        "status": package.status,
    }
    return _without_empty(data)


def _level(level: Level) -> dict[str, Any]:
    return {"id": level.id, "kind": level.kind}


def _module(module: Module) -> dict[str, Any]:
    return _without_empty({
        "id": module.id,
        "required": module.required or None,  # the default, false, is left out
        "package": module.package,
        "competences": module.competences,
    })


def _unit(unit: Unit) -> dict[str, Any]:
    return {"id": unit.id, "kind": unit.kind}


def _activity(activity: Activity) -> dict[str, Any]:
    return _without_empty({
        "id": activity.id,
        "type": activity.type,
        "minutes": activity.minutes,
        "competences": activity.competences,
        "media": _media(activity.media),
    })


def _media(media: Mapping[str, Any]) -> dict[str, Any]:
    # A fixed key order, captions by language: a database (PostgreSQL's jsonb) may reorder keys.
    ordered: dict[str, Any] = {key: media[key] for key in MEDIA_KEYS if media.get(key)}
    if isinstance(ordered.get("captions"), Mapping):
        ordered["captions"] = dict(sorted(ordered["captions"].items()))
    return ordered


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """Optional keys are left out when empty (None, an empty list or table); 0 and false stay."""
    return {key: value for key, value in data.items() if value not in (None, [], {})}
