from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.ui.files import FileField
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
