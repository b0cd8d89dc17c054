import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import AuditEvent
from archive.workflow import Status
from tests.factories import DocumentFactory, MeetingFactory, PersonFactory, RoleUserFactory


def run(*args):
    out = StringIO()
    call_command("transition", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_publishes_through_the_service_and_reports_it():
    RoleUserFactory(username="pia", role="Publishers")
    record = DocumentFactory(status=Status.REVIEW, slug="joint-statement")
    output = run("document", "joint-statement", "publish", "--user", "pia")
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert "review -> published by pia" in output
    assert AuditEvent.objects.for_record(record).get().user.username == "pia"


@pytest.mark.django_db
def test_command_schedules_with_at_in_utc():
    RoleUserFactory(username="pia", role="Publishers")
    record = MeetingFactory(status=Status.REVIEW, slug="scm-57")
    run("meeting", "scm-57", "publish", "--user", "pia", "--at", "2031-11-04T09:00")
    record.refresh_from_db()
    assert record.publish_at == dt.datetime(2031, 11, 4, 9, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_command_refuses_a_role_without_the_permission():
    RoleUserFactory(username="cory", role="Contributors")
    PersonFactory(status=Status.PUBLISHED, slug="shin-won-sik")
    with pytest.raises(CommandError, match="You may not withdraw people"):
        run("person", "shin-won-sik", "withdraw", "--user", "cory", "--comment", "Duplicate.")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["document", "missing", "submit", "--user", "pia"], "No document with slug “missing”"),
        (["memo", "x", "submit", "--user", "pia"], "Unknown model “memo”"),
        (["document", "memo", "submit", "--user", "nobody"], "No user named “nobody”"),
        (["document", "memo", "publish", "--user", "pia", "--at", "soon"], "--at “soon” is not a date"),
        (["document", "memo", "withdraw", "--user", "pia"], "Withdraw needs a reason"),
    ],
)
def test_command_names_what_is_wrong(args, message):
    RoleUserFactory(username="pia", role="Publishers")
    DocumentFactory(status=Status.PUBLISHED, slug="memo")
    with pytest.raises(CommandError, match=message):
        run(*args)
