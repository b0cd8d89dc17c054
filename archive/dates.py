"""Partial dates: a date plus the precision it is known to.

Archives often know only "October 2020" or "2020". Such a date is stored as a
``DateField`` holding the first day of the period and a ``precision`` of day,
month or year. A model declares the pair with a ``DateField`` and
:func:`precision_field`, exposes it with :class:`PartialDateDescriptor`, lists it
in ``partial_dates`` of :class:`PartialDatesModel` (which moves any date to the
first day of its period on save) and guards it with
:func:`partial_date_constraint`. :class:`PartialDate` is the value a model
exposes; its ``str()`` prints it at its precision everywhere ("28 July 2024",
"October 2020", "2020").
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Q


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


_PRECISIONS = frozenset(Precision.values)  # Precision.values builds a new list on every call
_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True, order=True)
class PartialDate:
    date: dt.date
    precision: str = Precision.DAY

    def __post_init__(self):
        if self.precision not in _PRECISIONS:
            raise ValueError(f"Unknown date precision {self.precision!r}.")

    @classmethod
    def parse(cls, text):
        """Read "2020", "2020-10" or "2020-10-14" as a year, month or day.

        Raises ValueError with a message naming the bad value.
        """
        match = _ISO_PARTIAL.match(text or "")
        if not match:
            raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.")
        year, month, day = match.groups()
        try:
            if day:
                return cls(dt.date(int(year), int(month), int(day)), Precision.DAY)
            if month:
                return cls(dt.date(int(year), int(month), 1), Precision.MONTH)
            return cls(dt.date(int(year), 1, 1), Precision.YEAR)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date.") from None

    @property
    def end(self):
        """The last day of the period."""
        if self.precision == Precision.YEAR:
            return dt.date(self.date.year, 12, 31)
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return dt.date(self.date.year, self.date.month, last)
        return self.date

    def isoformat(self):
        """The shortest ISO 8601 form: "2020", "2020-10" or "2020-10-14"."""
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    def __str__(self):
        return format_partial_date(self.date, self.precision)


def format_partial_date(date, precision):
    """Print a date at its precision: "28 July 2024", "October 2020", "2020"."""
    if date is None:
        return ""
    if precision == Precision.YEAR:
        return str(date.year)
    if precision == Precision.MONTH:
        return f"{calendar.month_name[date.month]} {date.year}"
    return f"{date.day} {calendar.month_name[date.month]} {date.year}"


def normalise_to_precision(date, precision):
    """The first day of the period the date falls in at that precision."""
    if date is None:
        return None
    if precision == Precision.YEAR:
        return date.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return date.replace(day=1)
    return date


class PartialDateDescriptor:
    """``instance.<name>`` reads and writes the (date, precision) field pair."""

    def __init__(self, date_field, precision_field):
        self.date_field = date_field
        self.precision_field = precision_field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.date_field)
        if value is None:
            return None
        return PartialDate(value, getattr(instance, self.precision_field) or Precision.DAY)

    def __set__(self, instance, value):
        if value is None:
            setattr(instance, self.date_field, None)
            return
        if isinstance(value, str):
            value = PartialDate.parse(value)
        setattr(instance, self.date_field, normalise_to_precision(value.date, value.precision))
        setattr(instance, self.precision_field, value.precision)


def precision_field(verbose_name="precision", **kwargs):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the date is known: the day, only the month, or only the year.",
        **kwargs,
    )


def partial_date_constraint(date_field, precision_field, name):
    """A CHECK that the date is the first day of its period: the 1st for a month, 1 January for a year."""
    return models.CheckConstraint(
        condition=Q(**{f"{date_field}__isnull": True})
        | Q(**{precision_field: Precision.DAY})
        | Q(**{precision_field: Precision.MONTH, f"{date_field}__day": 1})
        | Q(**{precision_field: Precision.YEAR, f"{date_field}__day": 1, f"{date_field}__month": 1}),
        name=name,
    )


class PartialDatesModel(models.Model):
    """Moves each listed (date, precision) pair to the first day of its period before saving.

    So an editor who types 14 October 2020 with precision "month" stores October 2020.
    """

    partial_dates = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_partial_dates()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.normalise_partial_dates()

    def normalise_partial_dates(self):
        for date_field, precision_field in self.partial_dates:
            date = getattr(self, date_field)
            if date is None:
                continue
            precision = getattr(self, precision_field) or Precision.DAY
            setattr(self, precision_field, precision)
            setattr(self, date_field, normalise_to_precision(date, precision))
