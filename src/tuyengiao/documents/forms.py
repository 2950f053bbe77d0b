"""Forms of the registry pages. Every unit offered is limited to the user's scope; the
services still check the role themselves."""

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_filter, scope_paths
from tuyengiao.documents.models import Document, RelationKind, System
from tuyengiao.documents.selectors import documents_visible, editor_units
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import PageNumberField
from tuyengiao.ui.choices import TreeChoiceField
from tuyengiao.ui.files import FileField
from tuyengiao.ui.widgets import DateField

# A text pasted (or edited) in a form field, held in memory by Django: under
# DATA_UPLOAD_MAX_MEMORY_SIZE. A longer text comes as a file.
MAX_TEXT_CHARS = 1_000_000
UPLOAD_EXTENSIONS = (".txt", ".docx", ".pdf")


class SourceForm(forms.Form):
    """Step one of registering: the file or the pasted text the header is read from."""

    orgunit = TreeChoiceField(
        label=_("Đơn vị quản lý văn bản"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    file = FileField(
        label=_("Tệp văn bản (.txt, .docx, .pdf)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung văn bản"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orgunit"].queryset = editor_units(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "file" in self.errors:  # a file was chosen: its own message says what is wrong
            return data
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy chọn một tệp hoặc dán nội dung văn bản."))
        return data


class DocumentForm(forms.Form):
    """The fields of a document, checked by a person before they are saved."""

    system = forms.ChoiceField(label=_("Hệ thống"), choices=System.choices)
    symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60)
    number = forms.CharField(label=_("Số"), max_length=20)
    type_name = forms.CharField(label=_("Loại văn bản"), max_length=60, required=False)
    type_code = forms.CharField(label=_("Mã loại"), max_length=10, required=False)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1930, max_value=2200)
    issued_on = DateField(label=_("Ngày ban hành"), required=False)
    issuer_name = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    issuer_code = forms.CharField(label=_("Mã cơ quan ban hành"), max_length=40, required=False)
    issuer_unit = TreeChoiceField(
        label=_("Đơn vị ban hành (nếu thuộc hệ thống)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("— Không thuộc hệ thống —"),
    )
    title = forms.CharField(
        label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label=_("Tóm tắt"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidential = forms.BooleanField(label=_("Văn bản mật"), required=False)
    full_text = forms.CharField(
        label=_("Toàn văn"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # An issuing organ is usually above the user (the province issues, the commune
        # registers): offer the units the user reads documents from.
        self.fields["issuer_unit"].queryset = scope_filter(  # type: ignore[attr-defined]
            OrgUnit.objects.all(), user, path_field="path", with_ancestors=True
        ).order_by("path")


class RegisterForm(DocumentForm):
    """Step two of registering: the prefilled fields, the holding unit and the upload."""

    orgunit = TreeChoiceField(
        label=_("Đơn vị quản lý văn bản"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    upload_token = forms.CharField(required=False, widget=forms.HiddenInput)
    # The text stays on the server between the two steps (staging.py), never posted back:
    # set to None, the field inherited from DocumentForm is removed (Django's way).
    full_text = None  # type: ignore[assignment]

    field_order = ["orgunit"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["orgunit"].queryset = editor_units(user)  # type: ignore[attr-defined]


class ReferenceForm(forms.Form):
    """One relation proposed from the text (or typed by hand): kept unless unticked."""

    keep = forms.BooleanField(label=_("Giữ"), required=False, initial=True)
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=RelationKind.choices)
    target_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    target_date = DateField(label=_("Ngày ban hành"), required=False)


ReferenceFormSet = forms.formset_factory(ReferenceForm, extra=1, max_num=200)


class RelationAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=RelationKind.choices)
    target_symbol = forms.CharField(label=_("Số, ký hiệu văn bản liên quan"), max_length=60)
    target_date = DateField(label=_("Ngày ban hành (nếu biết)"), required=False)


CHOICES_SECONDS = 60


def _first(field: str, **after) -> Any:
    """The registry's lowest value of `field` past `after`, NULL excepted: one index seek (the
    indexes of Document.Meta that start with the field)."""
    values = Document.objects.filter(**{f"{field}__isnull": False}, **after)
    return values.order_by(field).values_list(field, flat=True).first()


def _distinct(visible, field: str, *, above: Any = None, known: Iterable = ()) -> list:
    """The values of `field` the `visible` documents carry, in order: the registry's values one
    seek each, each kept when a visible document carries it (a seek too; none for a value in
    `known`). A DISTINCT over the visible rows read every row: a minute at 200,000 long
    documents. `above`: the values to leave out, "" for text."""
    found = []
    value = _first(field, **({} if above is None else {f"{field}__gt": above}))
    while value is not None:
        if value in known or visible.filter(**{field: value}).exists():
            found.append(value)
        value = _first(field, **{f"{field}__gt": value})
    return found


def _issue_years(visible) -> set[int]:
    """The years the `visible` documents were issued in, read as `_distinct` reads values."""
    years: set[int] = set()
    day = _first("issued_on")
    while day is not None:
        start, end = date(day.year, 1, 1), date(day.year + 1, 1, 1)
        if visible.filter(issued_on__gte=start, issued_on__lt=end).exists():
            years.add(day.year)
        day = _first("issued_on", issued_on__gte=end)
    return years


_saves = Counter[str]()  # documents saved or deleted by this process


@receiver([post_save, post_delete], sender=Document, dispatch_uid="documents_filter_values")
def _registry_changed(sender, **kwargs) -> None:
    _saves["documents"] += 1


def _filter_values(user) -> tuple[list[str], list[str], list[int]]:
    """Type codes, issuer codes and years the user's documents carry. Kept a minute per scope
    in each process (CHOICES_SECONDS), or until this process saves a document: the first page
    of a scope reads them with some sixty seeks, the next ones not at all; a value a document
    saved by another process brings is offered within the minute."""
    scope = (scope_paths(user), scope_paths(user, role=Role.APPROVER), _saves["documents"])
    key = "documents:filter-values:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    values = cache.get(key)
    if values is None:
        visible = documents_visible(user)
        years = _issue_years(visible)
        # A State legal document's number carries its own year ("25/2024/TT-BTC").
        years |= set(_distinct(visible, "year", known=years))
        values = (
            _distinct(visible, "type_code", above=""),
            _distinct(visible, "issuer_code", above=""),
            sorted(years, reverse=True),
        )
        cache.set(key, values, CHOICES_SECONDS)
    return values


class SearchForm(forms.Form):
    """The one search box of the registry and its filters, offering only values the user's
    documents carry."""

    q = forms.CharField(label=_("Tìm văn bản"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Loại"), required=False)
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành"), required=False)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    relation = forms.ChoiceField(label=_("Quan hệ"), required=False)
    page = PageNumberField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        type_codes, issuer_codes, years = _filter_values(user)
        self.fields["type"].choices = everything + [  # type: ignore[attr-defined]
            (code, code) for code in type_codes
        ]
        self.fields["issuer"].choices = everything + [  # type: ignore[attr-defined]
            (code, code) for code in issuer_codes
        ]
        self.fields["year"].choices = everything + [  # type: ignore[attr-defined]
            (str(y), str(y)) for y in years
        ]
        self.fields["relation"].choices = everything + list(  # type: ignore[attr-defined]
            RelationKind.choices
        )
