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
