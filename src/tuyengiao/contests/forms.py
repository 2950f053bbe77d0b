"""Forms of the contest pages. The units offered are those the user may submit for; the
services check the role and every rule again."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.contests.models import Category, Contest, Criterion
from tuyengiao.contests.services import AuthorIn
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.ui.files import FileField
from tuyengiao.ui.widgets import DateField

MAX_AUTHORS = 10
# Author rows a new entry's form starts with (a work has one author, sometimes a group).
AUTHOR_ROWS = 3


def submit_units(*, user, contest: Contest):
    """Open units under the organiser (itself included) the user may submit entries for."""
    return (
        units_in_scope(user, role=Role.EDITOR)
        .filter(path__startswith=contest.orgunit.path, closed_on__isnull=True)
        .order_by("path")
    )


class EntryForm(forms.Form):
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Thể loại"), queryset=Category.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Tên tác phẩm"), max_length=500)
    orgunit = TreeChoiceField(
        label=_("Đơn vị gửi bài"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    file = FileField(
        label=_("Tác phẩm (.docx, .pdf, .txt; bản ghi âm, ghi hình hoặc ảnh với thể loại đó)")
    )
    link = forms.URLField(
        label=_("Đường dẫn tác phẩm (phát thanh, truyền hình)"), max_length=500, required=False
    )
    published_on = DateField(label=_("Ngày đăng, phát (tác phẩm báo chí)"), required=False)
    outlet = forms.CharField(label=_("Cơ quan báo chí đăng, phát"), max_length=255, required=False)

    def __init__(self, *args, user, contest: Contest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.all()  # type: ignore[attr-defined]
        self.fields["orgunit"].queryset = submit_units(user=user, contest=contest)  # type: ignore[attr-defined]


class AuthorForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    unit = forms.CharField(label=_("Đơn vị công tác"), max_length=255, required=False)
    contact = forms.CharField(
        label=_("Điện thoại hoặc thư điện tử"), max_length=120, required=False
    )

    def clean(self):
        data = super().clean() or {}
        if (data.get("unit") or data.get("contact")) and not (data.get("name") or "").strip():
            self.add_error("name", _("Hãy nhập họ và tên tác giả."))
        return data


class AuthorFormSetBase(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.authors():
            raise forms.ValidationError(_("Hãy nhập ít nhất một tác giả."))

    def authors(self) -> list[AuthorIn]:
        return [
            AuthorIn(name=form.cleaned_data["name"].strip(), unit=form.cleaned_data["unit"].strip(),
                     contact=form.cleaned_data["contact"].strip())
            for form in self.forms
            if (form.cleaned_data.get("name") or "").strip()
        ]  # fmt: skip


AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=AuthorFormSetBase, extra=AUTHOR_ROWS, max_num=MAX_AUTHORS,
    validate_max=True,
)  # fmt: skip


class JudgesForm(forms.Form):
    """A round's judges by login name, one a line: invited experts hold no role, so no list
    of the tree's accounts would hold them."""

    usernames = forms.CharField(
        label=_("Tên đăng nhập của giám khảo (mỗi dòng một người)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean_usernames(self) -> list:
        names = list(dict.fromkeys(self.cleaned_data["usernames"].split()))
        users = {u.get_username(): u for u in get_user_model().objects.filter(
            username__in=names, is_active=True)}  # fmt: skip
        missing = [name for name in names if name not in users]
        if missing:
            raise forms.ValidationError(
                _("Không có tài khoản: %(names)s.") % {"names": ", ".join(missing)}
            )
        return [users[name] for name in names]


class ScoreForm(forms.Form):
    """A judge's sheet for one entry: a score per criterion, within its maximum, and a
    comment."""

    comment = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=2000,
    )  # fmt: skip

    def __init__(self, *args, criteria: list[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=_("%(name)s (0–%(max)s, trọng số %(weight)s)") % {
                    "name": criterion.name, "max": _plain(criterion.max_score),
                    "weight": _plain(criterion.weight)},
                min_value=Decimal(0), max_value=criterion.max_score, decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
            )  # fmt: skip
        self.order_fields([*(f"c{c.pk}" for c in criteria), "comment"])

    def values(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
