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


@pytest.fixture
def user(db):
    return UserFactory(full_name="Lena Learner")


@pytest.fixture
def other_user(db):
    return UserFactory(full_name="Otto Other")
