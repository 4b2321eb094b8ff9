"""The post search index (see agora/forums/search.py): SQLite FTS5 or PostgreSQL tsvector."""

from django.db import migrations


def create(apps, schema_editor):
    from agora.forums import search

    search.create_index(schema_editor)


def drop(apps, schema_editor):
    from agora.forums import search

    search.drop_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("forums", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
