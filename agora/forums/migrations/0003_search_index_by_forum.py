"""The post search index holds each post's forum, so that a search filters and ranks within
one forum in the full-text engine (see agora/forums/search.py). Rebuilt from the posts."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from agora.forums import search

    search.drop_index(schema_editor)
    search.create_index(schema_editor)
    post_model = apps.get_model("forums", "Post")
    first_posts: dict[int, int] = {}
    for pk, thread_id in post_model.objects.order_by("-pk").values_list("pk", "thread_id"):
        first_posts[thread_id] = pk
    first = set(first_posts.values())
    rows = (
        (pk, forum_id, title if pk in first else "", body)
        for pk, forum_id, title, body in post_model.objects.values_list(
            "pk", "thread__space__forum_id", "thread__title", "body"
        ).iterator(2000)
    )
    search.index_posts(rows)


class Migration(migrations.Migration):
    dependencies = [("forums", "0002_search_index")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
