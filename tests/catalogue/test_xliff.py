"""XLIFF 2.0 for translators: export the source, read the targets back."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from translate.storage.xliff2 import Xliff2File

from agora.catalogue.importing import import_package
from agora.catalogue.models import Level, Module, Programme
from agora.catalogue.xliff import XliffError, export_xliff, import_xliff
from tests.catalogue.test_packages import LISTENING, SLUG
from tests.factories import OrganisationFactory

MODULE_TITLE = "module:basic/b02-methods.title"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "storage"
    return settings.MEDIA_ROOT


@pytest.fixture
def programme(db) -> Programme:
    OrganisationFactory(slug="test-academy")
    return import_package(LISTENING)


def units(data: bytes) -> dict[str, tuple[str, str | None]]:
    return {unit.getid(): (unit.source, unit.target) for unit in Xliff2File.parsestring(data).units}


def translated(data: bytes, targets: dict[str, str]) -> bytes:
    """The file as a translator sends it back, with ``targets`` filled in."""
    store = Xliff2File.parsestring(data)
    for unit in store.units:
        if unit.getid() in targets:
            unit.target = targets[unit.getid()]
    return bytes(store)


def test_the_export_has_a_unit_per_field_with_source_and_target(programme):
    data = export_xliff(programme, "da")

    store = Xliff2File.parsestring(data)
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "da")
    exported = units(data)
    assert exported["programme.title"] == ("Listening to citizens", "At lytte til borgerne")
    assert exported[MODULE_TITLE] == ("Town-hall meetings", None)
    assert exported["activity:basic/b02-methods/day-1/town-hall.body"][0].startswith(
        "A town hall needs:\n\n- a clear question,"
    )
    assert "programme.effort" not in exported  # no source text, nothing to translate
    assert list(exported)[:3] == ["programme.title", "programme.summary", "programme.description"]


def test_a_translation_read_back_is_current_until_its_source_changes(programme):
    data = translated(export_xliff(programme, "da"), {MODULE_TITLE: "Borgermøder"})

    assert import_xliff(programme, data) == 1

    module = Module.objects.get(slug="b02-methods")
    assert module.text("title", "da") == "Borgermøder"
    assert module.translation_state("title", "da") == "current"

    module.set_text("title", "en", "Town-hall meetings that work")
    module.save()
    module.refresh_from_db()
    assert module.translation_state("title", "da") == "stale"


def test_reading_the_same_file_again_changes_nothing(programme):
    data = translated(export_xliff(programme, "da"), {MODULE_TITLE: "Borgermøder"})
    import_xliff(programme, data)

    assert import_xliff(Programme.objects.get(), data) == 0


def test_a_translation_of_an_outdated_source_is_recorded_stale(programme):
    data = translated(export_xliff(programme, "da"), {MODULE_TITLE: "Borgermøder"})
    module = Module.objects.get(slug="b02-methods")
    module.set_text("title", "en", "Meetings in the town hall")
    module.save()

    import_xliff(Programme.objects.get(), data)

    module.refresh_from_db()
    assert module.text("title", "da") == "Borgermøder"
    assert module.translation_state("title", "da") == "stale"


def test_a_stale_translation_is_exported_for_review(programme):
    level = Level.objects.get(slug="basic")
    level.set_text("title", "en", "Basics")
    level.save()

    store = Xliff2File.parsestring(export_xliff(Programme.objects.get(), "da"))

    unit = next(unit for unit in store.units if unit.getid() == "level:basic.title")
    assert unit.isfuzzy()
    assert "source text changed" in unit.getnotes()


def test_an_unknown_id_changes_nothing(programme):
    data = translated(export_xliff(programme, "da"), {MODULE_TITLE: "Borgermøder"})
    data = data.replace(b'id="level:basic.title"', b'id="level:expert.title"')

    with pytest.raises(XliffError, match="level:expert.title"):
        import_xliff(programme, data)

    assert Module.objects.get(slug="b02-methods").text_data("title") == {
        "en": "Town-hall meetings"
    }


def test_a_file_from_another_source_language_is_refused(programme):
    data = export_xliff(programme, "da").replace(b'srcLang="en"', b'srcLang="fr"')

    with pytest.raises(XliffError, match='translates from "fr"'):
        import_xliff(programme, data)


def test_a_target_language_the_programme_is_not_offered_in_is_refused(programme):
    data = translated(export_xliff(programme, "da"), {MODULE_TITLE: "Spotkania"})
    data = data.replace(b'trgLang="da"', b'trgLang="pl"')

    with pytest.raises(XliffError, match='"pl" is not one of the programme'):
        import_xliff(programme, data)
    assert "pl" not in Module.objects.get(slug="b02-methods").text_data("title")


def test_no_file_is_made_for_a_language_that_could_not_come_back(programme):
    with pytest.raises(XliffError, match='"pl" is not one of the programme'):
        export_xliff(programme, "pl")
    with pytest.raises(XliffError, match="source language"):
        export_xliff(programme, "en")


def test_a_file_that_is_not_xliff_is_refused(programme):
    with pytest.raises(XliffError, match="Not an XLIFF 2.0 file"):
        import_xliff(programme, b"<html>")


def test_the_commands_write_and_read_a_file(programme, tmp_path, capsys):
    path = tmp_path / "da.xlf"
    call_command("content", "xliff-export", SLUG, "da", str(path))
    path.write_bytes(translated(path.read_bytes(), {MODULE_TITLE: "Borgermøder"}))

    call_command("content", "xliff-import", SLUG, str(path))

    assert "1 fields updated" in capsys.readouterr().out
    assert Module.objects.get(slug="b02-methods").text("title", "da") == "Borgermøder"


def test_the_import_command_fails_on_a_bad_file(programme, tmp_path):
    path = tmp_path / "da.xlf"
    path.write_bytes(b"not xml")

    with pytest.raises(CommandError, match="Not an XLIFF 2.0 file"):
        call_command("content", "xliff-import", SLUG, str(path))
