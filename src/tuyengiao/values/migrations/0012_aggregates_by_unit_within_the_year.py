"""PostgreSQL only: the aggregate rows by unit within each year, no longer by unit across
all years, in both states (reporting 0008, values 0003 made them).

A month imported into the index (indicator, unit, period) added one entry to every unit's
run of entries, so it wrote nearly every leaf page of the index, however many years it held,
and the first write of a page after a checkpoint puts the whole page in the WAL. Keyed
(indicator, year, unit, period), a month's entries go into its own year's part only, a new
year's appended at its end: the upsert of a new month's 73,571 rows (scale 0.1 of
`bench/aggregate.py`) dirtied 8,629 pages instead of 26,218, and wrote 82 MB of WAL
instead of 139 (docs/design/rollups.md, "A year's rows together"). Reads name the year
(`selectors._aggregate_sums_by_unit`): one descent per unit and year, then that unit's
codes of the year, the sums still read from the index.

The index is built again over the whole table: minutes at national scale, while writes
to it wait.
"""

from django.db import migrations

INDEXES = {
    "reporting_aggregate": "aggregate_by_unit",
    "values_approvedaggregate": "approvedaggregate_by_unit",
}
# Every period code begins with its year ("2025", "2025Q3", "202507", "20250101-20250331").
# A number: text would be compared by the database's collation at every step of a descent.
BY_YEAR = (
    "(indicator_id, (left(period, 4)::smallint), orgunit_id, period, option) "
    "INCLUDE (total, count)"
)
ACROSS_YEARS = "(indicator_id, orgunit_id, period, option) INCLUDE (total, count)"


def _rebuild(schema_editor, columns: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} {columns}")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, BY_YEAR)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, ACROSS_YEARS)


class Migration(migrations.Migration):
    dependencies = [("values", "0011_source_contest")]

    operations = [migrations.RunPython(forwards, backwards)]
