from django.db import migrations


def forwards(apps, schema_editor):
    from tuyengiao.channels.seeds import phrases_seed

    phrases_seed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0002_starter_feeds"),
        ("values", "0007_report_phrases"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
