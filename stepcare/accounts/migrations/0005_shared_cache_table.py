"""The cache table every process shares (settings.CACHES): sign-in rate limits and the
"this second-factor code was already used" markers must hold across web processes."""

import io

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0, stdout=io.StringIO())


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name('stepcare_cache')}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_service_default_language_choices")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
