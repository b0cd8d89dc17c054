"""Admin paths that must refuse: reverting without change rights, editing source bytes, deleting non-drafts."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse

from archive.models import Document, PolicyTheme, SourceFile
from archive.workflow import Status
from tests.factories import DocumentFactory, PolicyThemeFactory, SourceFileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = UserFactory(username="contributor")
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    return user


def test_a_user_who_may_only_view_a_theme_cannot_revert_it(client, contributor):
    theme = PolicyThemeFactory(name="Extended deterrence")
    theme.name = "Renamed"
    theme.save()
    first = theme.history.earliest()
    url = reverse("admin:archive_policytheme_simple_history", args=[theme.pk, first.history_id])
    response = client.post(url, {"name": "Hijacked", "slug": theme.slug, "description": "", "keywords": ""})
    assert response.status_code == 403
    assert PolicyTheme.objects.get(pk=theme.pk).name == "Renamed"


def test_source_files_cannot_be_added_or_changed_in_the_admin(admin_client):
    source = SourceFileFactory(content=b"original bytes")
    assert admin_client.get(reverse("admin:archive_sourcefile_add")).status_code == 403
    change = reverse("admin:archive_sourcefile_change", args=[source.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert b'type="file"' not in response.content
    admin_client.post(change, {"name": "renamed.txt"})
    assert SourceFile.objects.get(pk=source.pk).name == source.name


def test_a_source_file_saved_without_a_fingerprint_gets_one_from_its_bytes():
    source = SourceFile(name="given.txt", file=ContentFile(b"some bytes", name="given.txt"))
    source.save()
    source.refresh_from_db()
    assert source.sha256 == SourceFile.fingerprint(b"some bytes")
    assert source.size == len(b"some bytes")


@pytest.mark.parametrize("status", [Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN])
def test_only_drafts_can_be_deleted(admin_client, status):
    document = DocumentFactory(status=status)
    response = admin_client.post(reverse("admin:archive_document_delete", args=[document.pk]), {"post": "yes"})
    assert response.status_code == 403
    bulk = admin_client.post(
        reverse("admin:archive_document_changelist"),
        {"action": "delete_selected", "_selected_action": [document.pk], "post": "yes"},
    )
    assert bulk.status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_draft_can_be_deleted(admin_client):
    document = DocumentFactory(status=Status.DRAFT)
    response = admin_client.post(reverse("admin:archive_document_delete", args=[document.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_a_theme_or_person_that_published_records_show_is_not_deleted(admin_client):
    from people.models import Person
    from tests.factories import PersonFactory

    theme = PolicyThemeFactory(name="Extended deterrence")
    person = PersonFactory(display_name="Kim Draft", status=Status.DRAFT)
    document = DocumentFactory(title="Published statement", themes=[theme], people=[person])
    for url, model, pk in (
        (reverse("admin:archive_policytheme_delete", args=[theme.pk]), PolicyTheme, theme.pk),
        (reverse("admin:people_person_delete", args=[person.pk]), Person, person.pk),
    ):
        page = admin_client.get(url)
        assert "Published statement" in page.content.decode()
        admin_client.post(url, {"post": "yes"})
        assert model.objects.filter(pk=pk).exists()
    bulk = admin_client.post(
        reverse("admin:archive_policytheme_changelist"),
        {"action": "delete_selected", "_selected_action": [theme.pk], "post": "yes"},
    )
    assert bulk.status_code == 200 and PolicyTheme.objects.filter(pk=theme.pk).exists()
    assert set(document.themes.all()) == {theme}
    unused = PolicyThemeFactory(name="Unused theme")
    response = admin_client.post(reverse("admin:archive_policytheme_delete", args=[unused.pk]), {"post": "yes"})
    assert response.status_code == 302 and not PolicyTheme.objects.filter(pk=unused.pk).exists()


def test_a_record_that_scheduled_records_will_show_is_not_deleted(admin_client):
    import datetime as dt

    from django.utils import timezone

    from people.models import Organization
    from tests.factories import AppointmentFactory, OrganizationFactory, PersonFactory

    tomorrow = timezone.now() + dt.timedelta(days=1)
    theme = PolicyThemeFactory(name="Space cooperation")
    DocumentFactory(title="Scheduled statement", themes=[theme], publish_at=tomorrow)
    ministry = OrganizationFactory(name="Ministry of Unification")
    # through a child row: the scheduled person's appointment names the organization
    AppointmentFactory(organization=ministry, person=PersonFactory(display_name="Kim Scheduled", publish_at=tomorrow))
    for url, model, pk, shown in (
        (reverse("admin:archive_policytheme_delete", args=[theme.pk]), PolicyTheme, theme.pk, "Scheduled statement"),
        (reverse("admin:people_organization_delete", args=[ministry.pk]), Organization, ministry.pk, "Kim Scheduled"),
    ):
        page = admin_client.get(url).content.decode()
        assert shown in page and "published or scheduled" in page
        admin_client.post(url, {"post": "yes"})
        assert model.objects.filter(pk=pk).exists()
