"""The form builder's forms: a report form's settings and layout, offered only over the
units the user administers, and a validation rule whose names must exist."""

import datetime

import pytest

from tuyengiao.reporting.forms import ReportFormForm, RuleForm
from tuyengiao.reporting.models import ValidationRule

pytestmark = pytest.mark.django_db


def settings_data(tree, **changes):
    data = {
        "code": "BM_QUY", "name": "Báo cáo quý", "period_kind": "quarter",
        "owner": tree.commune_a.pk, "unit_kinds": [tree.cell_a1.kind.pk], "units": "",
        "opens_before_end_days": 10, "closes_after_end_days": 5,
        "layout": "# I. Hội nghị\nT_HOI_NGHI Số hội nghị\n# II. Lớp học\nT_LOP",
    }  # fmt: skip
    return data | changes


def test_the_owner_is_an_open_unit_the_user_administers(tree, owner, member):
    tree.cell_a1.closed_on = datetime.date(2025, 6, 30)
    tree.cell_a1.save()
    choices = ReportFormForm(user=owner).fields["owner"].queryset
    assert list(choices) == [tree.commune_a]
    assert not ReportFormForm(user=member).fields["owner"].queryset.exists()  # a viewer
    form = ReportFormForm(settings_data(tree, owner=tree.province.pk), user=owner)
    assert not form.is_valid() and "owner" in form.errors


def test_settings_and_layout_are_read_into_the_builders_fields(tree, owner, count, by_level):
    form = ReportFormForm(settings_data(tree, units="CB-A1; XA-AB"), user=owner)
    assert form.is_valid(), form.errors
    assert [(s.title, [i.code for i in s.indicators]) for s in form.sections] == [
        ("I. Hội nghị", ["T_HOI_NGHI"]),
        ("II. Lớp học", ["T_LOP"]),
    ]
    fields = form.to_fields()
    assert (fields.code, fields.owner, fields.period_kind) == ("BM_QUY", tree.commune_a, "quarter")
    assert {u.code for u in fields.units} == {"CB-A1", "XA-AB"}
    assert fields.unit_kinds == [tree.cell_a1.kind]


def test_unknown_unit_codes_are_named(tree, owner, count, by_level):
    form = ReportFormForm(settings_data(tree, units="CB-A1, XA-KHONG, CB-ZZ"), user=owner)
    assert not form.is_valid()
    assert form.errors["units"] == ["Không có đơn vị mã: XA-KHONG, CB-ZZ."]


def test_someone_must_report(tree, owner, count, by_level):
    form = ReportFormForm(settings_data(tree, unit_kinds=[]), user=owner)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Chọn ít nhất một loại đơn vị, hoặc ghi mã các đơn vị phải báo cáo."
    ]
    assert ReportFormForm(settings_data(tree, unit_kinds=[], units="CB-A1"), user=owner).is_valid()


def test_a_code_in_use_is_refused_for_a_new_form_only(monthly_form, tree, province_admin):
    data = settings_data(tree, code=monthly_form.code, owner=tree.province.pk)
    form = ReportFormForm(data, user=province_admin)
    assert not form.is_valid() and form.errors["code"] == ["Đã có biểu mẫu mã “BM_THU”."]
    editing = ReportFormForm(data, user=province_admin, instance=monthly_form)
    assert editing.is_valid(), editing.errors


def test_editing_starts_from_the_form_as_it_is_and_keeps_its_code(monthly_form, province_admin):
    form = ReportFormForm(user=province_admin, instance=monthly_form)
    assert form.fields["code"].disabled
    assert form.initial["code"] == "BM_THU" and form.initial["period_kind"] == "month"
    assert form.initial["layout"].splitlines()[0] == "# I. Hội nghị"
    assert "T_LOP" in form.initial["layout"]


def rule_data(**changes):
    data = {
        "code": "R_THU", "left": "T_LOP.CAO_CAP", "operator": "<=", "right": "T_LOP.SO_CAP",
        "importance": "high", "message": "Cao cấp không quá sơ cấp.", "is_active": True,
    }  # fmt: skip
    return data | changes


def test_a_rule_over_existing_indicators_and_options_is_accepted(by_level):
    assert RuleForm(rule_data()).is_valid()


def test_a_rule_naming_what_does_not_exist_says_which(by_level):
    form = RuleForm(rule_data(left="T_KHONG_CO", right="T_LOP.TRUNG_CAP"))
    assert not form.is_valid()
    assert {
        "Không có chỉ tiêu mã “T_KHONG_CO”.",
        "Chỉ tiêu T_LOP không có mục phân tổ “TRUNG_CAP”.",
    } == set(form.errors["left"])  # and no "Biểu thức trống" of a left side gone missing


def test_a_broken_expression_is_explained_once(by_level):
    form = RuleForm(rule_data(right="T_LOP.SO_CAP *"))
    assert not form.is_valid() and len(form.errors["left"]) == 1


def test_a_saved_rules_code_cannot_change(by_level):
    rule = ValidationRule.objects.create(**rule_data())
    assert RuleForm(instance=rule).fields["code"].disabled
