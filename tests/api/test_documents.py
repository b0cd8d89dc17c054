import pytest
from django.utils import timezone

from tests.factories import DocumentFactory, MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_document_list_shows_published_documents_newest_first(api, sample):
    response = api.get("/api/documents/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert slugs(response) == ["joint-communique-56th-scm", "white-paper-2022-ch4"]
    assert response.json()["next"] is None


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_unpublished_documents_never_appear_in_the_list(api, sample, unpublished_states, state):
    DocumentFactory(slug="hidden", **unpublished_states[state])

    assert "hidden" not in slugs(api.get("/api/documents/"))
    assert "hidden" not in slugs(api.get("/api/documents/", {"q": "Defense ministers"}))


@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_unpublished_document_detail_is_404_json(api, unpublished_states, state):
    DocumentFactory(slug="hidden", title="Secret draft", **unpublished_states[state])

    response = api.get("/api/documents/hidden/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No published document at this address."}


def test_withdrawn_document_detail_is_410_with_reason(api, unpublished_states):
    DocumentFactory(slug="gone", title="Withdrawn statement", **unpublished_states["withdrawn"])

    response = api.get("/api/documents/gone/")

    assert response.status_code == 410
    body = response.json()
    assert body["detail"] == "This document was withdrawn from the archive."
    assert body["reason"] == "Duplicate."
    assert body["withdrawn_at"]
    assert "Withdrawn statement" not in response.content.decode()


def test_document_detail_gives_dates_with_precision_citation_and_links(api, sample):
    body = api.get("/api/documents/joint-communique-56th-scm/").json()

    assert body["url"] == "http://testserver/api/documents/joint-communique-56th-scm/"
    assert body["html_url"] == "http://testserver/documents/joint-communique-56th-scm/"
    assert body["publication"] == {"date": "2024-10", "precision": "month", "display": "October 2024"}
    assert body["type"] == "communique"
    assert body["publisher"] == {
        "slug": "dod",
        "name": "Department of Defense",
        "acronym": "DOD",
        "url": "http://testserver/api/organizations/dod/",
    }
    assert body["citation"] == {
        "text": "Department of Defense. “Joint Communiqué of the 56th SCM.” Joint Communiqué, p. 1–9. "
        "October 2024. https://example.org/communique",
        "source_url": "https://example.org/communique",
        "details": "Joint Communiqué",
        "pages": "1–9",
    }
    assert [theme["slug"] for theme in body["themes"]] == ["extended-deterrence"]
    assert {person["slug"] for person in body["people"]} == {"shin-won-sik", "lloyd-austin"}
    assert body["meetings"][0]["url"] == "http://testserver/api/meetings/56th-scm/"
    assert body["meetings"][0]["start"]["display"] == "30 October 2024"
    assert body["body"].startswith("The ministers met.")


def test_year_precision_date_prints_the_year_only(api, sample):
    body = api.get("/api/documents/white-paper-2022-ch4/").json()

    assert body["publication"] == {"date": "2023", "precision": "year", "display": "2023"}


def test_document_links_only_to_published_people_and_meetings(api, sample, unpublished_states):
    draft_person = PersonFactory(slug="draft-person", **unpublished_states["draft"])
    scheduled_meeting = MeetingFactory(slug="future-meeting", **unpublished_states["scheduled"])
    sample["communique"].people.add(draft_person)
    sample["communique"].meetings.add(scheduled_meeting)

    body = api.get("/api/documents/joint-communique-56th-scm/").json()
    listed = api.get("/api/documents/").json()["results"][0]

    for representation in (body, listed):
        assert "draft-person" not in [person["slug"] for person in representation["people"]]
        assert "future-meeting" not in [meeting["slug"] for meeting in representation["meetings"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "white_paper"}, ["white-paper-2022-ch4"]),
        ({"type": ["white_paper", "communique"]}, ["joint-communique-56th-scm", "white-paper-2022-ch4"]),
        ({"theme": "extended-deterrence"}, ["joint-communique-56th-scm"]),
        ({"person": "shin-won-sik"}, ["joint-communique-56th-scm"]),
        ({"organization": "mnd"}, ["joint-communique-56th-scm"]),
        ({"series": "scm"}, ["joint-communique-56th-scm"]),
        ({"year": "2023"}, ["white-paper-2022-ch4"]),
        ({"date_from": "2024-01-01"}, ["joint-communique-56th-scm"]),
        ({"date_to": "2023-12-31"}, ["white-paper-2022-ch4"]),
        ({"language": "ko"}, ["white-paper-2022-ch4"]),
        ({"q": "communiqué"}, ["joint-communique-56th-scm"]),
        ({"sort": "title"}, ["white-paper-2022-ch4", "joint-communique-56th-scm"]),
        ({"sort": "date"}, ["white-paper-2022-ch4", "joint-communique-56th-scm"]),
    ],
)
def test_document_filters_are_the_pages_filters(api, sample, params, expected):
    response = api.get("/api/documents/", params)

    assert response.status_code == 200, response.json()
    assert slugs(response) == expected


def test_cursor_pages_walk_every_document_once_in_order(api, db):
    for number in range(25):
        DocumentFactory(slug=f"doc-{number:02d}", title=f"Document {number:02d}")

    first = api.get("/api/documents/", {"sort": "title", "page_size": 10}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()

    seen = [item["slug"] for page in (first, second, third) for item in page["results"]]
    assert seen == [f"doc-{number:02d}" for number in range(25)]
    assert third["next"] is None
    assert api.get(second["previous"]).json()["results"] == first["results"]


def test_document_withdrawn_before_its_scheduled_time_is_404_not_410(api, unpublished_states):
    scheduled = unpublished_states["scheduled"]
    DocumentFactory(
        slug="embargoed",
        title="Embargoed statement",
        status="withdrawn",
        publish_at=scheduled["publish_at"],
        withdrawn_at=timezone.now(),
    )

    response = api.get("/api/documents/embargoed/")

    assert response.status_code == 404
    assert "Embargoed statement" not in response.content.decode()
