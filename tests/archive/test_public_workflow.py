import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from archive.transitions import record_publish, record_withdraw
from archive.workflow import Status
from tests.factories import DocumentFactory, MeetingFactory, PersonFactory, RoleUserFactory, UserFactory

FACTORIES = {"document": DocumentFactory, "meeting": MeetingFactory, "person": PersonFactory}
LISTS = {"document": "archive:document-list", "meeting": "meetings:meeting-list", "person": "people:person-list"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
def test_a_scheduled_record_appears_when_its_time_comes_without_a_job(client, kind):
    record = FACTORIES[kind](status=Status.REVIEW)
    record_publish(
        record=record, user=RoleUserFactory(role="Publishers"), publish_at=timezone.now() + dt.timedelta(seconds=1)
    )
    assert client.get(record.get_absolute_url()).status_code == 404
    assert escape(str(record)) not in client.get(reverse(LISTS[kind])).content.decode()
    time.sleep(1.2)
    assert client.get(record.get_absolute_url()).status_code == 200
    assert escape(str(record)) in client.get(reverse(LISTS[kind])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
def test_a_withdrawn_record_answers_410_with_a_notice_and_without_its_body(client, kind):
    body = "Confidential paragraph that must not show."
    field = {"document": "body", "meeting": "summary", "person": "biography"}[kind]
    record = FACTORIES[kind](status=Status.PUBLISHED, **{field: body})
    record_withdraw(record=record, user=RoleUserFactory(role="Publishers"), reason="Published in error.")
    response = client.get(record.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 410
    assert escape(str(record)) in html
    assert "Published in error." in html
    assert f"Withdrawn on {timezone.now():%-d %B %Y}" in html
    assert body not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("state", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
def test_staff_preview_an_unpublished_record_under_a_banner_never_cached(client, kind, state):
    record = FACTORIES[kind](status=state)
    client.force_login(RoleUserFactory(role="Contributors"))
    response = client.get(record.get_absolute_url())
    assert response.status_code == 200
    assert "Not published." in response.content.decode()
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("state", [Status.DRAFT, Status.REVIEW])
def test_anonymous_and_staff_without_permission_get_404_for_an_unpublished_record(client, kind, state):
    record = FACTORIES[kind](status=state)
    assert client.get(record.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(record.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_published_page_has_no_preview_banner(client):
    client.force_login(RoleUserFactory(role="Contributors"))
    response = client.get(DocumentFactory(status=Status.PUBLISHED).get_absolute_url())
    assert response.status_code == 200
    assert "Not published." not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_published_parts_less_each_other_are_exactly_published():
    import datetime as dt

    from django.utils import timezone

    from archive.models import Document
    from archive.workflow import Status
    from tests.factories import DocumentFactory

    later, earlier = timezone.now() + dt.timedelta(days=3), timezone.now() - dt.timedelta(days=3)
    for state in [
        {"status": Status.PUBLISHED},
        {"status": Status.PUBLISHED, "publish_at": earlier},
        {"status": Status.PUBLISHED, "publish_at": later},
        {"status": Status.DRAFT},
        {"status": Status.WITHDRAWN},
    ]:
        DocumentFactory(**state)
    with_status, scheduled = Document.objects.published_parts()
    found = set(with_status.values_list("pk", flat=True)) - set(scheduled.values_list("pk", flat=True))
    assert found == set(Document.objects.published().values_list("pk", flat=True))
    assert len(found) == 2
