"""Content packages: check, import, export (docs/content-packages.md)."""

import shutil
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.catalogue.importing import (
    MODELS as KINDS,
)
from agora.catalogue.importing import (
    PackageError,
    check_package,
    export_package,
    import_package,
    media_name,
)
from agora.catalogue.models import Activity, Level, Module, ModulePackage, Programme, Unit
from agora.catalogue.packages import Problem, Vocabulary, dump_toml, read_package, write_package
from agora.catalogue.packages.structure import Report
from agora.catalogue.packages.texts import dump_text, parse_text
from agora.catalogue.packages.toml_lines import Locator
from tests.factories import OrganisationFactory, ProgrammeFactory

LISTENING = Path(__file__).parent / "fixtures" / "listening"
SLUG = "listening-to-citizens"
MODELS = (Programme, Level, ModulePackage, Module, Unit, Activity)
# What the database and the registry would say, for the tests of the format alone.
VOCABULARY = Vocabulary(
    activity_types=("reading", "video", "resource", "assignment"),
    competences=("why-and-when", "methods-and-facilitation"),
    languages=("en", "da", "pl"),
    audiences=("local", "regional"),
    deliveries=("online", "blended"),
    statuses=("draft", "published"),
    level_kinds=("basic", "advanced"),
    unit_kinds=("week", "day", "section"),
    fields={kind: model.TRANSLATABLE_FIELDS for kind, model in KINDS.items()},
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Media storage in a temporary folder: imports copy files there."""
    settings.MEDIA_ROOT = tmp_path / "storage"
    return settings.MEDIA_ROOT


@pytest.fixture
def academy(db):
    return OrganisationFactory(slug="test-academy", name="Test Academy")


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    """A copy of the fixture package, for a test to change."""
    return Path(shutil.copytree(LISTENING, tmp_path / "package"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The line number of the ``occurrence``-th line of ``path`` containing ``text``."""
    numbers = [n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line]
    return numbers[occurrence - 1]


def rows() -> dict[str, set[tuple[int, str]]]:
    """Primary key and slug of every row of the curriculum, by model."""
    return {
        model.__name__: set(model.objects.values_list("pk", "slug")) for model in MODELS
    }


def files_of(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*")) if path.is_file()
    }


# Check


def test_check_passes_on_the_good_package(academy):
    assert check_package(LISTENING) == []


def test_the_check_command_says_so(academy, capsys):
    call_command("content", "check", str(LISTENING))
    assert "no problems" in capsys.readouterr().out


def test_check_reports_every_problem_at_once(academy, package_dir):
    toml = package_dir / "programme.toml"
    edit(toml, 'type = "reading"', 'type = "lecture"')
    edit(toml, 'kind = "day"', 'kind = "fortnight"')
    (package_dir / "text" / "da.md").unlink()

    problems = check_package(package_dir)

    assert {(problem.file, problem.line) for problem in problems} == {
        ("programme.toml", line_of(toml, 'type = "lecture"')),
        ("programme.toml", line_of(toml, 'kind = "fortnight"')),
        ("text/da.md", None),
    }


# Each bad input: a clear error naming file and line, and nothing imported.


def break_toml(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", 'kind = "week"', 'kind = "week')
    return "programme.toml", line_of(package / "programme.toml", 'kind = "week')


def unknown_activity_type(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", 'type = "reading"', 'type = "lecture"')
    return "programme.toml", line_of(package / "programme.toml", 'type = "lecture"')


def duplicate_id(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", 'id = "guide"', 'id = "welcome"')
    edit(package / "text" / "en.md", "<!-- activity:basic/b01-why/week-1/guide.title -->", "")
    return "programme.toml", line_of(package / "programme.toml", 'id = "welcome"', occurrence=2)


def unknown_package_reference(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", 'package = "methods"', 'package = "tools"')
    return "programme.toml", line_of(package / "programme.toml", 'package = "tools"')


def unknown_competence(package: Path) -> tuple[str, int]:
    toml = package / "programme.toml"
    edit(toml, 'competences = ["methods-and-facilitation"]\n\n[[levels.modules.units]]',
         'competences = ["juggling"]\n\n[[levels.modules.units]]')
    return "programme.toml", line_of(toml, '"juggling"')


def missing_translation_file(package: Path) -> tuple[str, None]:
    (package / "text" / "da.md").unlink()
    return "text/da.md", None


def broken_media_reference(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", "media/guide.pdf", "media/handbook.pdf")
    return "programme.toml", line_of(package / "programme.toml", "media/handbook.pdf")


def media_outside_the_package(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", "media/guide.pdf", "media/../../outside.pdf")
    return "programme.toml", line_of(package / "programme.toml", "outside.pdf")


def captions_not_webvtt(package: Path) -> tuple[str, int]:
    (package / "media" / "welcome.en.vtt").write_text("1\n00:00:00,000 --> 00:00:03,000\nHi\n")
    return "programme.toml", line_of(package / "programme.toml", "welcome.en.vtt")


def unknown_key_in_text(package: Path) -> tuple[str, int]:
    path = package / "text" / "da.md"
    path.write_text(path.read_text() + "\n<!-- module:basic/b99-nothing.title -->\nIntet\n")
    return "text/da.md", line_of(path, "b99-nothing")


def duplicate_key_in_text(package: Path) -> tuple[str, int]:
    path = package / "text" / "da.md"
    path.write_text(path.read_text() + "\n<!-- level:basic.title -->\nIgen\n")
    return "text/da.md", line_of(path, "<!-- level:basic.title -->", occurrence=2)


def missing_source_title(package: Path) -> tuple[str, None]:
    edit(package / "text" / "en.md", "<!-- unit:basic/b02-methods/day-1.title -->\nDay 1\n", "")
    return "text/en.md", None


def unknown_organisation(package: Path) -> tuple[str, int]:
    edit(package / "programme.toml", '"test-academy"', '"nobody"')
    return "programme.toml", line_of(package / "programme.toml", 'organisation = "nobody"')


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (break_toml, "invalid TOML"),
        (unknown_activity_type, 'unknown activity type "lecture" (known: reading, video,'),
        (duplicate_id, 'duplicate id "welcome" (first on line'),
        (unknown_package_reference, 'unknown package "tools" (packages of this level: methods)'),
        (unknown_competence, 'unknown competence "juggling"'),
        (missing_translation_file, "missing (listed in languages)"),
        (broken_media_reference, "media file media/handbook.pdf not found"),
        (media_outside_the_package, "must be a relative path under media/"),
        (captions_not_webvtt, "caption file media/welcome.en.vtt is not WebVTT"),
        (unknown_key_in_text, "unknown key module:basic/b99-nothing.title"),
        (duplicate_key_in_text, "duplicate key level:basic.title"),
        (missing_source_title, "missing unit:basic/b02-methods/day-1.title"),
        (unknown_organisation, 'no organisation "nobody"'),
    ],
)
def test_a_bad_package_names_file_and_line_and_imports_nothing(
    academy, package_dir, media_root, spoil, message
):
    file, line = spoil(package_dir)

    problems = check_package(package_dir)
    with pytest.raises(PackageError) as raised:
        import_package(package_dir)

    assert len(problems) == 1, problems
    assert (problems[0].file, problems[0].line) == (file, line)
    assert message in problems[0].message
    assert raised.value.problems == problems
    assert not any(model.objects.exists() for model in MODELS)
    assert not Path(media_root).exists()


def test_a_slug_owned_by_another_organisation_is_refused(academy):
    taken = ProgrammeFactory(slug=SLUG, organisation=OrganisationFactory(slug="elsewhere"))

    problems = check_package(LISTENING)
    with pytest.raises(PackageError):
        import_package(LISTENING)

    line = line_of(LISTENING / "programme.toml", f'slug = "{SLUG}"')
    assert [(p.file, p.line) for p in problems] == [("programme.toml", line)]
    assert "taken by a programme of another organisation (elsewhere)" in problems[0].message
    assert Programme.objects.get().organisation == taken.organisation
    assert not Level.objects.exists()


def test_the_check_command_prints_file_and_line_and_fails(academy, package_dir, capsys):
    unknown_activity_type(package_dir)

    with pytest.raises(CommandError):
        call_command("content", "check", str(package_dir))

    line = line_of(package_dir / "programme.toml", "lecture")
    assert f"{package_dir}/programme.toml:{line}: unknown activity type" in capsys.readouterr().err


# Import


def test_import_creates_the_programme(academy, media_root):
    programme = import_package(LISTENING)

    assert programme.organisation == academy
    assert programme.text("title", "da") == "At lytte til borgerne"
    assert programme.text("summary", "da") == programme.text("summary", "en")  # the fallback
    assert programme.languages == ["en", "da"]
    assert str(programme.fee) == "120.00"
    assert programme.certificate_offered
    assert programme.published_at is not None
    assert list(programme.competences.values_list("code", flat=True)) == [
        "why-and-when", "methods-and-facilitation",
    ]
    assert [level.slug for level in programme.levels.all()] == ["basic", "advanced"]
    assert Module.objects.get(slug="b02-methods").package.slug == "methods"
    assert Module.objects.get(slug="b01-why").required
    assert Activity.objects.count() == 4
    assert programme.translation_state("title", "da") == "current"


def test_import_keeps_the_text_exactly(academy):
    import_package(LISTENING)

    body = Activity.objects.get(slug="town-hall").text("body", "en")
    assert body == (
        "A town hall needs:\n\n- a clear question,\n- a fair chair.\n\n"
        "<!-- Not a marker: an ordinary comment stays in the text. -->"
    )
    assert Programme.objects.get().text("description", "en") == (
        "Two levels.\n\nThe basic level is for everyone; the advanced level for those who "
        "design processes."
    )


def test_import_stores_the_media_under_the_programme(academy, media_root):
    import_package(LISTENING)

    welcome = Activity.objects.get(slug="welcome")
    assert welcome.media == {
        "video": "media/welcome.mp4",
        "poster": "media/welcome.jpg",
        "captions": {"en": "media/welcome.en.vtt"},
    }
    stored = Path(media_root) / "programmes" / SLUG / "media"
    assert sorted(path.name for path in stored.iterdir()) == [
        "guide.pdf", "welcome.en.vtt", "welcome.jpg", "welcome.mp4",
    ]
    assert (stored / "guide.pdf").read_bytes() == (LISTENING / "media" / "guide.pdf").read_bytes()


def test_importing_twice_changes_nothing(academy):
    import_package(LISTENING)
    before = rows()

    with CaptureQueriesContext(connection) as queries:
        import_package(LISTENING)

    assert rows() == before
    writes = [
        query["sql"] for query in queries.captured_queries
        if query["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_reimport_after_editing_one_text_keeps_every_row(academy, package_dir):
    import_package(package_dir)
    before = rows()
    edit(package_dir / "text" / "en.md", "Running a town hall", "Chairing a town hall")

    import_package(package_dir)

    assert rows() == before
    assert Activity.objects.get(slug="town-hall").text("title", "en") == "Chairing a town hall"


def test_reimport_updates_structure_and_removes_what_is_gone(academy, package_dir):
    import_package(package_dir)
    kept = Module.objects.get(slug="b01-why").pk
    toml = package_dir / "programme.toml"
    edit(toml, 'minutes = 45', 'minutes = 50')
    edit(toml, 'id = "b02-methods"\npackage = "methods"', 'id = "b02-methods"')
    edit(toml, '[[levels.packages]]\nid = "methods"\n\n', "")
    edit(package_dir / "text" / "en.md", "<!-- package:basic/methods.title -->\nMethods\n\n", "")

    import_package(package_dir)

    assert Module.objects.get(slug="b01-why").pk == kept
    assert not ModulePackage.objects.exists()
    assert Module.objects.get(slug="b02-methods").package is None
    assert Activity.objects.get(slug="plan").estimated_minutes == 50


def test_reimport_removes_a_level_and_everything_in_it(academy, package_dir):
    import_package(package_dir)
    toml = package_dir / "programme.toml"
    toml.write_text(toml.read_text().split('[[levels]]\nid = "advanced"')[0])
    en = package_dir / "text" / "en.md"
    en.write_text(en.read_text().split("<!-- level:advanced.title -->")[0])

    import_package(package_dir)

    assert list(Level.objects.values_list("slug", flat=True)) == ["basic"]
    assert not Activity.objects.filter(slug="plan").exists()


def test_a_translation_goes_stale_when_a_reimport_changes_its_source(academy, package_dir):
    import_package(package_dir)
    edit(package_dir / "text" / "en.md", "Why listen", "Why we listen")

    import_package(package_dir)

    module = Module.objects.get(slug="b01-why")
    assert module.translation_state("title", "da") == "stale"
    assert Level.objects.get(slug="basic").translation_state("title", "da") == "current"


def test_a_translation_updated_with_its_source_stays_current(academy, package_dir):
    import_package(package_dir)
    edit(package_dir / "text" / "en.md", "Why listen", "Why we listen")
    edit(package_dir / "text" / "da.md", "Hvorfor lytte", "Hvorfor vi lytter")

    import_package(package_dir)

    module = Module.objects.get(slug="b01-why")
    assert module.text("title", "da") == "Hvorfor vi lytter"
    assert module.translation_state("title", "da") == "current"


def test_the_import_command(academy, capsys):
    call_command("content", "import", str(LISTENING))

    assert f"Imported {SLUG}" in capsys.readouterr().out
    assert Programme.objects.filter(slug=SLUG).exists()


# Export


def test_export_import_export_is_byte_identical(academy, tmp_path):
    import_package(LISTENING)
    first, second = tmp_path / "first", tmp_path / "second"
    export_package(Programme.objects.get(), first)
    before = rows()

    import_package(first)
    export_package(Programme.objects.get(), second)

    assert rows() == before
    assert files_of(first) == files_of(second)
    assert sorted(files_of(first)) == [
        "media/guide.pdf", "media/welcome.en.vtt", "media/welcome.jpg", "media/welcome.mp4",
        "programme.toml", "text/da.md", "text/en.md",
    ]


def test_export_writes_the_texts_in_structure_order(academy, tmp_path):
    import_package(LISTENING)

    export_package(Programme.objects.get(), tmp_path / "out")

    # The fixture is written in the export's order, one blank line between entries.
    exported = (tmp_path / "out" / "text" / "da.md").read_text()
    assert exported == (LISTENING / "text" / "da.md").read_text()
    assert (tmp_path / "out" / "text" / "en.md").read_text() == (
        LISTENING / "text" / "en.md"
    ).read_text()


def test_export_writes_the_keys_in_the_spec_order(academy, tmp_path):
    import_package(LISTENING)

    export_package(Programme.objects.get(), tmp_path / "out")

    toml = (tmp_path / "out" / "programme.toml").read_text()
    top = toml.split("[[levels]]")[0]
    keys = [line.split(" =")[0] for line in top.splitlines() if " = " in line]
    assert keys == [
        "agora_package", "slug", "organisation", "source_language", "languages", "delivery",
        "audiences", "hours_per_week", "fee", "currency", "certificate", "tags", "competences",
        "status",
    ]
    assert 'fee = "120.00"' in toml
    assert "hours_per_week = 2.5" in toml


def test_export_of_a_programme_made_elsewhere(academy, tmp_path):
    programme = ProgrammeFactory(slug="made-by-hand", organisation=academy, languages=["en"])
    level = Level.objects.create(programme=programme, slug="course", title={"en": "Course"})
    module = Module.objects.create(
        level=level, slug="m1", title={"en": "One"}, summary={"en": "Line one\r\n\r\n"}
    )

    export_package(programme, tmp_path / "out")
    import_package(tmp_path / "out")
    export_package(Programme.objects.get(slug="made-by-hand"), tmp_path / "again")

    assert files_of(tmp_path / "out") == files_of(tmp_path / "again")
    module.refresh_from_db()
    assert module.text("summary", "en") == "Line one"


def test_export_refuses_a_text_that_would_read_as_a_marker(academy, tmp_path):
    programme = ProgrammeFactory(
        organisation=academy, summary={"en": "Look:\n<!-- programme.title -->\nhere"}
    )

    with pytest.raises(PackageError, match="reads as a marker"):
        export_package(programme, tmp_path / "out")


def test_the_export_command(academy, tmp_path):
    import_package(LISTENING)

    call_command("content", "export", SLUG, str(tmp_path / "out"))

    assert (tmp_path / "out" / "programme.toml").is_file()
    stored = default_storage.open(media_name(SLUG, "media/welcome.mp4")).read()
    assert (tmp_path / "out" / "media" / "welcome.mp4").read_bytes() == stored


def test_the_export_command_names_an_unknown_programme(db, tmp_path):
    with pytest.raises(CommandError, match='No programme "nothing"'):
        call_command("content", "export", "nothing", str(tmp_path / "out"))


# The format on its own (no database)


def test_markers_cut_a_text_file_into_entries():
    report = Report()
    entries = parse_text(
        "<!-- programme.title -->\n\nTitle\n\n\n<!-- programme.summary -->\nOne\n\nTwo\n",
        "text/en.md", report,
    )

    assert {key: (entry.text, entry.line) for key, entry in entries.items()} == {
        "programme.title": ("Title", 1),
        "programme.summary": ("One\n\nTwo", 6),
    }
    assert report.problems == []


def test_text_before_the_first_marker_is_a_problem():
    report = Report()
    parse_text("\nStray\nmore\n<!-- programme.title -->\nT\n", "text/en.md", report)

    assert report.problems == [Problem("text/en.md", 2, "text before the first marker")]


def test_a_text_file_is_written_in_key_order_with_one_blank_line_between():
    texts = {"b.title": "B", "a.title": "\nA\n\n", "c.title": ""}

    written = dump_text(texts, ["a.title", "b.title", "c.title"])

    assert written == "<!-- a.title -->\nA\n\n<!-- b.title -->\nB\n"


def test_lines_are_found_in_tables_and_inline_tables():
    locator = Locator(
        'slug = "x"\n\n[[levels]]\nid = "a"\npackages = [{ id = "p" }]\n\n'
        '[[levels.modules]]\nid = "m"\n\n[[levels]]\nid = "b"\n\n[[levels.modules]]\n'
        'id = "n"\nmedia = { video = "v" }\n'
    )

    assert locator.line((), "slug") == 1
    assert locator.line(("levels", 1, "modules", 0), "id") == 14
    assert locator.line(("levels", 1, "modules", 0), "media.video") == 15
    assert locator.line(("levels", 0, "packages", 0), "id") == 5
    assert locator.line(("levels", 1), "kind") == 10


def test_the_format_round_trips_without_a_database(tmp_path):
    package, problems = read_package(LISTENING, VOCABULARY)
    assert problems == []

    write_package(package, tmp_path / "out", VOCABULARY.fields)
    shutil.copytree(LISTENING / "media", tmp_path / "out" / "media")  # storage's part
    again, problems = read_package(tmp_path / "out", VOCABULARY)

    assert problems == []
    assert again == package
    assert dump_toml(again) == dump_toml(package)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('fee = "120.00"', 'fee = "12.345"', 'fee must be an amount such as "120.00"'),
        ('fee = "120.00"', "fee = 120", "fee must be a string"),
        ('currency = "EUR"', 'currency = "euro"', "currency must be a three-letter code"),
        ("hours_per_week = 2.5", "hours_per_week = 2.25", "at most one decimal"),
        ("certificate = true", "certificate = true\nprice = 3", "unknown key price"),
        ('slug = "listening-to-citizens"', 'slug = "Listening"', 'slug "Listening" must be'),
        ('languages = ["en", "da"]', 'languages = ["da"]', "must include the source language"),
        ('languages = ["en", "da"]', 'languages = ["en", "da", "xx"]', 'unknown language "xx"'),
        ("agora_package = 1", "agora_package = 2", "format version 2 is not supported"),
        ("minutes = 45", "minutes = -5", "minutes must not be negative"),
        ("minutes = 45", 'minutes = "45"', "minutes must be a whole number"),
        ('kind = "section"', 'kind = "chapter"', 'unknown kind "chapter" (known: week, day'),
    ],
)
def test_format_problems_name_the_line(package_dir, old, new, message):
    toml = package_dir / "programme.toml"
    edit(toml, old, new)

    _package, problems = read_package(package_dir, VOCABULARY)

    assert len(problems) == 1, problems
    assert message in problems[0].message
    assert problems[0].line == line_of(toml, new.split("\n")[-1])


def test_a_missing_key_is_named(package_dir):
    edit(package_dir / "programme.toml", 'delivery = "blended"\n', "")

    _package, problems = read_package(package_dir, VOCABULARY)

    assert [str(problem) for problem in problems] == ["programme.toml: missing key delivery"]


def test_export_removes_text_files_of_languages_no_longer_there(academy, tmp_path):
    stale = tmp_path / "out" / "text" / "fr.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("<!-- programme.title -->\nÉcouter\n")
    import_package(LISTENING)

    export_package(Programme.objects.get(), tmp_path / "out")

    assert sorted(path.name for path in stale.parent.iterdir()) == ["da.md", "en.md"]
