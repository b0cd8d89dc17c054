"""The admin import page: upload, preview page by page, confirm; the export action."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Document
from tests.factories import DocumentFactory, PolicyThemeFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:archive_document_import"


def upload(client, text, name="docs.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse(IMPORT_URL), {"file": file})
    assert response.status_code == 302
    return response["Location"]


def test_changelist_links_to_the_import_page(admin_client):
    response = admin_client.get(reverse("admin:archive_document_changelist"))
    assert reverse(IMPORT_URL) in response.content.decode()


def test_preview_shows_each_row_action_and_whether_each_link_exists(admin_client):
    PolicyThemeFactory(slug="extended-deterrence")
    DocumentFactory(slug="old", title="Old", publication_date="2020-01-01", publication_precision="day")
    DocumentFactory(slug="same", title="Same", body="", summary="")
    same = Document.objects.get(slug="same")
    text = (
        "slug,title,publication_date,themes\n"
        "new,New,2021,extended-deterrence\n"
        f"old,Renamed,2020-01-01,\n"
        f"same,Same,{same.publication.isoformat()},\n"
    )
    preview = admin_client.get(upload(admin_client, text))
    html = preview.content.decode()
    assert re.search(r"<td>2</td><td>create</td><td>new</td>", html)
    assert re.search(r"<td>3</td><td>update</td><td>old</td>", html)
    assert re.search(r"<td>4</td><td>unchanged</td><td>same</td>", html)
    assert "extended-deterrence ✓ existing" in html
    assert "Read as CSV, utf-8, comma-separated." in html
    assert 'name="confirm"' in html
    assert Document.objects.filter(slug="new").count() == 0


def test_confirming_the_preview_imports_the_file_as_the_signed_in_user(admin_client, superuser):
    PolicyThemeFactory(slug="extended-deterrence")
    location = upload(admin_client, "slug,title,publication_date,themes\nnew,New,2021-05,extended-deterrence\n")
    token = location.split("token=")[1]
    response = admin_client.post(reverse(IMPORT_URL), {"token": token, "confirm": "1"})
    assert response.status_code == 302
    document = Document.objects.get(slug="new")
    assert document.publication.isoformat() == "2021-05"
    assert document.history.get().history_user == superuser


def test_preview_of_an_unknown_link_shows_the_error_with_close_matches_and_no_confirm_button(admin_client):
    PolicyThemeFactory(slug="extended-deterrence")
    log_entries = LogEntry.objects.count()
    location = upload(admin_client, "slug,title,publication_date,themes\nnew,New,2021,extended-deterrance\n")
    html = admin_client.get(location).content.decode()
    assert "extended-deterrance ✗ unknown (close: extended-deterrence)" in html
    assert "<td>2</td><td>themes</td><td>no policy theme has the slug &#x27;extended-deterrance&#x27;." in html
    assert 'name="confirm"' not in html
    token = location.split("token=")[1]
    admin_client.post(reverse(IMPORT_URL), {"token": token, "confirm": "1"})
    assert Document.objects.count() == 0
    assert Document.history.count() == 0
    assert LogEntry.objects.count() == log_entries


def test_large_files_are_previewed_page_by_page(admin_client):
    rows = "".join(f"doc-{n},Document {n},2020\n" for n in range(250))
    location = upload(admin_client, "slug,title,publication_date\n" + rows)
    first = admin_client.get(location).content.decode()
    assert "Rows 1–100 of 250" in first
    assert "doc-0<" in first and "doc-100<" not in first
    third = admin_client.get(location + "&page=3").content.decode()
    assert "Rows 201–250 of 250" in third
    assert "doc-249<" in third


def test_export_action_downloads_the_selected_records_as_csv(admin_client):
    kept = DocumentFactory(slug="kept")
    DocumentFactory(slug="left-out")
    response = admin_client.post(
        reverse("admin:archive_document_changelist"),
        {"action": "export_selected_csv", "_selected_action": [kept.pk]},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "kept" in body
    assert "left-out" not in body


def test_staff_without_add_permission_cannot_open_the_import_page(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="viewer"))
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_a_record_changed_after_the_preview_is_not_overwritten_by_the_confirm(admin_client):
    DocumentFactory(slug="old", title="Old", publication_date="2020-01-01", publication_precision="day")
    location = upload(admin_client, "slug,title,publication_date\nold,Renamed by file,2020-01-01\n")
    assert "update" in admin_client.get(location).content.decode()  # the preview
    document = Document.objects.get(slug="old")
    document.title = "Corrected by an editor"
    document.save()
    token = location.split("token=")[1]
    response = admin_client.post(reverse(IMPORT_URL), {"token": token, "confirm": "1"})
    assert response.status_code == 200
    assert "was changed by someone else after your preview" in response.content.decode()
    assert Document.objects.get(slug="old").title == "Corrected by an editor"


@pytest.mark.parametrize(
    ("url_name", "text", "model_name"),
    [
        ("admin:archive_policytheme_import", "slug,name\nnuclear,Nuclear\n", "archive.PolicyTheme"),
        (
            "admin:meetings_participation_import",
            "meeting,person,role\nscm-56,shin,Minister\n",
            "meetings.Participation",
        ),
    ],
    ids=["themes", "participations"],
)
def test_preview_then_confirm_imports_every_kind(admin_client, url_name, text, model_name):
    from django.apps import apps

    from tests.factories import MeetingFactory, PersonFactory

    MeetingFactory(slug="scm-56")
    PersonFactory(slug="shin")
    file = SimpleUploadedFile("rows.csv", text.encode(), content_type="text/csv")
    location = admin_client.post(reverse(url_name), {"file": file})["Location"]
    assert "create" in admin_client.get(location).content.decode()  # the preview
    token = location.split("token=")[1]
    assert admin_client.post(reverse(url_name), {"token": token, "confirm": "1"}).status_code == 302
    assert apps.get_model(model_name).objects.count() == 1


def test_a_contributor_previews_and_confirms_new_participants_of_a_draft_meeting(client):
    from meetings.models import Participation
    from tests.factories import MeetingFactory, PersonFactory, RoleUserFactory

    client.force_login(RoleUserFactory(username="contrib", role="Contributors"))
    MeetingFactory(slug="scm-56", status="draft")
    PersonFactory(slug="shin")
    url = reverse("admin:meetings_participation_import")
    file = SimpleUploadedFile("rows.csv", b"meeting,person,role\nscm-56,shin,Minister\n", content_type="text/csv")
    location = client.post(url, {"file": file})["Location"]
    assert "create" in client.get(location).content.decode()  # the preview
    response = client.post(url, {"token": location.split("token=")[1], "confirm": "1"})
    assert response.status_code == 302, response.content.decode()
    assert Participation.objects.count() == 1
