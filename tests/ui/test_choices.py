import pytest
from django import forms

from tests.factories import OrgUnitFactory
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.choices import TreeChoiceField, TreeMultipleChoiceField

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    one = TreeChoiceField(queryset=OrgUnit.objects.none(), empty_label=None)
    many = TreeMultipleChoiceField(queryset=OrgUnit.objects.none(), show_code=False)


def test_unit_choices_read_like_the_tree_in_vietnamese_order():
    province = OrgUnitFactory(code="TU", name="Tỉnh ủy")
    vu = OrgUnitFactory(code="VU", name="Xã Vũ Xá", parent=province)
    doi = OrgUnitFactory(code="DOI", name="Xã Đồi Nắng", parent=province)
    OrgUnitFactory(code="T10", name="Chi bộ Thôn 10", parent=doi)
    OrgUnitFactory(code="T2", name="Chi bộ Thôn 2", parent=doi)
    OrgUnitFactory(code="DUONG", name="Xã Dương Hòa", parent=province)
    form = _Form()
    for name in ("one", "many"):
        form.fields[name].queryset = OrgUnit.objects.exclude(pk=vu.pk).order_by("path")  # type: ignore[attr-defined]
    assert [label for _value, label in form.fields["one"].choices] == [
        "Tỉnh ủy (TU)",
        "— Xã Dương Hòa (DUONG)",
        "— Xã Đồi Nắng (DOI)",
        "— — Chi bộ Thôn 2 (T2)",
        "— — Chi bộ Thôn 10 (T10)",
    ]
    # A list below the top starts flush: indented from the shallowest unit offered.
    form.fields["many"].queryset = OrgUnit.objects.filter(parent=province)  # type: ignore[attr-defined]
    assert [label for _value, label in form.fields["many"].choices] == [
        "Xã Dương Hòa",
        "Xã Đồi Nắng",
        "Xã Vũ Xá",
    ]
