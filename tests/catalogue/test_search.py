"""Programme search (agora/catalogue/search.py), on whichever backend the suite runs on:
SQLite FTS5 embedded, PostgreSQL full text with DATABASE_URL. The same tests pass on both."""

import tomllib
from pathlib import Path

import pytest
from django.db import connection
from django.utils import translation

from agora.catalogue import search
from agora.catalogue.importing import import_package
from agora.catalogue.models import Programme
from tests.factories import LevelFactory, ModuleFactory, OrganisationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def indexed(**fields) -> Programme:
    programme = ProgrammeFactory(**fields)
    search.reindex_programme(programme)
    return programme


def found(query: str, queryset=None) -> list[str]:
    queryset = Programme.objects.all() if queryset is None else queryset
    return list(search.search_programmes(queryset, query).values_list("slug", flat=True))


def test_the_migration_made_the_index_for_this_backend():
    assert connection.vendor in {"sqlite", "postgresql"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {search.TABLE}")
        assert cursor.fetchone()[0] >= 0


def test_finds_words_of_the_title_summary_description_and_objectives():
    indexed(slug="title", title={"en": "Deliberative mini-publics"})
    indexed(slug="summary", summary={"en": "Running a citizens' assembly"})
    indexed(slug="description", description={"en": "We look at **participatory budgeting**."})
    indexed(slug="objectives", objectives={"en": "- plan a consultation on housing"})

    assert found("deliberative") == ["title"]
    assert found("assembly") == ["summary"]
    assert found("budgeting") == ["description"]
    assert found("housing") == ["objectives"]


def test_finds_module_titles():
    programme = ProgrammeFactory(slug="with-modules")
    ModuleFactory(level=LevelFactory(programme=programme), title={"en": "Sortition and lotteries"})
    ProgrammeFactory(slug="other")
    search.reindex_programme(programme)

    assert found("sortition") == ["with-modules"]


def test_finds_text_in_every_language_whatever_the_active_one():
    indexed(
        slug="multilingual",
        languages=["en", "fr", "pl"],
        title={"en": "Listening to citizens", "fr": "Écouter les citoyens", "pl": "Słuchać"},
        summary={"pl": "Budżet obywatelski w praktyce"},
    )

    with translation.override("en"):
        assert found("citoyens") == ["multilingual"]
        assert found("obywatelski") == ["multilingual"]
    with translation.override("fr"):
        assert found("listening") == ["multilingual"]


def test_every_word_must_match_and_words_match_their_start():
    indexed(slug="both", title={"en": "Participation and deliberation"})
    indexed(slug="one", title={"en": "Participation only"})

    assert sorted(found("particip")) == ["both", "one"]
    assert found("PARTICIPATION deliberation") == ["both"]
    assert found("participation nowhere") == []


def test_punctuation_and_operators_are_read_as_plain_words():
    indexed(slug="plain", title={"en": "Open data and AND gates"})

    assert found('"open" OR (data) -NOT* NEAR:') == []  # "not", "near" are words here too
    assert found('"open" (data)') == ["plain"]
    assert found("open-data") == ["plain"]
    assert found("''' ; DROP TABLE x; --") == []


def test_a_query_without_words_keeps_the_queryset_as_it_is():
    indexed(slug="a")
    indexed(slug="b")

    assert sorted(found("")) == ["a", "b"]
    assert sorted(found("  ,;!  ")) == ["a", "b"]


def test_title_matches_rank_before_body_matches():
    indexed(slug="a-body", summary={"en": "Something about deliberation"})
    indexed(slug="b-title", title={"en": "Deliberation"})

    assert found("deliberation") == ["b-title", "a-body"]


def test_search_keeps_the_queryset_filters():
    indexed(slug="published", title={"en": "Deliberation"})
    indexed(slug="draft", title={"en": "Deliberation"}, status=Programme.Status.DRAFT)

    assert found("deliberation", Programme.objects.published()) == ["published"]


def test_reindex_programme_follows_changes_and_deletion():
    programme = indexed(slug="changing", title={"en": "Old words"})
    assert found("old") == ["changing"]

    programme.title = {"en": "New words"}
    programme.save()
    search.reindex_programme(programme)
    assert found("old") == []
    assert found("new") == ["changing"]

    pk = programme.pk
    programme.delete()
    search.reindex_programme(pk)
    assert found("new") == []


def test_an_unindexed_change_is_not_seen_until_reindexed():
    programme = indexed(slug="stale", title={"en": "Before"})
    Programme.objects.filter(pk=programme.pk).update(title={"en": "After"})

    assert found("after") == []
    search.reindex_programme(programme)
    assert found("after") == ["stale"]


def test_reindex_all_rebuilds_everything():
    first = ProgrammeFactory(slug="first", title={"en": "Town hall meetings"})
    ModuleFactory(level=LevelFactory(programme=first), title={"en": "Facilitation"})
    ProgrammeFactory(slug="second", title={"en": "Town planning"})

    assert search.reindex_all() == Programme.objects.count()
    assert sorted(found("town")) == ["first", "second"]
    assert found("facilitation") == ["first"]


def test_list_filters_match_whole_values():
    ProgrammeFactory(slug="fr", languages=["en", "fr"], tags=["deliberation"])
    ProgrammeFactory(slug="frr", languages=["en"], tags=["deliberation-lab", "café"])

    def having(field, value):
        queryset = search.having_in_list(Programme.objects.all(), field, value)
        return sorted(queryset.values_list("slug", flat=True))

    assert having("languages", "fr") == ["fr"]
    assert having("languages", "en") == ["fr", "frr"]
    assert having("tags", "deliberation") == ["fr"]
    assert having("tags", "café") == ["frr"]
    assert having("tags", "deliber") == []


def test_list_values_gathers_the_distinct_values_of_a_queryset():
    ProgrammeFactory(languages=["pl", "en"], tags=["b", "a"])
    ProgrammeFactory(languages=["en"], tags=[])
    ProgrammeFactory(languages=["de"], status=Programme.Status.DRAFT)

    assert search.list_values(Programme.objects.published(), "languages") == ["en", "pl"]
    assert search.list_values(Programme.objects.all(), "tags") == ["a", "b"]
    assert search.list_values(Programme.objects.none(), "tags") == []



@pytest.mark.django_db
def test_an_imported_programme_is_found_by_search():
    package = Path(__file__).parent / "fixtures" / "listening"
    metadata = tomllib.loads((package / "programme.toml").read_text())
    OrganisationFactory(slug=metadata["organisation"])
    programme = import_package(package)
    word = programme.text("title", programme.source_language).split()[0]
    assert programme in search.search_programmes(Programme.objects.all(), word)
