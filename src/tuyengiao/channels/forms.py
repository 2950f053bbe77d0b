"""Forms of the channels pages: a unit is always chosen among those the user edits."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.channels.models import (
    BroadcastException,
    BroadcastSlot,
    Channel,
    ChannelOutput,
    CultureRecord,
)
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.ui.files import FileField
from tuyengiao.ui.widgets import DateField, TimeInput
from tuyengiao.values.period_fields import PeriodField
from tuyengiao.values.periods import PeriodKind

_UNIT = ("pk", "name", "parent_id", "path", "level")


def editable_units(user) -> list:
    return tree_sorted(units_in_scope(user, role=Role.EDITOR).only(*_UNIT))


class _UnitForm(forms.ModelForm):
    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = editable_units(user)
        field = cast(forms.ModelChoiceField, self.fields["orgunit"])
        field.queryset = units_in_scope(user, role=Role.EDITOR)
        field.choices = [(unit.pk, unit.name) for unit in units]


class ChannelForm(_UnitForm):
    class Meta:
        model = Channel
        fields = ["orgunit", "kind", "name", "address", "outlet", "location", "technology",
                  "has_timer", "opened_on", "working", "status_since", "note"]  # fmt: skip
        # The one dd/mm/yyyy date box, whatever the browser's language.
        field_classes = {"opened_on": DateField, "status_since": DateField}
        widgets = {"note": forms.Textarea({"rows": 3})}


class OutputForm(forms.ModelForm):
    month = PeriodField(label=_("Tháng"), kinds=[PeriodKind.MONTH])

    class Meta:
        model = ChannelOutput
        fields = ["articles", "news_items", "programmes", "minutes", "note"]

    def __init__(self, *args, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(PeriodField, self.fields["month"]).periods = periods
        self.order_fields(["month"])


class SlotForm(forms.ModelForm):
    class Meta:
        model = BroadcastSlot
        fields = ["weekday", "starts_at", "ends_at", "programme"]
        widgets = {"starts_at": TimeInput, "ends_at": TimeInput}


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = BroadcastException
        fields = ["starts_on", "ends_on", "note"]
        field_classes = {"starts_on": DateField, "ends_on": DateField}


class CultureForm(_UnitForm):
    class Meta:
        model = CultureRecord
        fields = ["orgunit", "register", "name", "place", "members", "year", "stage", "active",
                  "note"]  # fmt: skip
        widgets = {"note": forms.Textarea({"rows": 3})}


class ImportForm(forms.Form):
    file = FileField(label=_("Tệp .xlsx hoặc .csv"))
