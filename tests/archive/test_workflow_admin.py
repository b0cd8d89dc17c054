import pytest
from django.urls import reverse

from archive.models import AuditEvent
from archive.transitions import record_publish, record_submit
from archive.workflow import Status
from tests.archive.admin_forms import change_form_data
from tests.factories import DocumentFactory, MeetingFactory, PersonFactory, RoleUserFactory, UserFactory

FACTORIES = {"document": DocumentFactory, "meeting": MeetingFactory, "person": PersonFactory}
SOURCE = {
    "submit": Status.DRAFT,
    "request_changes": Status.REVIEW,
    "publish": Status.REVIEW,
    "withdraw": Status.PUBLISHED,
    "restore": Status.WITHDRAWN,
}
MAY = {
    "none": set(),
    "Contributors": {"submit"},
    "Editors": {"submit", "request_changes"},
    "Publishers": set(SOURCE),
}


def admin_url(record, name, *args):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=(record.pk, *args))


def login(client, role, username=None):
    extra = {"username": username} if username else {}
    user = UserFactory(**extra) if role == "none" else RoleUserFactory(role=role, **extra)
    client.force_login(user)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("role", MAY)
@pytest.mark.parametrize("action", SOURCE)
def test_posting_a_transition_to_the_admin_needs_the_role(client, kind, role, action):
    login(client, role)
    record = FACTORIES[kind](status=SOURCE[action])
    response = client.post(
        admin_url(record, "transition", action), {"comment": "Forged or not.", "revision": record.revision}
    )
    record.refresh_from_db()
    if action in MAY[role]:
        assert response.status_code == 302
        assert record.status != SOURCE[action]
        assert AuditEvent.objects.for_record(record).count() == 1
    else:
        assert response.status_code in (403, 404)
        assert record.status == SOURCE[action]
        assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "state", "buttons"),
    [
        ("Contributors", Status.DRAFT, ["Submit for review"]),
        ("Contributors", Status.REVIEW, []),
        ("Editors", Status.REVIEW, ["Request changes"]),
        ("Publishers", Status.REVIEW, ["Request changes", "Publish"]),
        ("Publishers", Status.PUBLISHED, ["Withdraw"]),
        ("Publishers", Status.WITHDRAWN, ["Restore to draft"]),
    ],
)
def test_change_form_shows_only_the_buttons_the_user_may_press(client, role, state, buttons):
    login(client, role)
    record = DocumentFactory(status=state)
    response = client.get(admin_url(record, "change"))
    assert response.status_code == 200
    shown = [item["transition"].label for item in response.context["workflow"]["transitions"]]
    assert shown == buttons
    html = response.content.decode()
    for label in ["Submit for review", "Request changes", "Publish", "Withdraw", "Restore to draft"]:
        assert (f">{label}</button>" in html) == (label in buttons)


@pytest.mark.django_db
def test_change_form_shows_the_state_and_the_audit_timeline(client):
    editor = login(client, "Publishers", username="pat")
    record = MeetingFactory(status=Status.DRAFT)
    record_submit(record=record, user=editor, comment="Ready for a look.")
    response = client.get(admin_url(record, "change"))
    html = response.content.decode()
    assert "In review" in html
    assert "pat: Draft → In review (submit)" in html
    assert "Ready for a look." in html


@pytest.mark.django_db
def test_a_button_press_from_an_old_page_is_refused_as_stale(client):
    login(client, "Publishers")
    other = RoleUserFactory(role="Publishers", username="olga")
    record = DocumentFactory(status=Status.REVIEW)
    seen = record.revision
    record_publish(record=record, user=other)
    response = client.post(
        admin_url(record, "transition", "withdraw"), {"comment": "Out of date.", "revision": seen}, follow=True
    )
    assert "changed by olga at" in response.content.decode()
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED


@pytest.mark.django_db
def test_a_contributor_may_edit_a_draft_but_not_a_record_in_review(client):
    login(client, "Contributors")
    draft, in_review = PersonFactory(status=Status.DRAFT), PersonFactory(status=Status.REVIEW)
    page = client.get(admin_url(draft, "change"))
    response = client.post(admin_url(draft, "change"), change_form_data(page, biography="Corrected."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.biography == "Corrected."
    page = client.get(admin_url(in_review, "change"))
    response = client.post(admin_url(in_review, "change"), change_form_data(page, biography="Sneaky."))
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.biography == ""


@pytest.mark.django_db
def test_an_editor_may_correct_a_published_record(client):
    login(client, "Editors")
    record = DocumentFactory(status=Status.PUBLISHED)
    page = client.get(admin_url(record, "change"))
    response = client.post(admin_url(record, "change"), change_form_data(page, summary="Corrected summary."))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.summary, record.status) == ("Corrected summary.", Status.PUBLISHED)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
def test_a_forged_status_in_the_change_form_is_ignored(client, kind):
    login(client, "Contributors")
    record = FACTORIES[kind](status=Status.DRAFT)
    page = client.get(admin_url(record, "change"))
    data = change_form_data(page, status="published", publish_at="2020-01-01 00:00:00", revision="99")
    response = client.post(admin_url(record, "change"), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    assert record.publish_at is None
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_forged_bulk_publish_by_an_editor_changes_nothing(client):
    login(client, "Editors")
    records = DocumentFactory.create_batch(2, status=Status.REVIEW)
    response = client.post(
        reverse("admin:archive_document_changelist"),
        {"action": "publish_selected", "_selected_action": [r.pk for r in records], "listed_at": listed_now()},
    )
    assert response.status_code in (200, 302)
    assert all(type(r).objects.get(pk=r.pk).status == Status.REVIEW for r in records)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_bulk_publish_reports_how_many_changed_and_why_the_others_did_not(client):
    login(client, "Publishers")
    ready = DocumentFactory.create_batch(2, status=Status.REVIEW)
    draft = DocumentFactory(status=Status.DRAFT, title="Unfinished readout")
    response = client.post(
        reverse("admin:archive_document_changelist"),
        {"action": "publish_selected", "_selected_action": [r.pk for r in [*ready, draft]], "listed_at": listed_now()},
        follow=True,
    )
    texts = [str(message) for message in response.context["messages"]]
    assert "2 documents published." in texts
    assert any(text.startswith("1 not changed: Cannot publish “Unfinished readout”: it is draft") for text in texts)
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_bulk_withdraw_asks_for_a_reason_then_applies_it(client):
    login(client, "Publishers")
    records = MeetingFactory.create_batch(2, status=Status.PUBLISHED)
    url = reverse("admin:meetings_meeting_changelist")
    selected = [r.pk for r in records]
    response = client.post(
        url, {"action": "withdraw_selected", "_selected_action": selected, "listed_at": listed_now()}
    )
    assert response.status_code == 200
    assert "Reason for withdrawal" in response.content.decode()
    assert not AuditEvent.objects.exists()
    response = client.post(
        url,
        {
            "action": "withdraw_selected",
            "_selected_action": selected,
            "apply": "1",
            "comment": "Duplicates.",
            "listed_at": listed_now(),
        },
        follow=True,
    )
    assert "2 meetings withdrawn." in [str(m) for m in response.context["messages"]]
    assert set(AuditEvent.objects.values_list("comment", flat=True)) == {"Duplicates."}


@pytest.mark.django_db
def test_bulk_actions_offered_follow_the_role(client):
    login(client, "Contributors")
    DocumentFactory(status=Status.DRAFT)
    response = client.get(reverse("admin:archive_document_changelist"))
    actions = {choice[0] for choice in response.context["action_form"].fields["action"].choices}
    assert "submit_selected" in actions
    assert not actions & {"publish_selected", "withdraw_selected", "restore_selected", "request_changes_selected"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
def test_a_save_from_a_form_opened_before_another_save_is_refused(client, kind):
    from django.test import Client

    record = FACTORIES[kind](status=Status.DRAFT)
    login(client, "Editors", username="first")
    other = Client()
    other.force_login(RoleUserFactory(role="Editors", username="second"))
    first_page = client.get(admin_url(record, "change"))
    second_page = other.get(admin_url(record, "change"))
    field = "summary" if kind == "meeting" else ("biography" if kind == "person" else "summary")
    assert (
        other.post(admin_url(record, "change"), change_form_data(second_page, **{field: "Second's text."})).status_code
        == 302
    )
    response = client.post(admin_url(record, "change"), change_form_data(first_page, **{field: "First's text."}))
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "was changed by second at " in errors
    assert "Your changes were not saved" in errors
    record.refresh_from_db()
    assert getattr(record, field) == "Second's text."


@pytest.mark.django_db
def test_the_audit_trail_admin_is_read_only(client, admin_client):
    assert admin_client.get(reverse("admin:archive_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:archive_auditevent_add")).status_code == 403


@pytest.mark.django_db
def test_a_contributor_may_not_change_a_published_meetings_participation_through_its_own_admin(client):
    from meetings.models import Participation
    from tests.factories import ParticipationFactory

    login(client, "Contributors")
    participation = ParticipationFactory(meeting=MeetingFactory(status=Status.PUBLISHED), role="Minister")
    url = reverse("admin:meetings_participation_change", args=[participation.pk])
    response = client.post(
        url,
        {
            "meeting": participation.meeting_id,
            "person": participation.person_id,
            "role": "Forged",
            "side": "KR",
            "order": 0,
        },
    )
    assert response.status_code == 403
    assert Participation.objects.get(pk=participation.pk).role == "Minister"


@pytest.mark.django_db
def test_a_contributor_may_not_add_a_name_variant_to_a_published_person(client):
    from people.models import PersonName

    login(client, "Contributors")
    person = PersonFactory(status=Status.PUBLISHED)
    response = client.post(reverse("admin:people_personname_add"), {"person": person.pk, "name": "Forged Name"})
    assert response.status_code == 403
    assert not PersonName.objects.filter(name="Forged Name").exists()


@pytest.mark.django_db
def test_inline_rows_of_a_record_past_draft_are_read_only_for_a_contributor(client):
    login(client, "Contributors")
    person = PersonFactory(status=Status.REVIEW)
    response = client.get(admin_url(person, "change"))
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission


@pytest.mark.django_db
def test_the_change_form_answers_in_constant_queries_however_long_the_timeline(client, django_assert_max_num_queries):
    from archive.transitions import record_transition

    user = login(client, "Publishers")
    record = DocumentFactory(status=Status.DRAFT)
    for action in ["submit", "request_changes"] * 10:
        record_transition(record=record, action=action, user=user, comment="Round.")
    with django_assert_max_num_queries(40):
        response = client.get(admin_url(record, "change"))
    assert response.content.decode().count("Round.") == 20


@pytest.mark.django_db
def test_a_save_without_the_revision_it_was_opened_at_is_refused(client):
    login(client, "Editors")
    record = DocumentFactory(status=Status.DRAFT, summary="Before.")
    data = change_form_data(client.get(admin_url(record, "change")), summary="After.")
    del data["revision_seen"]
    response = client.post(admin_url(record, "change"), data)
    assert response.status_code == 200
    assert "does not say which revision" in " ".join(response.context["adminform"].form.non_field_errors())
    record.refresh_from_db()
    assert record.summary == "Before."


@pytest.mark.django_db
def test_a_transition_posted_without_the_revision_it_was_opened_at_is_refused(client):
    login(client, "Publishers")
    record = DocumentFactory(status=Status.REVIEW)
    response = client.post(admin_url(record, "transition", "publish"), {"comment": ""}, follow=True)
    assert "which revision it was opened at" in response.content.decode()
    record.refresh_from_db()
    assert record.status == Status.REVIEW
    assert not AuditEvent.objects.exists()


def publish_at(client, record, when):
    """Post the publish transition of ``record`` at the time ``when`` as typed in the desk."""
    return client.post(
        admin_url(record, "transition", "publish"),
        {"comment": "", "revision": record.revision, "publish_at": when},
        follow=True,
    )


@pytest.mark.django_db
def test_a_bad_publish_time_is_reported_by_the_fields_label(client):
    login(client, "Publishers")
    record = DocumentFactory(status=Status.REVIEW)
    response = publish_at(client, record, "next tuesday")
    assert "Publish at (UTC): Enter a valid date/time." in response.content.decode()
    assert "publish_at:" not in response.content.decode()
    record.refresh_from_db()
    assert record.status == Status.REVIEW


@pytest.mark.django_db
def test_the_desk_takes_and_shows_publish_times_in_utc_whatever_the_site_time_zone(client, settings):
    import datetime as dt

    settings.TIME_ZONE = "Asia/Seoul"
    login(client, "Publishers")
    record = DocumentFactory(status=Status.REVIEW)
    response = publish_at(client, record, "2030-01-01T09:00")
    record.refresh_from_db()
    assert record.publish_at == dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
    assert "scheduled for 2030-01-01 09:00 UTC" in response.content.decode()


@pytest.mark.django_db
def test_a_change_to_a_name_in_its_own_admin_makes_an_open_person_form_stale(client):
    from django.urls import reverse

    from tests.factories import PersonNameFactory

    login(client, "Editors")
    person = PersonFactory(status=Status.DRAFT, display_name="Shin Won-sik")
    name = PersonNameFactory(person=person, name="Shin Wonsik")
    page = client.get(admin_url(person, "change"))
    name_page = client.get(reverse("admin:people_personname_change", args=[name.pk]))
    response = client.post(
        reverse("admin:people_personname_change", args=[name.pk]), change_form_data(name_page, name="Shin Won Sik")
    )
    assert response.status_code == 302
    response = client.post(admin_url(person, "change"), change_form_data(page, biography="Overwrites the names."))
    assert response.status_code == 200
    assert "changed" in response.content.decode()
    name.refresh_from_db()
    assert name.name == "Shin Won Sik"


@pytest.mark.django_db
def test_two_editors_of_one_participation_the_second_save_is_refused_as_stale(client):
    from django.urls import reverse

    from tests.factories import MeetingFactory, ParticipationFactory

    login(client, "Editors")
    meeting = MeetingFactory(status=Status.DRAFT)
    participation = ParticipationFactory(meeting=meeting, side="KR", role="Minister")
    url = reverse("admin:meetings_participation_change", args=[participation.pk])
    first, second = client.get(url), client.get(url)
    assert 'name="record_revision_seen"' in first.content.decode()  # rendered, so a browser sends it
    assert client.post(url, change_form_data(second, side="US")).status_code == 302
    response = client.post(url, change_form_data(first, role="Vice Minister"))
    assert response.status_code == 200
    assert "Your changes were not saved" in response.content.decode()
    participation.refresh_from_db()
    assert (participation.side, participation.role) == ("US", "Minister")
    unsaid = {k: v for k, v in change_form_data(client.get(url), role="X").items() if k != "record_revision_seen"}
    assert "does not say which revision" in client.post(url, unsaid).content.decode()


@pytest.mark.django_db
def test_moving_or_bulk_deleting_participations_counts_as_a_change_of_the_meetings_they_leave(client):
    from django.urls import reverse

    from tests.factories import MeetingFactory, ParticipationFactory

    login(client, "Editors")
    left, joined = MeetingFactory(status=Status.DRAFT), MeetingFactory(status=Status.DRAFT)
    participation = ParticipationFactory(meeting=left)
    url = reverse("admin:meetings_participation_change", args=[participation.pk])
    before = left.revision
    assert client.post(url, change_form_data(client.get(url), meeting=joined.pk)).status_code == 302
    left.refresh_from_db()
    assert left.revision == before + 1
    other = ParticipationFactory(meeting=joined)
    joined.refresh_from_db()
    before = joined.revision
    client.post(
        reverse("admin:meetings_participation_changelist"),
        {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
    )
    joined.refresh_from_db()
    assert joined.revision == before + 1


@pytest.mark.django_db
def test_one_admin_save_of_fields_and_links_is_one_version_and_a_revert_undoes_all_of_it(client):
    from archive.history import record_revert
    from tests.factories import PolicyThemeFactory

    user = login(client, "Editors")
    old_theme, new_theme = PolicyThemeFactory(name="Old theme"), PolicyThemeFactory(name="New theme")
    old_person, new_person = PersonFactory(display_name="Old Person"), PersonFactory(display_name="New Person")
    document = DocumentFactory(status=Status.DRAFT, title="First", themes=[old_theme], people=[old_person])
    before = document.history.count()
    page = client.get(admin_url(document, "change"))
    response = client.post(
        admin_url(document, "change"),
        change_form_data(page, title="Second", themes=[new_theme.pk], people=[new_person.pk]),
    )
    assert response.status_code == 302
    assert document.history.count() == before + 1
    latest = document.history.latest()
    assert latest.title == "Second" and latest.history_user == user
    assert [row.policytheme_id for row in latest.themes.all()] == [new_theme.pk]
    previous = document.history.order_by("-history_date", "-history_id")[1]
    document.refresh_from_db()
    reverted = record_revert(record=document, version=previous, user=user)
    assert reverted.title == "First"
    assert list(reverted.themes.all()) == [old_theme] and list(reverted.people.all()) == [old_person]


@pytest.mark.django_db
def test_a_bulk_transition_leaves_alone_records_changed_after_the_list_was_loaded(client):
    import re

    from django.urls import reverse

    login(client, "Publishers")
    untouched = DocumentFactory(status=Status.REVIEW, title="Untouched")
    rewritten = DocumentFactory(status=Status.REVIEW, title="Rewritten")
    public = DocumentFactory(status=Status.PUBLISHED, title="Public")
    changelist = reverse("admin:archive_document_changelist")
    page = client.get(changelist).content.decode()
    listed_at = re.search(r'name="listed_at" value="([^"]+)"', page).group(1)
    rewritten.title = "Rewritten by someone else"
    rewritten.save()
    response = client.post(
        changelist,
        {"action": "publish_selected", "_selected_action": [untouched.pk, rewritten.pk], "listed_at": listed_at},
        follow=True,
    )
    page = response.content.decode()
    assert "1 not changed" in page and "Rewritten by someone else" in page and "reload the list" in page
    untouched.refresh_from_db()
    rewritten.refresh_from_db()
    assert (untouched.status, rewritten.status) == (Status.PUBLISHED, Status.REVIEW)
    confirm = client.post(
        changelist,
        {"action": "withdraw_selected", "_selected_action": [public.pk], "listed_at": listed_at},
    )
    assert f'name="listed_at" value="{listed_at}"' in confirm.content.decode()


def listed_now():
    """What the list's action bar says: when the list was drawn."""
    from django.utils import timezone

    return timezone.now().isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize("listed_at", ["", "garbage", "2024-13-45T00:00:00"])
def test_a_bulk_transition_that_does_not_say_when_its_list_was_loaded_changes_nothing(client, listed_at):
    from django.urls import reverse

    login(client, "Publishers")
    waiting = DocumentFactory(status=Status.REVIEW, title="Waiting")
    response = client.post(
        reverse("admin:archive_document_changelist"),
        {"action": "publish_selected", "_selected_action": [waiting.pk], "listed_at": listed_at},
        follow=True,
    )
    assert response.status_code == 200
    assert "The list does not say when it was loaded: reload it and try again." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW
