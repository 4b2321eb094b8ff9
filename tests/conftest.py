import pytest
from django.core.cache import cache

from tests.factories import UserFactory


def pytest_configure(config):
    from django.conf import settings

    # Hashing a password properly takes ~100 ms; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _flush_by_delete(original):
    """PostgreSQL's ``sql_flush`` for the test run: DELETE instead of TRUNCATE.

    Each transactional test (every browser test) ends by emptying every table. TRUNCATE of
    Agora's ~110 tables costs about a second on PostgreSQL, each time, whatever they hold;
    DELETE of the few rows a test wrote costs about 20 ms (measured with both in one
    transaction). Django declares PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED, so
    the order of the DELETEs does not matter inside flush's transaction. Sequences are not
    reset, as TRUNCATE without RESTART IDENTITY does not reset them either.
    """

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return original(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(t)};" for t in tables]
        return ["SET CONSTRAINTS ALL DEFERRED;", *deletes]

    return sql_flush


@pytest.fixture(scope="session", autouse=True)
def _quick_flush_on_postgresql():
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    DatabaseOperations.sql_flush = _flush_by_delete(original)
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate limits and sessions live in the cache: no test may see another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Imports copy media into storage; keep them out of the developer's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _competence_framework_in_transactional_tests(request):
    """The competence framework is data from a migration. A transactional test (every browser
    test) ends by flushing every table, so the tests after it would find no competences: put
    them back before each such test, as the migration left them."""
    marker = request.node.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional:
        from agora.catalogue.competences import ensure_framework
        from agora.catalogue.models import Competence

        request.getfixturevalue("transactional_db")
        ensure_framework(Competence)


@pytest.fixture
def user(db):
    return UserFactory(full_name="Lena Learner")


@pytest.fixture
def other_user(db):
    return UserFactory(full_name="Otto Other")
