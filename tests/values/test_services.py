import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from tests.values.conftest import import_rows, make_indicator, recount
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.cleaning import value_period
from tuyengiao.values.models import Aggregate, DataValue, DataValueChange, SourceKind
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import figures
from tuyengiao.values.services import (
    CellKey,
    Source,
    StaleValueError,
    datavalue_save,
    datavalues_write,
)

OCT = Period.month(2023, 10)
NOV = Period.month(2023, 11)


def rolled(indicator, unit, period):
    figure = figures(indicator=indicator, unit_ids=[unit.pk], period=period)[unit.pk]
    return figure.value, figure.count


def test_a_saved_value_counts_at_once_in_every_unit_above(tree, owner, count):
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, OCT), raw="12")
    datavalue_save(user=owner, key=CellKey(tree.commune_a, count, OCT), raw="3")
    assert rolled(count, tree.cell_a1, OCT) == (Decimal(12), 1)
    assert rolled(count, tree.commune_a, OCT) == (Decimal(15), 2)
    assert rolled(count, tree.province, OCT) == (Decimal(15), 2)
    assert rolled(count, tree.commune_b, OCT) == (None, 0)
    assert rolled(count, tree.province, Period.quarter(2023, 4)) == (Decimal(15), 2)
    assert rolled(count, tree.province, Period.year(2023)) == (Decimal(15), 2)
    assert rolled(count, tree.province, Period.quarter(2023, 3)) == (None, 0)


def test_a_change_adds_the_difference_and_a_cleared_cell_leaves_the_count(tree, owner, count):
    key = CellKey(tree.cell_a1, count, OCT)
    datavalue_save(user=owner, key=key, raw="12")
    datavalue_save(user=owner, key=key, raw="1.200")
    assert rolled(count, tree.province, OCT) == (Decimal(1200), 1)
    datavalue_save(user=owner, key=key, raw="")
    assert rolled(count, tree.province, OCT) == (None, 0)
    value = DataValue.objects.get()
    assert value.value is None and value.version == 3
    history = list(
        DataValueChange.objects.order_by("version").values_list("old_value", "new_value")
    )
    assert history == [("12", "1.200"), ("1.200", "")]


def test_values_of_every_period_kind_add_into_longer_periods(tree, site_admin, count):
    datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, count, OCT), raw=1)
    datavalue_save(
        user=site_admin, key=CellKey(tree.cell_b1, count, Period.quarter(2023, 4)), raw=10
    )
    datavalue_save(user=site_admin, key=CellKey(tree.commune_a, count, Period.year(2023)), raw=100)
    assert rolled(count, tree.province, Period.half(2023, 2)) == (Decimal(11), 2)
    assert rolled(count, tree.province, Period.year(2023)) == (Decimal(111), 3)
    assert rolled(count, tree.province, OCT) == (Decimal(1), 1)


def test_average_is_the_mean_of_all_values_never_of_averages(tree, site_admin, rate):
    for unit, raw in ((tree.cell_a1, "10"), (tree.commune_a, "20"), (tree.cell_b1, "60")):
        datavalue_save(user=site_admin, key=CellKey(unit, rate, OCT), raw=raw)
    assert rolled(rate, tree.commune_a, OCT) == (Decimal(15), 2)
    assert rolled(rate, tree.province, OCT) == (Decimal(30), 3)


def test_last_value_takes_each_units_latest_month_in_the_period(tree, site_admin, stock):
    save = lambda unit, period, raw: datavalue_save(  # noqa: E731
        user=site_admin, key=CellKey(unit, stock, period), raw=raw
    )
    save(tree.cell_a1, OCT, 5)
    save(tree.cell_a1, NOV, 7)
    save(tree.cell_b1, OCT, 3)  # B1 did not report in November
    year = Period.year(2023)
    assert rolled(stock, tree.province, year) == (Decimal(10), 2)
    assert rolled(stock, tree.province, NOV) == (Decimal(7), 1)
    save(tree.cell_a1, NOV, "")
    assert rolled(stock, tree.province, year) == (Decimal(8), 2)
    custom = Period.custom(datetime.date(2023, 10, 15), datetime.date(2023, 12, 31))
    save(tree.cell_b1, NOV, 4)
    assert rolled(stock, tree.province, custom) == (Decimal(4), 1)
    for period in (year, OCT, NOV, Period.quarter(2023, 4), Period.half(2023, 2)):
        assert rolled(stock, tree.province, period) == recount(stock, tree.province, period)


def test_breakdown_options_add_up_to_the_total(tree, owner, by_level):
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, by_level, OCT, "SO_CAP"), raw=2)
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, by_level, OCT, "CAO_CAP"), raw=3)
    assert rolled(by_level, tree.province, OCT) == (Decimal(5), 2)
    only = figures(indicator=by_level, unit_ids=[tree.province.pk], period=OCT, option="CAO_CAP")
    assert only[tree.province.pk].value == Decimal(3)
    with pytest.raises(ValidationError, match="TRUNG_CAP"):
        datavalue_save(user=owner, key=CellKey(tree.cell_a1, by_level, OCT, "TRUNG_CAP"), raw=1)


def test_a_derived_indicator_is_a_ratio_of_rolled_up_sums(tree, site_admin):
    done = make_indicator("T_DA_HOC")
    total = make_indicator("T_TONG")
    share = make_indicator("T_TY_LE_HOC", value_type="percent", formula="T_DA_HOC / T_TONG * 100")
    for unit, a, b in ((tree.cell_a1, 9, 10), (tree.cell_b1, 1, 90)):
        datavalue_save(user=site_admin, key=CellKey(unit, done, OCT), raw=a)
        datavalue_save(user=site_admin, key=CellKey(unit, total, OCT), raw=b)
    assert rolled(share, tree.province, OCT) == (Decimal(10), 4)  # 10/100, not (90% + 1.1%)/2
    with pytest.raises(ValidationError, match="công thức"):
        datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, share, OCT), raw=5)


def test_a_stale_version_is_refused_and_the_newer_value_kept(tree, owner, count):
    key = CellKey(tree.cell_a1, count, OCT)
    first = datavalue_save(user=owner, key=key, raw=5, expected_version=0)
    assert first is not None and first.version == 1
    datavalue_save(user=owner, key=key, raw=6, expected_version=1)
    with pytest.raises(StaleValueError, match="“6”"):
        datavalue_save(user=owner, key=key, raw=7, expected_version=1)
    assert DataValue.objects.get().value == 6
    assert rolled(count, tree.province, OCT) == (Decimal(6), 1)
    with pytest.raises(ValidationError):
        datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, NOV), raw=1, expected_version=3)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1,5", "số nguyên"),
        ("-1", "nhỏ hơn 0"),
        ("mười", "không phải là số"),
        ("1e13", "quá lớn"),
        (-1, "nhỏ hơn 0"),  # ints, as files and the API send them, take a shorter path
        (10**12, "quá lớn"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(tree, owner, count, raw, message):
    with pytest.raises(ValidationError, match=message):
        datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, OCT), raw=raw)
    assert not DataValue.objects.exists() and not Aggregate.objects.exists()


def test_only_editors_of_the_unit_may_save(tree, member, outsider, count):
    for user, unit in ((member, tree.cell_a1), (outsider, tree.cell_a1)):
        with pytest.raises(PermissionDenied):
            datavalue_save(user=user, key=CellKey(unit, count, OCT), raw=1)
    assert not DataValue.objects.exists()


def test_custom_ranges_are_read_never_reported(tree, owner, count):
    custom = Period.custom(datetime.date(2023, 1, 1), datetime.date(2023, 1, 15))
    with pytest.raises(ValidationError, match="khoảng ngày"):
        value_period(custom.code)


def test_an_int_respects_the_indicators_own_bounds(tree, owner, count):
    count.maximum = Decimal(50)
    count.save()
    with pytest.raises(ValidationError, match="lớn hơn 50"):
        datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, OCT), raw=51)
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, OCT), raw=50)
    assert DataValue.objects.get().value == 50


# --- the one write service: rules every path shares ---------------------------------------
def cell(indicator, unit, period, value, **extra):
    return {"indicator": indicator.code, "orgunit": unit.code, "period": period, "value": value,
            **extra}  # fmt: skip


def test_a_figure_overlapping_another_period_kind_is_refused_and_nothing_written(
    tree, owner, count
):
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, Period.half(2023, 2)), raw=30)
    report = import_rows(user=owner, rows=[
        cell(count, tree.commune_a, "202310", 1),  # another unit: free
        cell(count, tree.cell_a1, "202310", 5),  # inside the stored half-year
    ])  # fmt: skip
    assert [(e.row, e.field, e.code) for e in report.errors] == [(2, "period", "overlap")]
    assert "6 tháng cuối năm 2023" in report.errors[0].message
    assert "Tháng 10/2023" in report.errors[0].message
    assert DataValue.objects.count() == 1
    assert rolled(count, tree.province, Period.year(2023)) == (Decimal(30), 1)


def test_overlapping_figures_in_one_write_are_both_refused(tree, owner, count):
    report = import_rows(user=owner, rows=[
        cell(count, tree.cell_a1, "2023Q4", 9),
        cell(count, tree.cell_a1, "202311", 3),
        cell(count, tree.cell_a1, "202301", 3),  # outside the quarter
    ])  # fmt: skip
    assert [(e.row, e.code) for e in report.errors] == [(1, "overlap"), (2, "overlap")]
    assert not DataValue.objects.exists()


def test_clearing_the_other_period_in_the_same_write_lets_the_figure_in(tree, owner, count):
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, Period.quarter(2023, 4)), raw=9)
    report = import_rows(user=owner, rows=[
        cell(count, tree.cell_a1, "2023Q4", ""),
        cell(count, tree.cell_a1, "202311", 3),
    ])  # fmt: skip
    assert report.ok, report.errors
    assert rolled(count, tree.province, Period.year(2023)) == (Decimal(3), 1)
    # Clearing is always allowed, and an emptied cell blocks nothing.
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, NOV), raw="")
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, Period.quarter(2023, 4)), raw=7)
    assert rolled(count, tree.province, Period.year(2023)) == (Decimal(7), 1)


def test_stocks_may_be_reported_for_overlapping_periods(tree, site_admin, stock):
    # A LAST indicator takes each unit's latest value (the quarter's, which ends later):
    # nothing is counted twice.
    datavalue_save(
        user=site_admin, key=CellKey(tree.cell_a1, stock, Period.quarter(2023, 4)), raw=5
    )
    datavalue_save(user=site_admin, key=CellKey(tree.cell_a1, stock, NOV), raw=7)
    assert rolled(stock, tree.province, Period.year(2023)) == (Decimal(5), 1)


def test_a_write_with_versions_refuses_a_changed_cell(tree, owner, count):
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, OCT), raw=5)
    report = import_rows(user=owner, rows=[
        cell(count, tree.commune_a, "202310", 1, version=0),
        cell(count, tree.cell_a1, "202310", 6, version=0),  # it was 5 (version 1) by then
    ])  # fmt: skip
    assert [(e.row, e.code) for e in report.errors] == [(2, "stale")]
    assert "“5”" in report.errors[0].message
    assert DataValue.objects.get().value == 5
    bad = import_rows(user=owner, rows=[cell(count, tree.cell_a1, "202310", 6, version="1")])
    assert [(e.field, "phiên bản" in e.message.lower()) for e in bad.errors] == [("version", True)]


def test_each_value_and_change_records_where_it_came_from(tree, owner, count):
    import_rows(user=owner, rows=[cell(count, tree.cell_a1, "202310", 5)])
    value = DataValue.objects.get()
    assert (value.source, value.source_note, value.source_type) == ("import", "thu.xlsx", None)
    datavalue_save(user=owner, key=CellKey(tree.cell_a1, count, OCT), raw=6)
    value.refresh_from_db()
    # The row keeps its first version's source, as it keeps its creator; each change its own.
    assert (value.source, value.source_note, value.version) == ("import", "thu.xlsx", 2)
    change = DataValueChange.objects.get()
    assert (change.source, change.old_value, change.new_value) == ("entry", "5", "6")


def test_the_object_a_figure_came_from_is_kept(tree, owner, count):
    report = datavalues_write(
        [cell(count, tree.cell_a1, "202310", 5)],
        user=owner,
        source=Source(SourceKind.TRACKING, note="Nhiệm vụ 1", ref=tree.province),
    )
    assert report.ok
    value = DataValue.objects.get()
    assert value.source_type == ContentType.objects.get_for_model(OrgUnit)
    assert (value.source_id, value.source_note) == (tree.province.pk, "Nhiệm vụ 1")
