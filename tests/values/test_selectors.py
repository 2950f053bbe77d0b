"""Reads of rolled-up figures: a unit's subtree for any period, the units below it, several
subtrees combined, derived indicators, and the indicators that never roll up. The values
here belong to no report form, so every one counts the moment it is saved."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import OrgUnitFactory
from tests.values.conftest import make_indicator
from tuyengiao.orgunits.services import orgunit_merge
from tuyengiao.values.models import Aggregation
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import (
    Figure,
    figure_combined,
    figures,
    figures_below,
    figures_grid,
    rollup_children,
    rollup_children_rows,
)
from tuyengiao.values.services import CellKey, datavalue_save

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = Period.parse("202501"), Period.parse("202502"), Period.parse("202503")
Q1, YEAR = Period.parse("2025Q1"), Period.parse("2025")


@pytest.fixture
def save(site_admin):
    def save(unit, indicator, period, raw, option=""):
        datavalue_save(user=site_admin, key=CellKey(unit, indicator, period, option), raw=raw)

    return save


def one(indicator, unit, period, **options):
    return figures(indicator=indicator, unit_ids=[unit.pk], period=period, **options)[unit.pk]


# --- the roll-up tree ---------------------------------------------------------------------


def test_children_come_in_vietnamese_order_at_any_depth(tree):
    assert rollup_children(tree.province) == [tree.commune_a, tree.commune_b]
    assert rollup_children(tree.province, depth=2) == [tree.cell_a1, tree.cell_b1]
    assert rollup_children(tree.cell_a1) == []


def test_children_as_rows_come_as_the_units_do(tree):
    # Names that a code-point sort or the path would put elsewhere; equal names under
    # different parents (the path breaks their tie); a merged commune under its successor.
    for parent, names in (
        (tree.commune_a, ["Chi bộ thôn 10", "Chi bộ Đồi Nắng", "Chi bộ Dương", "chi bộ ấp"]),
        (tree.commune_b, ["Chi bộ thôn 1", "Chi bộ Ấp Mới", "Chi bộ thôn 10"]),
    ):
        for index, name in enumerate(names):
            OrgUnitFactory(code=f"{parent.code}-{index}", name=name, kind=tree.cell_a1.kind,
                           parent=parent)  # fmt: skip

    def same(unit, depth):
        rows = [
            (r.pk, r.code, r.name, r.parent_id) for r in rollup_children_rows(unit, depth=depth)
        ]
        units = [(u.pk, u.code, u.name, u.parent_id) for u in rollup_children(unit, depth=depth)]
        assert rows == units
        return len(rows)

    assert same(tree.province, 1) == 2
    assert same(tree.province, 2) == 9
    assert same(tree.commune_a, 1) == 5
    assert same(tree.cell_a1, 1) == 0
    orgunit_merge(
        units=[tree.commune_a], successor=tree.commune_b, merged_on=datetime.date(2025, 7, 1),
        move_children=True,
    )  # fmt: skip
    assert same(tree.commune_b, 1) == 10
    assert same(tree.province, 2) == 10


# --- one subtree --------------------------------------------------------------------------


def test_a_unit_counts_its_own_values_and_everything_below_it(tree, save, count):
    save(tree.commune_a, count, JAN, 2)
    save(tree.cell_a1, count, JAN, 3)
    save(tree.cell_b1, count, JAN, 7)
    found = figures(
        indicator=count, unit_ids=[tree.province.pk, tree.commune_a.pk, tree.cell_a1.pk],
        period=JAN,
    )  # fmt: skip
    assert found == {
        tree.province.pk: Figure(Decimal(12), 3),
        tree.commune_a.pk: Figure(Decimal(5), 2),
        tree.cell_a1.pk: Figure(Decimal(3), 1),
    }


def test_a_unit_without_values_has_an_empty_figure_and_no_unit_none(tree, count):
    assert figures(indicator=count, unit_ids=[tree.commune_b.pk], period=JAN) == {
        tree.commune_b.pk: Figure(None, 0)
    }
    assert figures(indicator=count, unit_ids=[], period=JAN) == {}


def test_a_longer_period_adds_the_months_inside_it_and_no_other(tree, save, count):
    save(tree.cell_a1, count, JAN, 1)
    save(tree.cell_a1, count, MAR, 2)
    save(tree.cell_a1, count, Period.parse("202504"), 40)
    assert one(count, tree.province, Q1) == Figure(Decimal(3), 2)
    assert one(count, tree.province, YEAR) == Figure(Decimal(43), 3)
    days = Period.custom(datetime.date(2025, 2, 1), datetime.date(2025, 4, 30))
    assert one(count, tree.province, days) == Figure(Decimal(42), 2)


def test_an_option_reads_its_own_values_and_none_reads_them_all(tree, save, by_level):
    save(tree.cell_a1, by_level, JAN, 4, "SO_CAP")
    save(tree.cell_b1, by_level, JAN, 1, "CAO_CAP")
    assert one(by_level, tree.province, JAN, option="SO_CAP") == Figure(Decimal(4), 1)
    assert one(by_level, tree.province, JAN) == Figure(Decimal(5), 2)


@pytest.mark.parametrize("kind", ["by_level", "stock", "rate"])
def test_a_grid_of_months_and_options_is_each_cell_s_figure(request, tree, save, kind):
    """`figures_grid` reads months in one statement; every cell as `figures` gives it, and a
    grid of longer periods asks `figures` itself."""
    indicator = request.getfixturevalue(kind)
    options = ["SO_CAP", "CAO_CAP"] if kind == "by_level" else [""]
    for n, (unit, month) in enumerate(
        [(tree.cell_a1, JAN), (tree.cell_b1, JAN), (tree.cell_a1, MAR)]
    ):
        for option in options:
            save(unit, indicator, month, 10 + n + len(option), option)
    units = [tree.province.pk, tree.commune_a.pk, tree.commune_b.pk, tree.cell_a1.pk]
    for periods in ([JAN, FEB, MAR], [Q1, YEAR]):
        grid = figures_grid(indicator=indicator, unit_ids=units, periods=periods, options=options)
        assert grid == {
            (pk, period.code, option): figure
            for period in periods
            for option in options
            for pk, figure in figures(
                indicator=indicator, unit_ids=units, period=period, option=option
            ).items()
        }
        assert any(f.count for f in grid.values())


def test_an_average_is_over_every_value_below(tree, save, rate):
    save(tree.commune_a, rate, JAN, 90)
    save(tree.cell_a1, rate, JAN, 60)
    save(tree.cell_a1, rate, FEB, 75)
    assert one(rate, tree.province, Q1) == Figure(Decimal(75), 3)


def test_a_stock_over_a_range_of_days_takes_each_units_latest_value_in_it(tree, save, stock):
    save(tree.cell_a1, stock, JAN, 10)
    save(tree.cell_a1, stock, FEB, 12)
    save(tree.cell_a1, stock, MAR, 15)
    save(tree.cell_b1, stock, JAN, 3)
    days = Period.custom(datetime.date(2025, 1, 1), datetime.date(2025, 2, 28))
    assert one(stock, tree.province, days) == Figure(Decimal(12 + 3), 2)
    assert one(stock, tree.commune_b, days) == Figure(Decimal(3), 1)


def test_an_indicator_never_combined_reads_the_units_own_value_for_that_period(tree, save):
    score = make_indicator("T_DIEM", aggregation=Aggregation.NONE)
    save(tree.commune_a, score, JAN, 8)
    save(tree.cell_a1, score, JAN, 5)
    assert one(score, tree.commune_a, JAN) == Figure(Decimal(8), 1)
    assert one(score, tree.province, JAN) == Figure(None, 0)
    assert one(score, tree.commune_a, Q1) == Figure(None, 0)


def test_an_option_of_an_indicator_never_combined_is_read_alone(tree, save, by_level):
    score = make_indicator(
        "T_DIEM", aggregation=Aggregation.NONE, disaggregation=by_level.disaggregation
    )
    save(tree.commune_a, score, JAN, 8, "SO_CAP")
    save(tree.commune_a, score, JAN, 5, "CAO_CAP")
    assert one(score, tree.commune_a, JAN, option="SO_CAP") == Figure(Decimal(8), 1)
    assert one(score, tree.commune_a, JAN, option="CAO_CAP") == Figure(Decimal(5), 1)


# --- derived indicators -------------------------------------------------------------------


def test_a_derived_indicator_reads_an_option_of_another(tree, save, by_level):
    share = make_indicator(
        "T_TY_LE_SO_CAP", value_type="decimal", formula="T_LOP.SO_CAP / T_LOP * 100"
    )
    save(tree.cell_a1, by_level, JAN, 1, "SO_CAP")
    save(tree.cell_b1, by_level, JAN, 2, "CAO_CAP")
    assert one(share, tree.province, JAN) == Figure(Decimal("33.3333"), 3)


def test_a_formula_naming_an_unknown_code_has_no_value(tree, save, count):
    broken = make_indicator("T_HONG", value_type="decimal", formula="T_HOI_NGHI / T_KHONG_CO")
    save(tree.cell_a1, count, JAN, 4)
    assert one(broken, tree.province, JAN) == Figure(None, 1)


def test_a_formula_that_loops_is_stopped(tree):
    looped = make_indicator("T_VONG", value_type="decimal", formula="T_VONG + 1")
    with pytest.raises(ValueError, match="lồng nhau quá sâu"):
        one(looped, tree.province, JAN)
    with pytest.raises(ValueError, match="lồng nhau quá sâu"):
        figures_below(indicator=looped, unit=tree.province, period=JAN)


def test_a_derived_indicator_below_is_each_unit_s_own_figure(tree, save, count, by_level):
    share = make_indicator(
        "T_TY_LE_SO_CAP", value_type="decimal", formula="T_LOP.SO_CAP / T_LOP * 100"
    )
    per = make_indicator("T_LOP_MOI", value_type="decimal", formula="T_TY_LE_SO_CAP / T_HOI_NGHI")
    broken = make_indicator("T_HONG", value_type="decimal", formula="T_HOI_NGHI / T_KHONG_CO")
    save(tree.cell_a1, by_level, JAN, 1, "SO_CAP")
    save(tree.cell_a1, by_level, FEB, 3, "CAO_CAP")
    save(tree.cell_b1, by_level, JAN, 2, "CAO_CAP")
    save(tree.commune_a, count, FEB, 4)
    for indicator in (share, per, broken):
        for unit, depth in ((tree.province, 1), (tree.province, 2), (tree.commune_b, 1)):
            for period in (JAN, Q1, MAR):
                ids = [u.pk for u in rollup_children(unit, depth=depth)]
                every = figures(indicator=indicator, unit_ids=ids, period=period)
                expected = {pk: figure for pk, figure in every.items() if figure.count}
                assert (
                    figures_below(indicator=indicator, unit=unit, period=period, depth=depth)
                    == expected
                )
    assert figures_below(indicator=share, unit=tree.province, period=Q1) == {
        tree.commune_a.pk: Figure(Decimal(25), 3),  # 1 of 4 classes; 3 values read
        tree.commune_b.pk: Figure(None, 1),  # none of the option: no share
    }


# --- the units below ----------------------------------------------------------------------


def test_below_lists_the_children_that_have_a_figure(tree, save, count):
    save(tree.commune_a, count, JAN, 1)
    save(tree.cell_a1, count, FEB, 2)
    save(tree.cell_b1, count, FEB, 6)
    save(tree.cell_b1, count, FEB, "")  # cleared: no figure any more
    assert figures_below(indicator=count, unit=tree.province, period=Q1) == {
        tree.commune_a.pk: Figure(Decimal(3), 2)
    }
    assert figures_below(indicator=count, unit=tree.province, period=Q1, depth=2) == {
        tree.cell_a1.pk: Figure(Decimal(2), 1)
    }
    assert figures_below(indicator=count, unit=tree.province, period=MAR) == {}


def test_below_by_option(tree, save, by_level):
    save(tree.cell_a1, by_level, JAN, 4, "SO_CAP")
    save(tree.cell_b1, by_level, JAN, 1, "CAO_CAP")
    below = figures_below(indicator=by_level, unit=tree.province, period=JAN, option="CAO_CAP")
    assert below == {tree.commune_b.pk: Figure(Decimal(1), 1)}


def test_below_for_a_stock_over_days_and_an_indicator_never_combined(tree, save, stock):
    save(tree.cell_a1, stock, JAN, 10)
    save(tree.cell_a1, stock, FEB, 12)
    days = Period.custom(datetime.date(2025, 1, 1), datetime.date(2025, 2, 28))
    assert figures_below(indicator=stock, unit=tree.province, period=days) == {
        tree.commune_a.pk: Figure(Decimal(12), 1)
    }
    score = make_indicator("T_DIEM", aggregation=Aggregation.NONE)
    save(tree.commune_b, score, JAN, 8)
    save(tree.cell_b1, score, JAN, 5)
    assert figures_below(indicator=score, unit=tree.province, period=JAN) == {
        tree.commune_b.pk: Figure(Decimal(8), 1)
    }


# --- several subtrees combined ------------------------------------------------------------


def test_an_average_over_several_subtrees_is_taken_once(tree, save, rate):
    save(tree.commune_a, rate, JAN, 90)
    save(tree.cell_a1, rate, JAN, 60)
    save(tree.cell_b1, rate, JAN, 30)
    units = [tree.commune_a.pk, tree.commune_b.pk]
    assert figure_combined(indicator=rate, unit_ids=units, period=JAN) == Figure(Decimal(60), 3)
    assert figure_combined(indicator=rate, unit_ids=[], period=JAN) == Figure(None, 0)


def test_only_an_indicator_that_rolls_up_is_combined(tree):
    score = make_indicator("T_DIEM", aggregation=Aggregation.NONE)
    with pytest.raises(ValueError, match="T_DIEM"):
        figure_combined(indicator=score, unit_ids=[tree.commune_a.pk], period=JAN)
