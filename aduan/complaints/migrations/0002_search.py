"""Full-text search indexes: a GIN index on PostgreSQL, an FTS5 table with triggers on SQLite."""

from django.db import migrations

from aduan.complaints import search


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(search.PG_CREATE_INDEX)
    elif connection.vendor == "sqlite":
        schema_editor.execute(search.SQLITE_CREATE_TABLE)
        for statement in search.SQLITE_TRIGGERS.values():
            schema_editor.execute(statement)
        schema_editor.execute(search.SQLITE_REBUILD)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_search_idx")
    elif connection.vendor == "sqlite":
        for name in search.SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {search.FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
