"""The report forms' models: a row's section of its own form, a rule whose expression must
read, and which reports lock their cells."""

import pytest
from django.core.exceptions import ValidationError

from tuyengiao.reporting.models import FormItem, FormSection, ReportForm, Submission, ValidationRule

pytestmark = pytest.mark.django_db


def test_a_row_sits_in_a_section_of_its_own_form(monthly_form, tree, count):
    other = ReportForm.objects.create(
        code="BM_KHAC", name="Biểu khác", period_kind="month", owner=tree.province
    )
    foreign = FormSection.objects.create(form=other, title="Phần khác", sort_order=1)
    with pytest.raises(ValidationError, match=r"Phần này thuộc biểu mẫu khác\."):
        FormItem(form=monthly_form, section=foreign, indicator=count).clean()
    own = monthly_form.sections.first()
    FormItem(form=monthly_form, section=own, indicator=count).clean()


def test_a_rule_that_does_not_read_says_where_on_its_left():
    rule = ValidationRule(code="R_HONG", left="T_LOP +", operator="<=", right="1", message="x")
    with pytest.raises(ValidationError) as refused:
        rule.clean()
    assert list(refused.value.message_dict) == ["left"]
    ValidationRule(code="R_DUNG", left="T_LOP", operator="<=", right="1", message="x").clean()


@pytest.mark.parametrize(
    ("status", "locked"),
    [("draft", False), ("submitted", True), ("returned", False), ("approved", True)],
)
def test_a_report_sent_or_approved_locks_its_cells(status, locked):
    assert Submission(status=status).is_locked is locked
