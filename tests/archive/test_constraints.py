import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories import (
    AppointmentFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganizationFactory,
    PersonFactory,
    PersonNameFactory,
    PolicyThemeFactory,
    SourceFileFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(constraint_name, make, sqlite_columns=None):
    """The database refuses ``make()`` by the named constraint.

    PostgreSQL names every constraint in its message; SQLite names CHECK constraints and
    unique constraints only by their columns.
    """
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    message = str(caught.value)
    if connection.vendor == "sqlite" and sqlite_columns:
        assert f"UNIQUE constraint failed: {sqlite_columns}" in message
    else:
        assert constraint_name in message


def test_meeting_may_not_end_before_it_starts():
    assert_refused(
        "meeting_end_not_before_start",
        lambda: MeetingFactory(start_date=dt.date(2024, 7, 28), end_date=dt.date(2024, 7, 27)),
    )


def test_appointment_may_not_end_before_it_starts():
    assert_refused(
        "appointment_end_not_before_start",
        lambda: AppointmentFactory(start_date=dt.date(2023, 10, 7), end_date=dt.date(2023, 1, 1)),
    )


def test_meeting_may_end_on_the_day_it_starts():
    meeting = MeetingFactory(start_date=dt.date(2024, 7, 28), end_date=dt.date(2024, 7, 28))
    assert meeting.pk


@pytest.mark.parametrize(
    "factory",
    [
        DocumentFactory,
        MeetingFactory,
        PersonFactory,
        PolicyThemeFactory,
        OrganizationFactory,
        MeetingSeriesFactory,
    ],
)
def test_slugs_are_unique(factory):
    factory(slug="same-slug")
    model = factory._meta.model
    assert_refused(
        f"{model._meta.model_name}_unique_slug",
        lambda: factory(slug="same-slug"),
        sqlite_columns=f"{model._meta.db_table}.slug",
    )


def test_source_file_sha256_is_unique():
    SourceFileFactory(content=b"identical bytes")
    assert_refused(
        "sourcefile_unique_sha256",
        lambda: SourceFileFactory(content=b"identical bytes"),
        sqlite_columns="archive_sourcefile.sha256",
    )


def test_series_ordinal_is_unique_within_a_series():
    series = MeetingSeriesFactory()
    MeetingFactory(series=series, ordinal=52)
    assert_refused(
        "meeting_unique_series_ordinal",
        lambda: MeetingFactory(series=series, ordinal=52),
        sqlite_columns="meetings_meeting.series_id, meetings_meeting.ordinal",
    )
    assert MeetingFactory(series=MeetingSeriesFactory(), ordinal=52).pk
    assert MeetingFactory(series=series, ordinal=None).pk and MeetingFactory(series=series, ordinal=None).pk


def test_a_person_has_one_preferred_name():
    person = PersonFactory()
    PersonNameFactory(person=person, name="Shin Won-sik", is_preferred=True)
    PersonNameFactory(person=person, name="Shin Wonsik", is_preferred=False)
    assert_refused(
        "personname_one_preferred",
        lambda: PersonNameFactory(person=person, name="Shin Won Sik", is_preferred=True),
        sqlite_columns="people_personname.person_id",
    )
