import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from archive import search
from archive.models import Document
from archive.workflow import Status
from tests.factories import DocumentFactory, MeetingFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("archive:search")


def section(response, key):
    return next(found for name, _label, found, _url in response.context["sections"] if name == key)


@pytest.fixture
def shin(db):
    return PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", hangul_name="신원식", family_name="Shin")


def test_person_is_found_by_a_spelling_no_source_recorded(client, shin):
    response = client.get(SEARCH, {"q": "Shin Wonsik"})
    assert section(response, "people").records == [shin]


def test_person_is_found_by_hangul_name(client, shin):
    response = client.get(SEARCH, {"q": "신원식"})
    assert section(response, "people").records == [shin]


def test_person_is_found_by_a_variant_added_later(client, shin):
    assert section(client.get(SEARCH, {"q": "Sheen"}), "people").count == 0
    PersonNameFactory(person=shin, name="Sheen Won Sik")
    assert section(client.get(SEARCH, {"q": "Sheen"}), "people").records == [shin]


def test_unpublished_records_never_appear_in_search(client, shin):
    PersonFactory(display_name="Shin Draft", slug="shin-draft", status=Status.DRAFT)
    DocumentFactory(title="Shin memo draft", status=Status.REVIEW)
    MeetingFactory(title="Shin secret meeting", status=Status.DRAFT)
    response = client.get(SEARCH, {"q": "Shin"})
    assert section(response, "people").records == [shin]
    assert section(response, "documents").count == 0
    assert section(response, "meetings").count == 0
    assert "draft" not in response.text.lower().replace("drafts", "")


def test_search_results_show_highlighted_snippets(client, db):
    DocumentFactory(title="Alliance talks", body="Early text.\n\nThe allies reaffirmed extended deterrence today.")
    response = client.get(SEARCH, {"q": "deterrence"})
    assert "<mark>deterrence</mark>" in response.text


def test_snippet_escapes_the_source_text(db):
    snippet = search.highlight("<script>alert(1)</script> deterrence", ["deterrence"])
    assert "<script>" not in snippet
    assert "<mark>deterrence</mark>" in snippet


def test_very_common_term_is_listed_newest_first(client, db, monkeypatch):
    monkeypatch.setattr(search, "RANK_LIMIT", 2)
    for year in (2001, 2019, 2010):
        DocumentFactory(title=f"Alliance review {year}", publication_date=dt.date(year, 1, 1))
    found = section(client.get(SEARCH, {"q": "alliance"}), "documents")
    assert found.by_date
    assert [document.publication_date.year for document in found.records] == [2019, 2010, 2001]


def test_rare_term_is_ranked_by_relevance(client, db):
    for number in range(8):
        DocumentFactory(title=f"Budget line {number}", body="Nothing of note.")
    DocumentFactory(title="Budget", body="The word missile appears once here.", publication_date=dt.date(2020, 1, 1))
    best = DocumentFactory(
        title="Missile defense", summary="Missile missile.", body="Missile.", publication_date=dt.date(2001, 1, 1)
    )
    found = section(client.get(SEARCH, {"q": "missile"}), "documents")
    assert not found.by_date
    assert found.records[0] == best


def test_prefix_search_matches_the_beginning_of_a_title_word(client, db):
    document = DocumentFactory(title="Deterrence strategy committee")
    assert section(client.get(SEARCH, {"q": "deter*"}), "documents").records == [document]


def test_phrase_search_requires_the_words_together(client, db):
    together = DocumentFactory(title="On extended deterrence", body="A note.")
    DocumentFactory(title="Deterrence, extended in scope", body="Another note.")
    found = section(client.get(SEARCH, {"q": '"extended deterrence"'}), "documents")
    assert found.records == [together]


def test_a_middle_initial_is_not_searched_for_outside_quotes(client, db):
    austin = PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", family_name="Austin")
    PersonNameFactory(person=austin, name="Lloyd J. Austin")
    without_initial = DocumentFactory(title="Lloyd Austin meets Shin Won-sik", body="Readout.")
    with_initial = DocumentFactory(title="Remarks by Lloyd J. Austin", body="Speech.")
    other = DocumentFactory(title="Austin visits Seoul", body="A trip by the deputy secretary.")
    parsed = search.parse("Lloyd J. Austin")
    assert parsed.text == "Lloyd J. Austin" and parsed.terms == ["Lloyd", "Austin"]
    response = client.get(SEARCH, {"q": "Lloyd J. Austin"})
    assert {document.pk for document in section(response, "documents").records} == {without_initial.pk, with_initial.pk}
    assert other.pk not in {document.pk for document in section(response, "documents").records}
    assert section(response, "people").records == [austin]
    # Inside quotes the initial is part of the phrase.
    quoted = section(client.get(SEARCH, {"q": '"Lloyd J. Austin"'}), "documents")
    assert [document.pk for document in quoted.records] == [with_initial.pk]


@pytest.mark.parametrize(
    ("q", "kept"),
    [("Plan B", "Plan A"), ("World War I", "World War II"), ("S. Korea sanctions", "N. Korea sanctions"), ("a", "")],
)
def test_a_letter_that_is_not_a_middle_initial_is_searched_for(client, db, q, kept):
    wanted = DocumentFactory(title=f"On {q}", body="Notes.")
    if kept:
        DocumentFactory(title=f"On {kept}", body="Notes.")
    assert search.parse(q).query.query_string == q
    if connection.vendor != "sqlite":
        return  # PostgreSQL's English configuration drops single letters ("a", "i", "s") as stop words itself
    assert [document.pk for document in section(client.get(SEARCH, {"q": q}), "documents").records] == [wanted.pk]


def test_document_list_q_filter_keeps_other_filters(client, db):
    wanted = DocumentFactory(title="Missile readout", doc_type="readout")
    DocumentFactory(title="Missile communique", doc_type="communique")
    response = client.get(reverse("archive:document-list"), {"q": "missile", "type": "readout"})
    assert list(response.context["object_list"]) == [wanted]


def test_filter_by_search_is_a_subquery_not_a_list_of_ids(db):
    DocumentFactory(title="Missile readout")
    queryset = search.filter_by_search(Document.objects.published(), "missile")
    assert "MATCH" in str(queryset.query) or "@@" in str(queryset.query)
    assert queryset.count() == 1


def test_empty_or_punctuation_query_shows_no_results(client, db):
    response = client.get(SEARCH, {"q": '" * :'})
    assert response.status_code == 200
    assert "sections" not in response.context


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_postgresql_knows_the_tsvector_concatenation_is_costly(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'tsvector_concat'")
        assert cursor.fetchone()[0] == 500
