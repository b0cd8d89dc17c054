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

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import DateField, DateTimeField, JSONField
from django.utils import timezone
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends
from simple_history.models import HistoricalRecords

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

    def insert_instances(self, model, instances, fields, extra=()):
        """Insert ``instances`` (their pks already set) as rows of ``fields``, plus constant ``extra`` columns."""
        getters = []
        for field in fields:
            convert = self.converter(field)
            getters.append((field.attname, convert))
        rows = []
        extra_values = tuple(value for _column, value in extra)
        for instance in instances:
            row = []
            for attname, convert in getters:
                value = getattr(instance, attname)
                row.append(convert(value) if convert and value is not None else value)
            rows.append(tuple(row) + extra_values)
        columns = [field.column for field in fields] + [column for column, _value in extra]
        self.insert(model._meta.db_table, columns, rows)


def write_records(*, model, creates, updates, m2m_changes, user, reason, prepare):
    """Write new records, updated records, their links, history rows and search entries."""
    writer = BulkWriter(model)
    now = timezone.now()
    stamped = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for instance in creates:
        prepare(instance)
        for field in stamped:
            setattr(instance, field.attname, now)
    unnumbered = [instance for instance in creates if instance.pk is None]
    for instance, pk in zip(unnumbered, writer.reserve_ids(model, len(unnumbered)), strict=True):
        instance.pk = pk
    for instance in creates:
        instance._state.adding = False
        instance._state.db = writer.alias
    writer.insert_instances(model, creates, model._meta.concrete_fields)
    if updates:
        fields = {f.attname for f in model._meta.concrete_fields if not f.primary_key}
        for instance in updates:
            prepare(instance)
            for field in stamped:
                if field.auto_now:
                    setattr(instance, field.attname, now)
        model._default_manager.bulk_update(updates, sorted(fields - {"created_at"}), batch_size=500)
    through_rows = _write_links(writer, model, creates, m2m_changes)
    history_ids = _write_history(writer, model, creates, updates, user, reason, now)
    _write_link_history(writer, model, creates, updates, history_ids, through_rows)
    index_records(model, creates, new=True)
    index_records(model, updates, new=False)


def _write_links(writer, model, creates, m2m_changes):
    """Replace the links that changed; return {field name: {source pk: [(through pk, target pk)]}}."""
    by_field = {}
    for instance, m2m in m2m_changes.values():
        for column, target_ids in m2m.items():
            by_field.setdefault(column.model_field, []).append((instance, sorted(target_ids)))
    created = {id(instance) for instance in creates}
    written = {}
    for field, items in by_field.items():
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name())
        target = through._meta.get_field(field.m2m_reverse_field_name())
        old = [instance.pk for instance, _ids in items if id(instance) not in created]
        for start in range(0, len(old), 900):
            through._default_manager.filter(**{f"{source.attname}__in": old[start : start + 900]})._raw_delete(
                writer.alias
            )
        count = sum(len(ids) for _instance, ids in items)
        ids = iter(writer.reserve_ids(through, count))
        rows = []
        by_source = written[field.name] = {}
        for instance, target_ids in items:
            pairs = by_source[instance.pk] = []
            for target_id in target_ids:
                pk = next(ids)
                rows.append((pk, instance.pk, target_id))
                pairs.append((pk, target_id))
        writer.insert(through._meta.db_table, [through._meta.pk.column, source.column, target.column], rows)
    return written


def _write_history(writer, model, creates, updates, user, reason, now):
    """One history row per record naming ``user``; returns {record pk: history pk}."""
    history_model = model.history.model
    tracked = history_model.tracked_fields
    records = list(creates) + list(updates)
    history_ids = dict(zip((r.pk for r in records), writer.reserve_ids(history_model, len(records)), strict=True))
    converters = [(f.attname, writer.converter(f)) for f in tracked]
    meta = history_model._meta
    date_convert = writer.converter(meta.get_field("history_date"))
    history_date = date_convert(now) if date_convert else now
    user_id = user.pk if user is not None else None
    rows = []
    for kind, batch in (("+", creates), ("~", updates)):
        for instance in batch:
            row = []
            for attname, convert in converters:
                value = getattr(instance, attname)
                row.append(convert(value) if convert and value is not None else value)
            row.extend((history_ids[instance.pk], history_date, reason, kind, user_id))
            rows.append(tuple(row))
    columns = [f.column for f in tracked] + [
        meta.get_field(name).column
        for name in ("history_id", "history_date", "history_change_reason", "history_type", "history_user")
    ]
    writer.insert(meta.db_table, columns, rows)
    return history_ids


def _write_link_history(writer, model, creates, updates, history_ids, through_rows):
    fields = {field: m2m_model for field, m2m_model in HistoricalRecords.m2m_models.items() if field.model is model}
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
        rows = [
            (pk, record.pk, target_id, history_ids[record.pk])
            for record in list(creates) + list(updates)
            for pk, target_id in known.get(record.pk, ())
        ]
        meta = m2m_model._meta
        columns = [
            meta.get_field("id").column,
            meta.get_field(source.name).column,
            meta.get_field(target.name).column,
            meta.get_field("history").column,
        ]
        writer.insert(meta.db_table, columns, rows)


def _plain_search_fields(model):
    """The model's search fields if all are local columns (no related fields), else None."""
    fields = model.get_search_fields()
    if any(isinstance(field, search_index.RelatedFields) for field in fields):
        return None
    return fields


def index_records(model, instances, *, new):
    """Bring the search index up to date for ``instances``.

    New records on SQLite get their index rows inserted directly (the FTS5
    triggers fill the full-text table); everything else goes through the
    backend's own bulk ``add_bulk``.
    """
    if not instances or not hasattr(model, "get_search_fields"):
        return
    backends = list(get_search_backends(with_auto_update=True))
    fields = _plain_search_fields(model)
    for backend in backends:
        search = backend.get_index_for_model(model)
        if new and fields is not None and type(search).__name__ == "SQLiteIndex":
            _insert_sqlite_entries(search, model, instances, fields)
            continue
        for start in range(0, len(instances), 2000):
            backend.add_bulk(model, instances[start : start + 2000])


def _insert_sqlite_entries(search, model, instances, fields):
    from modelsearch.models import IndexEntry

    title_fields = [f.field_name for f in fields if isinstance(f, search_index.SearchField) and f.field_name == "title"]
    body_fields = [f.field_name for f in fields if isinstance(f, search_index.SearchField) and f.field_name != "title"]
    autocomplete_fields = [f.field_name for f in fields if isinstance(f, search_index.AutocompleteField)]
    content_type = ContentType.objects.db_manager(search.write_connection.alias).get_for_model(model)

    def text(instance, names):
        return " ".join(_as_text(getattr(instance, name)) for name in names)

    entries = [
        (
            content_type.pk,
            str(instance.pk),
            text(instance, title_fields),
            text(instance, autocomplete_fields),
            text(instance, body_fields),
        )
        for instance in instances
    ]
    meta = IndexEntry._meta
    title_column = meta.get_field("title").column
    quote = search.write_connection.ops.quote_name
    # modelsearch sets title_norm = (average title length) / (title length) for
    # new entries; computed here rather than by an UPDATE that would make the
    # FTS5 trigger index every new row a second time.
    with search.write_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(LENGTH({quote(title_column)})), 0), COUNT(*) FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE LENGTH({quote(title_column)}) > 0"
        )
        total, count = cursor.fetchone()
    lengths = [len(entry[2]) for entry in entries if entry[2]]
    average = (total + sum(lengths)) / (count + len(lengths)) if count + len(lengths) else 1.0
    rows = [entry + (average / len(entry[2]) if entry[2] else 1.0,) for entry in entries]
    writer = BulkWriter(IndexEntry)
    columns = [meta.get_field(name).column for name in ("content_type", "object_id", "title", "autocomplete", "body")]
    writer.insert(meta.db_table, columns + [meta.get_field("title_norm").column], rows)


def _as_text(value):
    if value is None:
        return "None"
    return value if isinstance(value, str) else str(value)
