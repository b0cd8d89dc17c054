import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.workflow import Status
from tests.factories import DocumentFactory, PolicyThemeFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def test_second_anonymous_request_is_served_from_the_cache(client, public_world):
    url = reverse("archive:document-list")
    assert "X-Page-Cache" not in client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert public_world["documents"][0].title in response.text


def test_an_edit_is_visible_on_the_next_request(client, public_world):
    document = public_world["documents"][0]
    client.get(document.get_absolute_url())
    document.title = "A corrected title"
    document.save()
    response = client.get(document.get_absolute_url())
    assert "A corrected title" in response.text
    assert "A corrected title" in client.get(reverse("archive:document-list")).text


def test_a_link_change_is_visible_on_the_next_request(client, public_world):
    document = public_world["documents"][0]
    client.get(document.get_absolute_url())
    document.themes.add(PolicyThemeFactory(name="Space cooperation"))
    assert "Space cooperation" in client.get(document.get_absolute_url()).text


def test_publishing_is_visible_on_the_next_request(client, public_world):
    url = reverse("archive:document-list")
    assert public_world["hidden"].title not in client.get(url).text
    public_world["hidden"].status = Status.PUBLISHED
    public_world["hidden"].save()
    assert public_world["hidden"].title in client.get(url).text


def test_withdrawal_answers_410_on_the_next_request(client, public_world):
    document = public_world["documents"][0]
    assert client.get(document.get_absolute_url()).status_code == 200
    document.status = Status.WITHDRAWN
    document.save()
    assert client.get(document.get_absolute_url()).status_code == 410
    assert document.title not in client.get(reverse("archive:document-feed")).text


def test_scheduled_document_appears_once_its_time_passes_without_any_edit(client, db):
    publish_at = timezone.now() + dt.timedelta(seconds=1)
    DocumentFactory(title="Scheduled statement", publish_at=publish_at)
    url = reverse("archive:document-list")
    assert "Scheduled statement" not in client.get(url).text
    assert client.get(url)["X-Page-Cache"] == "hit"
    time.sleep(max(0, (publish_at - timezone.now()).total_seconds()) + 0.05)
    assert "Scheduled statement" in client.get(url).text


def test_logged_in_staff_are_never_served_cached_pages(client, public_world):
    url = public_world["hidden"].get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(username="staff", is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_a_bulk_import_is_visible_on_the_next_request(client):
    from archive.transfer.importing import records_import

    publisher = UserFactory(username="importer", is_superuser=True)
    url = reverse("archive:document-list")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    data = (
        b"slug,title,type,publication_date,status\n"
        b"imported-readout,Readout imported in bulk,readout,2024-07-28,published\n"
    )
    report = records_import(kind="documents", data=data, file_name="documents.csv", user=publisher)
    assert report.ok, report.errors
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "Readout imported in bulk" in response.text


def test_a_scheduled_publication_committed_while_a_token_is_made_still_expires_it(db, monkeypatch):
    """The token's due time is read again once it is added: a publication that lands between
    the first read and the add (its commit finds no token to delete) still counts."""
    from archive import cache

    publish_at = timezone.now() + dt.timedelta(hours=1)
    real = cache.next_scheduled_publication
    calls = []

    def publication_lands_after_the_first_read(now):
        found = real(now)
        if not calls:
            DocumentFactory(title="Scheduled meanwhile", publish_at=publish_at)
        calls.append(found)
        return found

    cache.version_cache().delete(cache.VERSION_KEY)
    monkeypatch.setattr(cache, "next_scheduled_publication", publication_lands_after_the_first_read)
    token = cache.public_version()
    assert calls[0] is None
    assert cache.version_cache().get(cache.VERSION_KEY) == (token, publish_at)


def test_a_page_is_rendered_for_the_version_it_is_stored_under(client, public_world, monkeypatch):
    from archive import cache, views

    seen = []
    real = views.HomeView.get_context_data

    def get_context_data(view, **kwargs):
        seen.append(cache.public_version())
        cache.version_cache().delete(cache.VERSION_KEY)  # another process publishes meanwhile
        seen.append(cache.public_version())
        return real(view, **kwargs)

    monkeypatch.setattr(views.HomeView, "get_context_data", get_context_data)
    before = cache.public_version()
    client.get(reverse("archive:home"))
    assert seen == [before, before]
    assert cache.public_version() != before  # outside the request the new version is read
    with cache.pinned_public_version("pinned"):
        assert cache.public_version() == "pinned"
