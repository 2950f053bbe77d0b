"""Forms of the survey builder: the survey, its questions (a formset that needs no script:
rows are added by a button that sends the form back, removed by a box ticked), and the codes
sheet's request."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.models import Band, QuestionKind, Survey
from tuyengiao.surveys.services import CHOICE_KINDS, MAX_QUESTIONS, question_clean
from tuyengiao.ui.widgets import DateField

# A printed sheet of codes: one unit's slips at a time, 50 pages at most.
CODES_MAX_SHEET = 500


class SurveyForm(forms.ModelForm):
    """Title, purpose, window and units: the organiser is fixed (picked before, on a new
    survey); `units` offers the choices the selector gives (`unit_choices`)."""

    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được khảo sát"),
        queryset=OrgUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Phiếu của người dân mỗi đơn vị được tính cho đơn vị đó (theo mã phiếu)."),
    )

    class Meta:
        model = Survey
        fields = ["title", "purpose", "opens_on", "closes_on"]
        field_classes = {"opens_on": DateField, "closes_on": DateField}
        widgets = {"purpose": forms.Textarea({"rows": 3})}

    def __init__(self, *args, units: list[OrgUnit], fixed_start: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["units"])
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units])
        # Indented under the organiser, as the tree reads.
        top = min((unit.level for unit in units), default=0)
        field.choices = [(u.pk, "\u2003" * (u.level - top) + u.name) for u in units]
        if self.instance.pk is not None and "units" not in self.initial:
            self.initial["units"] = [unit.pk for unit in self.instance.units.all()]
        if fixed_start:
            self.fields["opens_on"].disabled = True
            self.fields["opens_on"].help_text = _("Đã phát hành: ngày bắt đầu không đổi được.")


class QuestionForm(forms.Form):
    """One row of the question editor. A row with no text and no options is left out."""

    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Câu hỏi"), max_length=500, required=False,
                           widget=forms.Textarea({"rows": 2}))  # fmt: skip
    options = forms.CharField(
        label=_("Phương án trả lời"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Chỉ với câu chọn một, chọn nhiều: mỗi dòng một phương án (từ 2 đến 20)."),
    )  # fmt: skip
    band = forms.ChoiceField(
        label=_("Nhóm (thông tin chung)"),
        choices=[("", "—"), *Band.choices],
        required=False,
    )
    required = forms.BooleanField(label=_("Bắt buộc trả lời"), required=False)
    headline = forms.BooleanField(label=_("Câu hỏi đánh giá chính"), required=False)

    def draft(self) -> dict | None:
        """The row as the service takes it; None for a blank or removed row."""
        data = getattr(self, "cleaned_data", None) or {}
        if data.get("DELETE") or not (data.get("text", "").strip() or data.get("options")):
            return None
        options = data.get("options", "")
        return {
            "kind": data.get("kind", ""),
            "text": data.get("text", ""),
            "options": [line for line in options.splitlines() if line.strip()],
            "band": data.get("band", ""),
            "required": data.get("required", False),
            "headline": data.get("headline", False),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        draft = self.draft()
        if draft is not None:
            if draft["kind"] not in CHOICE_KINDS and draft["options"]:
                # The options typed before the kind was changed: not kept, rather than refused.
                draft["options"] = []
                data["options"] = ""
            # The row's own problems, shown on it; those between rows come from the service.
            question_clean(draft)
        return data


class QuestionFormSetBase(forms.BaseFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        form.fields["DELETE"].label = _("Bỏ câu này")

    def drafts(self) -> list[dict]:
        return [draft for form in self.forms if (draft := form.draft()) is not None]

    def rows(self) -> list[dict]:
        """The rows as typed, unchecked, with removed ones left out: to show the form again
        with one more row."""
        rows = []
        for form in self.forms:
            values = {name: form[name].value() for name in form.fields if name != "DELETE"}
            if form["DELETE"].value():
                continue
            rows.append(values)
        return rows


QuestionFormSet = cast(
    type[QuestionFormSetBase],
    forms.formset_factory(
        QuestionForm,
        formset=QuestionFormSetBase,
        extra=0,
        can_delete=True,
        max_num=MAX_QUESTIONS,
        validate_max=True,
        absolute_max=MAX_QUESTIONS + 10,
    ),
)


def question_rows(survey: Survey) -> list[dict]:
    """A survey's questions as the editor's first values."""
    return [
        {
            "kind": q.kind,
            "text": q.text,
            "options": "\n".join(str(o["label"]) for o in q.options),
            "band": q.band,
            "required": q.required,
            "headline": q.headline,
        }
        for q in survey.questions.all()
    ]


class CodesForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị phát phiếu"), queryset=OrgUnit.objects.none(),
                                  empty_label=None)  # fmt: skip
    count = forms.IntegerField(
        label=_("Số mã phiếu"),
        min_value=1,
        max_value=CODES_MAX_SHEET,
        initial=20,
        help_text=_("Từ 1 đến 500; mỗi trang A4 in 10 phiếu."),
    )

    def __init__(self, *args, units: list[OrgUnit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["unit"])
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in units])
        field.choices = [(unit.pk, unit.name) for unit in units]
