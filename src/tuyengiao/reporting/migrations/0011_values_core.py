"""The indicator and value models now belong to the values core (values 0001): removed from
this app's state only, their tables stay where they are; a form item's indicator is the
core's."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0010_submission_first_submitted_at"),
        ("tracking", "0006_task_indicators_from_the_values_core"),
        ("values", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.RemoveField(
            model_name='aggregate',
            name='indicator',
        ),
        migrations.RemoveField(
            model_name='aggregate',
            name='orgunit',
        ),
        migrations.RemoveConstraint(
            model_name='datavalue',
            name='datavalue_unique',
        ),
        migrations.RemoveField(
            model_name='datavaluechange',
            name='datavalue',
        ),
        migrations.RemoveField(
            model_name='datavaluechange',
            name='changed_by',
        ),
        migrations.RemoveField(
            model_name='indicator',
            name='disaggregation',
        ),
        migrations.RemoveConstraint(
            model_name='disaggregationoption',
            name='disaggregationoption_unique',
        ),
    
        migrations.AlterField(
            model_name='formitem',
            name='indicator',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='values.indicator'),
        ),
        migrations.RemoveIndex(
            model_name='rollupancestor',
            name='rollupancestor_below',
        ),
        migrations.RemoveConstraint(
            model_name='rollupancestor',
            name='rollupancestor_unique',
        ),
        migrations.DeleteModel(
            name='Aggregate',
        ),
        migrations.RemoveField(
            model_name='datavalue',
            name='created_by',
        ),
        migrations.RemoveField(
            model_name='datavalue',
            name='indicator',
        ),
        migrations.RemoveField(
            model_name='datavalue',
            name='orgunit',
        ),
        migrations.RemoveField(
            model_name='datavalue',
            name='updated_by',
        ),
        migrations.DeleteModel(
            name='DataValueChange',
        ),
        migrations.RemoveField(
            model_name='disaggregationoption',
            name='disaggregation',
        ),
        migrations.RemoveField(
            model_name='rollupancestor',
            name='ancestor',
        ),
        migrations.RemoveField(
            model_name='rollupancestor',
            name='unit',
        ),
        migrations.DeleteModel(
            name='Indicator',
        ),
        migrations.DeleteModel(
            name='DataValue',
        ),
        migrations.DeleteModel(
            name='Disaggregation',
        ),
        migrations.DeleteModel(
            name='DisaggregationOption',
        ),
        migrations.DeleteModel(
            name='RollupAncestor',
        ),
    
            ],
        ),
    ]
