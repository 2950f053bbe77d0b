"""Writes of many cells: on PostgreSQL they go by COPY into temporary tables, then one
statement each (`bulk_sql.copy_in`); on SQLite by long statements. Both must write the
same rows, history and aggregates as single saves, which `aggregates_verify` recounts."""

from decimal import Decimal

import pytest
from django.db import connection, transaction

from tests.values.conftest import import_rows, recount
from tests.values.test_rollup import assert_rollups_match
from tuyengiao.values import bulk_sql
from tuyengiao.values.models import Aggregate, ApprovedAggregate, DataValue, DataValueChange
from tuyengiao.values.periods import Period
from tuyengiao.values.verifying import aggregates_verify

MONTHS = [f"{year}{month:02d}" for year in range(2015, 2024) for month in range(1, 13)]


def rows(indicators, units, value):
    """A row for every indicator, unit and month of `MONTHS`; `value(i)` the i-th's value."""
    cells = [
        (indicator, unit, month) for indicator in indicators for unit in units for month in MONTHS
    ]
    return [
        {"indicator": i.code, "orgunit": u.code, "period": month, "value": value(n)}
        for n, (i, u, month) in enumerate(cells)
    ]


@pytest.fixture
def leaves(tree):
    return [tree.cell_a1, tree.cell_b1, tree.commune_b]


def test_copy_goes_by_the_server_and_the_size():
    assert bulk_sql.copying(1) is False
    assert bulk_sql.copying(bulk_sql.COPY_FROM) is (connection.vendor == "postgresql")


def test_a_big_import_then_a_reimport_keep_every_aggregate_true(
    tree, site_admin, count, stock, rate, leaves
):
    first = rows([count, stock, rate], leaves, lambda n: n % 97)
    assert len(first) >= 3 * bulk_sql.COPY_FROM
    report = import_rows(user=site_admin, rows=first)
    assert report.ok and (report.created, report.updated, report.unchanged) == (len(first), 0, 0)
    assert aggregates_verify() == []
    year = Period.year(2023)
    assert recount(count, tree.province, year)[1] == 36
    assert_rollups_match([count, stock, rate], period=year)

    # Again: every third value changed, every fifth cleared, the rest as they were.
    def again(n):
        return "" if n % 5 == 0 else n % 97 + (1 if n % 3 == 0 else 0)

    second = rows([count, stock, rate], leaves, again)
    report = import_rows(user=site_admin, rows=second)
    changed = sum(1 for n in range(len(second)) if n % 5 == 0 or n % 3 == 0)
    assert report.ok and (report.created, report.updated) == (0, changed)
    assert report.unchanged == len(second) - changed
    assert DataValueChange.objects.count() == changed
    assert set(DataValue.objects.values_list("version", flat=True)) == {1, 2}
    assert DataValue.objects.filter(value__isnull=True).count() == len(second[::5])
    line = DataValueChange.objects.get(datavalue__indicator=count, datavalue__period="201501",
                                       datavalue__orgunit=tree.cell_a1)  # fmt: skip
    assert (line.old_value, line.new_value, line.source, line.version) == ("0", "", "import", 2)
    assert aggregates_verify() == []
    assert_rollups_match([count, stock, rate], period=year)


def test_new_and_existing_cells_in_one_chunk(tree, site_admin, count, leaves, monkeypatch):
    # Every write copies in: the mixed chunk is read back, inserted and updated by COPY.
    monkeypatch.setattr(bulk_sql, "COPY_FROM", 2)
    half = rows([count], leaves[:1], lambda n: n)
    import_rows(user=site_admin, rows=half[::2])
    report = import_rows(user=site_admin, rows=rows([count], leaves[:1], lambda n: n + 1))
    assert (report.created, report.updated, report.unchanged) == (len(half) // 2,) * 2 + (0,)
    assert sorted(DataValue.objects.values_list("value", flat=True)) == [
        Decimal(n + 1) for n in range(len(half))
    ]
    assert aggregates_verify() == []


def test_two_big_writes_in_one_transaction(tree, site_admin, count, leaves):
    with transaction.atomic():
        import_rows(user=site_admin, rows=rows([count], leaves, lambda n: 1))
        report = import_rows(user=site_admin, rows=rows([count], leaves, lambda n: 2))
    assert report.updated == len(MONTHS) * len(leaves)
    assert recount(count, tree.province, Period.year(2020)) == (Decimal(2 * 12 * 3), 36)
    assert aggregates_verify() == []


def test_one_bad_row_at_the_end_of_a_big_import_writes_nothing(tree, owner, count, leaves):
    mine = rows([count], [tree.cell_a1], lambda n: n)
    report = import_rows(user=owner, rows=[*mine, {**mine[0], "orgunit": tree.cell_b1.code}])
    assert [(error.row, error.field) for error in report.errors] == [(len(mine) + 1, "orgunit")]
    assert not DataValue.objects.exists()
    assert not Aggregate.objects.exists() and not ApprovedAggregate.objects.exists()


def test_a_failure_while_writing_undoes_the_whole_write(tree, site_admin, count, leaves):
    import_rows(user=site_admin, rows=rows([count], leaves, lambda n: 1))
    before = sorted(Aggregate.objects.values_list("orgunit_id", "period", "total", "count"))
    with pytest.raises(RuntimeError), transaction.atomic():
        import_rows(user=site_admin, rows=rows([count], leaves, lambda n: 5))
        raise RuntimeError  # the caller's transaction fails after the write
    assert set(DataValue.objects.values_list("value", flat=True)) == {Decimal(1)}
    assert sorted(Aggregate.objects.values_list("orgunit_id", "period", "total", "count")) == (
        before
    )
    assert not DataValueChange.objects.exists()


def test_chunks_of_updates_then_of_new_cells(tree, site_admin, count, leaves, monkeypatch):
    # Small chunks: the first ones update (and the next ones begin by reading), the last
    # ones are new again, and all are written.
    from tuyengiao.values import storing

    monkeypatch.setattr(storing, "CHUNK", 50)
    monkeypatch.setattr(storing, "COPIED_CHUNK", 50)
    monkeypatch.setattr(bulk_sql, "COPY_FROM", 2)
    every = rows([count], leaves, lambda n: n)
    import_rows(user=site_admin, rows=every[:120])
    report = import_rows(user=site_admin, rows=rows([count], leaves, lambda n: n + 1))
    assert (report.created, report.updated, report.unchanged) == (len(every) - 120, 120, 0)
    assert DataValue.objects.count() == len(every)
    assert aggregates_verify() == []
