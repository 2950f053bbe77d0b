"""Forms of the tracking pages. Units offered come from the user's scope; the services
check the roles again."""

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible, editor_units
from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.paging import PageNumberField
from tuyengiao.tracking.models import (
    OPEN_STATUSES,
    OVERDUE,
    OVERDUE_LABEL,
    AssignmentRole,
    MemberRole,
    Recurrence,
    Status,
)
from tuyengiao.tracking.selectors import indicators_reportable
from tuyengiao.tracking.services import TaskDraft
from tuyengiao.ui.choices import TreeChoiceField, TreeMultipleChoiceField
from tuyengiao.ui.files import FileField
from tuyengiao.ui.formats import name_in_language
from tuyengiao.ui.widgets import DateField
from tuyengiao.values.models import Indicator
from tuyengiao.values.period_fields import PeriodField, span_period
from tuyengiao.values.periods import Period

EXTRA_ROWS = 2


def _date(label) -> forms.DateField:
    return DateField(label=label, required=False)


class TaskRowForm(forms.Form):
    """One proposed task (or sub-task) on the "Tạo nhiệm vụ" page: a row of the list, its
    text folded away under the title."""

    keep = forms.BooleanField(label=_("Lấy"), required=False, initial=True)
    number = forms.CharField(
        label=_("Số"), max_length=20, required=False, widget=forms.TextInput(attrs={"size": 4})
    )
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recurrence = forms.ChoiceField(
        label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False
    )
    deadline = _date(_("Thời hạn"))
    # The row index of the task this one is a sub-task of, "" for a task of its own.
    parent = forms.CharField(required=False, widget=forms.HiddenInput)


TaskRowFormSet = forms.formset_factory(TaskRowForm, extra=0, max_num=500, absolute_max=500)


class TaskHeaderForm(forms.Form):
    """What all the new tasks share: the unit that sets them. Each row has its own deadline
    and recurrence."""

    orgunit = TreeChoiceField(
        label=_("Đơn vị giao nhiệm vụ"), queryset=OrgUnit.objects.none(), empty_label=None
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgunit"].queryset = editor_units(user)  # type: ignore[attr-defined]


def drafts_from_rows(rows: list[dict]) -> list[TaskDraft]:
    """Tasks and sub-tasks from the kept rows; a sub-task of a dropped task is dropped too."""
    drafts: dict[str, TaskDraft] = {}
    result: list[TaskDraft] = []
    for index, row in enumerate(rows):
        if not row.get("keep") or not (row.get("title") or "").strip():
            continue
        draft = TaskDraft(
            title=row["title"],
            description=row.get("description") or "",
            number=row.get("number") or "",
            deadline=row.get("deadline"),
            recurrence=row.get("recurrence") or "",
        )
        parent = row.get("parent") or ""
        if parent:
            if parent in drafts:
                drafts[parent].subtasks.append(draft)
            continue
        drafts[str(index)] = draft
        result.append(draft)
    return result


class AssignForm(forms.Form):
    """To whom a task goes: units one by one, every unit of a kind, or every unit right
    below the holder ("all communes" for a province)."""

    units = TreeMultipleChoiceField(
        label=_("Đơn vị"), queryset=OrgUnit.objects.none(), required=False
    )
    kind = forms.ModelChoiceField(
        label=_("Hoặc mọi đơn vị loại"),
        queryset=UnitKind.objects.none(),
        required=False,
        empty_label=_("— Không chọn —"),
    )
    all_below = forms.BooleanField(label=_("Hoặc mọi đơn vị trực thuộc"), required=False)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=AssignmentRole.choices, initial=AssignmentRole.CARRY_OUT
    )
    deadline = _date(_("Thời hạn (để trống: theo nhiệm vụ)"))
    recurrence = forms.ChoiceField(
        label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False
    )
    with_subtasks = forms.BooleanField(
        label=_("Giao cả nhiệm vụ con"), required=False, initial=True
    )

    def __init__(self, *args, holder: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.holder = holder
        below = self._below()
        units = self.fields["units"]
        units.queryset = below.select_related("kind").order_by("path")  # type: ignore[attr-defined]
        self.fields["kind"].queryset = UnitKind.objects.filter(  # type: ignore[attr-defined]
            pk__in=below.values("kind_id")
        ).order_by("sort_order", "name")

    def _below(self) -> QuerySet[OrgUnit]:
        today = timezone.localdate()
        return OrgUnit.objects.subtree_of(self.holder).exclude(pk=self.holder.pk).open_on(today)

    def clean(self) -> dict:
        data = super().clean() or {}
        if not (data.get("units") or data.get("kind") or data.get("all_below")):
            raise forms.ValidationError(
                _("Chọn ít nhất một đơn vị, một loại đơn vị hoặc mọi đơn vị trực thuộc.")
            )
        return data

    def chosen_units(self) -> list[OrgUnit]:
        data = self.cleaned_data
        chosen = {unit.pk: unit for unit in data.get("units") or ()}
        below = self._below()
        if data.get("kind"):
            chosen.update((u.pk, u) for u in below.filter(kind=data["kind"]))
        if data.get("all_below"):
            chosen.update((u.pk, u) for u in below.filter(parent=self.holder))
        return sorted(chosen.values(), key=lambda unit: unit.path)


STATUS_FILTER_CHOICES = (
    [("", _("Tất cả"))]
    + [(value, label) for value, label in Status.choices if value in OPEN_STATUSES]
    + [
        (OVERDUE, OVERDUE_LABEL),
        (Status.DONE, Status.DONE.label),
        (Status.CANCELLED, Status.CANCELLED.label),
    ]
)


class MatrixFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=STATUS_FILTER_CHOICES, required=False)
    page = PageNumberField()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(FileField):
    """Several files in one input (Django's recipe: FileField checks one file at a time)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(widget=MultipleFileInput(), **kwargs)

    def clean(self, data, initial=None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ProgressReportForm(forms.Form):
    period = PeriodField(label=_("Kỳ báo cáo"))
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Status.choices)
    results = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    shortcomings = forms.CharField(
        label=_("Tồn tại, hạn chế"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Nhiệm vụ thời gian tới"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(  # type: ignore[assignment]  # a field named like the form's own
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Có thể chọn nhiều tệp, mỗi tệp tối đa 20 MB."),
    )

    def __init__(
        self, *args, indicators: Iterable[Indicator] = (), periods: Iterable[Period] = (), **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].periods = list(periods)  # type: ignore[attr-defined]
        # One box per indicator of the task, checked by reporting when the report is saved
        # (the type, the bounds, a locked period), so that the message is the grid's own.
        self.indicators = list(indicators)
        for indicator in self.indicators:
            unit = f" ({indicator.unit_of_measure})" if indicator.unit_of_measure else ""
            self.fields[self.figure_name(indicator)] = forms.CharField(
                label=f"{name_in_language(indicator.name, indicator.name_en)}{unit}",
                required=False,
                max_length=60,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "figure"}),
            )

    @staticmethod
    def figure_name(indicator: Indicator) -> str:
        return f"figure_{indicator.code}"

    def figures(self) -> dict[Indicator, str]:
        return {i: self.cleaned_data.get(self.figure_name(i)) or "" for i in self.indicators}


class TaskEditForm(forms.Form):
    """A task's own fields, and the indicators its reports carry."""

    number = forms.CharField(label=_("Số"), max_length=20, required=False)
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=255)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    deadline = _date(_("Thời hạn"))
    recurrence = forms.ChoiceField(
        label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Chỉ tiêu báo cáo kèm"),
        queryset=indicators_reportable(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Đơn vị thực hiện ghi các số này khi báo cáo tiến độ; số được lưu vào chỉ tiêu của "
            "đơn vị trong kỳ báo cáo và cộng dồn lên các cấp như số nhập trên biểu mẫu."
        ),
    )


class ReviewDecisionForm(forms.Form):
    """The setter's answer to a progress report."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Tiếp nhận")), ("return", _("Trả lại"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Lý do trả lại"), max_length=500, required=False)


class SpanForm(forms.Form):
    """The span a review (sơ kết, tổng kết) covers: a period picked in the list (6 months,
    a year…), or any two days."""

    period = PeriodField(label=_("Kỳ"), required=False)
    start = _date(_("Hoặc từ ngày"))
    end = _date(_("Đến ngày"))

    def __init__(self, *args, periods: Iterable[Period] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        period.periods = list(periods)  # type: ignore[attr-defined]
        period.widget.empty_label = _("Khoảng ngày dưới đây")

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("Ngày kết thúc trước ngày bắt đầu."))
        return data

    def chosen(self) -> Period | None:
        """The period asked for: the one picked, else the two days typed, else None."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data.get("period"):
            return data["period"]
        if data.get("start") and data.get("end"):
            return span_period(data["start"], data["end"])
        return None


class InspectionForm(forms.Form):
    orgunit = TreeChoiceField(
        label=_("Đơn vị kiểm tra"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Tên cuộc kiểm tra"), max_length=255)
    topics = forms.CharField(
        label=_("Nội dung kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = DateField(label=_("Từ ngày"))
    ends_on = DateField(label=_("Đến ngày"))
    units = TreeMultipleChoiceField(
        label=_("Đơn vị được kiểm tra"),
        queryset=OrgUnit.objects.none(),
        help_text=_("Giữ Ctrl (trên điện thoại: chạm từng đơn vị) để chọn nhiều đơn vị."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    documents = forms.CharField(
        label=_("Văn bản liên quan"),
        required=False,
        help_text=_("Số, ký hiệu, cách nhau bằng dấu phẩy (88-KL/TU, 35-NQ/TW)."),
        max_length=2000,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["orgunit"].queryset = editor_units(user)  # type: ignore[attr-defined]
        # Every open unit the user edits for; the service keeps those below the inspecting one.
        units = self.fields["units"]
        units.queryset = editor_units(user).select_related("kind")  # type: ignore[attr-defined]

    def clean_units(self) -> list[OrgUnit]:
        return sorted(self.cleaned_data["units"], key=lambda unit: unit.path)

    def clean_documents(self) -> list[Document]:
        symbols = [s.strip() for s in self.cleaned_data["documents"].split(",") if s.strip()]
        found: dict[str, Document] = {}
        for document in (
            documents_visible(self.user).filter(symbol__in=symbols).order_by("-issued_on")
        ):
            found.setdefault(document.symbol, document)
        unknown = [s for s in symbols if s not in found]
        if unknown:
            raise forms.ValidationError(
                _("Không tìm thấy văn bản: %(symbols)s.") % {"symbols": ", ".join(unknown)}
            )
        return [found[s] for s in dict.fromkeys(symbols)]


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=160, required=False)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER
    )


MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=30, absolute_max=30)


class FindingsForm(forms.Form):
    strengths = forms.CharField(
        label=_("Ưu điểm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    shortcomings = forms.CharField(
        label=_("Hạn chế, khuyết điểm"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Kiến nghị"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = _date(_("Thời hạn"))
