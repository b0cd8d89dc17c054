"""A GIN index on ``title || body`` of modelsearch's index entries, on PostgreSQL.

modelsearch's PostgreSQL backend matches ``(title || body) @@ query``, but its
own migrations index only ``title`` and ``body`` apart, so every search read
every entry. The index is only read; modelsearch still writes the entries.
"""

from django.db import migrations

INDEX = "modelsearch_indexentry_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("modelsearch", "IndexEntry")._meta.db_table)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_roles"),
        ("modelsearch", "0004_rename_modelsear_autocom_476c89_gin_modelsearch_autocom_ea8581_gin_and_more"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
