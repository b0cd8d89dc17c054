"""A web process fills its own caches as it starts (archive/warm.py)."""

import logging

import numpy as np
import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

from archive import cache, facet_index, search, views, warm
from archive.models import Document
from meetings.models import Meeting
from people.models import Person
from tests.factories import DocumentFactory

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the search maps serve SQLite's fast path")


@pytest.fixture(autouse=True)
def unfrozen():
    """Warming freezes every live object out of the garbage collector: undo it after each test."""
    import gc

    yield
    gc.unfreeze()


@pytest.fixture
def own_version(monkeypatch):
    # A version token of this test's own: parallel test workers share the file cache and save records.
    own = LocMemCache("warm-test", {})
    monkeypatch.setattr(cache, "version_cache", lambda: own)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_warming_reads_the_search_maps_and_builds_the_facet_index(settings, own_version, monkeypatch):
    settings.ARCHIVE_FACET_INDEX = True
    monkeypatch.setattr(search.EntryMap, "_maps", {})
    monkeypatch.setattr(search.PublishedIds, "_current", {})
    monkeypatch.setattr(facet_index, "_current", {})
    document = DocumentFactory(title="Quarantine logistics review")
    assert warm.warm_caches() is True
    kept = search.PublishedIds._current
    assert {key[0] for key in kept} == {model._meta.label for model in (Document, Meeting, Person)}
    assert document.pk in search.PublishedIds.of(Document, "default").tolist()
    assert len(search.EntryMap._maps) == 3
    built = search.EntryMap.of(Document, "default")
    assert built.last and document.pk in built.records.tolist()  # read at start, not on the first search
    assert [version for version, _index in facet_index._current["documents"]] == [cache.public_version()]


@pytest.mark.django_db
def test_a_process_that_cannot_warm_starts_all_the_same(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("no such table: modelsearch_indexentry")

    monkeypatch.setattr(search, "search_model", broken)  # archive.views is imported above, with the real one
    with caplog.at_level(logging.WARNING, logger="archive.warm"):
        assert warm.warm_caches() is False
    assert "Could not warm this process's caches" in caplog.text


def test_the_templates_warmed_are_those_of_the_public_views():
    from django.urls import get_resolver

    names = set(warm._view_templates(get_resolver().url_patterns))
    assert {"archive/search.html", "archive/document_list.html", "people/person_detail.html"} <= names
    assert not any(name.startswith("admin/") for name in names)


@pytest.mark.django_db(transaction=True)
def test_warming_answers_searches_through_the_whole_stack_outside_the_page_cache(
    page_cache_on, own_version, monkeypatch
):
    from django.core.handlers.wsgi import WSGIHandler

    from archive.cache import page_cache

    DocumentFactory(title="Quarantine logistics review")
    asked = []
    real_get = views.SearchView.get

    def get(view, request, *args, **kwargs):
        response = real_get(view, request, *args, **kwargs)
        asked.append((request.GET["q"], response.render().status_code))
        return response

    monkeypatch.setattr(views.SearchView, "get", get)
    assert warm.warm_caches(WSGIHandler()) is True
    # The newest published record's longest word, and its beginning as a prefix.
    assert ("Quarantine", 200) in asked
    assert ("Quar*", 200) in asked
    assert page_cache()._connection().execute("SELECT COUNT(*) FROM entries").fetchone() == (0,)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_warming_reads_each_sections_newest_first_order(own_version, monkeypatch):
    from archive.views import SearchView

    monkeypatch.setattr(search.ListingOrder, "_current", {})
    document = DocumentFactory(title="Quarantine logistics review")
    assert warm.warm_caches() is True
    assert {key[0] for key in search.ListingOrder._current} == {spec.model._meta.label for spec in SearchView.sections}
    ordering = search.listing_ordering(Document, "publication_date")
    records, places = search.ListingOrder.of(Document, ordering, "default").of(np.array([document.pk]))
    assert records.tolist() == [document.pk] and places.tolist() == [0]


@pytest.mark.django_db(transaction=True)
def test_the_warm_up_connection_stays_open_but_no_forked_child_uses_it(own_version):
    import os

    assert warm.warm_caches() is True
    opened = connection.connection
    assert opened is not None  # the first request uses it
    child = os.fork()
    if child == 0:  # the child: it must open its own connection
        code = 0 if connection.connection is None and opened in warm._inherited else 1
        if code == 0:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            code = 0 if connection.connection is not opened else 2
        os._exit(code)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert connection.connection is opened
    with connection.cursor() as cursor:  # the parent's connection still works after the child has gone
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_warming_freezes_what_it_loaded_out_of_full_collections(own_version):
    import gc

    gc.unfreeze()
    assert warm.warm_caches() is True
    assert gc.get_freeze_count() > 10_000  # the modules, URL patterns, templates and models loaded
