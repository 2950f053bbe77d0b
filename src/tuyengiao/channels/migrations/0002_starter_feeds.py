from django.db import migrations


def forwards(apps, schema_editor):
    from tuyengiao.channels.seeds import feeds_seed

    feeds_seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0001_initial"),
        ("reporting", "0002_closure_and_catalogue"),  # the catalogue's indicators
        ("values", "0006_source_channel"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
