"""The tree's own questions about scope, answered by the accounts app from below it."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from tuyengiao.orgunits import access
from tuyengiao.orgunits.access import (
    UNIT_ADMIN,
    VIEWER,
    filter_under,
    has_role_on,
    ids_under,
    unit_in_scope_or_404,
    units_in_scope,
)
from tuyengiao.orgunits.models import OrgUnit


def test_accounts_answers_with_the_roles_a_user_holds(tree, owner, member):
    assert set(units_in_scope(owner, role=UNIT_ADMIN).values_list("code", flat=True)) == {
        "XA-AB",
        "CB-A1",
    }
    assert has_role_on(member, tree.cell_a1, role=VIEWER)
    assert not has_role_on(member, tree.cell_a1, role=UNIT_ADMIN)
    assert unit_in_scope_or_404(OrgUnit.objects.all(), owner, pk=tree.cell_a1.pk) == tree.cell_a1
    with pytest.raises(Http404):
        unit_in_scope_or_404(OrgUnit.objects.all(), owner, pk=tree.commune_b.pk)


def test_a_role_accounts_does_not_know_is_refused(tree, owner):
    with pytest.raises(ValueError, match="admin"):
        units_in_scope(owner, role="admin")


def test_without_a_provider_the_tree_refuses(tree, owner, monkeypatch):
    monkeypatch.setattr(access, "_provider", None)
    with pytest.raises(ImproperlyConfigured):
        units_in_scope(owner)


def test_paths_filter_subtrees_and_optionally_their_ancestors(tree):
    units = OrgUnit.objects.all()
    under_a = filter_under(units, [tree.commune_a.path], path_field="path")
    assert set(under_a) == {tree.commune_a, tree.cell_a1}
    with_ancestors = filter_under(
        units, [tree.cell_a1.path], path_field="path", with_ancestors=True
    )
    assert set(with_ancestors) == {tree.province, tree.commune_a, tree.cell_a1}
    assert filter_under(units, None, path_field="path").count() == 5
    assert not filter_under(units, [], path_field="path").exists()


def test_ids_under_never_confuses_unit_7_with_unit_70(tree):
    # Paths end with the separator, so a prefix test stops at the unit's own id.
    lookalike = OrgUnit(pk=10_000, path=tree.commune_a.path.rstrip("/") + "0/")
    assert ids_under([tree.cell_a1, lookalike], [tree.commune_a.path]) == {tree.cell_a1.pk}
    assert ids_under([tree.cell_a1, lookalike], None) == {tree.cell_a1.pk, 10_000}
    assert ids_under([tree.cell_a1], []) == set()
