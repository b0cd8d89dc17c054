"""Importing meetings and participations: links by slug, dates, database rules."""

import pytest

from archive.transfer.importing import records_import
from meetings.models import Meeting, Participation
from tests.factories import MeetingFactory, MeetingSeriesFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_meeting_themes_are_linked_by_slug_and_dates_keep_their_precision(superuser):
    from tests.factories import PolicyThemeFactory

    PolicyThemeFactory(slug="ncg")
    PolicyThemeFactory(slug="deterrence")
    MeetingSeriesFactory(slug="scm")
    data = "slug,title,series,ordinal,start,end,themes\nscm-55,55th SCM,scm,55,2023-11,2023-12,ncg|deterrence\n"
    assert records_import(kind="meetings", data=data.encode(), user=superuser).ok
    meeting = Meeting.objects.get()
    assert (meeting.start.isoformat(), meeting.end.isoformat()) == ("2023-11", "2023-12")
    assert sorted(meeting.themes.values_list("slug", flat=True)) == ["deterrence", "ncg"]
    assert meeting.history.get().history_user == superuser


def test_a_meeting_that_ends_before_it_starts_is_reported_on_its_row(superuser):
    data = b"slug,title,start,end\nok,Fine,2020,2021\nbad,Backwards,2021-05-02,2021-05-01\n"
    report = records_import(kind="meetings", data=data, user=superuser)
    assert (report.errors[0].row, report.errors[0].column) == (3, "end")
    assert "before it starts" in report.errors[0].reason
    assert Meeting.objects.count() == 0


def test_a_rule_only_the_database_checks_aborts_the_file_with_a_clear_error(superuser):
    MeetingSeriesFactory(slug="scm")
    data = b"slug,title,series,ordinal,start\na,First,scm,55,2023\nb,Second,scm,55,2023\n"
    report = records_import(kind="meetings", data=data, user=superuser)
    assert not report.ok
    assert "the database refused the file" in report.errors[0].reason
    assert Meeting.objects.count() == 0
    assert Meeting.history.count() == 0


def test_empty_participation_order_takes_the_default(superuser):
    MeetingFactory(slug="scm-55")
    PersonFactory(slug="austin")
    data = b"meeting,person,role,side,order\nscm-55,austin,Secretary of Defense,US,\n"
    assert records_import(kind="participations", data=data, user=superuser).ok
    assert Participation.objects.get().order == 0


def test_participation_naming_an_unknown_person_is_refused_with_close_matches(superuser):
    MeetingFactory(slug="scm-55")
    PersonFactory(slug="lloyd-austin")
    data = b"meeting,person\nscm-55,loyd-austin\n"
    report = records_import(kind="participations", data=data, user=superuser)
    assert str(report.errors[0]) == (
        "row 2, column 'person': no person has the slug 'loyd-austin'. Close matches: lloyd-austin."
    )
    assert Participation.objects.count() == 0
