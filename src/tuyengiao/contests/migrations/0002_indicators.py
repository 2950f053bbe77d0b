"""The indicators of contests: entries by kind of work, prizes by level."""

from django.db import migrations


def seed(apps, schema_editor):
    from tuyengiao.contests.seeds import indicators_seed

    indicators_seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0001_initial"),
        ("values", "0011_source_contest"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
