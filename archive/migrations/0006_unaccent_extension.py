from django.db import migrations


def create_unaccent(apps, schema_editor):
    # PostgreSQL only: on SQLite, archive.lookups registers its own function.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    """PostgreSQL's unaccent, for look-ups of names without diacritics
    (archive.lookups). A trusted extension: the database's owner may create
    it without being a superuser. Migrating back leaves it installed."""

    dependencies = [("archive", "0005_article_newest_first_nulls_last")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop, elidable=False)]
