"""Trigram indexes for the client search on PostgreSQL (nothing on SQLite).

The search matches part of a name (``icontains``: ``UPPER(name::text) LIKE UPPER('%...%')``),
which no B-tree index serves. PostgreSQL also misjudges how many clients such a pattern
matches and read all 50,000 clients for every search (about 50 ms); with these GIN trigram
indexes on exactly the expressions the search uses it reads the matching names from the
index (about 6 ms). They need the pg_trgm extension: it is created when missing and the
database user may (it is a trusted extension from PostgreSQL 13); otherwise the indexes are
skipped with a message and the search works as before, only slower.
Reversible: the reverse drops the indexes (the extension stays; other objects may use it).
"""

from django.db import migrations, transaction

INDEXES = {
    "client_given_name_trgm_idx": "given_name",
    "client_family_name_trgm_idx": "family_name",
}


def create_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        installed = cursor.fetchone() is not None
    if not installed:
        try:
            with transaction.atomic(using=connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as exc:  # noqa: BLE001 - any refusal means: no trigram indexes
            print(f"\n  pg_trgm is not available ({exc}); client search trigram indexes skipped.")
            return
    table = schema_editor.quote_name("clients_client")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {schema_editor.quote_name(name)} ON {table} "
            f"USING gin ((UPPER({schema_editor.quote_name(column)}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_contactattempt"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
