from types import SimpleNamespace

import pytest
from django.db import connection

from tests.factories import OrgUnitFactory
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.collation import collated, sort_key, tree_sorted

# In the order a Vietnamese dictionary (and ICU's vi-VN collation) gives them.
ORDERED = [
    "a", "à", "ả", "ã", "á", "ạ", "An", "Ăn", "Âu", "Bến Trăng", "Dương", "Đảng ủy Các cơ quan",
    "Đảng ủy xã Lũng Sương", "Đồi Nắng", "Ôn", "Ơn", "Thôn 2", "Thôn 10", "Uông", "Ủy ban", "Ưng",
    "Vũ",
]  # fmt: skip


def test_sort_key_follows_the_vietnamese_alphabet():
    shuffled = sorted(ORDERED, key=lambda name: name[::-1])
    assert sorted(shuffled, key=sort_key) == ORDERED


def test_d_with_stroke_comes_after_d_not_after_v():
    assert sorted(["Vũ", "Đồi Nắng", "Dương"], key=sort_key) == ["Dương", "Đồi Nắng", "Vũ"]


@pytest.mark.django_db
def test_the_database_orders_names_the_same_way():
    # ICU on PostgreSQL, the Python collation on SQLite: the same order either way.
    parent = OrgUnitFactory(name="Tỉnh ủy")
    for name in reversed(ORDERED):
        OrgUnitFactory(name=name, parent=parent)
    units = OrgUnit.objects.filter(parent=parent).order_by(collated("name"))
    names = list(units.values_list("name", flat=True))
    assert names == ORDERED, connection.vendor


def test_tree_sorted_puts_children_under_their_parent_in_order():
    def unit(pk, name, parent=None):
        return SimpleNamespace(pk=pk, name=name, parent_id=parent)

    units = [
        unit(1, "Tỉnh ủy"),
        unit(2, "Đảng ủy xã Vũ Xá", 1),
        unit(3, "Đảng ủy xã Bến Trăng", 1),
        unit(4, "Chi bộ Thôn 10", 3),
        unit(5, "Chi bộ Thôn 2", 3),
        unit(6, "Đảng ủy xã Đồi Nắng", 1),
    ]
    assert [u.pk for u in tree_sorted(units)] == [1, 3, 5, 4, 6, 2]
