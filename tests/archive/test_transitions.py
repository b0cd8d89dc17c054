import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from archive.models import AuditEvent
from archive.transitions import (
    StaleRecord,
    TransitionForbidden,
    TransitionInvalid,
    record_publish,
    record_request_changes,
    record_transition,
    record_withdraw,
)
from archive.workflow import Status
from tests.factories import DocumentFactory, MeetingFactory, PersonFactory, RoleUserFactory, UserFactory

FACTORIES = {"document": DocumentFactory, "meeting": MeetingFactory, "person": PersonFactory}
ROLES = ["none", "Contributors", "Editors", "Publishers", "superuser"]
STATES = [Status.DRAFT, Status.REVIEW, Status.PUBLISHED, Status.WITHDRAWN]
# The rule, written out independently of archive.transitions.
MAY = {
    "none": set(),
    "Contributors": {"submit"},
    "Editors": {"submit", "request_changes"},
    "Publishers": {"submit", "request_changes", "publish", "withdraw", "restore"},
    "superuser": {"submit", "request_changes", "publish", "withdraw", "restore"},
}
MOVES = {
    "submit": (Status.DRAFT, Status.REVIEW),
    "request_changes": (Status.REVIEW, Status.DRAFT),
    "publish": (Status.REVIEW, Status.PUBLISHED),
    "withdraw": (Status.PUBLISHED, Status.WITHDRAWN),
    "restore": (Status.WITHDRAWN, Status.DRAFT),
}


def make_user(role):
    if role == "superuser":
        return UserFactory(is_superuser=True)
    if role == "none":
        return UserFactory()
    return RoleUserFactory(role=role)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", FACTORIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MOVES)
@pytest.mark.parametrize("state", STATES)
def test_transition_is_allowed_exactly_for_its_role_and_source_state(kind, role, action, state):
    user = make_user(role)
    record = FACTORIES[kind](status=state)
    revision = record.revision
    source, target = MOVES[action]
    allowed_role = action in MAY[role]
    before = timezone.now()

    if not allowed_role:
        with pytest.raises(TransitionForbidden, match="You may not"):
            record_transition(record=record, action=action, user=user, comment="Because.")
    elif state != source:
        with pytest.raises(TransitionInvalid, match="Cannot"):
            record_transition(record=record, action=action, user=user, comment="Because.")
    else:
        event = record_transition(record=record, action=action, user=user, comment="Because.")
        record.refresh_from_db()
        assert record.status == target
        assert record.status_changed_by == user
        assert record.revision == revision + 1
        assert AuditEvent.objects.for_record(record).get() == event
        assert (event.user, event.from_status, event.to_status, event.comment) == (user, source, target, "Because.")
        assert before <= event.at <= timezone.now()
        assert event.at.utcoffset() == dt.timedelta(0)
        return
    record.refresh_from_db()
    assert record.status == state
    assert record.revision == revision
    assert not AuditEvent.objects.for_record(record).exists()


@pytest.mark.django_db
def test_request_changes_without_a_comment_is_refused():
    record = DocumentFactory(status=Status.REVIEW)
    with pytest.raises(TransitionInvalid, match="Request changes needs a what needs to change"):
        record_request_changes(record=record, user=RoleUserFactory(role="Editors"), comment="  ")
    record.refresh_from_db()
    assert record.status == Status.REVIEW
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_withdraw_without_a_reason_is_refused():
    record = PersonFactory(status=Status.PUBLISHED)
    with pytest.raises(TransitionInvalid, match="Withdraw needs a reason"):
        record_withdraw(record=record, user=RoleUserFactory(role="Publishers"), reason="")
    assert type(record).objects.get(pk=record.pk).status == Status.PUBLISHED


@pytest.mark.django_db
def test_withdraw_stamps_the_time_and_keeps_the_reason_for_readers():
    record = MeetingFactory(status=Status.PUBLISHED)
    record_withdraw(record=record, user=RoleUserFactory(role="Publishers"), reason="Duplicate of the 52nd SCM.")
    record.refresh_from_db()
    assert record.withdrawal_reason == "Duplicate of the 52nd SCM."
    assert record.withdrawn_at is not None


@pytest.mark.django_db
def test_publish_with_a_future_time_schedules_and_records_it_in_the_event():
    when = timezone.now() + dt.timedelta(days=3)
    record = DocumentFactory(status=Status.REVIEW)
    event = record_publish(record=record, user=RoleUserFactory(role="Publishers"), publish_at=when)
    record.refresh_from_db()
    assert (record.status, record.publish_at, event.publish_at) == (Status.PUBLISHED, when, when)
    assert not type(record).objects.published().filter(pk=record.pk).exists()


@pytest.mark.django_db
def test_publish_now_stamps_publish_at():
    record = DocumentFactory(status=Status.REVIEW)
    record_publish(record=record, user=RoleUserFactory(role="Publishers"))
    assert type(record).objects.published().filter(pk=record.pk).exists()
    record.refresh_from_db()
    assert record.publish_at is not None


@pytest.mark.django_db
def test_a_transition_from_a_stale_revision_is_refused_naming_who_changed_it():
    alice = RoleUserFactory(username="alice", role="Publishers")
    bob = RoleUserFactory(username="bob", role="Publishers")
    record = DocumentFactory(status=Status.REVIEW)
    seen = record.revision
    record_publish(record=record, user=alice, expected_revision=seen)
    stale = type(record).objects.get(pk=record.pk)
    stale.revision = seen
    with pytest.raises(StaleRecord, match=r"changed by alice at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"):
        record_transition(record=stale, action="withdraw", user=bob, comment="Wrong.", expected_revision=seen)
    assert AuditEvent.objects.for_record(record).count() == 1


@pytest.mark.django_db
def test_the_second_of_two_publishes_of_one_record_is_refused():
    publisher = RoleUserFactory(role="Publishers")
    record = DocumentFactory(status=Status.REVIEW)
    first, second = type(record).objects.get(pk=record.pk), type(record).objects.get(pk=record.pk)
    record_publish(record=first, user=publisher)
    with pytest.raises(TransitionInvalid, match="it is published"):
        record_publish(record=second, user=publisher)
    assert AuditEvent.objects.for_record(record).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers")
def test_two_racing_publishes_in_parallel_let_exactly_one_through():
    publisher = RoleUserFactory(role="Publishers")
    record = DocumentFactory(status=Status.REVIEW)
    barrier = threading.Barrier(2)
    outcomes = []

    def publish():
        from django.db import connections

        copy = type(record).objects.get(pk=record.pk)
        barrier.wait()
        try:
            record_publish(record=copy, user=publisher)
            outcomes.append("published")
        except TransitionInvalid:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "refused"]
    assert AuditEvent.objects.for_record(record).count() == 1


@pytest.mark.django_db
def test_a_transition_writes_a_history_version_by_the_acting_user():
    editor = RoleUserFactory(role="Editors")
    record = MeetingFactory(status=Status.REVIEW)
    record_request_changes(record=record, user=editor, comment="Add the participants.")
    version = record.history.first()
    assert (version.status, version.history_user) == (Status.DRAFT, editor)
    assert version.history_change_reason == "Request changes: Add the participants."


@pytest.mark.django_db
def test_an_inactive_publisher_may_not_publish():
    publisher = RoleUserFactory(role="Publishers", is_active=False)
    with pytest.raises(TransitionForbidden):
        record_publish(record=DocumentFactory(status=Status.REVIEW), user=publisher)


@pytest.mark.django_db
def test_publish_with_a_time_in_the_past_is_refused():
    record = DocumentFactory(status=Status.REVIEW)
    with pytest.raises(TransitionInvalid, match=r"The publish time 2020-01-01 00:00 UTC is in the past"):
        record_publish(
            record=record,
            user=RoleUserFactory(role="Publishers"),
            publish_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
    record.refresh_from_db()
    assert record.status == Status.REVIEW
