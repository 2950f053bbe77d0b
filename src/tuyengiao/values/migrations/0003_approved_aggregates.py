"""Approved figures (issue 16, item 3): `ApprovedAggregate`, the twin of `Aggregate` for
the values that count as approved, built as that table was (reporting 0001, 0005, 0008):
on SQLite one B-tree in key order (WITHOUT ROWID), on PostgreSQL the second index by unit
with the sums and frequent autovacuum. Then filled from the values already there."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "values_approvedaggregate"
SQLITE_TABLE = f"""
CREATE TABLE "{TABLE}" (
    "orgunit_id" bigint NOT NULL,
    "indicator_id" bigint NOT NULL,
    "period" varchar(17) NOT NULL,
    "option" varchar(40) NOT NULL,
    "total" bigint NOT NULL,
    "count" integer NOT NULL,
    PRIMARY KEY ("indicator_id", "period", "orgunit_id", "option")
) WITHOUT ROWID
"""
INDEX = "approvedaggregate_by_unit"
VACUUM_OFTEN = ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_scale_factor")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TABLE)
        return
    schema_editor.create_model(apps.get_model("values", "ApprovedAggregate"))
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON {TABLE} (indicator_id, orgunit_id, period, option) "
        "INCLUDE (total, count)"
    )
    settings = ", ".join(f"{name} = 0.02" for name in VACUUM_OFTEN)
    schema_editor.execute(f"ALTER TABLE {TABLE} SET ({settings})")


def drop(apps, schema_editor):
    schema_editor.delete_model(apps.get_model("values", "ApprovedAggregate"))


def fill(apps, schema_editor):
    """The approved sums of an existing database: final values, and those of approved
    reports. Through the application's rebuild (the forms' rules live in `reporting`, which
    tells through `values.guards`): a fresh database has no values and skips it."""
    if not apps.get_model("values", "DataValue").objects.exists():
        return
    from tuyengiao.values.rollup import aggregates_rebuild

    aggregates_rebuild()


class Migration(migrations.Migration):
    dependencies = [("values", "0002_provenance")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApprovedAggregate",
                    fields=[
                        ("pk", models.CompositePrimaryKey("indicator", "period", "orgunit", "option", blank=True, editable=False, primary_key=True, serialize=False)),
                        ("period", models.CharField(max_length=17)),
                        ("option", models.CharField(blank=True, default="", max_length=40)),
                        ("total", models.BigIntegerField(default=0)),
                        ("count", models.IntegerField(default=0)),
                        ("indicator", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="values.indicator")),
                        ("orgunit", models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="orgunits.orgunit")),
                    ],
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create, drop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
