import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Document, SourceFile
from archive.workflow import Status
from meetings.models import Meeting
from people.models import Person
from tests.factories import PersonFactory, PersonNameFactory, UserFactory

from . import samples
from .conftest import seed_bytes

pytestmark = pytest.mark.django_db


def upload(client, *files):
    payload = [SimpleUploadedFile(name, data, content_type="text/plain") for name, data in files]
    return client.post(reverse("archive_ingest:upload"), {"files": payload})


def sha_of(data):
    return SourceFile.fingerprint(data)


def test_upload_page_needs_staff_login(client):
    response = client.get(reverse("archive_ingest:upload"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_add_permission_is_refused(client):
    client.force_login(UserFactory(username="viewer"))
    assert client.get(reverse("archive_ingest:upload")).status_code == 403


def test_upload_shows_extracted_fields_beside_the_highlighted_source(admin_client):
    response = upload(admin_client, ("001.txt", seed_bytes("001")), ("004.txt", seed_bytes("004")))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="ingest-file"') == 2
    assert 'value="ROK-U.S. defense ministers discuss security issues at Tokyo meeting"' in html
    assert '<mark title="date" data-field="date">July 28, 2024</mark>' in html
    assert '<mark title="person: Shin Wonsik" data-field="person: Shin Wonsik">Shin Wonsik</mark>' in html
    assert Document.objects.count() == 0


def test_upload_reports_a_bad_file_and_keeps_the_good_ones(admin_client):
    response = upload(admin_client, ("empty.txt", b""), ("001.txt", seed_bytes("001")))
    html = response.content.decode()
    assert "empty.txt: the file is empty" in html
    assert html.count('class="ingest-file"') == 1


def test_confirm_creates_drafts_with_the_editors_corrections(admin_client):
    data = seed_bytes("001")
    sha = sha_of(data)
    upload(admin_client, ("001.txt", data))
    response = admin_client.post(
        reverse("archive_ingest:confirm"),
        {
            "file": sha,
            f"{sha}-name": "001.txt",
            f"{sha}-title": "Defense ministers meet in Tokyo",
            f"{sha}-doc_type": "news_story",
            f"{sha}-date": "2024-07-29",
            f"{sha}-event_date": "2024-07-28",
            f"{sha}-city": "Tokyo",
            f"{sha}-country": "JP",
            f"{sha}-publisher": "",
            f"{sha}-person-0": "keep",
            f"{sha}-person-1": "drop",
            f"{sha}-participant": ["0"],
            f"{sha}-organization": ["unsc"],
        },
    )
    assert response.status_code == 200
    document = Document.objects.get()
    assert (document.title, str(document.publication), document.status) == (
        "Defense ministers meet in Tokyo",
        "29 July 2024",
        Status.DRAFT,
    )
    assert document.provenance["fields"]["title"] is None  # corrected by the editor, not from the text
    assert document.provenance["fields"]["event_date"] is not None
    assert list(document.people.values_list("display_name", flat=True)) == ["Shin Wonsik"]
    assert list(document.organizations.values_list("acronym", flat=True)) == ["UNSC"]
    assert list(Meeting.objects.get().participations.values_list("person__display_name", flat=True)) == ["Shin Wonsik"]
    assert reverse("admin:archive_document_change", args=[document.pk]) in response.content.decode()


def test_proposed_match_can_be_accepted(admin_client):
    yoon = PersonFactory(display_name="Yoon Suk Yeol", slug="yoon-suk-yeol", country="KR")
    PersonNameFactory(person=yoon, name="Yoon Suk Yeol")
    data = seed_bytes("001")
    sha = sha_of(data)
    html = upload(admin_client, ("001.txt", data)).content.decode()
    assert f'<option value="link:{yoon.pk}">Accept: Yoon Suk Yeol (same surname, 0.5)</option>' in html
    admin_client.post(
        reverse("archive_ingest:confirm"),
        {"file": sha, f"{sha}-name": "001.txt", f"{sha}-person-3": f"link:{yoon.pk}"},
    )
    assert yoon in Document.objects.get().people.all()


def test_proposed_match_can_be_rejected_into_a_new_draft_person(admin_client):
    data = seed_bytes("001")
    sha = sha_of(data)
    upload(admin_client, ("001.txt", data))
    admin_client.post(
        reverse("archive_ingest:confirm"), {"file": sha, f"{sha}-name": "001.txt", f"{sha}-person-2": "create"}
    )
    biden = Person.objects.get(display_name="Biden")
    assert biden.status == Status.DRAFT


def test_skipped_file_writes_nothing(admin_client):
    data = seed_bytes("004")
    sha = sha_of(data)
    upload(admin_client, ("004.txt", data))
    response = admin_client.post(
        reverse("archive_ingest:confirm"), {"file": sha, f"{sha}-name": "004.txt", f"{sha}-skip": "1"}
    )
    assert "004.txt: skipped by the editor." in response.content.decode()
    assert Document.objects.count() == 0


def test_invalid_correction_fails_that_file_with_a_message_and_writes_nothing(admin_client):
    data = samples.DOD_READOUT.encode()
    sha = sha_of(data)
    upload(admin_client, ("readout.txt", data))
    response = admin_client.post(
        reverse("archive_ingest:confirm"), {"file": sha, f"{sha}-name": "readout.txt", f"{sha}-date": "July 2024"}
    )
    assert re.search(r"readout\.txt: date: &#x27;July 2024&#x27; is not a date", response.content.decode())
    assert Document.objects.count() == 0


def test_already_ingested_file_is_reported_on_upload(admin_client):
    data = seed_bytes("004")
    sha = sha_of(data)
    upload(admin_client, ("004.txt", data))
    admin_client.post(reverse("archive_ingest:confirm"), {"file": sha, f"{sha}-name": "004.txt"})
    html = upload(admin_client, ("again.txt", data)).content.decode()
    assert "again.txt: already ingested (same sha256); nothing to do." in html


def test_choosing_no_publisher_removes_the_one_found(admin_client):
    data = samples.DOD_READOUT.encode()
    sha = sha_of(data)
    upload(admin_client, ("readout.txt", data))
    fields = {"file": sha, f"{sha}-name": "readout.txt"}
    assert admin_client.post(reverse("archive_ingest:confirm"), fields).status_code == 200
    assert Document.objects.get().publisher is not None  # found in the text
    Document.objects.all().delete()
    SourceFile.objects.all().delete()
    upload(admin_client, ("readout.txt", data))
    response = admin_client.post(reverse("archive_ingest:confirm"), {**fields, f"{sha}-publisher": ""})
    assert response.status_code == 200
    assert Document.objects.get().publisher is None


def test_a_news_outlet_found_as_publisher_is_offered_and_kept(admin_client):
    from people.models import Organization

    story = (
        "Ministers discuss deterrence in Seoul\n\nJuly 28, 2024\n\n"
        "Minister of National Defense Shin Won-sik met Secretary of Defense Lloyd J. Austin III in Seoul on "
        "July 28, 2024, The Korea Herald reported.\n"
    )
    data = story.encode()
    sha = sha_of(data)
    page = upload(admin_client, ("herald.txt", data))
    assert '<option value="Korea Herald" selected>' in page.content.decode()
    response = admin_client.post(
        reverse("archive_ingest:confirm"),
        {"file": sha, f"{sha}-name": "herald.txt", f"{sha}-publisher": "Korea Herald"},
    )
    assert response.status_code == 200
    assert Document.objects.get().publisher == Organization.objects.get(name="Korea Herald")
