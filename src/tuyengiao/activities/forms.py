"""Forms of the activity pages. Units offered come from the user's scope; the services check
the roles again. Documents studied are typed by their symbols ("35-NQ/TW; 88-KL/TU"), as a
report names them, and found among the documents the user may see."""

import re

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.activities.models import Activity, ActivityKind, ActivityReporter
from tuyengiao.activities.selectors import co_organiser_units
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible, editor_units
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import PageNumberField
from tuyengiao.ui.choices import TreeChoiceField, TreeMultipleChoiceField
from tuyengiao.ui.widgets import DateField, TimeInput
from tuyengiao.values.period_fields import PeriodField

COUNTS = ("party_members", "cadres", "youth_members", "association_members", "public")
CLASS_COUNTS = ("sessions", "enrolled", "graduated")
_SEPARATORS = re.compile(r"[;,\n]+")


def documents_by_symbol(user, text: str) -> tuple[list[Document], list[str]]:
    """The visible documents named in `text`, and the symbols that name none."""
    found, missing = [], []
    visible = documents_visible(user)
    for symbol in (part.strip() for part in _SEPARATORS.split(text)):
        if not symbol:
            continue
        document = visible.filter(symbol__iexact=symbol).order_by("-issued_on").first()
        if document is None:
            missing.append(symbol)
        elif document not in found:
            found.append(document)
    return found, missing


class ActivityForm(forms.ModelForm):
    orgunit = TreeChoiceField(
        label=gettext_lazy("Đơn vị tổ chức"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    co_organisers = TreeMultipleChoiceField(
        label=gettext_lazy("Đơn vị phối hợp"), queryset=OrgUnit.objects.none(), required=False
    )
    held_on = DateField(label=gettext_lazy("Ngày tổ chức"))
    ends_on = DateField(label=gettext_lazy("Đến ngày"), required=False)
    documents_text = forms.CharField(
        label=gettext_lazy("Văn bản học tập, quán triệt"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Số, ký hiệu, cách nhau bởi dấu chấm phẩy: 35-NQ/TW; 88-KL/TU"),
    )

    class Meta:
        model = Activity
        fields = [
            "kind", "orgunit", "co_organisers", "title", "held_on", "ends_on", "starts_at",
            "ends_at", "place", "party_members", "cadres", "youth_members",
            "association_members", "public", "sessions", "enrolled", "graduated", "materials",
            "result_note",
        ]  # fmt: skip
        labels = {"kind": gettext_lazy("Loại hoạt động")}
        widgets = {
            "starts_at": TimeInput,
            "ends_at": TimeInput,
            "materials": forms.Textarea(attrs={"rows": 2}),
            "result_note": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}) for name in (
                *COUNTS, *CLASS_COUNTS)},
        }  # fmt: skip

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["orgunit"].queryset = editor_units(user)  # type: ignore[attr-defined]
        self.fields["co_organisers"].queryset = co_organiser_units(user)  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            visible = self.instance.documents.filter(pk__in=documents_visible(user).values("pk"))
            symbols = visible.values_list("symbol", flat=True)
            self.fields["documents_text"].initial = "; ".join(symbols)
        self.documents: list[Document] = []

    def clean_documents_text(self) -> str:
        text = self.cleaned_data["documents_text"]
        self.documents, missing = documents_by_symbol(self.user, text)
        if missing:
            raise forms.ValidationError(
                _("Không tìm thấy văn bản: %(symbols)s. Hãy đăng ký văn bản trước.")
                % {"symbols": "; ".join(missing)}
            )
        return text


class ReporterForm(forms.ModelForm):
    class Meta:
        model = ActivityReporter
        fields = ["role", "name", "position"]


ReporterFormSet = forms.inlineformset_factory(
    Activity, ActivityReporter, form=ReporterForm, extra=2, max_num=20, can_delete=True
)


class QuickForm(forms.ModelForm):
    """A conference in a few fields, for a phone: the rest can be added later."""

    held_on = DateField(label=gettext_lazy("Ngày"))
    title = forms.CharField(label=gettext_lazy("Tên hoạt động"), max_length=255, required=False)

    class Meta:
        model = Activity
        fields = ["kind", "held_on", "title", "place", *COUNTS]
        labels = {"kind": gettext_lazy("Loại hoạt động")}
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}) for name in COUNTS
        }

    def clean_title(self) -> str:
        kind = self.cleaned_data.get("kind")
        return self.cleaned_data["title"] or (kind.name if kind else "")


class ListFilter(forms.Form):
    unit = TreeChoiceField(
        label=gettext_lazy("Đơn vị"), queryset=OrgUnit.objects.none(), required=False,
        empty_label=gettext_lazy("Tất cả đơn vị trong phạm vi"),
    )  # fmt: skip
    period = PeriodField(label=gettext_lazy("Kỳ"), required=False)
    kind = forms.ModelChoiceField(
        label=gettext_lazy("Loại"), queryset=ActivityKind.objects.all(), required=False,
        empty_label=gettext_lazy("Mọi loại"),
    )  # fmt: skip
    page = PageNumberField()

    def __init__(self, *args, units: QuerySet[OrgUnit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
