"""The set-based recount (`values.rebuilding`): where its SQL could part from the rules the
writes follow one value at a time. Values and reports are put in directly (past months,
locked or not, that no write would accept now), rebuilt, and every figure compared with the
independent recounts of the tests (`recount`, `approved_recount`), and with the recount
that asks the forms in Python batches (a collector without SQL)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.values.conftest import make_indicator, recount
from tests.values.test_approval import approved_recount, rows
from tuyengiao.orgunits.services import orgunit_merge
from tuyengiao.reporting.models import FormItem, FormSection, ReportForm, Submission
from tuyengiao.values import guards
from tuyengiao.values.approval import approved_rebuild
from tuyengiao.values.models import Aggregate, Aggregation, ApprovedAggregate, DataValue
from tuyengiao.values.periods import Period, containing_periods
from tuyengiao.values.rollup import aggregates_rebuild
from tuyengiao.values.selectors import figures
from tuyengiao.values.verifying import aggregates_verify

MONTHS = [Period.month(2023, m) for m in (1, 2, 3, 4)]
PERIODS = sorted(
    {p for m in MONTHS for p in containing_periods(m)} | {Period.quarter(2023, 1)},
    key=lambda p: p.code,
)


def put(unit, indicator, period: Period, value, option=""):
    now = timezone.now()
    DataValue.objects.create(
        orgunit=unit, indicator=indicator, option=option, period=period.code,
        period_start=period.start, period_end=period.end, value=Decimal(str(value)),
        created_at=now, updated_at=now,
    )  # fmt: skip


def report(form, unit, period: Period, status):
    Submission.objects.create(
        form=form, orgunit=unit, period=period.code, status=status, updated_at=timezone.now()
    )


@pytest.fixture
def history(monthly_form, tree, count, by_level, stock, rate):
    """Four months of 2023 under the monthly form (counts, a breakdown, a stock), its
    reports approved, sent (locked), returned or missing; a second, quarterly form that lists
    a cell; a stock's months left unreported; figures no form collects."""
    section = monthly_form.sections.first()
    FormItem.objects.create(form=monthly_form, section=section, indicator=stock, sort_order=3)
    quarterly = ReportForm.objects.create(
        code="BM_QUY", name="Báo cáo quý thử", period_kind="quarter", owner=tree.province
    )
    quarterly.units.add(tree.cell_b1)
    FormItem.objects.create(
        form=quarterly,
        section=FormSection.objects.create(form=quarterly, title="I"),
        indicator=stock,
        sort_order=1,
    )
    a, b = tree.commune_a, tree.commune_b
    for k, month in enumerate(MONTHS, start=1):
        put(a, count, month, 10 + k)
        put(b, count, month, 20 + k)
        put(tree.cell_a1, count, month, k)  # cells report no form: final
        put(a, by_level, month, k, option="SO_CAP")
        put(a, by_level, month, 2 * k, option="CAO_CAP")
        put(b, rate, month, 50 + k)  # on no form
    put(a, stock, MONTHS[0], 100)  # commune A's stock: January, March; never February
    put(a, stock, MONTHS[2], 130)
    put(b, stock, MONTHS[1], 200)  # commune B's: February only
    put(tree.cell_b1, stock, Period.quarter(2023, 1), 7)  # the quarterly form's cell
    put(tree.cell_b1, stock, MONTHS[2], 9)  # its March (final) beats its first quarter
    put(tree.cell_a1, stock, Period.quarter(2023, 1), 5)  # a quarter no form collects
    put(tree.cell_a1, stock, Period.year(2023), 4)  # and a year
    approved, sent, returned = "approved", "submitted", "returned"
    for unit, month, status in (
        (a, 0, approved), (a, 1, sent), (a, 2, approved),  # April: no report
        (b, 0, returned), (b, 1, approved), (b, 3, sent),
    ):  # fmt: skip
        report(monthly_form, unit, MONTHS[month], status)
    report(quarterly, tree.cell_b1, Period.quarter(2023, 1), approved)
    return quarterly


def _every_figure(tree, indicators):
    for indicator in indicators:
        for unit in (tree.province, tree.commune_a, tree.commune_b, tree.cell_a1, tree.cell_b1):
            for period in PERIODS:
                yield indicator, unit, period


def _figure(indicator, unit, period, state):
    found = figures(indicator=indicator, unit_ids=[unit.pk], period=period, state=state)
    return found[unit.pk].value, found[unit.pk].count


def _check(tree, *indicators, approved=True):
    """Every figure against the tests' recounts (the approved ones too unless told not)."""
    for indicator, unit, period in _every_figure(tree, indicators):
        where = (indicator.code, unit.code, period.code)
        found = _figure(indicator, unit, period, "entered")
        assert found == recount(indicator, unit, period), where
        if approved and indicator.aggregation != Aggregation.AVERAGE:  # the recount sums
            expected = approved_recount(indicator, unit, period)
            assert _figure(indicator, unit, period, "approved") == expected, where
    assert aggregates_verify() == []


def _asked_in_python(monkeypatch):
    """The collectors as if they had no SQL: the recount asks them in batches."""
    without_sql = [(collector, indicators, None) for collector, indicators, _ in guards._collectors]
    monkeypatch.setattr(guards, "_collectors", without_sql)


def test_the_recount_follows_the_rules_for_every_figure(
    history, tree, count, by_level, stock, rate
):
    aggregates_rebuild()
    _check(tree, count, by_level, stock, rate)
    # Spot checks of the rules the SQL could miss (a commune's figures hold its cell's).
    quarter = Period.quarter(2023, 1)
    assert _figure(stock, tree.commune_a, quarter, "entered") == (130 + 5, 2)  # March, not Feb
    assert _figure(stock, tree.commune_a, MONTHS[1], "entered") == (None, 0)  # unreported
    assert _figure(stock, tree.cell_b1, quarter, "entered") == (9, 1)  # month over quarter
    assert _figure(stock, tree.province, quarter, "approved") == (130 + 200 + 9 + 5, 4)
    assert _figure(count, tree.province, MONTHS[1], "approved") == (22 + 2, 2)  # A's is locked
    assert _figure(by_level, tree.province, MONTHS[2], "approved") == (9, 2)


def test_a_merged_commune_and_a_closed_unit_recount_alike(
    monkeypatch, history, tree, count, by_level, stock, rate
):
    """Merged on 15 February: commune A is open in February, not in March, so its March and
    April are no report's (final: `form_units` asks the unit to be open in the period, which
    `approved_recount` does not look at) and roll up under commune B."""
    orgunit_merge(
        units=[tree.commune_a],
        successor=tree.commune_b,
        merged_on=datetime.date(2023, 2, 15),
        move_children=True,
    )
    aggregates_rebuild()
    _check(tree, count, by_level, stock, rate, approved=False)
    assert _figure(count, tree.commune_b, MONTHS[3], "approved") == (14 + 4, 2)  # A, its cell
    expected = rows(Aggregate), rows(ApprovedAggregate)
    _asked_in_python(monkeypatch)
    aggregates_rebuild()
    assert (rows(Aggregate), rows(ApprovedAggregate)) == expected


def test_a_collector_without_sql_is_asked_in_batches_alike(
    monkeypatch, history, tree, count, by_level, stock, rate
):
    aggregates_rebuild()
    expected = rows(Aggregate), rows(ApprovedAggregate)
    _asked_in_python(monkeypatch)
    assert guards.pending_sql(cursor=None, source="", where="", indicator_ids=None) is None
    aggregates_rebuild()
    assert (rows(Aggregate), rows(ApprovedAggregate)) == expected
    assert aggregates_verify() == []


def test_the_approved_rows_of_some_indicators_rebuild_as_all(history, tree, count, stock):
    aggregates_rebuild()
    expected = rows(ApprovedAggregate)
    ApprovedAggregate.objects.filter(indicator__in=[count, stock]).update(total=1, count=1)
    approved_rebuild({count.pk, stock.pk})
    assert rows(ApprovedAggregate) == expected


def test_an_inactive_form_collects_nothing(
    history, monthly_form, tree, count, by_level, stock, rate
):
    ReportForm.objects.filter(pk__in=[monthly_form.pk, history.pk]).update(is_active=False)
    aggregates_rebuild()
    assert rows(ApprovedAggregate) == rows(Aggregate)
    _check(tree, count, by_level, stock, rate)


def test_a_stock_of_several_years_takes_each_years_latest(tree, stock):
    put(tree.cell_a1, stock, Period.month(2022, 12), 3)
    put(tree.cell_a1, stock, Period.month(2024, 2), 8)
    put(tree.cell_b1, stock, Period.half(2022, 2), 6)
    aggregates_rebuild()
    assert _figure(stock, tree.province, Period.year(2022), "approved") == (9, 2)
    assert _figure(stock, tree.province, Period.year(2023), "approved") == (None, 0)
    assert _figure(stock, tree.province, Period.quarter(2024, 1), "entered") == (8, 1)
    assert make_indicator("T_KHAC", aggregation=Aggregation.LAST)  # no values: no rows
    assert aggregates_verify() == []
