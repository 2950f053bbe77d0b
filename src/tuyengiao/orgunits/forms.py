"""Forms of the tree pages. Every choice of a unit is limited to the user's admin scope."""

from typing import TYPE_CHECKING

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.access import UNIT_ADMIN, units_in_scope
from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.tabular.limits import file_too_large
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.ui.files import FileField
from tuyengiao.ui.widgets import DateField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A tree's file, below the site's upload limit: 10 MB is some 100,000 units.
MAX_TREE_BYTES = 10 * 1024 * 1024


def _date_field(label: "StrOrPromise") -> forms.DateField:
    return DateField(label=label, initial=timezone.localdate)


def admin_choices(user, *, exclude_subtree_of: OrgUnit) -> QuerySet[OrgUnit]:
    """Open units the user administers, outside `exclude_subtree_of`'s own subtree."""
    return (
        units_in_scope(user, role=UNIT_ADMIN)
        .filter(closed_on__isnull=True)
        .exclude(path__startswith=exclude_subtree_of.path)
        .order_by("path")
    )


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=120, required=False)
    effective_on = _date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user, unit: OrgUnit, **kwargs) -> None:
        kwargs.setdefault("initial", {"name": unit.name, "short_name": unit.short_name})
        super().__init__(*args, **kwargs)


class MoveForm(forms.Form):
    parent = TreeChoiceField(label=_("Đơn vị cấp trên mới"), queryset=OrgUnit.objects.none())
    effective_on = _date_field(_("Ngày hiệu lực"))
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = admin_choices(user, exclude_subtree_of=unit)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    closed_on = _date_field(_("Ngày giải thể"))
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class MergeForm(forms.Form):
    successor = TreeChoiceField(label=_("Hợp nhất vào đơn vị"), queryset=OrgUnit.objects.none())
    merged_on = _date_field(_("Ngày hợp nhất"))
    move_children = forms.BooleanField(
        label=_("Chuyển các đơn vị cấp dưới còn hoạt động sang đơn vị tiếp nhận"),
        required=False,
        initial=True,
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = admin_choices(user, exclude_subtree_of=unit)  # type: ignore[attr-defined]


class ChildForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=40)
    name = forms.CharField(label=_("Tên"), max_length=255)
    short_name = forms.CharField(label=_("Tên ngắn"), max_length=120, required=False)
    kind = forms.ModelChoiceField(
        label=_("Loại"), queryset=UnitKind.objects.all(), empty_label=_("— Chọn loại —")
    )
    opened_on = DateField(label=_("Ngày thành lập"), required=False)

    def __init__(self, *args, user, unit: OrgUnit, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class ImportForm(forms.Form):
    file = FileField(
        label=_("Tệp CSV hoặc XLSX"),
        help_text=_(
            "Các cột: code, name, short_name, kind, parent_code, opened_on, closed_on, "
            "successor_code. CSV ở mã UTF-8, UTF-16, Windows-1258, TCVN3 hoặc VNI."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, không ghi"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TREE_BYTES:
            raise forms.ValidationError(
                file_too_large(name=upload.name, size=upload.size, limit=MAX_TREE_BYTES)
            )
        return upload
