"""The form builder's form: a report form's settings and its layout text. Units offered as
the owner are those the user administers; every message says what to write instead."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.reporting.builder import (
    SETTINGS,
    FormFields,
    LayoutSection,
    layout_parse,
    layout_text,
    rule_check_names,
)
from tuyengiao.reporting.models import ReportForm, ValidationRule
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.values.expressions import ExpressionError, parse_rule
from tuyengiao.values.models import code_validator

_CODES = re.compile(r"[\s,;]+")


class ReportFormForm(forms.Form):
    code = forms.CharField(
        label=_("Mã biểu mẫu"),
        max_length=40,
        validators=[code_validator],
        help_text=_("Không dấu, ví dụ BC_THANG_TUYEN_GIAO; không đổi được sau khi tạo."),
    )
    name = forms.CharField(label=_("Tên biểu mẫu"), max_length=300)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=300, required=False)
    period_kind = forms.ChoiceField(label=_("Báo cáo theo"), choices=ReportForm.PeriodKind.choices)
    owner = TreeChoiceField(
        label=_("Đơn vị ban hành (cấp duyệt cuối)"), queryset=OrgUnit.objects.none()
    )
    unit_kinds = forms.ModelMultipleChoiceField(
        label=_("Loại đơn vị phải báo cáo"),
        queryset=UnitKind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = forms.CharField(
        label=_("Thêm các đơn vị (mã, cách nhau bởi dấu phẩy)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    opens_before_end_days = forms.IntegerField(
        label=_("Mở nhập trước khi hết kỳ (ngày)"), min_value=0, max_value=366, initial=10
    )
    closes_after_end_days = forms.IntegerField(
        label=_("Hạn nộp sau khi hết kỳ (ngày)"), min_value=0, max_value=366, initial=5
    )
    description = forms.CharField(
        label=_("Hướng dẫn"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)
    layout = forms.CharField(
        label=_("Bố cục"),
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "layout-input"}),
        help_text=_(
            "Mỗi dòng một mục: dòng bắt đầu bằng # là tiêu đề phần, dòng khác bắt đầu bằng mã "
            "chỉ tiêu (phần sau mã chỉ để nhắc, không được đọc)."
        ),
    )

    def __init__(self, *args, user, instance: ReportForm | None = None, **kwargs) -> None:
        if instance is not None:
            kwargs.setdefault("initial", _initial(instance))
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            units_in_scope(user, role=Role.UNIT_ADMIN).filter(closed_on__isnull=True)
        ).order_by("path")
        if instance is not None:
            self.fields["code"].disabled = True
        self.sections: list[LayoutSection] = []

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if self.instance is None and ReportForm.objects.filter(code=code).exists():
            raise ValidationError(_("Đã có biểu mẫu mã “%(code)s”.") % {"code": code})
        return code

    def clean_units(self) -> list[OrgUnit]:
        codes = [c for c in _CODES.split(self.cleaned_data["units"]) if c]
        found = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationError(
                _("Không có đơn vị mã: %(codes)s.") % {"codes": ", ".join(missing)}
            )
        return list(found.values())

    def clean_layout(self) -> str:
        self.sections = layout_parse(self.cleaned_data["layout"])
        return self.cleaned_data["layout"]

    def clean(self) -> dict:
        data = super().clean() or {}
        if "units" in data and not data.get("unit_kinds") and not data["units"]:
            raise ValidationError(
                _("Chọn ít nhất một loại đơn vị, hoặc ghi mã các đơn vị phải báo cáo.")
            )
        return data

    def to_fields(self) -> FormFields:
        data = self.cleaned_data
        return FormFields(
            code=data["code"],
            unit_kinds=list(data["unit_kinds"]),
            units=data["units"],
            **{name: data[name] for name in SETTINGS},
        )


def _initial(form: ReportForm) -> dict:
    return {
        "code": form.code,
        "unit_kinds": list(form.unit_kinds.all()),
        "units": ", ".join(u.code for u in form.units.order_by("path")),
        "layout": layout_text(form),
        **{name: getattr(form, name) for name in SETTINGS},
    }


class RuleForm(forms.ModelForm):
    class Meta:
        model = ValidationRule
        fields = ["code", "left", "operator", "right", "importance", "message", "message_en",
                  "is_active"]  # fmt: skip
        widgets = {
            "left": forms.TextInput(attrs={"spellcheck": "false"}),
            "right": forms.TextInput(attrs={"spellcheck": "false"}),
        }
        help_texts = {
            "left": _("Ví dụ: DV_XEP_LOAI.HTXS (mã chỉ tiêu, dấu chấm, mã mục phân tổ)."),
            "right": _("Ví dụ: 0.2 * DV_XEP_LOAI.HTT (số thập phân viết bằng dấu chấm)."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self) -> dict:
        data = super().clean() or {}
        if not all(data.get(name) for name in ("left", "operator", "right")):
            return data
        try:
            rule_check_names(parse_rule(data["left"], data["operator"], data["right"]))
        except ExpressionError:
            pass  # the model's own clean() says where the expression breaks
        except ValidationError as error:
            left = data["left"]
            self.add_error("left", error)
            # add_error drops the field: the model's own check would then read an empty
            # left side and add "Biểu thức trống" to the real messages.
            data["left"] = left
        return data
