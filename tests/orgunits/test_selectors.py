from tests.factories import OrgUnitFactory
from tuyengiao.orgunits.selectors import (
    orgunit_ancestors,
    orgunit_children,
    orgunit_roots,
    orgunit_search,
)


def test_roots_are_the_tops_of_the_scope(tree, owner, province_admin, site_admin, outsider):
    assert [u.code for u in orgunit_roots(user=owner)] == ["XA-AB"]
    assert [u.code for u in orgunit_roots(user=province_admin)] == ["TU"]
    assert [u.code for u in orgunit_roots(user=site_admin)] == ["TU"]
    assert [u.code for u in orgunit_roots(user=outsider)] == ["XA-BM"]


def test_children_carry_their_child_count(tree, province_admin):
    OrgUnitFactory(code="TO-1", parent=tree.cell_a1)
    OrgUnitFactory(code="TO-2", parent=tree.cell_a1)
    children = {
        u.code: u.child_count for u in orgunit_children(user=province_admin, unit=tree.province)
    }
    assert children == {"XA-AB": 1, "XA-BM": 1}
    cells = orgunit_children(user=province_admin, unit=tree.commune_a)
    assert [(u.code, u.child_count) for u in cells] == [("CB-A1", 2)]


def test_children_are_filtered_by_scope(tree, outsider):
    assert list(orgunit_children(user=outsider, unit=tree.province)) == [tree.commune_b]


def test_ancestors_stop_at_the_scope(tree, owner, province_admin):
    assert orgunit_ancestors(user=province_admin, unit=tree.cell_a1) == [
        tree.province,
        tree.commune_a,
    ]
    assert orgunit_ancestors(user=owner, unit=tree.cell_a1) == [tree.commune_a]


def test_search_folds_marks_and_case(tree, province_admin, outsider):
    OrgUnitFactory(code="XA-TU", name="Xã Tân Uyên", parent=tree.commune_a)
    OrgUnitFactory(code="P-HOA", name="Phường Hòa Bình", short_name="HB", parent=tree.commune_b)
    hits = orgunit_search(user=province_admin, query="xa tan uyen")
    assert [h.unit.code for h in hits] == ["XA-TU"]
    assert hits[0].ancestors == [tree.province, tree.commune_a]
    assert [h.unit.code for h in orgunit_search(user=province_admin, query="hoà")] == ["P-HOA"]
    assert [h.unit.code for h in orgunit_search(user=province_admin, query="XA-TU")] == ["XA-TU"]
    assert [h.unit.code for h in orgunit_search(user=province_admin, query="Đảng Ủy An")] == [
        "XA-AB"
    ]
    # Another commune's unit stays hidden; so does the unsearchable empty query.
    assert orgunit_search(user=outsider, query="tan uyen") == []
    assert orgunit_search(user=province_admin, query="   ") == []
    assert orgunit_search(user=province_admin, query="100%_") == []


def test_search_is_limited(tree, site_admin):
    for n in range(5):
        OrgUnitFactory(code=f"C{n}", name=f"Chi bộ số {n}", parent=tree.cell_a1)
    assert len(orgunit_search(user=site_admin, query="chi bo", limit=3)) == 3


def test_open_units_come_first(tree, province_admin):
    import datetime

    from tuyengiao.orgunits.services import orgunit_merge

    orgunit_merge(
        units=[tree.commune_a],
        successor=tree.commune_b,
        merged_on=datetime.date(2025, 7, 1),
        move_children=True,
    )
    children = orgunit_children(user=province_admin, unit=tree.province)
    assert [u.code for u in children] == ["XA-BM", "XA-AB"]


def test_children_come_in_vietnamese_order(tree, province_admin):
    # Đ after D, not after V where a code-point sort puts it; Thôn 2 before Thôn 10.
    kind = tree.commune_a.kind
    for code, name in [
        ("X-V", "Xã Vũ Xá"),
        ("X-DD", "Xã Đồi Nắng"),
        ("X-D", "Xã Dương Hòa"),
        ("X-10", "Xã Thôn 10"),
        ("X-2", "Xã Thôn 2"),
    ]:
        OrgUnitFactory(code=code, name=name, kind=kind, parent=tree.province)
    names = [u.name for u in orgunit_children(user=province_admin, unit=tree.province)]
    assert names[2:] == ["Xã Dương Hòa", "Xã Đồi Nắng", "Xã Thôn 2", "Xã Thôn 10", "Xã Vũ Xá"]
