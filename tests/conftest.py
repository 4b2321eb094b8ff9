import pytest
from django.core.cache import cache

from tests.factories import UserFactory


def pytest_configure(config):
    from django.conf import settings

    # Hashing a password properly takes ~100 ms; tests create hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
