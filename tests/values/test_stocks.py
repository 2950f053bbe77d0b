"""LAST indicators written many cells at a time: their roll-up from one read of the
series before the write (`values.stocks`), against a recount of the values."""

from decimal import Decimal

import pytest

from tests.values.conftest import make_indicator, recount
from tuyengiao.values.models import Aggregation, ValueType
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import figures
from tuyengiao.values.services import ENTRY, datavalues_write
from tuyengiao.values.verifying import aggregates_verify

MONTHS = [f"2026{month:02d}" for month in range(1, 13)]


@pytest.fixture
def stock(db):
    return make_indicator(
        "T_QUY", name="Quỹ thử", value_type=ValueType.DECIMAL, aggregation=Aggregation.LAST
    )


def _write(user, cells: list[dict]) -> None:
    report = datavalues_write(cells, user=user, source=ENTRY)
    assert report.ok, report.errors


def _rolled(indicator, unit, period, state: str) -> tuple[Decimal | None, int]:
    figure = figures(indicator=indicator, unit_ids=[unit.pk], period=period, state=state)
    return figure[unit.pk].value, figure[unit.pk].count


def test_a_write_of_many_months_changing_and_clearing_stocks_equals_a_recount(
    tree, site_admin, stock
):
    units = [tree.province, tree.commune_a, tree.cell_a1, tree.commune_b, tree.cell_b1]
    stop = MONTHS.index("202608")  # B1 stops reporting after August

    def cell(unit, period: str, value) -> dict:
        return {"indicator": stock.code, "orgunit": unit.code, "period": period, "value": value}

    # Many cells (more than a page of the grid), every month of each series at once.
    _write(
        site_admin,
        [
            cell(unit, month, 10 * at + index)
            for at, unit in enumerate(units)
            for index, month in enumerate(MONTHS)
            if unit != tree.cell_b1 or index <= stop
        ],
    )
    assert aggregates_verify() == []
    # Again: a month of each changed, December cleared in A (November takes its place), a
    # month added where B1 had stopped, decimals, and a quarter beside its months.
    _write(
        site_admin,
        [
            *(cell(unit, "202603", "7,5") for unit in units),
            *(cell(unit, "202612", "") for unit in (tree.commune_a, tree.cell_a1)),
            *(cell(unit, "202611", 1) for unit in (tree.commune_a, tree.cell_a1)),
            cell(tree.cell_b1, "202610", 99),
            cell(tree.province, Period.quarter(2026, 2).code, 500),
        ],
    )
    assert aggregates_verify() == []
    for period in (
        Period.year(2026), Period.half(2026, 2), Period.quarter(2026, 1),
        Period.quarter(2026, 2), Period.quarter(2026, 4), Period.month(2026, 12),
    ):  # fmt: skip
        for state in ("entered", "approved"):
            found = _rolled(stock, tree.province, period, state)
            assert found == recount(stock, tree.province, period), (period, state)
    # The year's latest: the province's and B's December, A's November, B1's October.
    assert _rolled(stock, tree.province, Period.year(2026), "entered") == (
        Decimal(11 + 1 + 1 + 41 + 99),
        5,
    )
