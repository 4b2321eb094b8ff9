"""The demo programmes (agora/catalogue/demo/): valid content packages that load once, each with
the structure its reference programme needs (../shared/programmes.md, P1 to P5)."""

from pathlib import Path

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo
from agora.catalogue.importing import check_package, export_package, import_package
from agora.catalogue.models import Activity, Level, Module, ModulePackage, Programme, Unit
from agora.portal.management.commands.demo import DEMO_LOADERS

MODELS = (Programme, Level, ModulePackage, Module, Unit, Activity)
PACKAGES = demo.package_dirs()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    """Media storage in a temporary folder: the demo's caption files are copied there."""
    settings.MEDIA_ROOT = tmp_path / "storage"
    return settings.MEDIA_ROOT


@pytest.fixture
def organisations(db):
    """The demo organisations that the packages name."""
    accounts_demo.load()


@pytest.fixture
def loaded(organisations):
    demo.load()


def rows() -> dict[str, set[tuple[int, str]]]:
    return {model.__name__: set(model.objects.values_list("pk", "slug")) for model in MODELS}


def items(programme: Programme) -> list:
    """The programme and every part of it."""
    found = [programme]
    for level in programme.levels.all():
        found += [level, *level.packages.all()]
        for module in level.modules.all():
            found.append(module)
            for unit in module.units.all():
                found += [unit, *unit.activities.all()]
    return found


def test_the_demo_has_the_five_reference_programmes():
    assert [path.name for path in PACKAGES] == [
        "citizen-collectives",
        "civic-tech-leadership",
        "co-creation-mooc",
        "co-creation-package",
        "public-engagement-mooc",
    ]


@pytest.mark.parametrize("path", PACKAGES, ids=[path.name for path in PACKAGES])
def test_every_demo_package_passes_the_check(organisations, path):
    assert [str(problem) for problem in check_package(path)] == []


def test_the_demo_command_loads_the_programmes_after_the_accounts():
    assert DEMO_LOADERS.index("agora.catalogue.demo.load") > DEMO_LOADERS.index(
        "agora.accounts.demo.load"
    )


def test_loading_the_demo_twice_creates_no_duplicates(organisations):
    demo.load()
    before = rows()
    demo.load()
    assert rows() == before
    assert Programme.objects.count() == len(PACKAGES)
    assert Programme.objects.published().count() == len(PACKAGES)


def test_p1_has_three_levels_with_ten_modules_in_advanced_and_train_the_trainer(loaded):
    programme = Programme.objects.get(slug="co-creation-package")
    assert programme.languages == ["en", "da", "pl"]
    levels = {level.kind: level for level in programme.levels.all()}
    assert list(levels) == ["basic", "advanced", "train_the_trainer"]
    assert levels["advanced"].modules.count() == 10
    assert levels["train_the_trainer"].modules.count() == 10


def test_p2_has_five_days_each_with_a_morning_deep_dive_and_an_afternoon_skills_block(loaded):
    programme = Programme.objects.get(slug="citizen-collectives")
    assert programme.format == Programme.Format.IN_PERSON
    assert programme.certificate_offered
    days = Module.objects.filter(level__programme=programme, slug__startswith="day-")
    assert [day.slug for day in days] == ["day-1", "day-2", "day-3", "day-4", "day-5"]
    for day in days:
        assert day.required
        assert [(unit.slug, unit.kind) for unit in day.units.all()] == [
            ("morning-deep-dive", Unit.Kind.BLOCK),
            ("afternoon-skills", Unit.Kind.BLOCK),
        ]


def test_p2_has_a_topic_ballot_simulations_and_a_capstone_across_the_days(loaded):
    activities = Activity.objects.filter(unit__module__level__programme__slug="citizen-collectives")
    assert activities.filter(unit__module__slug="day-1", kind="survey").exists()
    assert activities.filter(kind="simulation").count() >= 3
    capstone_days = set(
        activities.filter(kind="capstone_milestone").values_list("unit__module__slug", flat=True)
    )
    assert capstone_days == {"day-1", "day-3", "day-5"}


def test_p3_is_five_weeks_with_a_captioned_trailer_and_videos(loaded):
    programme = Programme.objects.get(slug="co-creation-mooc")
    assert programme.is_free
    assert {"co-creation", "co-design", "design thinking", "public engagement"} <= set(
        programme.tags
    )
    weeks = Unit.objects.filter(module__level__programme=programme)
    assert weeks.count() == 5
    assert set(weeks.values_list("kind", flat=True)) == {Unit.Kind.WEEK}
    videos = Activity.objects.filter(unit__in=weeks, kind="video")
    assert videos.filter(slug="trailer").exists()
    for video in videos:
        assert video.media["captions"]["en"].endswith(".en.vtt")


def test_p4_is_paid_with_a_certificate_and_eight_modules_over_five_days(loaded):
    programme = Programme.objects.get(slug="civic-tech-leadership")
    assert not programme.is_free
    assert programme.fee > 0
    assert programme.certificate_offered
    terms = programme.text("payment_terms", "en")
    assert "bank transfer" in terms
    assert "receipt" in terms
    modules = Module.objects.filter(level__programme=programme)
    assert modules.count() == 8
    units = Unit.objects.filter(module__in=modules)
    assert {unit.slug.split("-")[1] for unit in units} == {"1", "2", "3", "4", "5"}
    for module in modules:
        assert "Topics:" in module.text("summary", "en")


def test_p5_has_english_and_french_text_for_every_field(loaded):
    programme = Programme.objects.get(slug="public-engagement-mooc")
    assert programme.languages == ["en", "fr"]
    checked = 0
    for item in items(programme):
        for field in item.TRANSLATABLE_FIELDS:
            data = item.text_data(field)
            assert set(data) in (set(), {"en", "fr"}), (item, field)
            if data:
                assert item.translation_state(field, "fr") == "current"
                checked += 1
        assert item.text("title", "fr"), item
    assert checked > 100


def test_p5_has_five_weeks_that_serve_three_streams(loaded):
    programme = Programme.objects.get(slug="public-engagement-mooc")
    weeks = Unit.objects.filter(module__level__programme=programme)
    assert weeks.count() == 5
    for week in weeks:
        kinds = {activity.kind: activity for activity in week.activities.all()}
        assert kinds["live_session"].estimated_minutes == 60
        assert 10 <= kinds["video"].estimated_minutes <= 15  # the managers' stream
        assert {"reading", "resource", "quiz", "forum_task", "group_activity"} <= set(kinds)
    assert Activity.objects.filter(unit__in=weeks, slug="data-literacy").count() == 1


@pytest.mark.parametrize("path", demo.package_dirs(), ids=lambda path: path.name)
def test_every_demo_package_exports_byte_identical_after_import(organisations, path, tmp_path):
    programme = import_package(path)
    first, second = tmp_path / "first", tmp_path / "second"
    export_package(programme, first)
    import_package(first)
    export_package(Programme.objects.get(pk=programme.pk), second)
    files = sorted(p.relative_to(path) for p in path.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (second / name).read_bytes() == (path / name).read_bytes(), name
