"""The form of a meeting on the calendar, offering only the units the user may use."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_filter, units_in_scope
from tuyengiao.activities.models import ActivityKind, Meeting
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.widgets import DateField, TimeInput


class MeetingForm(forms.ModelForm):
    held_on = DateField(label=_("Ngày họp"))
    ends_on = DateField(label=_("Đến ngày"), required=False)
    # A proposal from an invitation may be left out: unticked, it is not saved.
    keep = forms.BooleanField(label=_("Đưa vào lịch"), required=False, initial=True)

    class Meta:
        model = Meeting
        fields = ["orgunit", "title", "held_on", "starts_at", "ends_on", "ends_at", "place",
                  "host", "host_name", "invited"]  # fmt: skip
        widgets = {
            "starts_at": TimeInput,
            "ends_at": TimeInput,
            "title": forms.Textarea(attrs={"rows": 2}),
            "invited": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, proposal: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        editable = units_in_scope(user, role=Role.EDITOR).order_by("path")
        self.fields["orgunit"].queryset = editable  # type: ignore[attr-defined]
        self.fields["invited"].queryset = editable  # type: ignore[attr-defined]
        # The host is often a unit above the user's: the units they see and those above.
        hosts = scope_filter(OrgUnit.objects.all(), user, path_field="path", with_ancestors=True)
        self.fields["host"].queryset = hosts.order_by("path")  # type: ignore[attr-defined]
        if proposal:  # the choice first, beside the legend
            self.order_fields(["keep"])
        else:
            del self.fields["keep"]


class ToActivityForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Loại hoạt động"), queryset=ActivityKind.objects.all(), empty_label=None
    )
