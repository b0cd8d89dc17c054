"""A web process fills its own caches as it starts (archive/warm.py)."""

import logging

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection

from archive import cache, facet_index, search, warm
from archive.models import Document
from meetings.models import Meeting
from people.models import Person
from tests.factories import DocumentFactory

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the search maps serve SQLite's fast path")


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
    assert list(facet_index._current) == [cache.public_version()]


@pytest.mark.django_db
def test_a_process_that_cannot_warm_starts_all_the_same(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("no such table: modelsearch_indexentry")

    monkeypatch.setattr(search, "search_model", broken)
    with caplog.at_level(logging.WARNING, logger="archive.warm"):
        assert warm.warm_caches() is False
    assert "Could not warm this process's caches" in caplog.text


def test_the_templates_warmed_are_those_of_the_public_views():
    from django.urls import get_resolver

    names = set(warm._view_templates(get_resolver().url_patterns))
    assert {"archive/search.html", "archive/document_list.html", "people/person_detail.html"} <= names
    assert not any(name.startswith("admin/") for name in names)
