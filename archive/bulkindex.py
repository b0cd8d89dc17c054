"""Search entries for many new records at once, exactly as modelsearch's database backends write them.

modelsearch's own bulk path (``backend.add_bulk``) is right for a few records
but slow for a large batch: on SQLite it inserts entries through the ORM and
then rewrites every new row to refresh the title norms (an UPDATE that, with
modelsearch's own triggers, also indexed every new row a second time; archive
migration 0006 limits that trigger to text changes); on PostgreSQL it
compiles three Django expressions per object. For records that have no
search entry yet and whose search fields are their own columns,
:func:`index_new_rows` writes the same entries directly: on SQLite with
``executemany`` (the FTS5 triggers fill the full-text table), on PostgreSQL
with ``COPY`` into a staging table and one ``INSERT ... SELECT`` that builds
the same weighted ``tsvector`` values. Anything else goes through
``add_bulk`` (:func:`index_objects_bulk`).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignObjectRel
from django.db.models.fields.related import RelatedField
from django.utils.encoding import force_str
from modelsearch import index as search_index
from modelsearch.backends import get_search_backends

BATCH = 5000


def _text(value):
    """modelsearch's ``prepare_value`` for a column value."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_text(item) for item in value.values())
    return force_str(value)


class EntryPlan:
    """Which columns of ``model`` feed the title, body and autocomplete of its search entry.

    ``None`` from :meth:`of` when a search field is not a plain column of the
    model (a related field, a method, a field with searchable content of its own).
    """

    def __init__(self, model, parts):
        self.model = model
        self.parts = parts  # [(attname, "title" | "body" | "autocomplete", boost)] in search-field order

    @classmethod
    def of(cls, model):
        if not hasattr(model, "get_search_fields"):
            return None
        parts = []
        for field in model.get_search_fields():
            if isinstance(field, search_index.RelatedFields):
                return None
            if isinstance(field, search_index.SearchField):
                role = "title" if field.field_name == "title" else "body"
            elif isinstance(field, search_index.AutocompleteField):
                role = "autocomplete"
            else:
                continue
            try:
                model_field = model._meta.get_field(field.field_name)
            except FieldDoesNotExist:
                return None
            if (
                isinstance(model_field, (RelatedField, ForeignObjectRel))
                or not model_field.concrete
                or hasattr(model_field, "get_searchable_content")
            ):
                return None
            parts.append((model_field.attname, role, getattr(field, "boost", None)))
        return cls(model, parts) if parts else None

    def texts(self, values):
        """[(role, boost, text)] for one record's ``values`` (attname -> Python value)."""
        return [(role, boost, _text(values.get(attname))) for attname, role, boost in self.parts]


def _database_indexes(model):
    """(backend, index) pairs of the auto-updated backends; index None when not a database backend we write."""
    for backend in get_search_backends(with_auto_update=True):
        index = backend.get_index_for_model(model)
        name = type(index).__name__
        yield backend, index if name in ("SQLiteIndex", "PostgresIndex") else None


def index_objects_bulk(model, objects, *, new=False):
    """Bring the search entries of ``objects`` (model instances) up to date.

    ``new=True`` promises that none of them has an entry yet (they were created
    in this transaction): then plain-column models take the direct path.
    """
    if not objects or not hasattr(model, "get_search_fields"):
        return
    plan = EntryPlan.of(model) if new else None
    for backend, index in _database_indexes(model):
        if plan is not None and index is not None:
            _write_new(index, plan, [(obj.pk, obj.__dict__) for obj in objects])
            continue
        if new and index is not None and index.write_connection.vendor == "sqlite":
            # Texts from modelsearch's own indexer (related fields too), written without its UPDATE.
            from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer

            indexers = (ObjectIndexer(obj, backend) for obj in objects)
            entries = [(indexer.id, indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers]
            _insert_sqlite_entries(index, _content_type_id(index, model), entries)
            continue
        for start in range(0, len(objects), 2000):
            backend.add_bulk(model, objects[start : start + 2000])


def index_new_rows(model, rows):
    """Search entries for new records given as ``(pk, values)`` (``values``: attname -> Python value).

    Returns False (and writes nothing) when the model's search fields are not
    plain columns or a backend is not a database one: the caller then indexes
    model instances with :func:`index_objects_bulk`.
    """
    if not hasattr(model, "get_search_fields"):
        return True
    plan = EntryPlan.of(model)
    pairs = list(_database_indexes(model))
    if plan is None or any(index is None for _backend, index in pairs):
        return False
    for _backend, index in pairs:
        _write_new(index, plan, rows)
    return True


def _write_new(index, plan, rows):
    if not rows:
        return
    content_type_id = _content_type_id(index, plan.model)
    if index.write_connection.vendor == "postgresql":
        _write_new_postgres(index, plan, content_type_id, rows)
    else:
        _write_new_sqlite(index, plan, content_type_id, rows)


def _content_type_id(index, model):
    return ContentType.objects.db_manager(index.write_connection.alias).get_for_model(model).pk


def _entry_table(connection):
    from modelsearch.models import IndexEntry

    meta = IndexEntry._meta
    quote = connection.ops.quote_name
    return meta, quote, quote(meta.db_table)


def _write_new_sqlite(index, plan, content_type_id, rows):
    entries = []
    for pk, values in rows:
        title, autocomplete, body = [], [], []
        for role, _boost, text in plan.texts(values):
            (title if role == "title" else autocomplete if role == "autocomplete" else body).append(text)
        entries.append((force_str(pk), " ".join(title), " ".join(autocomplete), " ".join(body)))
    _insert_sqlite_entries(index, content_type_id, entries)


def _insert_sqlite_entries(index, content_type_id, entries):
    """Insert new entries ``(object id, title, autocomplete, body)`` with the title norms modelsearch would set."""
    if not entries:
        return
    connection = index.write_connection
    meta, quote, table = _entry_table(connection)
    entries = [(content_type_id, *entry) for entry in entries]
    title_column = quote(meta.get_field("title").column)
    # modelsearch stores title_norm = (average title length) / (title length),
    # refreshed by an UPDATE after its insert; computed here instead, so each new
    # row is written once.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(LENGTH({title_column})), 0), COUNT(*) FROM {table} "  # noqa: S608
            f"WHERE LENGTH({title_column}) > 0"
        )
        total, count = cursor.fetchone()
        lengths = [len(entry[2]) for entry in entries if entry[2]]
        count += len(lengths)
        average = (total + sum(lengths)) / count if count else 1.0
        columns = ", ".join(
            quote(meta.get_field(name).column)
            for name in ("content_type", "object_id", "title", "autocomplete", "body", "title_norm")
        )
        sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
        for start in range(0, len(entries), BATCH):
            cursor.executemany(
                sql,
                [entry + (average / len(entry[2]) if entry[2] else 1.0,) for entry in entries[start : start + BATCH]],
            )


def _write_new_postgres(index, plan, content_type_id, rows):
    """COPY the texts to a staging table, then build the weighted vectors in SQL as modelsearch's ``as_vector``."""
    from modelsearch.backends.database.postgres.weights import get_weight

    connection = index.write_connection
    meta, quote, table = _entry_table(connection)
    config, autocomplete_config = index.backend.config, index.backend.autocomplete_config
    staging = "bulkindex_staging"
    text_columns = [f"t{n}" for n in range(len(plan.parts))]

    def vector(role, params):
        terms = []
        for column, (_attname, part_role, boost) in zip(text_columns, plan.parts, strict=True):
            if part_role != role:
                continue
            chosen = autocomplete_config if role == "autocomplete" else config
            source = f"COALESCE({column}, '')"
            if chosen:
                params.append(chosen)
                call = f"to_tsvector(%s::regconfig, {source})"
            else:
                call = f"to_tsvector({source})"
            params.append("D" if role == "autocomplete" else get_weight(boost))
            terms.append(f"setweight({call}, %s)")
        return " || ".join(terms) if terms else "to_tsvector('')"

    def plain(role):
        columns = [c for c, (_a, r, _b) in zip(text_columns, plan.parts, strict=True) if r == role]
        if not columns:
            return "''"
        return "concat_ws(' ', " + ", ".join(f"NULLIF({c}, '')" for c in columns) + ")"

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} (object_id text, {', '.join(f'{c} text' for c in text_columns)}) "
            "ON COMMIT DROP"
        )
        copy_sql = f"COPY {staging} (object_id, {', '.join(text_columns)}) FROM STDIN"
        with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
            for pk, values in rows:
                copy.write_row([force_str(pk)] + [text.strip() for _role, _boost, text in plan.texts(values)])
        column = {
            name: quote(meta.get_field(name).column)
            for name in (
                "content_type",
                "object_id",
                "title",
                "autocomplete",
                "body",
                "title_norm",
                "title_text",
                "body_text",
            )
        }
        # modelsearch inserts title_norm 1.0, then sets (average title length) / (title length) over the
        # whole table, lengths counted in lexemes; the same value is computed before the insert here.
        title_params = []
        title_vector = vector("title", title_params)
        cursor.execute(
            f"SELECT COALESCE(SUM(n), 0), COUNT(*) FROM (SELECT length({title_vector}) AS n FROM {staging}) AS s "  # noqa: S608
            "WHERE n > 0",
            title_params,
        )
        new_total, new_count = cursor.fetchone()
        cursor.execute(
            f"SELECT COALESCE(SUM(length({column['title']})), 0), COUNT(*) FROM {table} "  # noqa: S608
            f"WHERE length({column['title']}) > 0"
        )
        old_total, old_count = cursor.fetchone()
        count = new_count + old_count
        average = float(new_total + old_total) / count if count else 1.0
        params = [content_type_id, average]
        vectors = [vector(role, params) for role in ("title", "autocomplete", "body")]
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(column.values())}) "  # noqa: S608
            "SELECT %s, object_id, title, autocomplete, body, "
            "CASE WHEN length(title) > 0 THEN %s / length(title) ELSE 1.0 END, title_text, body_text FROM ("
            f"SELECT object_id, {vectors[0]} AS title, {vectors[1]} AS autocomplete, {vectors[2]} AS body, "
            f"{plain('title')} AS title_text, {plain('body')} AS body_text FROM {staging}) AS entries",
            params,
        )
        cursor.execute(f"DROP TABLE {staging}")
