"""A task's indicators are the values core's (values 0001): state only, the table stays."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0005_notification_params"),
        ("values", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="task",
                    name="indicators",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="tasks",
                        to="values.indicator",
                        verbose_name="chỉ tiêu báo cáo kèm",
                    ),
                ),
            ],
        ),
    ]
