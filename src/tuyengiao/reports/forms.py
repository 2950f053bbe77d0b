from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reports.models import ReportKind
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.ui.files import FileField
from tuyengiao.ui.widgets import DateField
from tuyengiao.values.period_fields import PeriodField
from tuyengiao.values.periods import PeriodKind


class IngestForm(forms.Form):
    """A unit's narrative report, for a period and (optionally) a form."""

    orgunit = TreeChoiceField(label=_("Đơn vị báo cáo"), queryset=OrgUnit.objects.none())
    period = PeriodField(
        label=_("Kỳ báo cáo"),
        kinds=[PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR],
    )
    form = forms.ModelChoiceField(
        label=_("Biểu mẫu"),
        queryset=ReportForm.objects.filter(is_active=True),
        required=False,
        empty_label=_("Mọi chỉ tiêu nhập được"),
        help_text=_("Chọn biểu mẫu để chỉ đọc các chỉ tiêu của biểu mẫu đó."),
    )
    file = FileField(
        label=_("Tệp báo cáo"),
        help_text=_(".docx, .pdf hoặc .txt (cả bảng mã TCVN3, VNI)."),
    )

    def __init__(self, *args, units, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgunit"].queryset = units  # type: ignore[attr-defined]
        self.fields["period"].periods = periods  # type: ignore[attr-defined]


class GenerateForm(forms.Form):
    """A unit's report for a period: a monthly… report by the period's kind, or the sơ kết,
    tổng kết of a directive."""

    orgunit = TreeChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    period = PeriodField(
        label=_("Kỳ báo cáo"),
        kinds=[PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR],
    )
    kind = forms.ChoiceField(
        label=_("Loại báo cáo"),
        choices=[("", _("Theo kỳ (tháng, quý, 6 tháng, năm)")), *ReportKind.choices],
        required=False,
    )
    directive = forms.CharField(
        label=_("Văn bản được sơ kết, tổng kết"),
        max_length=60,
        required=False,
        help_text=_("Số, ký hiệu văn bản trong sổ, ví dụ 05-CT/TW."),
    )

    def __init__(self, *args, units, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgunit"].queryset = units  # type: ignore[attr-defined]
        self.fields["period"].periods = periods  # type: ignore[attr-defined]


class DraftForm(forms.Form):
    """What the writer edits in a draft."""

    summary = forms.CharField(label=_("Trích yếu"), max_length=500)
    results = forms.CharField(label=_("Kết quả đạt được"), widget=forms.Textarea, required=False)
    limitations = forms.CharField(
        label=_("Hạn chế, tồn tại"), widget=forms.Textarea, required=False
    )
    causes = forms.CharField(label=_("Nguyên nhân"), widget=forms.Textarea, required=False)
    directions = forms.CharField(
        label=_("Phương hướng, nhiệm vụ"), widget=forms.Textarea, required=False
    )
    authority = forms.CharField(label=_("Thẩm quyền ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Mỗi dòng một nơi nhận."),
    )


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    issued_on = DateField(label=_("Ngày ban hành"))
