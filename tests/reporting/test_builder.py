"""The form builder: the layout text read line by line, and forms saved with their sections
by administrators of their owner only."""

import dataclasses

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tuyengiao.reporting.builder import FormFields, layout_parse, layout_text
from tuyengiao.reporting.models import Submission
from tuyengiao.reporting.services import report_form_save

LAYOUT = """# I. Hội nghị
T_HOI_NGHI    Số hội nghị (nhắc nhớ, không được đọc)

# II. Lớp học
T_LOP
"""


def _messages(text: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        layout_parse(text)
    return caught.value.messages


def test_layout_reads_sections_and_codes(count, by_level):
    sections = layout_parse(LAYOUT)
    assert [(s.title, [i.code for i in s.indicators]) for s in sections] == [
        ("I. Hội nghị", ["T_HOI_NGHI"]),
        ("II. Lớp học", ["T_LOP"]),
    ]


def test_layout_errors_name_their_line(count):
    assert _messages("T_HOI_NGHI\n") == [
        "Dòng 1: hãy đặt một tiêu đề phần (dòng bắt đầu bằng #) trước chỉ tiêu."
    ]
    messages = _messages("# A\nT_HOI_NGHI\nKHONG_CO\nT_HOI_NGHI\n# \n# B\n")
    assert messages == [
        "Dòng 3: không có chỉ tiêu mã “KHONG_CO”.",
        "Dòng 4: chỉ tiêu T_HOI_NGHI đã có ở dòng 2.",
        "Dòng 5: tiêu đề phần đang để trống.",
    ]
    assert _messages("# A\nT_HOI_NGHI\n# B\n") == ["Phần “B” chưa có chỉ tiêu nào."]
    assert _messages("") == ["Biểu mẫu cần ít nhất một chỉ tiêu."]


def test_layout_refuses_a_retired_indicator(count):
    count.is_active = False
    count.save()
    assert _messages("# A\nT_HOI_NGHI") == ["Dòng 2: chỉ tiêu T_HOI_NGHI đã ngừng sử dụng."]


def test_layout_text_reads_back_the_same(monthly_form):
    again = layout_parse(layout_text(monthly_form))
    assert [[i.code for i in s.indicators] for s in again] == [["T_HOI_NGHI"], ["T_LOP"]]


def _fields(tree, **changes) -> FormFields:
    fields = FormFields(
        code="BM_XA", name="Biểu của xã", name_en="", period_kind="month", owner=tree.commune_a,
        unit_kinds=[], units=[tree.cell_a1], opens_before_end_days=10, closes_after_end_days=5,
        description="", is_active=True,
    )  # fmt: skip
    return dataclasses.replace(fields, **changes)


def test_service_checks_scope_and_the_period_kind(owner, tree, monthly_form, province_admin, count):
    layout = layout_parse("# A\nT_HOI_NGHI")
    with pytest.raises(PermissionDenied):
        report_form_save(user=owner, form=monthly_form, fields=_fields(tree), layout=layout)
    form = report_form_save(user=owner, form=None, fields=_fields(tree), layout=layout)
    with pytest.raises(ValidationError, match="không thuộc"):
        fields = _fields(tree, units=[tree.commune_b])
        report_form_save(user=province_admin, form=form, fields=fields, layout=layout)
    Submission.objects.create(
        form=form, orgunit=tree.cell_a1, period="202611", status="submitted",
        updated_at=timezone.now(),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="loại kỳ"):
        fields = _fields(tree, period_kind="year")
        report_form_save(user=owner, form=form, fields=fields, layout=layout)
