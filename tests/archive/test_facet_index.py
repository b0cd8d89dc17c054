import datetime as dt

import pytest
from django.urls import reverse

from archive import facet_index
from archive.cache import version_cache
from archive.workflow import Status
from tests.factories import DocumentFactory, make_public_world

pytestmark = pytest.mark.django_db

LIST = reverse("archive:document-list")
QUERIES = [
    {},
    {"type": "communique"},
    {"type": ["readout", "communique"]},
    {"year": "2024"},
    {"language": "ko"},
    {"date_from": "2021-01-01", "date_to": "2023-12-31"},
    {"q": "deterrence"},
    {"q": "deterrence", "type": "readout"},
    {"sort": "title"},
    {"sort": "-title", "page": "2"},
    {"theme": "extended-deterrence-x"},
    {"theme": "extended-deterrence-x", "year": "2023"},
    {"person": "shin-won-sik-x1"},
    {"person": ["shin-won-sik-x1", "shin-won-sik-x2"]},
    {"organization": "mnd-x"},
    {"series": "scm-x"},
    {"series": "scm-x", "language": "en", "sort": "title"},
]


@pytest.fixture(autouse=True)
def fresh_index(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "public_version": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "version"),
        },
    }
    facet_index._current.clear()
    version_cache().clear()
    yield
    facet_index._current.clear()


@pytest.fixture
def corpus(db):
    world = make_public_world(6, prefix="x")
    for number in range(25):
        DocumentFactory(
            title=f"Readout {number:02d} on deterrence" if number % 3 else f"Korean note {number:02d}",
            doc_type="readout" if number % 2 else "communique",
            language="ko" if number % 5 == 0 else "en",
            publication_date=dt.date(2020 + number % 5, 1 + number % 12, 1 + number),
            themes=[world["theme"]] if number % 4 == 0 else [],
            people=world["people"][1:3] if number % 3 == 0 else [],
        )
    DocumentFactory(title="Scheduled deterrence note", publish_at="2999-01-01T00:00:00Z")
    return world


def snapshot(client, settings, query, use_index):
    settings.ARCHIVE_FACET_INDEX = use_index
    response = client.get(LIST, query)
    assert response.status_code == 200
    facets = {
        facet.param: sorted((o.value, o.count, o.selected) for o in facet.options)
        for facet in response.context["facets"]
    }
    return {
        "titles": [document.title for document in response.context["object_list"]],
        "count": response.context["paginator"].count,
        "facets": facets,
        "indexed": response.context["view"].index is not None,
    }


@pytest.mark.parametrize("query", QUERIES, ids=[str(q) for q in QUERIES])
def test_index_gives_the_same_page_total_and_facets_as_sql(client, settings, corpus, query):
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK
    plain = snapshot(client, settings, query, use_index=False)
    indexed = snapshot(client, settings, query, use_index=True)
    assert indexed.pop("indexed") and not plain.pop("indexed")
    if query.get("sort") in ("title", "-title") or not query.get("sort"):
        assert indexed["titles"] == plain["titles"]
    else:
        assert sorted(indexed["titles"]) == sorted(plain["titles"])
    assert indexed["count"] == plain["count"]
    assert indexed["facets"] == plain["facets"]


def test_index_never_holds_unpublished_or_scheduled_documents(client, settings, corpus):
    settings.ARCHIVE_FACET_INDEX = True
    response = client.get(LIST, {"q": "note"})
    titles = [document.title for document in response.context["object_list"]]
    assert "Scheduled deterrence note" not in titles
    assert corpus["hidden"].title not in client.get(LIST, {"language": "en", "sort": "title"}).text
    assert corpus["hidden_person"].slug not in client.get(LIST).text


def test_index_is_rebuilt_after_an_edit(client, settings, corpus):
    settings.ARCHIVE_FACET_INDEX = True
    assert client.get(LIST).context["paginator"].count == 31
    corpus["hidden"].status = Status.PUBLISHED
    corpus["hidden"].save()
    response = client.get(LIST, {"language": "ko"})
    assert corpus["hidden"].title in [document.title for document in response.context["object_list"]]
    assert response.context["view"].index is not None


def test_indexed_list_answers_in_constant_queries(client, settings, db, count_queries, django_assert_max_num_queries):
    settings.ARCHIVE_FACET_INDEX = True
    make_public_world(1, prefix="i1")
    url = f"{LIST}?type=communique&theme=extended-deterrence-i1&q=deterrence"
    client.get(url)
    with django_assert_max_num_queries(6):
        _, few = count_queries(client, url)
    make_public_world(20, prefix="i2")
    client.get(url)
    with django_assert_max_num_queries(6):
        _, many = count_queries(client, url)
    assert many == few


def test_filter_the_index_does_not_know_falls_back_to_sql(client, settings, corpus):
    settings.ARCHIVE_FACET_INDEX = True
    response = client.get(LIST, {"unknown": "x", "type": "readout"})
    assert response.context["view"].index is not None
    response = client.get(LIST, {"year": "not-a-year"})
    assert response.context["view"].index is None


def test_a_document_linked_to_two_meetings_of_a_series_counts_once(client, settings, corpus):
    DocumentFactory(title="Two meetings of one series", meetings=corpus["meetings"][:2])
    plain = snapshot(client, settings, {"series": "scm-x"}, use_index=False)
    indexed = snapshot(client, settings, {"series": "scm-x"}, use_index=True)
    assert indexed["facets"]["series"] == plain["facets"]["series"]
    assert indexed["count"] == plain["count"]
    assert "Two meetings of one series" in indexed["titles"]


def test_a_request_pinned_to_the_previous_version_neither_rebuilds_nor_evicts(corpus, monkeypatch):
    from archive import cache

    built = []
    original = facet_index.DocumentIndex

    class Counted(original):
        def __init__(self):
            super().__init__()
            built.append(cache.public_version())

    monkeypatch.setattr(facet_index, "DocumentIndex", Counted)
    old = cache.public_version()
    facet_index.document_index()
    DocumentFactory(title="Quarantine review")  # an edit: a new version
    new = cache.public_version()
    assert new != old
    current = facet_index.document_index()
    with cache.pinned_public_version(old):  # a request that began before the edit
        previous = facet_index.document_index()
    assert previous is not current
    assert facet_index.document_index() is current
    assert built == [old, new]
    DocumentFactory(title="Quarantine follow-up")  # a third version: the oldest index goes
    third = cache.public_version()
    facet_index.document_index()
    assert [version for version, _index in facet_index._current["documents"]] == [third, new]
