from django.db import migrations


def forwards(apps, schema_editor):
    from tuyengiao.activities.seeds import kinds_seed

    kinds_seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("reporting", "0002_closure_and_catalogue"),  # the catalogue's indicators
        ("values", "0005_source_activity"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
