"""The bulk write path of an import: records, links, history rows and search entries.

The ORM's ``bulk_create`` builds a model instance per row and prepares every
value through the field API; for a 100,000-row file that costs more than the
database work. Here rows go to the database as tuples: ``executemany`` on
SQLite, ``COPY`` on PostgreSQL. Primary keys are reserved first (from the
sequence on PostgreSQL; past the table's AUTOINCREMENT high-water mark on
SQLite, inside the write transaction that holds the database lock), so links
and history rows can name them without reading them back.
"""

import json
from operator import itemgetter

from django.db import connections, router
from django.db.models import DateField, DateTimeField, JSONField
from django.db.models.base import ModelState
from django.utils import timezone
from simple_history.models import HistoricalRecords

from archive.bulkindex import index_new_rows, index_objects_bulk

EXECUTEMANY_BATCH = 5000


class BulkWriter:
    def __init__(self, model):
        self.alias = router.db_for_write(model)
        self.connection = connections[self.alias]
        self.vendor = self.connection.vendor

    def reserve_ids(self, model, count):
        if not count:
            return []
        table = model._meta.db_table
        quote = self.connection.ops.quote_name
        pk_column = model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [quote(table), pk_column, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX({quote(pk_column)}), 0) FROM {quote(table)}")  # noqa: S608
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))

    def converter(self, field):
        """How a Python value of ``field`` goes into an INSERT or COPY."""
        if isinstance(field, JSONField):
            return lambda value: None if value is None else json.dumps(value)
        if self.vendor == "postgresql":
            return None
        if isinstance(field, DateTimeField):
            adapt = self.connection.ops.adapt_datetimefield_value
            return lambda value: None if value is None else adapt(value)
        if isinstance(field, DateField):
            return lambda value: None if value is None else value.isoformat()
        return None

    def insert(self, table, columns, rows):
        """Insert tuples of values (already converted) into ``columns`` of ``table``."""
        if not rows:
            return
        quote = self.connection.ops.quote_name
        column_sql = ", ".join(quote(column) for column in columns)
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # The raw psycopg cursor: wrap its errors as Django's (IntegrityError...).
                sql = f"COPY {quote(table)} ({column_sql}) FROM STDIN"
                with self.connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES ({placeholders})"  # noqa: S608
            for start in range(0, len(rows), EXECUTEMANY_BATCH):
                cursor.executemany(sql, rows[start : start + EXECUTEMANY_BATCH])


class NewRecord:
    """A row that creates a record: its column values by attname and its many-to-many target ids.

    ``instance`` is set only for kinds whose resource derives fields in ``prepare`` (then
    ``values`` is the instance's own ``__dict__``).
    """

    __slots__ = ("values", "links", "instance")

    def __init__(self, values, links, instance=None):
        self.values = values
        self.links = links  # {m2m model field: sorted target ids}
        self.instance = instance


def write_records(*, model, creates, updates, changed_fields, m2m_changes, user, reason, prepare):
    """Write new records (:class:`NewRecord`), updated records (instances), links, history and search entries.

    An updated record is written in the columns some row of the file changes (``changed_fields``),
    the ones ``prepare`` derives from them, its revision and its ``auto_now`` stamps: never the
    workflow state, which only transitions change. A workflow record counts as saved: a new one
    gets revision 1 (and, when a publisher's file gives it a status past draft, that state's stamps),
    an updated one its revision plus one.
    """
    writer = BulkWriter(model)
    now = timezone.now()
    stamped = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    attnames = {f.attname for f in model._meta.concrete_fields}
    counts_saves = "revision" in attnames
    user_id = user.pk if user is not None else None
    pk_attname = model._meta.pk.attname
    for record in creates:
        values = record.values
        for field in stamped:
            values[field.attname] = now
        if counts_saves:
            _stamp_new_workflow_record(values, now, user_id)
    unnumbered = [record.values for record in creates if record.values.get(pk_attname) is None]
    for values, pk in zip(unnumbered, writer.reserve_ids(model, len(unnumbered)), strict=True):
        values[pk_attname] = pk
    for record in creates:
        if record.instance is not None:
            record.instance._state.adding = False
            record.instance._state.db = writer.alias
    if updates:
        fields = set(changed_fields) | {field.attname for field in stamped if field.auto_now}
        for instance in updates:
            before = dict(instance.__dict__)
            prepare(instance)
            fields.update(name for name, value in instance.__dict__.items() if before.get(name, value) != value)
            for field in stamped:
                if field.auto_now:
                    setattr(instance, field.attname, now)
            if counts_saves:
                instance.revision = (instance.revision or 0) + 1
        if counts_saves:
            fields.add("revision")
        model._default_manager.bulk_update(updates, sorted(fields & attnames), batch_size=500)
    link_items = [(record.values[pk_attname], record.links) for record in creates if record.links]
    link_items += [
        (instance.pk, {column.model_field: sorted(ids) for column, ids in m2m.items()})
        for instance, m2m in m2m_changes.values()
    ]
    through_rows = _write_links(writer, model, link_items, replace={instance.pk for instance in updates})
    history_ids = _write_rows_and_history(writer, model, creates, updates, user, reason, now)
    _write_link_history(writer, model, creates, updates, history_ids, through_rows)
    if counts_saves:
        _write_audit_events(writer, model, creates, user_id, now, reason)
    if creates and not index_new_rows(model, [(record.values[pk_attname], record.values) for record in creates]):
        index_objects_bulk(model, [_instance(model, record, writer.alias) for record in creates], new=True)
    index_objects_bulk(model, updates)


def _stamp_new_workflow_record(values, now, user_id):
    """A new workflow record's first save: revision 1, and who set its state when it is past draft."""
    values["revision"] = 1
    status = values.get("status")
    if status and status != "draft":
        values["status_changed_at"] = values.get("status_changed_at") or now
        values["status_changed_by_id"] = values.get("status_changed_by_id") or user_id
        if status == "withdrawn":
            values["withdrawn_at"] = values.get("withdrawn_at") or now


def _write_audit_events(writer, model, creates, user_id, now, reason):
    """One audit event per new record a publisher's file gives a state past draft, as a transition writes."""
    from django.contrib.contenttypes.models import ContentType

    from archive.models import AuditEvent

    past_draft = [record for record in creates if record.values.get("status") not in (None, "", "draft")]
    if not past_draft:
        return
    meta = AuditEvent._meta
    names = ("content_type", "object_id", "object_repr", "action", "from_status", "to_status", "user", "at")
    names += ("comment", "publish_at")
    fields = [meta.get_field(name) for name in names]
    at_convert = writer.converter(meta.get_field("at")) or (lambda value: value)
    content_type = ContentType.objects.db_manager(writer.alias).get_for_model(model).pk
    pk_attname = model._meta.pk.attname
    rows = []
    for record in past_draft:
        values = record.values
        publish_at = values.get("publish_at") if values["status"] == "published" else None
        rows.append(
            (
                content_type,
                values[pk_attname],
                str(_instance(model, record, writer.alias))[:400],
                "import",
                "draft",
                values["status"],
                user_id,
                at_convert(now),
                reason,
                None if publish_at is None else at_convert(publish_at),
            )
        )
    writer.insert(meta.db_table, [field.column for field in fields], rows)


def _instance(model, record, alias):
    if record.instance is not None:
        return record.instance
    instance = model.__new__(model)
    instance.__dict__.update(record.values)
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, alias
    return instance


class _Converted:
    """Column values as the database driver takes them (dates as text on SQLite, JSON as text), memoised."""

    def __init__(self, writer, fields):
        self.converters = [(f.attname, convert, {}) for f in fields if (convert := writer.converter(f))]

    def __call__(self, values):
        if not self.converters:
            return values
        out = dict(values)
        for attname, convert, memo in self.converters:
            value = out.get(attname)
            if value is None:
                continue
            try:
                out[attname] = memo[value]
            except KeyError:
                out[attname] = memo[value] = convert(value)
            except TypeError:  # unhashable (a JSON value)
                out[attname] = convert(value)
        return out


def _write_rows_and_history(writer, model, creates, updates, user, reason, now):
    """The new records' rows, and one history row per written record naming ``user``; returns {pk: history pk}."""
    history_model = model.history.model
    tracked = history_model.tracked_fields
    fields = model._meta.concrete_fields
    pk_attname = model._meta.pk.attname
    count = len(creates) + len(updates)
    history_pks = iter(writer.reserve_ids(history_model, count))
    history_ids = {}
    meta = history_model._meta
    date_convert = writer.converter(meta.get_field("history_date"))
    history_date = date_convert(now) if date_convert else now
    user_id = user.pk if user is not None else None
    convert = _Converted(writer, list(fields) + [f for f in tracked if f not in fields])
    row_of = itemgetter(*[f.attname for f in fields])
    tracked_of = itemgetter(*[f.attname for f in tracked])
    history_columns = [f.column for f in tracked] + [
        meta.get_field(name).column
        for name in ("history_id", "history_date", "history_change_reason", "history_type", "history_user")
    ]
    columns = [f.column for f in fields]
    for start in range(0, len(creates), EXECUTEMANY_BATCH):
        rows, history_rows = [], []
        for record in creates[start : start + EXECUTEMANY_BATCH]:
            values = convert(record.values)
            rows.append(row_of(values))
            history_id = history_ids[record.values[pk_attname]] = next(history_pks)
            history_rows.append(tracked_of(values) + (history_id, history_date, reason, "+", user_id))
        writer.insert(model._meta.db_table, columns, rows)
        writer.insert(meta.db_table, history_columns, history_rows)
    history_rows = []
    for instance in updates:
        values = convert(instance.__dict__)
        history_id = history_ids[instance.pk] = next(history_pks)
        history_rows.append(tracked_of(values) + (history_id, history_date, reason, "~", user_id))
    writer.insert(meta.db_table, history_columns, history_rows)
    return history_ids


def _write_links(writer, model, items, *, replace):
    """Write the links of ``items`` ([(record pk, {m2m field: sorted target ids})]), first removing
    the old links of the records in ``replace``; return {field name: {record pk: [(through pk, target pk)]}}."""
    by_field = {}
    for pk, links in items:
        for field, target_ids in links.items():
            by_field.setdefault(field, []).append((pk, target_ids))
    written = {}
    for field, pairs_of in by_field.items():
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name())
        target = through._meta.get_field(field.m2m_reverse_field_name())
        old = [pk for pk, _ids in pairs_of if pk in replace]
        for start in range(0, len(old), 900):
            through._default_manager.filter(**{f"{source.attname}__in": old[start : start + 900]})._raw_delete(
                writer.alias
            )
        count = sum(len(ids) for _pk, ids in pairs_of)
        ids = iter(writer.reserve_ids(through, count))
        rows = []
        by_source = written[field.name] = {}
        for pk, target_ids in pairs_of:
            pairs = by_source[pk] = []
            for target_id in target_ids:
                through_pk = next(ids)
                rows.append((through_pk, pk, target_id))
                pairs.append((through_pk, target_id))
        writer.insert(through._meta.db_table, [through._meta.pk.column, source.column, target.column], rows)
    return written


def _write_link_history(writer, model, creates, updates, history_ids, through_rows):
    fields = {field: m2m_model for field, m2m_model in HistoricalRecords.m2m_models.items() if field.model is model}
    pk_attname = model._meta.pk.attname
    for field, m2m_model in fields.items():
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name())
        target = through._meta.get_field(field.m2m_reverse_field_name())
        known = dict(through_rows.get(field.name, {}))
        missing = [instance.pk for instance in updates if instance.pk not in known]
        for start in range(0, len(missing), 900):
            pairs = through._default_manager.filter(**{f"{source.attname}__in": missing[start : start + 900]})
            for pk, source_id, target_id in pairs.values_list("pk", source.attname, target.attname):
                known.setdefault(source_id, []).append((pk, target_id))
        pks = [record.values[pk_attname] for record in creates] + [instance.pk for instance in updates]
        rows = [
            (through_pk, pk, target_id, history_ids[pk]) for pk in pks for through_pk, target_id in known.get(pk, ())
        ]
        meta = m2m_model._meta
        columns = [
            meta.get_field("id").column,
            meta.get_field(source.name).column,
            meta.get_field(target.name).column,
            meta.get_field("history").column,
        ]
        writer.insert(meta.db_table, columns, rows)
