"""Multi-row INSERTs for the tables a bulk writer fills (ingest's batches, history versions), with less
work per value than bulk_create.

``bulk_create`` compiles every value of every row through the query compiler;
for the thousands of rows of a batch (documents, meetings, their history
records, link rows) that is most of the writing time. Here each value goes
through its field's ``get_db_prep_save`` only when it is not already a plain
str, int, bool or None, auto_now fields take one timestamp per call (set on the
objects too, as a save would), and the rows go in a few INSERTs ... RETURNING
their pks. Signals are not sent: callers index, bump the page version and
write history themselves, as they do after bulk_create.
"""

from django.db import connections, router
from django.db.models import AutoField, BigAutoField, SmallAutoField
from django.utils import timezone

PLAIN = (str, int, bool, type(None))
PLAIN_TYPES = frozenset(PLAIN)
NONE = type(None)
TEXT = {"CharField", "TextField", "SlugField"}
MEMO_KINDS = {"DateTimeField", "DateField"}
MAX_PARAMS = 990  # under SQLite's historical limit of 999 host parameters per statement


def _columns(model):
    return [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, (AutoField, BigAutoField, SmallAutoField)))
    ]


def insert_objects(model, objects, *, returning=True):
    """INSERT unsaved ``objects`` of ``model``; with ``returning`` their pks are set."""
    if not objects:
        return
    fields = _columns(model)
    now = timezone.now()
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    relations = [f for f in fields if f.is_relation]
    for obj in objects:
        for field in stamped:
            setattr(obj, field.attname, now)
        for field in relations:  # a related object assigned before it had a pk
            if getattr(obj, field.attname) is None and field.is_cached(obj):
                related = field.get_cached_value(obj)
                if related is not None:
                    setattr(obj, field.attname, related.pk)  # which forgets the object: cache it again
                    field.set_cached_value(obj, related)
    rows = [[getattr(obj, field.attname) for field in fields] for obj in objects]
    pks = _insert(model, fields, rows, returning=returning)
    if returning:
        for obj, pk in zip(objects, pks, strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = router.db_for_write(model)


def insert_values(model, rows, *, returning=False):
    """INSERT ``rows`` of {attname: value} (missing fields take their defaults); the new pks if ``returning``."""
    if not rows:
        return []
    fields = _columns(model)
    defaults = {}
    for field in fields:
        if any(field.attname not in row for row in rows):
            defaults[field.attname] = field.get_default()
    values = [[row.get(field.attname, defaults.get(field.attname)) for field in fields] for row in rows]
    return _insert(model, fields, values, returning=returning)


def _insert(model, fields, rows, *, returning):
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    kinds = [field.get_internal_type() for field in fields]
    memo = {}  # the same timestamp or date in every row is converted once

    def convert(field, kind, value):
        if kind in TEXT and isinstance(value, str) or kind != "JSONField" and type(value) in PLAIN:
            return value  # what get_db_prep_save would return (a choices member is a str)
        if kind in MEMO_KINDS:
            key = (kind, value)
            if key not in memo:
                memo[key] = field.get_db_prep_save(value, connection)
            return memo[key]
        return field.get_db_prep_save(value, connection)

    # Column by column: most columns hold only plain values, checked at C speed and passed through.
    columns = list(zip(*rows, strict=True)) if rows else []
    for index, (field, kind) in enumerate(zip(fields, kinds, strict=True)):
        column = columns[index]
        types = set(map(type, column))
        if kind != "JSONField" and types <= PLAIN_TYPES:
            continue
        if kind in TEXT and all(issubclass(t, str) or t is NONE for t in types):
            continue  # choices members are str subclasses: get_db_prep_save would return them as they are
        columns[index] = [convert(field, kind, value) for value in column]
    prepared = [list(row) for row in zip(*columns, strict=True)]
    per_statement = max(1, MAX_PARAMS // max(1, len(fields)))
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), per_statement):
            chunk = prepared[start : start + per_statement]
            sql = head + ", ".join([placeholder] * len(chunk)) + tail
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                pks += [row[0] for row in cursor.fetchall()]
    return pks
