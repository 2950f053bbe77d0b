"""The indicators of surveys and concerns, and the topic list of concerns."""

from django.db import migrations


def seed(apps, schema_editor):
    from tuyengiao.surveys.seeds import indicators_seed

    indicators_seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("values", "0008_source_survey"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
