import pytest
from django.urls import reverse

from archive.workflow import Status
from meetings.models import Participation
from people.models import Appointment, PersonName
from tests.archive.admin_forms import change_form_data
from tests.factories import (
    AppointmentFactory,
    DocumentFactory,
    MeetingFactory,
    ParticipationFactory,
    PersonFactory,
    PersonNameFactory,
    RoleUserFactory,
)


@pytest.mark.django_db
def test_participation_changes_have_history_rows():
    participation = ParticipationFactory(role="Minister")
    participation_id = participation.id
    participation.role = "Minister of National Defense"
    participation.save()
    participation.delete()
    history = Participation.history.filter(id=participation_id).order_by("history_date")
    assert [(h.history_type, h.role) for h in history] == [
        ("+", "Minister"),
        ("~", "Minister of National Defense"),
        ("-", "Minister of National Defense"),
    ]


@pytest.mark.django_db
def test_name_variant_and_appointment_changes_have_history_rows():
    name = PersonNameFactory(name="Shin Wonsik")
    appointment = AppointmentFactory(title="Minister")
    appointment_id = appointment.id
    name.name = "Shin Won Sik"
    name.save()
    appointment.delete()
    assert [h.name for h in PersonName.history.filter(id=name.id).order_by("history_date")] == [
        "Shin Wonsik",
        "Shin Won Sik",
    ]
    assert [h.history_type for h in Appointment.history.filter(id=appointment_id).order_by("history_date")] == [
        "+",
        "-",
    ]


@pytest.mark.django_db
def test_document_links_are_kept_in_each_version():
    person, meeting = PersonFactory(display_name="Lloyd Austin"), MeetingFactory()
    document = DocumentFactory()
    document.people.add(person)
    document.meetings.add(meeting)
    document.people.remove(person)
    versions = list(document.history.order_by("history_date", "history_id"))
    linked_people = [[row.person_id for row in version.people.all()] for version in versions]
    linked_meetings = [[row.meeting_id for row in version.meetings.all()] for version in versions]
    assert linked_people == [[], [person.pk], [person.pk], []]
    assert linked_meetings == [[], [], [meeting.pk], [meeting.pk]]


@pytest.mark.django_db
def test_an_inline_participation_added_in_the_admin_is_recorded_with_its_author(client):
    editor = RoleUserFactory(role="Editors", username="eddie")
    client.force_login(editor)
    meeting, person = MeetingFactory(status=Status.DRAFT), PersonFactory()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = change_form_data(client.get(url))
    data.update(
        {"participations-0-person": person.pk, "participations-0-role": "Secretary", "participations-0-side": "US"}
    )
    assert client.post(url, data).status_code == 302
    row = Participation.history.get(meeting_id=meeting.pk)
    assert (row.history_type, row.person_id, row.history_user) == ("+", person.pk, editor)


@pytest.mark.django_db
def test_compare_shows_two_versions_field_by_field_with_links(client):
    client.force_login(RoleUserFactory(role="Editors"))
    document = DocumentFactory(title="First title", status=Status.DRAFT)
    document.title = "Second title"
    document.save()
    document.people.add(PersonFactory(display_name="Shin Won-sik"))
    versions = list(document.history.order_by("history_date", "history_id"))
    url = reverse("admin:archive_document_compare", args=[document.pk])
    response = client.get(url, {"a": versions[0].history_id, "b": versions[-1].history_id})
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["rows"]}
    assert (rows["title"]["old"], rows["title"]["new"], rows["title"]["changed"]) == (
        "First title",
        "Second title",
        True,
    )
    assert (rows["people"]["old"], rows["people"]["new"]) == ("", "Shin Won-sik")
    assert rows["body"]["changed"] is False
    assert "Title <strong>(changed)</strong>" in response.content.decode()


@pytest.mark.django_db
def test_history_page_links_each_version_to_the_comparison(client):
    client.force_login(RoleUserFactory(role="Editors"))
    document = DocumentFactory(title="First title")
    document.title = "Second"
    document.save()
    response = client.get(reverse("admin:archive_document_history", args=[document.pk]))
    assert "Compare two versions" in response.content.decode()
    version = document.history.last()
    old_link = reverse("admin:archive_document_simple_history", args=[document.pk, version.history_id])
    assert client.get(old_link)["Location"].endswith(f"/compare/?a={version.history_id}")


@pytest.mark.django_db
def test_revert_restores_content_as_a_new_version_by_the_reverter_and_keeps_the_state(client):
    editor = RoleUserFactory(role="Editors", username="rita")
    client.force_login(editor)
    first, second = PersonFactory(display_name="Austin"), PersonFactory(display_name="Hegseth")
    document = DocumentFactory(title="Original title", status=Status.PUBLISHED, people=[first])
    original = document.history.first()
    document.title = "Vandalised title"
    document.save()
    document.people.set([second])
    versions_before = document.history.count()
    response = client.post(
        reverse("admin:archive_document_revert", args=[document.pk, original.history_id]),
        {"revision": document.revision},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Original title"
    assert list(document.people.all()) == [first]
    assert document.status == Status.PUBLISHED
    assert document.history.count() == versions_before + 1
    latest = document.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason.startswith("Reverted to the version of ")
    assert [row.person_id for row in latest.people.all()] == [first.pk]


@pytest.mark.django_db
def test_revert_from_a_stale_page_is_refused(client):
    client.force_login(RoleUserFactory(role="Editors"))
    document = DocumentFactory(title="Original")
    original = document.history.first()
    seen = document.revision
    document.title = "Newer"
    document.save()
    response = client.post(
        reverse("admin:archive_document_revert", args=[document.pk, original.history_id]),
        {"revision": seen},
        follow=True,
    )
    assert "after you opened it" in response.content.decode()
    document.refresh_from_db()
    assert document.title == "Newer"


@pytest.mark.django_db
def test_a_contributor_may_not_revert_a_published_record(client):
    client.force_login(RoleUserFactory(role="Contributors"))
    document = DocumentFactory(title="Original", status=Status.PUBLISHED)
    original = document.history.first()
    document.title = "Newer"
    document.save()
    response = client.post(reverse("admin:archive_document_revert", args=[document.pk, original.history_id]))
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.title == "Newer"


@pytest.mark.django_db
def test_revert_keeps_the_permanent_address_and_drops_links_to_deleted_records():
    from archive.history import record_revert
    from tests.factories import PolicyThemeFactory, UserFactory

    editor = UserFactory(username="reverter", is_superuser=True)
    gone, kept = PolicyThemeFactory(), PolicyThemeFactory()
    document = DocumentFactory(slug="first-address", title="First title", themes=[gone, kept])
    version = document.history.latest()
    document.slug, document.title = "second-address", "Second title"
    document.save()
    gone.delete()
    reverted = record_revert(record=document, version=version, user=editor)
    assert (reverted.slug, reverted.title) == ("second-address", "First title")
    assert list(reverted.themes.all()) == [kept]


@pytest.mark.django_db
def test_revert_to_a_version_whose_publisher_was_deleted_is_refused():
    from archive.history import record_revert
    from archive.transitions import TransitionInvalid
    from tests.factories import OrganizationFactory, UserFactory

    editor = UserFactory(username="reverter", is_superuser=True)
    publisher = OrganizationFactory()
    document = DocumentFactory(title="First title", publisher=publisher)
    version = document.history.latest()
    document.publisher, document.title = None, "Second title"
    document.save()
    publisher.delete()
    with pytest.raises(TransitionInvalid, match="no longer exists"):
        record_revert(record=document, version=version, user=editor)
    document.refresh_from_db()
    assert document.title == "Second title"


@pytest.mark.django_db
def test_revert_to_a_value_another_record_now_holds_is_refused_with_a_message():
    from archive.history import record_revert
    from archive.transitions import TransitionInvalid
    from tests.factories import MeetingFactory, MeetingSeriesFactory, UserFactory

    editor = UserFactory(username="reverter", is_superuser=True)
    series = MeetingSeriesFactory(slug="scm-r")
    first = MeetingFactory(series=series, ordinal=5, title="Meeting A")
    version = first.history.latest()
    first.ordinal = 6
    first.save()
    MeetingFactory(series=series, ordinal=5, title="Meeting B")
    with pytest.raises(TransitionInvalid, match="cannot be restored: .*Nothing was reverted"):
        record_revert(record=first, version=version, user=editor)
    first.refresh_from_db()
    assert first.ordinal == 6
