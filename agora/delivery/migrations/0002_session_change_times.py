import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="scheduledsession",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="scheduledsession",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]
