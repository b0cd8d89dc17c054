"""Create by natural key what is missing; never touch what is already there.

A record that exists may have been corrected, withdrawn or re-linked by an
editor since it was loaded: loading the sample again must not undo that, so an
existing row is left exactly as it is (reported "unchanged") and its children
and links are not synchronised either.
"""

from collections import Counter

from django.core.exceptions import ValidationError

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# UPDATED is kept for the report's columns: only a source file whose stored bytes went missing is updated.


class LoadReport:
    """Counts of created, updated and unchanged records per kind, in load order."""

    def __init__(self):
        self.counts = {}
        # Files written to storage during the load, removed again if it is rolled back.
        self.stored_files = []

    def add(self, kind, outcome):
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def discard_stored_files(self):
        for storage, name in self.stored_files:
            storage.delete(name)
        self.stored_files = []

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())

    def as_dict(self):
        return {
            kind: {key: counter[key] for key in (CREATED, UPDATED, UNCHANGED)} for kind, counter in self.counts.items()
        }

    def lines(self):
        for kind, counts in self.as_dict().items():
            numbers = "  ".join(f"{counts[outcome]:>3} {outcome}" for outcome in (CREATED, UPDATED, UNCHANGED))
            yield f"{kind:<14} {numbers}"


def date_values(date_field, precision_field, partial):
    """The (date, precision) column values of a partial date, or an empty date."""
    if partial is None:
        return {date_field: None}
    return {date_field: partial.date, precision_field: partial.precision}


def _column_values(model, values):
    """Relations given as objects become their ``*_id`` column values for comparison."""
    columns = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.many_to_one or field.one_to_one:
            columns[field.attname] = value.pk if value is not None else None
        else:
            columns[field.attname] = value
    return columns


def validate(obj, record, exclude=()):
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise record.error(field if field != "__all__" else None, " ".join(messages)) from None


def upsert(model, lookup, values, record, *, exclude_from_validation=()):
    """The row matching ``lookup``, created with ``values`` when missing: ``(obj, outcome)``."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj, UNCHANGED
    obj = model(**lookup, **_column_values(model, values))
    validate(obj, record, exclude_from_validation)
    obj.save()
    return obj, CREATED


def sync_many(obj, name, targets):
    """Make the many-to-many ``name`` hold exactly ``targets``; True when it changed."""
    manager = getattr(obj, name)
    if set(manager.values_list("pk", flat=True)) == {target.pk for target in targets}:
        return False
    manager.set(targets)
    return True


def resolve(record, field, slug, by_slug, kind):
    """The object a slug names, or an error naming the record and field."""
    if slug not in by_slug:
        raise record.error(field, f"no {kind} with the slug {slug!r}.")
    return by_slug[slug]
