"""XLIFF 2.0 for translators: one unit per translatable field of a programme.

Unit ids are the content-package text keys (``module:advanced/a01.title``), so a translator's
file and the package's text files name the same things. The format is translate-toolkit's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext
from lxml import etree
from translate.storage.xliff2 import Xliff2File

from agora.catalogue.importing import iter_items
from agora.catalogue.models import Programme, TranslatableModel, source_digest
from agora.catalogue.packages import normalise
from agora.catalogue.search import reindex_programme


class XliffError(Exception):
    """An XLIFF file that cannot be read back into a programme; nothing was written."""


@dataclass(frozen=True)
class _Field:
    row: TranslatableModel
    name: str


def _fields(programme: Programme) -> dict[str, _Field]:
    """Every translatable field of the programme by its key, in structure order."""
    return {
        f"{key}.{name}": _Field(row, name)
        for key, row in iter_items(programme)
        for name in row.TRANSLATABLE_FIELDS
    }


def export_xliff(programme: Programme, target_language: str) -> bytes:
    """Every field with a source text, with the translation where there is one; a stale
    translation is marked for review (state "initial") with a note saying why."""
    _check_target(programme, target_language)
    store = Xliff2File()
    store.setsourcelanguage(programme.source_language)
    store.settargetlanguage(target_language)
    for key, field in _fields(programme).items():
        source = field.row.text_data(field.name).get(programme.source_language)
        if not source:
            continue
        unit = store.addsourceunit(source)
        unit.setid(key)
        target = field.row.text_data(field.name).get(target_language)
        if target:
            unit.target = target
            if field.row.translation_state(field.name, target_language) == "stale":
                unit.markfuzzy()
                unit.addnote(gettext("The source text changed after this was translated."))
    return bytes(store)


def import_xliff(programme: Programme, data: bytes) -> int:
    """Set the translations of an XLIFF file, all or nothing; the number of fields changed.

    A translation is recorded as made from the source text in the file: if the source changed
    since the file was exported, the translation shows as stale rather than current.
    """
    store = _parse(data)
    language = _target_language(programme, store)
    fields = _fields(programme)
    units = [unit for unit in store.unit_iter() if unit.getid()]
    unknown = [unit.getid() for unit in units if unit.getid() not in fields]
    if unknown:
        raise XliffError(
            gettext("Unknown unit ids (nothing was imported): %(ids)s")
            % {"ids": ", ".join(unknown)}
        )
    count = 0
    changed: dict[int, TranslatableModel] = {}
    for unit in units:
        field = fields[unit.getid()]
        target = normalise(unit.target or "")  # as a text file of the package would keep it
        if _set_translation(field, language, target, unit.source or ""):
            count += 1
            changed[id(field.row)] = field.row
    with transaction.atomic():
        for row in changed.values():
            row.save()
        reindex_programme(programme)
    return count


def _parse(data: bytes) -> Xliff2File:
    try:
        return Xliff2File.parsestring(data)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise XliffError(gettext("Not an XLIFF 2.0 file: %(error)s") % {"error": error}) from error


def _target_language(programme: Programme, store: Xliff2File) -> str:
    source = store.getsourcelanguage()
    if source != programme.source_language:
        raise XliffError(
            gettext('The file translates from "%(file)s", the programme is written in '
                    '"%(programme)s".') % {"file": source, "programme": programme.source_language}
        )
    target = store.gettargetlanguage() or ""
    _check_target(programme, target)
    return target


def _check_target(programme: Programme, target: str) -> None:
    # Refused at export too, so that no one translates into a language that cannot come back.
    if target == programme.source_language:
        raise XliffError(
            gettext('"%(target)s" is the source language of the programme.') % {"target": target}
        )
    if target not in programme.languages:
        raise XliffError(
            gettext('The target language "%(target)s" is not one of the programme\'s languages '
                    '(%(languages)s).')
            % {"target": target, "languages": ", ".join(programme.languages)}
        )


def _set_translation(field: _Field, language: str, target: str, source: str) -> bool:
    """Set one translation in memory; whether it changed. An empty target leaves the field."""
    row, name = field.row, field.name
    if not target or row.text_data(name).get(language) == target:
        return False
    row.set_text(name, language, target)
    row.translation_digests[name][language] = source_digest(source)
    return True
