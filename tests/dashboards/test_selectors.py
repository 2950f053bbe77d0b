"""Reads for a unit's dashboard: the periods a line shows, the form that collects an
indicator, and each part of the board (total, units below, series, completeness). Figures
here belong to no report form, so each counts the moment it is saved."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests.values.conftest import make_indicator
from tuyengiao.dashboards.selectors import Dashboard, form_for, series_periods
from tuyengiao.reporting import services
from tuyengiao.reporting.dues import form_recent_periods
from tuyengiao.reporting.models import FormItem, FormSection, ReportForm
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import Figure
from tuyengiao.values.services import CellKey, datavalue_save

pytestmark = pytest.mark.django_db

MARCH = Period.parse("202503")


def codes(periods):
    return [period.code for period in periods]


# --- the periods of a line ----------------------------------------------------------------


def test_a_month_is_shown_with_the_eleven_before_it():
    assert codes(series_periods(MARCH)) == [
        *(f"2024{month:02}" for month in range(4, 13)), "202501", "202502", "202503"
    ]  # fmt: skip


def test_a_quarter_or_a_year_is_shown_month_by_month():
    assert codes(series_periods(Period.parse("2025Q2"))) == ["202504", "202505", "202506"]
    assert len(series_periods(Period.parse("2025"))) == 12


def test_a_range_of_more_than_two_years_is_shown_year_by_year():
    days = Period.custom(datetime.date(2022, 1, 1), datetime.date(2025, 12, 31))
    assert codes(series_periods(days)) == ["2022", "2023", "2024", "2025"]


# --- the form that collects an indicator --------------------------------------------------


def test_the_form_is_one_issued_at_the_unit_or_above(monthly_form, tree, count):
    assert form_for(count, tree.commune_a) == monthly_form
    assert form_for(count, tree.province) == monthly_form
    assert form_for(make_indicator("T_KHAC"), tree.commune_a) is None


def test_a_form_of_another_branch_or_switched_off_is_not(monthly_form, tree, count):
    monthly_form.owner = tree.commune_b
    monthly_form.save()
    assert form_for(count, tree.commune_a) is None
    monthly_form.owner, monthly_form.is_active = tree.province, False
    monthly_form.save()
    assert form_for(count, tree.commune_a) is None


def test_the_closest_form_above_the_unit_wins(monthly_form, tree, count):
    own = ReportForm.objects.create(
        code="BM_XA", name="Báo cáo của xã", period_kind="month", owner=tree.commune_a
    )
    section = FormSection.objects.create(form=own, title="I", sort_order=1)
    FormItem.objects.create(form=own, section=section, indicator=count, sort_order=1)
    assert form_for(count, tree.cell_a1) == own
    assert form_for(count, tree.province) == monthly_form


# --- the board ----------------------------------------------------------------------------


@pytest.fixture
def board(tree, site_admin):
    """The province's board of an indicator no form collects, with two months entered."""
    members = make_indicator("T_DANG_VIEN", name="Số đảng viên mới", name_en="New members")
    for unit, period, raw in (
        (tree.cell_a1, MARCH, 3), (tree.commune_a, MARCH, 2), (tree.cell_a1, MARCH.previous(), 4)
    ):  # fmt: skip
        datavalue_save(user=site_admin, key=CellKey(unit, members, period), raw=raw)
    return Dashboard(user=site_admin, unit=tree.province, indicator=members, period=MARCH)


def test_the_total_is_the_subtree_for_the_period(board):
    assert board.total == Figure(Decimal(5), 2)


def test_every_unit_below_is_listed_with_or_without_a_figure(board, tree):
    assert board.below == [
        (tree.commune_a, Figure(Decimal(5), 2)),
        (tree.commune_b, Figure(None, 0)),
    ]


def test_the_series_gives_each_month_its_figure(board):
    assert [period for period, _figure in board.series] == series_periods(MARCH)
    *_, february, march = board.series
    assert february[1] == Figure(Decimal(4), 1) and march[1] == Figure(Decimal(5), 2)


def test_the_name_follows_the_language(board):
    assert board.indicator_name == "Số đảng viên mới"
    with translation.override("en"):
        assert board.indicator_name == "New members"
        board.indicator.name_en = ""
        assert board.indicator_name == "Số đảng viên mới"


def test_a_user_opens_only_the_units_below_in_their_scope(tree, owner, count):
    board = Dashboard(user=owner, unit=tree.province, indicator=count, period=MARCH)
    assert board.openable == {tree.commune_a.pk}


def test_no_form_no_completeness(board):
    assert board.form is None and board.completeness == []


def test_completeness_is_the_share_of_units_that_sent_each_recent_period(
    monthly_form, tree, owner, site_admin, count
):
    period = monthly_form.current
    services.submission_submit(user=owner, form=monthly_form, unit=tree.commune_a, period=period)
    board = Dashboard(user=site_admin, unit=tree.province, indicator=count, period=period)
    recent = list(reversed(form_recent_periods(monthly_form, timezone.localdate())))
    assert board.form == monthly_form
    assert board.completeness == [(p, 50.0 if p == period else 0.0) for p in recent]
    # Below commune B, the one unit that did not send.
    board = Dashboard(user=site_admin, unit=tree.commune_b, indicator=count, period=period)
    assert board.completeness == [(p, 0.0) for p in recent]
