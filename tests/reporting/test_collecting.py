"""Which cells the report forms collect and which of those are approved: the forms' answer
to the values core, which keeps approved sums from it."""

import datetime

import pytest

from tests.values.conftest import make_indicator
from tuyengiao.reporting import services
from tuyengiao.reporting.collecting import cells_collected, form_units, report_collected
from tuyengiao.reporting.models import FormItem, FormSection, ReportForm
from tuyengiao.values.periods import Period

pytestmark = pytest.mark.django_db


def cell(unit, indicator, period):
    return (unit.pk, indicator.pk, period.code)


def approve(form, unit, period, owner, approver):
    report = services.submission_submit(user=owner, form=form, unit=unit, period=period)
    return services.submission_approve(user=approver, submission=report)


def test_the_units_of_a_form_are_its_kinds_and_those_listed_under_its_owner(monthly_form, tree):
    period = monthly_form.current
    assert set(form_units(monthly_form, period)) == {tree.commune_a, tree.commune_b}
    monthly_form.units.add(tree.cell_a1)
    tree.commune_b.closed_on = period.start - datetime.timedelta(days=1)
    tree.commune_b.save()
    assert set(form_units(monthly_form, period)) == {tree.commune_a, tree.cell_a1}


def test_a_reporting_units_cell_is_collected_not_approved_until_its_report_is(
    monthly_form, tree, owner, province_admin, count
):
    period = monthly_form.current
    mine = cell(tree.commune_a, count, period)
    assert cells_collected({mine}) == {mine: False}
    approve(monthly_form, tree.commune_a, period, owner, province_admin)
    assert cells_collected({mine}) == {mine: True}
    # The neighbour's report is its own.
    theirs = cell(tree.commune_b, count, period)
    assert cells_collected({mine, theirs}) == {mine: True, theirs: False}


def test_cells_no_form_asks_for_are_absent(monthly_form, tree, count):
    period = monthly_form.current
    quarter = Period.parse(f"{period.start.year}Q1")
    other = make_indicator("T_KHAC")
    asked = {
        cell(tree.commune_a, other, period),  # an indicator of no form
        cell(tree.commune_a, count, quarter),  # another period kind
        cell(tree.cell_a1, count, period),  # a unit that does not report it
        cell(tree.province, count, period),  # nor does the owner
    }
    assert cells_collected(asked) == {}
    monthly_form.is_active = False
    monthly_form.save()
    assert cells_collected({cell(tree.commune_a, count, period)}) == {}


def test_one_approved_report_of_two_forms_is_enough(
    monthly_form, tree, owner, province_admin, count
):
    period = monthly_form.current
    second = ReportForm.objects.create(
        code="BM_HAI", name="Báo cáo thứ hai", period_kind="month", owner=tree.province,
        opens_before_end_days=40, closes_after_end_days=5,
    )  # fmt: skip
    second.unit_kinds.add(tree.commune_a.kind)
    section = FormSection.objects.create(form=second, title="I", sort_order=1)
    FormItem.objects.create(form=second, section=section, indicator=count, sort_order=1)
    mine = cell(tree.commune_a, count, period)
    approve(second, tree.commune_a, period, owner, province_admin)
    assert cells_collected({mine}) == {mine: True}


def test_a_reports_cells_are_every_indicator_of_its_form(
    monthly_form, tree, owner, count, by_level
):
    period = monthly_form.current
    report = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    assert report_collected(report) == {
        cell(tree.commune_a, count, period): False,
        cell(tree.commune_a, by_level, period): False,
    }


def test_the_cells_collected_are_those_of_the_units_that_report_the_form(monthly_form, tree, count):
    # What the forms say to the core (plain SQL, `reporting.cells`) agrees with `form_units`
    # for every unit: of its kinds, listed, closed before the period, opened after it.
    period = monthly_form.current
    monthly_form.units.add(tree.cell_a1)
    tree.commune_b.closed_on = period.start
    tree.commune_b.save()
    tree.cell_b1.opened_on = period.end + datetime.timedelta(days=1)
    tree.cell_b1.save()
    monthly_form.units.add(tree.cell_b1)
    units = [tree.province, tree.commune_a, tree.commune_b, tree.cell_a1, tree.cell_b1]
    collected = cells_collected({cell(unit, count, period) for unit in units})
    assert (
        {unit_id for unit_id, _i, _c in collected}
        == {unit.pk for unit in form_units(monthly_form, period)}
        == {tree.commune_a.pk, tree.cell_a1.pk}
    )
