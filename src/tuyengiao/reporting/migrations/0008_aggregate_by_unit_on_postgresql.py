"""PostgreSQL only: the aggregate rows also by (indicator, unit, period, option), with
their sums.

A read "each child of a province over a year" asks ~100 units × 19 period codes; by the
key (indicator, period, unit) that is 1,900 descents of the B-tree on PostgreSQL 15, which
walks every pair of two `IN` lists, and a table page read per row found. Unit before
period, it is one descent per unit and a short scan of that unit's codes, and with the
sums in the index no table page is read (`selectors._aggregate_sums_by_unit`; measured in
docs/design/rollups.md, "PostgreSQL: rows by unit too"). SQLite keeps its one B-tree: the
import, whose goal is the embedded mode's, would pay for a second ("Key order").
"""

from django.db import migrations

INDEX = "aggregate_by_unit"


# Reads skip the table only for pages the visibility map marks all-visible: the table is
# vacuumed after 2 % of it changed or was added, not the default 20 %.
VACUUM_OFTEN = ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_scale_factor")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON reporting_aggregate "
            "(indicator_id, orgunit_id, period, option) INCLUDE (total, count)"
        )
        settings = ", ".join(f"{name} = 0.02" for name in VACUUM_OFTEN)
        schema_editor.execute(f"ALTER TABLE reporting_aggregate SET ({settings})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"ALTER TABLE reporting_aggregate RESET ({', '.join(VACUUM_OFTEN)})")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0007_tracking_source")]

    operations = [migrations.RunPython(create, drop)]
