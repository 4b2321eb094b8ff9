"""The programme search index (see agora/catalogue/search.py): SQLite FTS5 or PostgreSQL
tsvector, created for the database in use and filled from the programmes already there."""

from django.db import migrations


def create_and_fill(apps, schema_editor):
    from agora.catalogue import search

    search.create_index(schema_editor)
    search.reindex_all(apps)


def drop(apps, schema_editor):
    from agora.catalogue import search

    search.drop_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_competence_framework")]
    operations = [migrations.RunPython(create_and_fill, drop)]
