import pytest

from tests.conftest import Tree
from tuyengiao.accounts.models import User
from tuyengiao.web import selectors

pytestmark = pytest.mark.django_db


def test_can_manage_roles_for_unit_and_site_admins(owner: User, site_admin: User):
    assert selectors.user_can_manage_roles(user=owner)
    assert selectors.user_can_manage_roles(user=site_admin)


def test_viewer_cannot_manage_roles(member: User):
    assert not selectors.user_can_manage_roles(user=member)


def test_role_list_is_only_the_users_own(owner: User, outsider: User, tree: Tree):
    rows = list(selectors.role_assignment_list_for_home(user=outsider))

    assert [row.orgunit for row in rows] == [tree.commune_b]


def test_role_list_skips_closed_units(owner: User, tree: Tree):
    tree.commune_a.closed_on = "2025-07-01"
    tree.commune_a.save()

    assert list(selectors.role_assignment_list_for_home(user=owner)) == []


def test_kind_display_name_follows_language(tree: Tree, province_admin: User):
    from django.utils import translation

    kind = tree.commune_a.kind
    kind.name_en = "Commune Party committee"
    kind.save()

    with translation.override("en"):
        names = [row.display_name for row in selectors.unit_counts_by_kind(user=province_admin)]
    assert "Commune Party committee" in names
    with translation.override("vi"):
        names = [row.display_name for row in selectors.unit_counts_by_kind(user=province_admin)]
    assert "Đảng ủy xã" in names
