from django.db import migrations


def forwards(apps, schema_editor):
    from tuyengiao.values.catalogue import catalogue_seed
    from tuyengiao.values.rollup import closure_rebuild

    closure_rebuild(apps.get_model("reporting", "RollupAncestor"), apps.get_model("orgunits", "OrgUnit"))
    catalogue_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial"), ("orgunits", "0002_event_verbose_names")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
