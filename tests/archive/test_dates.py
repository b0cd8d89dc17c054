import datetime as dt

import pytest

from archive.dates import PartialDate, Precision, format_partial_date
from tests.factories import DocumentFactory


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [
        (dt.date(2024, 7, 28), Precision.DAY, "28 July 2024"),
        (dt.date(2020, 10, 1), Precision.MONTH, "October 2020"),
        (dt.date(2020, 1, 1), Precision.YEAR, "2020"),
    ],
)
def test_partial_date_prints_at_its_precision(date, precision, expected):
    assert format_partial_date(date, precision) == expected
    assert str(PartialDate(date, precision)) == expected


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("2020", dt.date(2020, 1, 1), Precision.YEAR),
        ("2020-10", dt.date(2020, 10, 1), Precision.MONTH),
        ("2024-07-28", dt.date(2024, 7, 28), Precision.DAY),
    ],
)
def test_parse_reads_year_month_and_day(text, date, precision):
    assert PartialDate.parse(text) == PartialDate(date, precision)


@pytest.mark.parametrize("text", ["", "2020-13", "2021-02-30", "October 2020", "20-10"])
def test_parse_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError, match="date"):
        PartialDate.parse(text)


def test_month_period_ends_on_its_last_day():
    assert PartialDate(dt.date(2024, 2, 1), Precision.MONTH).end == dt.date(2024, 2, 29)
    assert PartialDate(dt.date(2020, 1, 1), Precision.YEAR).end == dt.date(2020, 12, 31)


@pytest.mark.django_db
def test_model_descriptor_stores_first_day_and_precision():
    document = DocumentFactory()
    document.publication = "2020-10"
    document.save()
    document.refresh_from_db()
    assert document.publication_date == dt.date(2020, 10, 1)
    assert document.publication_precision == Precision.MONTH
    assert str(document.publication) == "October 2020"
    assert document.publication.isoformat() == "2020-10"


@pytest.mark.django_db
def test_saving_moves_a_date_to_the_first_day_of_its_period():
    document = DocumentFactory(publication_date=dt.date(2020, 10, 14), publication_precision=Precision.MONTH)
    document.refresh_from_db()
    assert document.publication_date == dt.date(2020, 10, 1)
    assert str(document.publication) == "October 2020"


@pytest.mark.django_db
def test_the_database_refuses_a_month_date_that_is_not_the_first():
    from django.db import IntegrityError, transaction

    from archive.models import Document

    document = DocumentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(
            publication_date=dt.date(2020, 10, 14), publication_precision=Precision.MONTH
        )
