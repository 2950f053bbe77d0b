import gc
from decimal import Decimal

import pytest
from django.db import connection

from tests.values.conftest import import_rows, recount
from tests.values.test_rollup import assert_rollups_match
from tuyengiao.values import services
from tuyengiao.values.models import Aggregate, DataValue, DataValueChange
from tuyengiao.values.periods import Period

OCT = Period.month(2023, 10)


def row(indicator, unit, value, period="202310", **extra):
    return {
        "indicator": indicator.code,
        "orgunit": unit.code,
        "period": period,
        "value": value,
        **extra,
    }


def test_an_import_creates_updates_and_rolls_up_like_single_saves(
    tree, site_admin, count, stock, rate
):
    rows = [
        row(count, tree.cell_a1, "1.234"),
        row(count, tree.cell_b1, 6),
        row(stock, tree.cell_a1, 5, "202310"),
        row(stock, tree.cell_a1, 8, "202311"),
        row(rate, tree.commune_a, "12,5"),
        row(rate, tree.commune_b, 0.5),
    ]
    report = import_rows(user=site_admin, rows=rows)
    assert report.ok and (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert_rollups_match([count, stock, rate])
    assert recount(count, tree.province, OCT) == (Decimal(1240), 2)
    again = import_rows(
        user=site_admin,
        rows=[
            row(count, tree.cell_a1, 1000),
            row(count, tree.cell_b1, 6),
            row(stock, tree.cell_a1, ""),
        ],
    )
    assert (again.created, again.updated, again.unchanged) == (0, 2, 1)
    assert_rollups_match([count, stock, rate])
    change = DataValueChange.objects.get(datavalue__indicator=count)
    assert (change.old_value, change.new_value, change.source) == ("1.234", "1.000", "import")


def test_one_bad_row_writes_nothing_and_every_problem_is_reported(tree, owner, count, by_level):
    rows = [
        row(count, tree.cell_a1, 5),
        row(count, tree.cell_b1, 5),  # commune B is not the owner's
        {"indicator": "KHONG_CO", "orgunit": tree.cell_a1.code, "period": "202310", "value": 1},
        row(count, tree.cell_a1, "abc", "202311"),
        row(count, tree.cell_a1, 1, "2023-10"),
        row(by_level, tree.cell_a1, 1, option="TRUNG_CAP"),
        row(count, tree.cell_a1, 7),  # the same cell as the first row
    ]
    report = import_rows(user=owner, rows=rows)
    assert [(e.row, e.field) for e in report.errors] == [
        (2, "orgunit"),
        (3, "indicator"),
        (4, "value"),
        (5, "period"),
        (6, "option"),
        (7, "value"),
    ]
    assert "dòng 1" in report.errors[-1].message
    assert not DataValue.objects.exists() and not Aggregate.objects.exists()


def test_an_empty_cell_for_a_missing_value_changes_nothing(tree, owner, count):
    report = import_rows(user=owner, rows=[row(count, tree.cell_a1, "")])
    assert report.ok and report.unchanged == 1
    assert not DataValue.objects.exists()


def test_a_large_import_is_written_in_chunks(tree, site_admin, count):
    months = [f"{year}{month:02d}" for year in range(1900, 2000) for month in range(1, 13)]
    rows = [
        row(count, unit, 1, period) for unit in (tree.cell_a1, tree.cell_b1) for period in months
    ]
    report = import_rows(user=site_admin, rows=rows)
    assert report.created == 2400
    assert recount(count, tree.province, Period.year(1950)) == (Decimal(24), 24)
    assert_rollups_match([count], Period.year(1950))


def test_a_chunk_of_new_and_existing_cells_inserts_some_and_updates_others(tree, site_admin, count):
    """The first try inserts the whole chunk as new; one existing cell sends it back to the
    savepoint and the slow way, which must leave no row twice and no change unlogged."""
    import_rows(user=site_admin, rows=[row(count, tree.cell_a1, 3)])
    rows = [
        row(count, tree.cell_b1, 4),
        row(count, tree.cell_a1, 5),
        row(count, tree.commune_b, ""),
    ]
    report = import_rows(user=site_admin, rows=rows)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert DataValue.objects.filter(indicator=count).count() == 2
    change = DataValueChange.objects.get()
    assert (change.old_value, change.new_value, change.version) == ("3", "5", 2)
    assert recount(count, tree.province, OCT) == (Decimal(9), 2)
    assert_rollups_match([count], OCT)


def test_whole_numbers_out_of_bounds_or_of_another_kind_get_their_message(
    tree, site_admin, count, rate
):
    rows = [
        row(count, tree.cell_a1, -1),
        row(count, tree.commune_a, True),  # a bool is an int to Python, not a count
        row(rate, tree.commune_b, 101),
        row(count, tree.cell_b1, 10**12),
        row(count, tree.province, 7),
    ]
    report = import_rows(user=site_admin, rows=rows)
    assert [(e.row, e.field) for e in report.errors] == [(n, "value") for n in (1, 2, 3, 4)]
    assert "nhỏ hơn 0" in report.errors[0].message
    assert "lớn hơn 100" in report.errors[2].message
    assert not DataValue.objects.exists()


def test_whole_numbers_are_stored_as_the_numbers_typed(tree, site_admin, count):
    report = import_rows(
        user=site_admin, rows=[row(count, tree.cell_a1, 1234), row(count, tree.cell_b1, "1.234")]
    )
    assert report.ok
    assert set(DataValue.objects.values_list("value", flat=True)) == {Decimal(1234)}


def _foreign_keys_checked() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        return bool(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's switch of its own checks")
def test_outside_a_transaction_the_import_checks_references_under_its_lock_not_per_row(
    transactional_db, tree, site_admin, count, monkeypatch
):
    # A save keeps them on: turning them off and on costs it more than its probes.
    during = []
    import_rows(
        user=site_admin,
        rows=[row(count, tree.cell_a1, 2)],
        progress=lambda done, total: during.append(_foreign_keys_checked()),
    )
    assert during == [True]
    monkeypatch.setattr(services, "MANY", 1)  # an import of many rows, in one row
    during = []
    rows = [row(count, tree.cell_a1, 3)]
    report = import_rows(
        user=site_admin,
        rows=rows,
        progress=lambda done, total: during.append((_foreign_keys_checked(), gc.isenabled())),
    )
    assert report.ok and during == [(False, False)]
    assert _foreign_keys_checked() and gc.isenabled()
    failed = import_rows(user=site_admin, rows=[row(count, tree.cell_a1, "nhiều")])
    assert not failed.ok and _foreign_keys_checked() and gc.isenabled()
    assert recount(count, tree.province, OCT) == (Decimal(3), 1)


def test_inside_a_callers_transaction_the_database_checks_every_reference(tree, site_admin, count):
    during = []
    import_rows(
        user=site_admin,
        rows=[row(count, tree.cell_a1, 3)],
        progress=lambda done, total: during.append(
            _foreign_keys_checked() if connection.vendor == "sqlite" else True
        ),
    )
    assert during == [True]
