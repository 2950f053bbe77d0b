from django.db import migrations


def forwards(apps, schema_editor):
    from tuyengiao.reporting.starter_rules import rules_seed

    rules_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_forms_and_workflow")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
