from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reports.models import ReportKind
from tuyengiao.reports.selectors import form_applies, form_not_applying
from tuyengiao.textkit.docnum import canonical_symbol
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
        required=False,
        help_text=_(".docx, .pdf hoặc .txt (cả bảng mã TCVN3, VNI)."),
    )
    document = forms.CharField(
        label=_("Hoặc báo cáo đã có trong sổ văn bản"),
        required=False,
        max_length=60,
        help_text=_("Số, ký hiệu của báo cáo đã đăng ký (45-BC/ĐU)."),
    )

    def __init__(
        self, *args, units, periods, documents: QuerySet[Document], forms_seen, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgunit"].queryset = units  # type: ignore[attr-defined]
        self.fields["period"].periods = periods  # type: ignore[attr-defined]
        self.fields["form"].queryset = forms_seen  # type: ignore[attr-defined]
        self.documents = documents

    def clean_document(self) -> Document | None:
        symbol = self.cleaned_data["document"].strip()
        if not symbol:
            return None
        # The latest of that symbol the user may read: numbering restarts every term.
        found = self.documents.filter(symbol=canonical_symbol(symbol)).exclude(full_text="")
        document = found.order_by("-issued_on", "-pk").first()
        if document is None:
            raise ValidationError(
                _("Không thấy văn bản %(symbol)s có toàn văn trong sổ.") % {"symbol": symbol}
            )
        return document

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        unit, form = cleaned.get("orgunit"), cleaned.get("form")
        if unit and form and not form_applies(form, unit):
            self.add_error("form", form_not_applying(form, unit))
        if not self.errors and bool(cleaned.get("file")) == bool(cleaned.get("document")):
            raise ValidationError(
                _("Chọn một tệp báo cáo, hoặc ghi số, ký hiệu của báo cáo đã có trong sổ.")
            )
        return cleaned


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
