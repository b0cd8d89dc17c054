"""The public "download the data" page offers published records only."""

import json

import pytest
from django.urls import reverse

from archive.workflow import Status
from tests.factories import DocumentFactory, MeetingFactory, ParticipationFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db


def download(client, kind, format):
    response = client.get(reverse("data:download", kwargs={"kind": kind, "format": format}))
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_data_page_lists_every_kind_with_csv_and_json_links(client):
    html = client.get(reverse("data:index")).content.decode()
    for kind in ("documents", "participations", "person-names", "appointments"):
        assert reverse("data:download", kwargs={"kind": kind, "format": "csv"}) in html
        assert reverse("data:download", kwargs={"kind": kind, "format": "json"}) in html


@pytest.mark.parametrize("format", ["csv", "json"])
def test_public_downloads_never_contain_unpublished_records(client, format):
    DocumentFactory(slug="public-doc")
    DocumentFactory(slug="draft-doc", status=Status.DRAFT)
    DocumentFactory(slug="scheduled-doc", publish_at="2999-01-01T00:00:00Z")
    DocumentFactory(slug="withdrawn-doc", status=Status.WITHDRAWN)
    body = download(client, "documents", format)
    assert "public-doc" in body
    for hidden in ("draft-doc", "scheduled-doc", "withdrawn-doc"):
        assert hidden not in body


def test_public_relation_rows_need_published_parents(client):
    public = PersonFactory(slug="public-person")
    hidden = PersonFactory(slug="hidden-person", status=Status.REVIEW)
    meeting = MeetingFactory(slug="public-meeting")
    draft_meeting = MeetingFactory(slug="draft-meeting", status=Status.DRAFT)
    ParticipationFactory(meeting=meeting, person=public)
    ParticipationFactory(meeting=meeting, person=hidden)
    ParticipationFactory(meeting=draft_meeting, person=public)
    PersonNameFactory(person=public, name="Visible Name")
    PersonNameFactory(person=hidden, name="Secret Name")
    rows = json.loads(download(client, "participations", "json"))
    assert [(row["meeting"], row["person"]) for row in rows] == [("public-meeting", "public-person")]
    names = download(client, "person-names", "csv")
    assert "Visible Name" in names
    assert "Secret Name" not in names
    assert "hidden-person" not in download(client, "people", "csv")


def test_page_counts_only_published_records(client):
    DocumentFactory.create_batch(2)
    DocumentFactory(status=Status.DRAFT)
    html = client.get(reverse("data:index")).content.decode()
    assert '<th scope="row">Documents</th>\n      <td>2</td>' in html


def test_unknown_kind_or_format_is_not_found(client):
    assert client.get("/data/secrets.csv").status_code == 404
    assert client.get("/data/documents.xlsx").status_code == 404


def test_data_page_answers_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        client.get(reverse("data:index"))
    DocumentFactory.create_batch(20)
    ParticipationFactory.create_batch(5)
    with django_assert_max_num_queries(9):
        client.get(reverse("data:index"))


def test_download_answers_in_a_constant_number_of_queries(client, django_assert_max_num_queries):
    people = PersonFactory.create_batch(3)
    DocumentFactory(people=people)
    with django_assert_max_num_queries(10):
        download(client, "documents", "csv")
    for _ in range(30):
        DocumentFactory(people=people)
    with django_assert_max_num_queries(10):
        download(client, "documents", "csv")
