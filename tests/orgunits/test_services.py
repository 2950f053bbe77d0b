import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrgUnitFactory
from tuyengiao.orgunits.models import OrgUnit, OrgUnitEvent
from tuyengiao.orgunits.selectors import (
    orgunit_current,
    orgunit_current_ids,
    orgunit_successor_chain,
)
from tuyengiao.orgunits.services import (
    orgunit_close,
    orgunit_create,
    orgunit_merge,
    orgunit_move,
    orgunit_rename,
)

DAY = datetime.date(2025, 7, 1)


def test_create_computes_path_and_level(tree):
    unit = orgunit_create(
        code="CB-A2", name="Chi bộ thôn 2 xã An Bình", kind=tree.cell_a1.kind, parent=tree.commune_a
    )
    assert unit.path == f"{tree.commune_a.path}{unit.pk}/"
    assert unit.level == 2


def test_create_refuses_used_code_and_closed_parent(tree):
    with pytest.raises(ValidationError, match="đã được dùng"):
        orgunit_create(code="CB-A1", name="X", kind=tree.cell_a1.kind, parent=tree.commune_a)
    orgunit_close(unit=tree.cell_b1, closed_on=DAY)
    with pytest.raises(ValidationError, match="đã giải thể"):
        orgunit_create(code="NEW", name="X", kind=tree.cell_a1.kind, parent=tree.cell_b1)


def test_rename_keeps_the_old_name(tree):
    orgunit_rename(unit=tree.commune_a, name="Đảng ủy xã An Bình Mới", effective_on=DAY)
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.name == "Đảng ủy xã An Bình Mới"
    event = tree.commune_a.events.get()
    assert (event.kind, event.old_name, event.new_name, event.effective_on) == (
        OrgUnitEvent.Kind.RENAMED,
        "Đảng ủy xã An Bình",
        "Đảng ủy xã An Bình Mới",
        DAY,
    )
    assert "an binh moi" in tree.commune_a.search_key


def test_rename_to_the_same_name_is_refused(tree):
    with pytest.raises(ValidationError):
        orgunit_rename(unit=tree.commune_a, name=" Đảng ủy xã An Bình ", effective_on=DAY)


def test_move_rewrites_the_whole_subtree(tree):
    deep = OrgUnitFactory(code="TO-1", parent=tree.cell_a1)
    orgunit_move(unit=tree.commune_a, parent=tree.commune_b, effective_on=DAY)
    for unit in (tree.commune_a, tree.cell_a1, deep):
        unit.refresh_from_db()
    b = tree.commune_b
    assert tree.commune_a.path == f"{b.path}{tree.commune_a.pk}/"
    assert tree.cell_a1.path == f"{tree.commune_a.path}{tree.cell_a1.pk}/"
    assert deep.path == f"{tree.cell_a1.path}{deep.pk}/"
    assert [tree.commune_a.level, tree.cell_a1.level, deep.level] == [2, 3, 4]
    # The subtree query follows the new paths.
    assert set(OrgUnit.objects.subtree_of(b).values_list("code", flat=True)) == {
        "XA-BM",
        "CB-B1",
        "XA-AB",
        "CB-A1",
        "TO-1",
    }
    event = tree.commune_a.events.get()
    assert (event.kind, event.old_parent, event.target) == ("moved", tree.province, b)


def test_move_up_decreases_levels(tree):
    deep = OrgUnitFactory(code="TO-1", parent=tree.cell_a1)
    orgunit_move(unit=tree.cell_a1, parent=tree.province, effective_on=DAY)
    deep.refresh_from_db()
    assert deep.level == 2
    assert deep.path == f"{tree.province.path}{tree.cell_a1.pk}/{deep.pk}/"


def test_move_refuses_cycles(tree):
    with pytest.raises(ValidationError, match="chính nó"):
        orgunit_move(unit=tree.commune_a, parent=tree.cell_a1, effective_on=DAY)
    with pytest.raises(ValidationError, match="chính nó"):
        orgunit_move(unit=tree.commune_a, parent=tree.commune_a, effective_on=DAY)
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.path == f"{tree.commune_a.path}{tree.cell_a1.pk}/"


def test_close_refuses_open_children(tree):
    with pytest.raises(ValidationError, match="Chi bộ thôn 1"):
        orgunit_close(unit=tree.commune_a, closed_on=DAY)
    orgunit_close(unit=tree.cell_a1, closed_on=DAY)
    orgunit_close(unit=tree.commune_a, closed_on=DAY)
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.closed_on == DAY
    assert tree.commune_a.events.get().kind == OrgUnitEvent.Kind.CLOSED
    with pytest.raises(ValidationError, match="đã giải thể"):
        orgunit_close(unit=tree.commune_a, closed_on=DAY)


def test_close_before_opening_is_refused(tree):
    tree.cell_a1.opened_on = datetime.date(2026, 1, 1)
    tree.cell_a1.save()
    with pytest.raises(ValidationError, match="trước ngày thành lập"):
        orgunit_close(unit=tree.cell_a1, closed_on=DAY)


def test_merge_moves_children_and_records_events(tree):
    orgunit_merge(
        units=[tree.commune_a], successor=tree.commune_b, merged_on=DAY, move_children=True
    )
    tree.commune_a.refresh_from_db()
    tree.cell_a1.refresh_from_db()
    assert tree.commune_a.closed_on == DAY
    assert tree.commune_a.successor == tree.commune_b
    assert tree.cell_a1.parent == tree.commune_b
    assert tree.cell_a1.path.startswith(tree.commune_b.path)
    assert tree.commune_a.events.get().kind == OrgUnitEvent.Kind.MERGED
    assert list(tree.commune_b.predecessors.all()) == [tree.commune_a]


def test_merge_without_moving_children_is_refused(tree):
    with pytest.raises(ValidationError, match="Chi bộ thôn 1"):
        orgunit_merge(units=[tree.commune_a], successor=tree.commune_b, merged_on=DAY)
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.is_open


def test_merge_several_units_with_their_children(tree):
    new = orgunit_create(
        code="XA-MOI", name="Đảng ủy xã Mới", kind=tree.commune_a.kind, parent=tree.province
    )
    orgunit_merge(
        units=[tree.commune_a, tree.commune_b, tree.cell_a1],
        successor=new,
        merged_on=DAY,
        move_children=True,
    )
    tree.cell_b1.refresh_from_db()
    tree.cell_a1.refresh_from_db()
    assert tree.cell_b1.parent == new
    # A merged child is closed with the others, not moved.
    assert tree.cell_a1.parent == tree.commune_a and tree.cell_a1.successor == new


def test_merge_into_itself_or_its_subtree_is_refused(tree):
    with pytest.raises(ValidationError):
        orgunit_merge(units=[tree.commune_a], successor=tree.commune_a, merged_on=DAY)
    with pytest.raises(ValidationError, match="không được nằm trong"):
        orgunit_merge(units=[tree.commune_a], successor=tree.cell_a1, merged_on=DAY)


def test_successor_chain_follows_merges(tree):
    orgunit_close(unit=tree.cell_a1, closed_on=DAY)
    orgunit_merge(units=[tree.commune_a], successor=tree.commune_b, merged_on=DAY)
    later = datetime.date(2026, 1, 1)
    new = orgunit_create(
        code="XA-MOI", name="Xã Mới", kind=tree.commune_a.kind, parent=tree.province
    )
    orgunit_merge(units=[tree.commune_b], successor=new, merged_on=later, move_children=True)
    tree.commune_a.refresh_from_db()
    assert orgunit_successor_chain(tree.commune_a) == [tree.commune_b, new]
    assert orgunit_current(tree.commune_a) == new
    assert orgunit_current(tree.province) == tree.province
    ids = orgunit_current_ids([tree.commune_a.pk, tree.commune_b.pk, tree.province.pk])
    assert ids == {
        tree.commune_a.pk: new.pk,
        tree.commune_b.pk: new.pk,
        tree.province.pk: tree.province.pk,
    }
