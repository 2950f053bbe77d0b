import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import OrgUnitFactory
from tuyengiao.orgunits.models import OrgUnit, OrgUnitEvent


def test_path_and_level_follow_the_parent(tree):
    assert tree.province.path == f"/{tree.province.pk}/" and tree.province.level == 0
    assert tree.commune_a.path == f"/{tree.province.pk}/{tree.commune_a.pk}/"
    assert tree.cell_a1.level == 2
    assert tree.cell_a1.ancestor_ids() == [tree.province.pk, tree.commune_a.pk]
    # The stored row, not just the instance, carries the path written after the insert.
    assert OrgUnit.objects.get(pk=tree.cell_a1.pk).path == tree.cell_a1.path


def test_subtree_and_open_on(tree):
    codes = set(OrgUnit.objects.subtree_of(tree.commune_a).values_list("code", flat=True))
    assert codes == {"XA-AB", "CB-A1"}
    tree.cell_b1.opened_on = datetime.date(2020, 1, 1)
    tree.cell_b1.closed_on = datetime.date(2025, 7, 1)
    tree.cell_b1.save()
    on = OrgUnit.objects.open_on
    assert on(datetime.date(2025, 6, 30)).filter(code="CB-B1").exists()
    assert not on(datetime.date(2025, 7, 1)).filter(code="CB-B1").exists()
    assert not on(datetime.date(2019, 12, 31)).filter(code="CB-B1").exists()


def test_search_key_is_folded_and_names_are_nfc(tree):
    unit = OrgUnitFactory(code="XA-TU", name="  Xa\u0303 Tân Uyên ", short_name="Tân Uyên")
    assert unit.name == "Xã Tân Uyên"
    assert unit.search_key == "xa tan uyen tan uyen xa-tu"
    hoa = OrgUnitFactory(code="H", name="Phường Hoà Bình")
    assert "hoa binh" in hoa.search_key
    assert "dang uy" in tree.commune_a.search_key


def test_clean_refuses_own_descendant_as_parent(tree):
    tree.commune_a.parent = tree.cell_a1
    with pytest.raises(ValidationError):
        tree.commune_a.clean()


def test_constraints(tree):
    tree.cell_a1.opened_on = datetime.date(2025, 7, 1)
    tree.cell_a1.closed_on = datetime.date(2025, 6, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        tree.cell_a1.save()
    tree.cell_b1.successor = tree.commune_a
    with pytest.raises(IntegrityError), transaction.atomic():
        tree.cell_b1.save()


def test_event_str_shows_the_date(tree):
    event = OrgUnitEvent.objects.create(
        unit=tree.cell_a1, kind=OrgUnitEvent.Kind.CLOSED, effective_on=datetime.date(2025, 7, 1)
    )
    assert str(event) == "Chi bộ thôn 1 — Giải thể (01/07/2025)"
    assert tree.cell_a1.get_absolute_url() == f"/orgunits/{tree.cell_a1.pk}/"
