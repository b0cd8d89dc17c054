import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test stores files under its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def public_world(db):
    from tests.factories import make_public_world

    return make_public_world(1)


@pytest.fixture
def count_queries():
    """Run a GET and return (response, number of SQL queries it made)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(client, url):
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        return response, len(context.captured_queries)

    return run


@pytest.fixture
def page_cache_on(settings, tmp_path):
    """The public page cache switched on (the test settings keep it off), empty before and after."""
    from archive.cache import page_cache, version_cache

    settings.ARCHIVE_PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "public_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "version"),
        },
        "pages": {**settings.CACHES["pages"], "LOCATION": str(tmp_path / "pages.sqlite3")},
    }
    page_cache().clear()
    version_cache().clear()
    yield
    page_cache().clear()
