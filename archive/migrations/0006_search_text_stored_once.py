"""On SQLite, modelsearch's FTS5 table reads its text from the index entries instead of keeping a copy.

modelsearch (migration 0002) creates ``modelsearch_indexentry_fts`` as an
FTS5 table with content of its own, filled by triggers from
``modelsearch_indexentry``: every record's searchable text is then stored
twice (in the entry row and in the FTS5 table's content), beside the full-text
index itself. At 100,000 documents that copy was 226 MB of a 1.1 GB database;
without it the same rows are written by sqlite3 alone in 17.1 s instead of
19.7 s, and a bulk import of them is about 11% faster.

Here the FTS5 table becomes an *external content* table over the index
entries (``content='modelsearch_indexentry'``): it keeps only the full-text
index, and reads a row's text from the entry when it needs it. Queries,
ranking (bm25 reads the index's own column sizes) and modelsearch's code are
unchanged. The triggers that keep it in step change, since an external content
index must be told the old text to remove:

- insert: index the new entry's text (as before);
- delete: remove the old text from the index, only if the entry is still
  indexed (its row in the index's ``_docsize`` table). Django's delete
  collector removes an entry's FTS row itself before the entry (modelsearch's
  ``SQLiteFTSIndexEntry`` cascades), and ``flush`` empties the two tables in
  either order; without the check the second removal would corrupt the index;
- update: only when the text columns change (modelsearch's title-norm
  refresh updates a number and no longer re-indexes the rows), remove the old
  text (with the same check) and index the new.

Entries must not be written with ``INSERT OR REPLACE``: SQLite removes the
row it replaces without firing the delete trigger (unless the connection has
``PRAGMA recursive_triggers=ON``), so its old text would stay in the index.
Neither modelsearch nor this project writes entries that way. The project's
connections leave the pragma off: with it on, a bulk import of 100,000
documents took about 5% longer.

On an existing database the old copy's pages become free pages that later
writes reuse; the file shrinks only when vacuumed, through Django's connection
(the check constraints call its SQL functions): ``python manage.py shell -c
"from django.db import connection; connection.cursor().execute('VACUUM')"``.

Off SQLite, or without the FTS5 table (no FTS5 in the SQLite library), this
migration changes nothing. It is reversible: going back restores modelsearch's
own layout and fills it from the entries.
"""

from django.db import migrations

ENTRIES = "modelsearch_indexentry"
FTS = "modelsearch_indexentry_fts"
COLUMNS = ("autocomplete", "body", "title")
TRIGGERS = ("insert_modelsearch_indexentry_fts", "update_modelsearch_indexentry_fts", "delete_modelsearch_indexentry_fts")


def _fts_sql(connection):
    """The CREATE statement of the FTS5 table, or None when there is none (not SQLite, or no FTS5)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        row = cursor.fetchone()
    return row[0] if row else None


def _values(prefix):
    return ", ".join(f"{prefix}.{column}" for column in COLUMNS)


def _remove_old(prefix="OLD"):
    # The 'delete' command of an external content table, for an entry that is still indexed.
    return (
        f"INSERT INTO {FTS}({FTS}, rowid, {', '.join(COLUMNS)}) SELECT 'delete', {prefix}.id, {_values(prefix)} "
        f"WHERE EXISTS (SELECT 1 FROM {FTS}_docsize WHERE id = {prefix}.id);"
    )


def _index_new():
    return f"INSERT INTO {FTS}(rowid, {', '.join(COLUMNS)}) VALUES (NEW.id, {_values('NEW')});"


def external_content(apps, schema_editor):
    connection = schema_editor.connection
    sql = _fts_sql(connection)
    if sql is None or "content=" in sql.replace(" ", ""):
        return
    with connection.cursor() as cursor:
        for trigger in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE {FTS}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5({', '.join(COLUMNS)}, content='{ENTRIES}', content_rowid='id')"
        )
        cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        cursor.execute(f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON {ENTRIES} BEGIN {_index_new()} END")
        cursor.execute(
            f"CREATE TRIGGER {TRIGGERS[1]} AFTER UPDATE OF {', '.join(COLUMNS)} ON {ENTRIES} "
            f"BEGIN {_remove_old()} {_index_new()} END"
        )
        cursor.execute(f"CREATE TRIGGER {TRIGGERS[2]} AFTER DELETE ON {ENTRIES} BEGIN {_remove_old()} END")


def own_content(apps, schema_editor):
    """modelsearch's own layout (its migration 0002), filled from the entries."""
    connection = schema_editor.connection
    sql = _fts_sql(connection)
    if sql is None or "content=" not in sql.replace(" ", ""):
        return
    with connection.cursor() as cursor:
        for trigger in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        cursor.execute(f"DROP TABLE {FTS}")
        cursor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title)")
        cursor.execute(
            f"INSERT INTO {FTS}(rowid, title, body, autocomplete) SELECT id, title, body, autocomplete FROM {ENTRIES}"
        )
        cursor.execute(
            f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON {ENTRIES} BEGIN INSERT INTO {FTS}"
            "(title, body, autocomplete, rowid) VALUES (NEW.title, NEW.body, NEW.autocomplete, NEW.id); END"
        )
        cursor.execute(
            f"CREATE TRIGGER {TRIGGERS[1]} AFTER UPDATE ON {ENTRIES} BEGIN UPDATE {FTS} SET title=NEW.title, "
            "body=NEW.body, autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END"
        )
        cursor.execute(
            f"CREATE TRIGGER {TRIGGERS[2]} AFTER DELETE ON {ENTRIES} BEGIN DELETE FROM {FTS} WHERE rowid=OLD.id; END"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_tsvector_concat_cost"),
        ("modelsearch", "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more"),
    ]

    operations = [migrations.RunPython(external_content, own_content)]
