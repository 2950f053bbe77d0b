from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, scope_paths, units_in_scope


def test_owner_sees_own_subtree_only(tree, owner):
    codes = set(units_in_scope(owner).values_list("code", flat=True))
    assert codes == {"XA-AB", "CB-A1"}


def test_member_is_viewer_not_editor(tree, member):
    assert has_role_on(member, tree.cell_a1, role=Role.VIEWER)
    assert not has_role_on(member, tree.cell_a1, role=Role.EDITOR)
    assert not units_in_scope(member, role=Role.EDITOR).exists()


def test_outsider_sees_nothing_of_commune_a(tree, outsider):
    assert not units_in_scope(outsider).filter(pk=tree.commune_a.pk).exists()
    assert not has_role_on(outsider, tree.cell_a1)


def test_site_admin_sees_everything(tree, site_admin):
    assert scope_paths(site_admin) is None
    assert units_in_scope(site_admin).count() == 5


def test_anonymous_sees_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not units_in_scope(AnonymousUser()).exists()
