import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    AppointmentFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PersonFactory,
    PersonNameFactory,
    PolicyThemeFactory,
    SourceFileFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(constraint_name, make):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    # SQLite names CHECK constraints in its message; both name the table or constraint.
    assert constraint_name in str(caught.value) or "UNIQUE" in str(caught.value) or "unique" in str(caught.value)


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


@pytest.mark.parametrize("factory", [DocumentFactory, MeetingFactory, PersonFactory, PolicyThemeFactory])
def test_slugs_are_unique(factory):
    factory(slug="same-slug")
    assert_refused("unique_slug", lambda: factory(slug="same-slug"))


def test_source_file_sha256_is_unique():
    SourceFileFactory(content=b"identical bytes")
    assert_refused("sourcefile_unique_sha256", lambda: SourceFileFactory(content=b"identical bytes"))


def test_series_ordinal_is_unique_within_a_series():
    series = MeetingSeriesFactory()
    MeetingFactory(series=series, ordinal=52)
    assert_refused("meeting_unique_series_ordinal", lambda: MeetingFactory(series=series, ordinal=52))
    assert MeetingFactory(series=MeetingSeriesFactory(), ordinal=52).pk
    assert MeetingFactory(series=series, ordinal=None).pk and MeetingFactory(series=series, ordinal=None).pk


def test_a_person_has_one_preferred_name():
    person = PersonFactory()
    PersonNameFactory(person=person, name="Shin Won-sik", is_preferred=True)
    PersonNameFactory(person=person, name="Shin Wonsik", is_preferred=False)
    assert_refused(
        "personname_one_preferred",
        lambda: PersonNameFactory(person=person, name="Shin Won Sik", is_preferred=True),
    )


def test_check_constraints_are_named_in_the_database_error():
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        MeetingFactory(start_date=dt.date(2024, 7, 28), end_date=dt.date(2024, 7, 1))
    message = str(caught.value)
    assert "meeting_end_not_before_start" in message or "CHECK constraint failed" in message
