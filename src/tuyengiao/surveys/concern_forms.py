"""Forms of concerns: a unit's month (a row of boxes per topic) and a task for a topic.

The month's boxes are plain text boxes the service reads (`concerns.concerns_save` owns the
rules and says in Vietnamese which topic is wrong); the form only carries them and puts the
service's messages back on the boxes they concern."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tuyengiao.surveys.concern_selectors import MonthRow
from tuyengiao.surveys.concerns import COUNTS, SUMMARY_MAX, ConcernRow
from tuyengiao.ui.widgets import DateField

_COUNT_LABELS = {
    # In the tracking and tree apps these words name other things ("review", "moved").
    "heard": pgettext_lazy("concerns", "Tiếp nhận"),
    "resolved": _("Đã giải quyết tại cơ sở"),
    "passed_up": pgettext_lazy("concerns", "Chuyển cấp trên"),
}


class MonthForm(forms.Form):
    """The topics of a unit's month: heard, resolved, passed up and a summary for each."""

    def __init__(self, *args, rows: list[MonthRow], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.topic_rows = rows
        for row in rows:
            code, name = row.topic.code, row.name
            for count, _indicator in COUNTS:
                label = f"{name}: {_COUNT_LABELS[count]}"
                self.fields[f"{code}-{count}"] = forms.CharField(
                    label=label,
                    required=False,
                    initial=row.values.get(count),
                    # In a table cell the box has no <label> of its own: its name is this.
                    widget=forms.NumberInput(
                        attrs={
                            "min": 0,
                            "step": 1,
                            "inputmode": "numeric",
                            "class": "count",
                            "aria-label": label,
                        }
                    ),
                )
                # The version the page showed: a value changed since is not overwritten.
                self.fields[f"{code}-{count}-v"] = forms.IntegerField(
                    required=False,
                    initial=row.versions.get(count, 0),
                    widget=forms.HiddenInput,
                )
            label = f"{name}: {_('Tóm tắt (ẩn danh)')}"
            self.fields[f"{code}-summary"] = forms.CharField(
                label=label,
                required=False,
                initial=row.summary,
                strip=True,
                widget=forms.Textarea(
                    attrs={"rows": 2, "maxlength": SUMMARY_MAX, "aria-label": label}
                ),
            )

    def lines(self) -> list[dict]:
        """Per topic, its bound fields, for the template's table."""
        return [
            {
                "row": row,
                "counts": [self[f"{row.topic.code}-{count}"] for count, _i in COUNTS],
                "versions": [self[f"{row.topic.code}-{count}-v"] for count, _i in COUNTS],
                "summary": self[f"{row.topic.code}-summary"],
            }
            for row in self.topic_rows
        ]

    def rows(self) -> list[ConcernRow]:
        data = self.cleaned_data
        return [
            ConcernRow(
                topic=row.topic.code,
                heard=data.get(f"{row.topic.code}-heard") or "",
                resolved=data.get(f"{row.topic.code}-resolved") or "",
                passed_up=data.get(f"{row.topic.code}-passed_up") or "",
                summary=data.get(f"{row.topic.code}-summary") or "",
                versions={count: data.get(f"{row.topic.code}-{count}-v") for count, _i in COUNTS},
            )
            for row in self.topic_rows
        ]

    def errors_from(self, error: ValidationError) -> None:
        """The service's refusal, each message on the box it concerns."""
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else None
            for message in messages:
                self.add_error(field, message)


def _default_deadline() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Tên nhiệm vụ"), max_length=255)
    deadline = DateField(label=_("Thời hạn"), initial=_default_deadline)
    description = forms.CharField(
        label=_("Nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Số liệu và tóm tắt ẩn danh của đơn vị; không ghi tên, địa chỉ người dân."),
    )
