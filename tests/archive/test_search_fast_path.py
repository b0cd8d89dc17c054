"""The SQLite FTS5 fast path of archive/search.py gives what modelsearch's own query gives.

modelsearch's querysets (``search.matches``) are the reference: on a corpus
with drafts, records in review, scheduled and withdrawn records mixed in, the
fast path must find the same published records, count them the same, rank
them in the same order and list very common terms newest first, whichever
strategy it picks. On PostgreSQL the fast path is off and the same assertions
hold for modelsearch's querysets.
"""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from archive import search
from archive.models import Document
from archive.workflow import Status
from meetings.models import Meeting
from people.models import Person
from tests.factories import DocumentFactory, MeetingFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db

QUERIES = [
    "alliance",
    "deterrence",
    "extended deterrence",
    '"extended deterrence"',
    "deter*",
    "allia*",
    "동맹",
    "Shin Wonsik",
    "신원식",
    "Sheen",
    "ministers alliance",
    "zzzz",
]
MODELS = [(Document, "publication_date"), (Meeting, "start_date"), (Person, None)]
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the fast path reads SQLite FTS5 tables")


def unpublished_states():
    later = timezone.now() + dt.timedelta(days=30)
    return [
        {"status": Status.DRAFT},
        {"status": Status.REVIEW},
        {"status": Status.WITHDRAWN, "withdrawn_at": timezone.now()},
        {"status": Status.PUBLISHED, "publish_at": later},
    ]


@pytest.fixture
def corpus(db):
    shin = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", hangul_name="신원식", family_name="Shin")
    PersonNameFactory(person=shin, name="Sheen Won Sik")
    PersonFactory(display_name="Lee Jong-sup", slug="lee-jong-sup", biography="Deterrence planner of the alliance.")
    for number in range(12):
        DocumentFactory(
            title=f"Alliance review {number}",
            body="The ministers reaffirmed extended deterrence." if number % 3 else "Deterrence, extended in scope.",
            publication_date=dt.date(2000 + number, 1, 1),
        )
        MeetingFactory(
            title=f"Alliance meeting {number}", summary="Deterrence talks.", start_date=dt.date(2001, 1, 1 + number)
        )
    DocumentFactory(title="한미 동맹 공동성명", body="동맹 관계.", publication_date=dt.date(2020, 5, 1))
    for number, state in enumerate(unpublished_states()):
        # Newest of all, so a leak would lead every date-ordered list.
        DocumentFactory(
            title=f"Alliance deterrence draft {number} 동맹",
            body="Extended deterrence, Shin Wonsik.",
            publication_date=dt.date(2030, 1, 1),
            **state,
        )
        MeetingFactory(title=f"Alliance deterrence secret {number}", start_date=dt.date(2030, 1, 1), **state)
        PersonFactory(display_name=f"Shin Won-sik Draft {number}", biography="Alliance deterrence.", **state)


def reference(model, parsed):
    """The published matches as modelsearch's own queryset gives them."""
    return set(search._match_queryset(search.matches(model, parsed)).values_list("pk", flat=True))


def newest_first(model, date_field, pks):
    ordering = [f"-{date_field}", "-pk"] if date_field else model._meta.ordering
    return list(model.objects.filter(pk__in=pks).order_by(*ordering).values_list("pk", flat=True))


def test_filter_by_search_finds_what_modelsearch_finds(corpus):
    for q, (model, _date) in itertools.product(QUERIES, MODELS):
        expected = reference(model, search.parse(q))
        found = set(search.filter_by_search(model.objects.published(), q).values_list("pk", flat=True))
        assert found == expected, (model, q)


def test_search_model_counts_and_ranks_as_modelsearch_does(corpus):
    for q, (model, date_field) in itertools.product(QUERIES, MODELS):
        parsed = search.parse(q)
        section = search.search_model(model, parsed, limit=5, date_field=date_field)
        ranked = search._match_queryset(search.matches(model, parsed, order_by_relevance=True))
        assert section.count == len(reference(model, parsed)), (model, q)
        assert [record.pk for record in section.records] == list(ranked.values_list("pk", flat=True)[:5]), (model, q)
        assert not section.by_date


@pytest.mark.parametrize(
    ("count_limit", "probe_cost"),
    [(1000, 200), (3, 0), (3, 10**9)],
    ids=["all-hits-counted", "probed-in-date-order", "listed-once"],
)
def test_very_common_terms_list_the_newest_published_hits_first(corpus, monkeypatch, count_limit, probe_cost):
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    monkeypatch.setattr(search, "COUNT_LIMIT", count_limit)
    monkeypatch.setattr(search, "PROBE_COST", probe_cost)
    common = ["alliance", "deterrence", "allia*", '"extended deterrence"', "Shin Wonsik"]
    for q, (model, date_field) in itertools.product(common, MODELS):
        parsed = search.parse(q)
        expected = reference(model, parsed)
        section = search.search_model(model, parsed, limit=4, date_field=date_field)
        assert section.count == min(len(expected), count_limit + 1), (model, q)
        if len(expected) > 2:
            assert section.by_date == bool(date_field)
            assert [record.pk for record in section.records] == newest_first(model, date_field, expected)[:4]


def test_search_page_shows_no_unpublished_record_on_any_path(client, corpus, monkeypatch):
    for limits in [(1000, 1000), (2, 1000), (2, 3)]:
        monkeypatch.setattr(search, "RANK_LIMIT", limits[0])
        monkeypatch.setattr(search, "COUNT_LIMIT", limits[1])
        for q in ["alliance deterrence", "allia*", "Shin Wonsik"]:
            text = client.get(reverse("archive:search"), {"q": q}).text
            assert "draft" not in text.lower().replace("drafts", "")
            assert "secret" not in text.lower()


@pytest.mark.parametrize("limits", [(1000, 1000), (2, 1000), (2, 3)], ids=["ranked", "by-date", "capped"])
def test_search_page_answers_in_constant_queries(client, corpus, monkeypatch, limits, django_assert_max_num_queries):
    monkeypatch.setattr(search, "RANK_LIMIT", limits[0])
    monkeypatch.setattr(search, "COUNT_LIMIT", limits[1])
    url = reverse("archive:search") + "?q=alliance"
    client.get(url)
    # Per section at most: the entry map (2), the published keys (2), two listings of hits for
    # the count, then the ranking, or the listing order (1) and one listing of every hit, and
    # the records. Inside the test's transaction nothing is kept between requests; outside,
    # the map, the keys and the order are per process.
    with django_assert_max_num_queries(27):
        client.get(url + "&again=1")
    for number in range(30):
        DocumentFactory(title=f"Alliance note {number}", publication_date=dt.date(1990, 1, 1))
    with django_assert_max_num_queries(27):
        client.get(url + "&more=1")


def test_hits_of_unpublished_records_listed_first_do_not_hide_the_published_ones(db, monkeypatch):
    for number, state in enumerate(unpublished_states() * 2):
        DocumentFactory(title=f"Quarantine draft {number}", publication_date=dt.date(2030, 1, 1), **state)
    published = [
        DocumentFactory(title=f"Quarantine review {number}", publication_date=dt.date(2000 + number, 1, 1))
        for number in range(3)
    ]
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    monkeypatch.setattr(search, "COUNT_LIMIT", 1)
    section = search.search_model(Document, search.parse("quarantine"), limit=5, date_field="publication_date")
    assert section.count == 2  # the count limit plus one: "more than 1"
    assert section.by_date
    assert [document.pk for document in section.records] == [document.pk for document in reversed(published)]


@sqlite_only
def test_hit_pks_of_published_records_are_modelsearch_matches(corpus):
    published = set(Document.objects.published().values_list("pk", flat=True))
    for q in QUERIES:
        found = set(search.hit_pks(Document, q).tolist())
        assert found & published == reference(Document, search.parse(q)), q


def test_document_list_q_shows_the_published_matches_only(client, corpus):
    response = client.get(reverse("archive:document-list"), {"q": "alliance deterrence"})
    shown = {document.pk for document in response.context["object_list"]}
    assert shown == reference(Document, search.parse("alliance deterrence"))


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_entry_map_reads_entries_added_after_it_was_built(client):
    first = DocumentFactory(title="Quarantine logistics review")
    assert search.hit_pks(Document, "quarantine").tolist() == [first.pk]
    built = search.EntryMap.of(Document, "default")
    assert search.EntryMap.of(Document, "default") is built
    second = DocumentFactory(title="Quarantine drills")
    assert sorted(search.hit_pks(Document, "quarantine").tolist()) == [first.pk, second.pk]
    assert search.EntryMap.of(Document, "default") is built
    response = client.get(reverse("archive:document-list"), {"q": "quarantine"})
    assert {document.pk for document in response.context["object_list"]} == {first.pk, second.pk}


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite has the fast path")
def test_hit_pks_is_off_without_sqlite_fts5(corpus):
    assert search.hit_pks(Document, "alliance") is None


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_published_keys_are_kept_per_public_version(client, monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    from archive import cache

    # A version token of this test's own: parallel test workers share the file cache and save records.
    own = LocMemCache("published-keys-test", {})
    monkeypatch.setattr(cache, "version_cache", lambda: own)
    draft = DocumentFactory(title="Quarantine logistics review", status=Status.DRAFT)
    kept = search.PublishedIds.of(Document, "default")
    assert draft.pk not in kept.tolist()
    assert search.PublishedIds.of(Document, "default") is kept
    assert client.get(reverse("archive:search"), {"q": "quarantine"}).context["sections"][0][2].count == 0
    Document.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)  # no signal: the version stays
    assert search.PublishedIds.of(Document, "default") is kept
    draft.refresh_from_db()
    draft.save()  # a save gives a new public version
    assert draft.pk in search.PublishedIds.of(Document, "default").tolist()
    section = client.get(reverse("archive:search"), {"q": "quarantine"}).context["sections"][0][2]
    assert [document.pk for document in section.records] == [draft.pk]


@sqlite_only
def test_a_prefix_is_listed_once_for_the_three_sections(client, corpus, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(search, "RANK_LIMIT", 2)  # every section lists its newest first: no ranking MATCH
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("archive:search"), {"q": "allia*"})
    assert sum(" MATCH " in query["sql"] for query in queries.captured_queries) == 1
    sections = {key: section for key, _label, section, _url in response.context["sections"]}
    parsed = search.parse("allia*")
    for key, (model, date_field) in zip(["documents", "meetings", "people"], MODELS, strict=True):
        expected = reference(model, parsed)
        assert sections[key].count == len(expected)
        assert [record.pk for record in sections[key].records] == newest_first(model, date_field, expected)[:10]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_newest_first_order_of_a_prefix_is_read_again_after_an_edit(monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    from archive import cache

    own = LocMemCache("listing-order-test", {})
    monkeypatch.setattr(cache, "version_cache", lambda: own)
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    older = DocumentFactory(title="Quarantine review", publication_date=dt.date(2001, 1, 1))
    newer = DocumentFactory(title="Quarantine drills", publication_date=dt.date(2002, 1, 1))
    parsed = search.parse("quaran*")

    def listed():
        section = search.search_model(Document, parsed, limit=5, date_field="publication_date")
        assert section.by_date
        return [document.pk for document in section.records]

    assert listed() == [newer.pk, older.pk]
    newest = DocumentFactory(title="Quarantine notes", publication_date=dt.date(2003, 1, 1))
    assert listed() == [newest.pk, newer.pk, older.pk]
    older.publication_date = dt.date(2004, 1, 1)
    older.save()
    assert listed() == [older.pk, newest.pk, newer.pk]
    newer.status = Status.DRAFT
    newer.save()
    assert listed() == [older.pk, newest.pk]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_request_pinned_to_the_previous_version_does_not_evict_the_current_one(monkeypatch):
    from django.core.cache.backends.locmem import LocMemCache

    from archive import cache

    own = LocMemCache("two-versions-test", {})
    monkeypatch.setattr(cache, "version_cache", lambda: own)
    reads = []

    def read():
        reads.append(cache.public_version())
        return len(reads)

    store = {}
    old = cache.public_version()
    assert search._per_public_version(store, (), Document, "default", read) == 1
    DocumentFactory(title="Quarantine review")  # an edit: a new version
    new = cache.public_version()
    assert new != old
    assert search._per_public_version(store, (), Document, "default", read) == 2
    with cache.pinned_public_version(old):  # a request that began before the edit
        assert search._per_public_version(store, (), Document, "default", read) == 1
    assert search._per_public_version(store, (), Document, "default", read) == 2
    assert reads == [old, new]


@pytest.mark.parametrize("probe_cost", [0, 10**9], ids=["probed-in-order", "listed-once"])
def test_people_of_the_same_name_come_in_one_order_whichever_strategy(db, monkeypatch, probe_cost):
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)
    monkeypatch.setattr(search, "PROBE_COST", probe_cost)
    namesakes = [
        PersonFactory(display_name="Kim Min-jun", family_name="Kim", biography="Quarantine officer.")
        for _number in range(5)
    ]
    section = search.search_model(Person, search.parse("quarantine"), limit=3)
    expected = list(
        Person.objects.filter(pk__in=[person.pk for person in namesakes])
        .order_by(*Person._meta.ordering, "pk")
        .values_list("pk", flat=True)[:3]
    )
    assert [person.pk for person in section.records] == expected


@pytest.mark.parametrize("spread", [1, 10**12], ids=["dense-keys", "sparse-keys"])
def test_places_are_found_for_dense_and_sparse_keys(spread):
    import numpy as np

    in_order = np.array([5, 3, 9, 1], dtype=np.int64) * spread
    places = search.Places(in_order)
    assert (places.by_key is None) == (spread > 1)  # no array as long as the largest key
    asked = np.array([9, 2, 1, 5, 40], dtype=np.int64) * spread
    records, found = places.of(asked)
    assert dict(zip(records.tolist(), found.tolist(), strict=True)) == {9 * spread: 2, 1 * spread: 3, 5 * spread: 0}
    assert search.ListingOrder.first(places, asked, 2) == [5 * spread, 9 * spread]
    assert search.ListingOrder.first(search.Places(np.array([], dtype=np.int64)), asked, 2) == []
