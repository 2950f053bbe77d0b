"""Forms of the contest pages. The units offered are those the user may submit for; the
services check the role and every rule again."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.contests.models import (
    Category,
    CategoryKind,
    Contest,
    Criterion,
    Prize,
    PrizeLevel,
    Round,
    Stage,
)
from tuyengiao.contests.services import AuthorIn
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.docnum import canonical_symbol
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
    # The contest's own names of its categories, as its organiser wrote them.
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Thể loại"), queryset=Category.objects.none(), empty_label=None,
        widget=forms.Select(attrs={"lang": "vi"}),
    )  # fmt: skip
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


class ContestForm(forms.ModelForm):
    """A new contest: its rules, the launching document by its symbol, the secretary by
    login name and the number of prizes by level."""

    orgunit = TreeChoiceField(
        label=_("Đơn vị tổ chức"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    document_symbol = forms.CharField(
        label=_("Số, ký hiệu văn bản phát động (đã đăng ký trong hệ thống)"),
        max_length=60, required=False,
        help_text=_("Ví dụ: 15-KH/BTGDVTU. Để trống nếu chưa đăng ký."),
    )  # fmt: skip
    secretary_username = forms.CharField(
        label=_("Tên đăng nhập của thư ký cuộc thi (người duy nhất được mở phách)"),
        max_length=150, required=False,
    )  # fmt: skip
    opens_on = DateField(label=_("Nhận bài từ ngày"))
    closes_on = DateField(label=_("Nhận bài đến ngày"))
    published_after = DateField(label=_("Tác phẩm báo chí đăng từ ngày"), required=False)
    published_before = DateField(label=_("Tác phẩm báo chí đăng đến ngày"), required=False)

    class Meta:
        model = Contest
        fields = ["title", "orgunit", "year", "opens_on", "closes_on", "max_words",
                  "one_per_author", "published_after", "published_before", "gap",
                  "further_rule", "tie_rule"]  # fmt: skip

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["orgunit"].queryset = (  # type: ignore[attr-defined]
            units_in_scope(user, role=Role.EDITOR).filter(closed_on__isnull=True).order_by("path")
        )
        for level, label in PrizeLevel.choices:
            self.fields[f"prize_{level}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100, initial=PRIZE_COUNTS[level]
            )

    def clean_document_symbol(self):
        typed = " ".join(self.cleaned_data["document_symbol"].split())
        if not typed:
            return None
        symbol = canonical_symbol(typed) or typed
        found = documents_visible(self.user).filter(symbol__iexact=symbol)
        document = found.order_by("-issued_on", "-pk").first()
        if document is None:
            raise forms.ValidationError(
                _("Không tìm thấy văn bản %(symbol)s trong hệ thống: hãy đăng ký văn bản trước, "
                  "hoặc để trống.") % {"symbol": symbol}
            )  # fmt: skip
        return document

    def clean_secretary_username(self):
        name = self.cleaned_data["secretary_username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản: %(names)s.") % {"names": name})
        return user

    def prizes(self) -> list[Prize]:
        return [
            Prize(level=level, count=self.cleaned_data[f"prize_{level}"])
            for level in PrizeLevel.values
            if self.cleaned_data[f"prize_{level}"]
        ]


# What a new contest's form offers first: the prizes of a usual provincial contest.
PRIZE_COUNTS = {"A": 1, "B": 2, "C": 3, "KK": 5}
CATEGORY_INITIAL = [{"name": _("Chính luận"), "kind": CategoryKind.ESSAY}]
CRITERIA_INITIAL = [
    {"name": _("Nội dung, tư tưởng"), "weight": 6},
    {"name": _("Lập luận, tính thuyết phục"), "weight": 3},
    {"name": _("Hình thức trình bày"), "weight": 1},
]
ROUNDS = [Stage.PRELIMINARY, Stage.FINAL]


class _RowsBase(forms.BaseModelFormSet):
    """Rows of a new contest: blank rows are left out; at least one row is needed."""

    needed: str = ""

    def clean(self) -> None:
        super().clean()
        if not any(self.errors) and not self.rows():
            raise forms.ValidationError(self.needed)

    def rows(self) -> list:
        # A blank row (unchanged from its defaults) has no cleaned data.
        return [form.save(commit=False) for form in self.forms if form.cleaned_data]


def _rows(model, fields, *, needed, extra, **options) -> type[_RowsBase]:
    base = type("Rows", (_RowsBase,), {"needed": needed})
    rows = forms.modelformset_factory(model, fields=fields, formset=base, extra=extra, **options)
    return rows  # type: ignore[return-value]


CategoryRows = _rows(Category, ["name", "kind"], extra=4,
                     needed=_("Cuộc thi cần ít nhất một thể loại."))  # fmt: skip
CriterionRows = _rows(Criterion, ["name", "weight", "max_score"], extra=4,
                      needed=_("Cuộc thi cần ít nhất một tiêu chí chấm."))  # fmt: skip
RoundRows = _rows(Round, ["stage", "opens_on", "closes_on", "shortlist", "judges_per_entry"],
                  extra=2, needed=_("Cuộc thi cần ít nhất một vòng chấm."),
                  field_classes={"opens_on": DateField, "closes_on": DateField})  # fmt: skip
