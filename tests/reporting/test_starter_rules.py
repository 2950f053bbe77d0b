"""The starter validation rules: on every new database, never over a department's edits,
and each over the catalogue's own indicators and options, so that none waits for ever."""

from decimal import Decimal

import pytest
from django.apps import apps

from tuyengiao.reporting.builder import rule_check_names
from tuyengiao.reporting.models import ValidationRule
from tuyengiao.reporting.starter_rules import RULES, rules_seed
from tuyengiao.values import expressions

pytestmark = pytest.mark.django_db

CODES = [rule[0] for rule in RULES]


def test_a_new_database_holds_every_starter_rule():
    seeded = ValidationRule.objects.filter(code__in=CODES)
    assert sorted(seeded.values_list("code", flat=True)) == sorted(CODES)
    assert all(rule.message_en and rule.is_active for rule in seeded)


def test_every_rule_names_indicators_and_options_of_the_catalogue():
    for rule in ValidationRule.objects.filter(code__in=CODES):
        rule_check_names(expressions.parse_rule(rule.left, rule.operator, rule.right))


def test_seeding_again_adds_only_what_is_missing_and_keeps_the_departments_edits():
    ValidationRule.objects.filter(code="R_DV_HOC_TONG").update(importance="low")
    ValidationRule.objects.filter(code="R_KDC_TONG").delete()
    assert rules_seed(apps) == 1
    assert ValidationRule.objects.get(code="R_DV_HOC_TONG").importance == "low"
    assert ValidationRule.objects.get(code="R_KDC_TONG").right == "KDC_TONG"
    assert rules_seed(apps) == 0


@pytest.mark.parametrize(("excellent", "kept"), [(20, True), (21, False)])
def test_excellent_members_are_at_most_a_fifth_of_the_good_ones(excellent, kept):
    rule = ValidationRule.objects.get(code="R_DV_HTXS_20")
    expr = expressions.parse_rule(rule.left, rule.operator, rule.right)
    values = {"DV_XEP_LOAI.HTXS": Decimal(excellent), "DV_XEP_LOAI.HTT": Decimal(100)}
    assert expressions.evaluate(expr, values) is kept
