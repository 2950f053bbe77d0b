"""Checks shown while a unit's figures are typed: the rules over the form's indicators that
the figures break, and hints where a figure stands far from the unit's own history."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from tests.values.conftest import make_indicator
from tuyengiao.reporting.models import FormItem, ValidationRule
from tuyengiao.reporting.validation import (
    form_indicators,
    form_items,
    outlier_hints,
    rules_check,
    unit_values,
)
from tuyengiao.values.models import DataValue, ValueType
from tuyengiao.values.periods import Period

pytestmark = pytest.mark.django_db

MARCH = Period.parse("202603")


def put(unit, indicator, period, value, option=""):
    """A stored figure, as any writer leaves it: these checks only read."""
    now = timezone.now()
    DataValue.objects.create(
        orgunit=unit, indicator=indicator, period=period.code, period_start=period.start,
        period_end=period.end, option=option, value=None if value is None else Decimal(value),
        created_at=now, updated_at=now,
    )  # fmt: skip


def rule(code, left, operator, right, **fields):
    fields.setdefault("message", f"Quy tắc {code} bị vi phạm.")
    return ValidationRule.objects.create(
        code=code, left=left, operator=operator, right=right, **fields
    )


def history(unit, indicator, figures, option=""):
    """`figures` for the months before March, the latest first."""
    period = MARCH
    for figure in figures:
        period = period.previous()
        put(unit, indicator, period, figure, option)


# --- the form's rows ----------------------------------------------------------------------


def test_items_come_by_section_then_by_their_order(monthly_form, count, by_level):
    later = make_indicator("T_TUYEN_TRUYEN")
    first_section = monthly_form.sections.get(sort_order=1)
    FormItem.objects.create(form=monthly_form, section=first_section, indicator=later, sort_order=2)
    assert [item.indicator for item in form_items(monthly_form)] == [count, later, by_level]
    assert form_indicators(monthly_form) == [count, later, by_level]


# --- the unit's figures -------------------------------------------------------------------


def test_a_broken_down_indicator_is_its_options_and_their_sum(tree, by_level):
    put(tree.commune_a, by_level, MARCH, "3", "SO_CAP")
    put(tree.commune_a, by_level, MARCH, "2", "CAO_CAP")
    assert unit_values([by_level], tree.commune_a, MARCH) == {
        "T_LOP.SO_CAP": Decimal(3),
        "T_LOP.CAO_CAP": Decimal(2),
        "T_LOP": Decimal(5),
    }


def test_only_the_units_own_figures_of_the_period_are_read(tree, count):
    put(tree.commune_a, count, MARCH, "4")
    put(tree.commune_a, count, MARCH.previous(), "40")
    put(tree.commune_b, count, MARCH, "400")
    put(tree.cell_a1, count, MARCH, "4000")
    assert unit_values([count], tree.commune_a, MARCH) == {"T_HOI_NGHI": Decimal(4)}


def test_a_cleared_cell_is_no_figure(tree, count):
    put(tree.commune_a, count, MARCH, None)
    assert unit_values([count], tree.commune_a, MARCH) == {}


def test_a_derived_indicator_is_computed_over_the_others(tree, count, by_level):
    per_class = make_indicator(
        "T_HN_MOI_LOP", value_type=ValueType.DECIMAL, formula="T_HOI_NGHI / T_LOP"
    )
    put(tree.commune_a, count, MARCH, "2")
    put(tree.commune_a, by_level, MARCH, "3", "SO_CAP")
    values = unit_values([count, by_level, per_class], tree.commune_a, MARCH)
    assert values["T_HN_MOI_LOP"] == Decimal("0.6667")


# --- rules --------------------------------------------------------------------------------


def test_a_broken_rule_is_reported_with_both_sides(monthly_form, tree, count, by_level):
    broken = rule("R_LOP", "T_LOP.CAO_CAP", "<=", "T_LOP.SO_CAP", importance="high")
    put(tree.commune_a, by_level, MARCH, "1", "SO_CAP")
    put(tree.commune_a, by_level, MARCH, "4", "CAO_CAP")
    [violation] = rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH)
    assert violation.rule == broken and violation.message == "Quy tắc R_LOP bị vi phạm."
    assert (violation.left, violation.right) == (Decimal(4), Decimal(1))
    assert violation.is_serious


def test_a_rule_kept_is_no_violation(monthly_form, tree, by_level):
    minor = rule("R_LOP", "T_LOP.CAO_CAP", "<=", "T_LOP.SO_CAP", importance="low")
    put(tree.commune_a, by_level, MARCH, "4", "SO_CAP")
    put(tree.commune_a, by_level, MARCH, "1", "CAO_CAP")
    assert rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH) == []
    minor.left, minor.right = minor.right, minor.left
    minor.save()
    [violation] = rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH)
    assert not violation.is_serious


def test_a_rule_waits_for_every_value_it_names(monthly_form, tree, by_level):
    rule("R_LOP", "T_LOP.CAO_CAP", "<=", "T_LOP.SO_CAP")
    put(tree.commune_a, by_level, MARCH, "4", "CAO_CAP")
    assert rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH) == []


def test_rules_over_other_indicators_or_switched_off_are_not_checked(monthly_form, tree, count):
    elsewhere = make_indicator("T_KHAC")
    rule("R_KHAC", "T_HOI_NGHI", "<=", "T_KHAC")
    rule("R_TAT", "T_HOI_NGHI", "<", "0", is_active=False)
    put(tree.commune_a, count, MARCH, "5")
    put(tree.commune_a, elsewhere, MARCH, "1")
    assert rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH) == []
    # Not even when the caller has a figure for the other indicator.
    typed = {"T_HOI_NGHI": Decimal(5), "T_KHAC": Decimal(1)}
    assert rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH, values=typed) == []


def test_the_rule_speaks_english_when_the_page_does(monthly_form, tree, count):
    rule("R_AM", "T_HOI_NGHI", ">=", "0", message="Không được âm.", message_en="Not negative.")
    put(tree.commune_a, count, MARCH, "-1")
    with translation.override("en"):
        [violation] = rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH)
    assert violation.message == "Not negative."
    [violation] = rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH)
    assert violation.message == "Không được âm."


def test_values_given_by_the_caller_are_judged_instead_of_the_stored_ones(
    monthly_form, tree, count
):
    rule("R_AM", "T_HOI_NGHI", ">=", "0")
    put(tree.commune_a, count, MARCH, "5")
    typed = {"T_HOI_NGHI": Decimal(-2)}
    [violation] = rules_check(form=monthly_form, unit=tree.commune_a, period=MARCH, values=typed)
    assert violation.left == Decimal(-2)


# --- hints --------------------------------------------------------------------------------


def test_a_figure_far_from_the_units_history_is_hinted(monthly_form, tree, count):
    history(tree.commune_a, count, ["10", "12", "11", "9", "10", "13"])
    # Median 10,5, median deviation 1: 16 is 3.7 robust deviations away, past 3.5.
    put(tree.commune_a, count, MARCH, "16")
    [hint] = outlier_hints(form=monthly_form, unit=tree.commune_a, period=MARCH)
    assert (hint.indicator, hint.option) == (count, "")
    assert hint.message == "16 khác xa các kỳ trước (thường khoảng 10,5): hãy kiểm tra lại."


def test_a_figure_within_the_units_usual_range_is_not(monthly_form, tree, count):
    history(tree.commune_a, count, ["10", "12", "11", "9", "10", "13"])
    put(tree.commune_a, count, MARCH, "15")  # 3.0 robust deviations away
    assert outlier_hints(form=monthly_form, unit=tree.commune_a, period=MARCH) == []


def test_no_hint_without_three_periods_of_history(monthly_form, tree, count):
    history(tree.commune_a, count, ["10", "10"])
    put(tree.commune_a, count, MARCH, "1000")
    assert outlier_hints(form=monthly_form, unit=tree.commune_a, period=MARCH) == []


def test_a_series_that_never_moved_is_hinted_past_half_its_level(monthly_form, tree, by_level):
    history(tree.commune_a, by_level, ["8"] * 4, "SO_CAP")
    history(tree.commune_a, by_level, ["8"] * 4, "CAO_CAP")
    put(tree.commune_a, by_level, MARCH, "13", "SO_CAP")  # 5 more: past half of 8
    put(tree.commune_a, by_level, MARCH, "11", "CAO_CAP")  # 3 more: within it
    hints = outlier_hints(form=monthly_form, unit=tree.commune_a, period=MARCH)
    assert [(hint.indicator, hint.option) for hint in hints] == [(by_level, "SO_CAP")]


def test_history_of_other_units_does_not_count(monthly_form, tree, count):
    history(tree.commune_b, count, ["10"] * 6)
    put(tree.commune_a, count, MARCH, "1000")
    assert outlier_hints(form=monthly_form, unit=tree.commune_a, period=MARCH) == []
