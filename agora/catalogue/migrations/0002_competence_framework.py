from django.db import migrations


def load_framework(apps, schema_editor):
    from agora.catalogue.competences import ensure_framework

    ensure_framework(apps.get_model("catalogue", "Competence"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load_framework, migrations.RunPython.noop)]
