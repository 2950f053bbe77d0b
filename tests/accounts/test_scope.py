"""The scope helper: the security boundary every page and endpoint goes through."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role, RoleAssignment
from tuyengiao.accounts.scope import (
    get_in_scope_or_404,
    has_role_on,
    require_role,
    scope_filter,
    scope_paths,
    units_in_scope,
)
from tuyengiao.orgunits.models import OrgUnit


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


# --- edge cases: closed units, nesting, several roles, inactive users, role order ----------


def _codes(user, role=Role.VIEWER):
    return set(units_in_scope(user, role=role).values_list("code", flat=True))


def test_role_order_viewer_editor_approver_unit_admin(tree):
    order = [Role.VIEWER, Role.EDITOR, Role.APPROVER, Role.UNIT_ADMIN]
    assert [r.value for r in Role] == [r.value for r in order]
    for held_index, held in enumerate(order):
        user = UserFactory()
        RoleAssignmentFactory(user=user, orgunit=tree.commune_a, role=held)
        for asked_index, asked in enumerate(order):
            expected = asked_index <= held_index
            assert has_role_on(user, tree.cell_a1, role=asked) is expected, (held, asked)
            assert units_in_scope(user, role=asked).exists() is expected


def test_unknown_role_fails_loudly(tree, owner):
    with pytest.raises(ValueError):
        scope_paths(owner, role="superuser")


def test_role_on_a_closed_unit_grants_nothing(tree, owner):
    tree.commune_a.closed_on = datetime.date(2025, 7, 1)
    tree.commune_a.save()
    assert scope_paths(owner) == []
    assert not units_in_scope(owner).exists()
    assert not has_role_on(owner, tree.cell_a1)


def test_role_on_a_unit_closing_later_still_counts(tree, owner):
    tree.commune_a.closed_on = timezone.localdate() + datetime.timedelta(days=30)
    tree.commune_a.save()
    assert _codes(owner) == {"XA-AB", "CB-A1"}
    tree.commune_a.closed_on = timezone.localdate()
    tree.commune_a.save()
    assert _codes(owner) == set()


def test_closed_units_inside_the_subtree_stay_visible(tree, owner):
    # History must still roll up: a closed cell under an open commune is still in scope.
    tree.cell_a1.closed_on = datetime.date(2025, 7, 1)
    tree.cell_a1.save()
    assert _codes(owner) == {"XA-AB", "CB-A1"}


def test_nested_assignments_collapse_to_the_highest(tree):
    user = UserFactory()
    for unit in (tree.cell_a1, tree.province, tree.commune_a):
        RoleAssignmentFactory(user=user, orgunit=unit, role=Role.VIEWER)
    assert scope_paths(user) == [tree.province.path]
    assert units_in_scope(user).count() == 5


def test_several_roles_on_several_units(tree):
    user = UserFactory()
    RoleAssignmentFactory(user=user, orgunit=tree.commune_a, role=Role.VIEWER)
    RoleAssignmentFactory(user=user, orgunit=tree.cell_b1, role=Role.APPROVER)
    assert _codes(user) == {"XA-AB", "CB-A1", "CB-B1"}
    assert _codes(user, Role.EDITOR) == {"CB-B1"}
    assert _codes(user, Role.APPROVER) == {"CB-B1"}
    assert _codes(user, Role.UNIT_ADMIN) == set()
    assert not has_role_on(user, tree.commune_b)


def test_sibling_prefix_is_not_a_subtree(tree):
    # /900007/ must not cover /9000070/: paths end with the separator.
    kind = tree.province.kind
    seven = OrgUnit(pk=900007, code="P7", name="Bảy", kind=kind)
    seven.save()
    seventy = OrgUnit(pk=9000070, code="P70", name="Bảy mươi", kind=kind)
    seventy.save()
    user = UserFactory()
    RoleAssignmentFactory(user=user, orgunit=seven, role=Role.VIEWER)
    assert seven.path == "/900007/" and seventy.path == "/9000070/"
    assert _codes(user) == {"P7"}
    assert not has_role_on(user, seventy)


def test_inactive_user_sees_nothing_even_as_superuser(tree, owner, site_admin):
    for user in (owner, site_admin):
        user.is_active = False
        user.save()
        assert scope_paths(user) == []
        assert not units_in_scope(user).exists()
        assert not has_role_on(user, tree.commune_a)


def test_superuser_is_site_admin_without_any_role(tree, site_admin):
    assert not RoleAssignment.objects.filter(user=site_admin).exists()
    for role in Role:
        assert has_role_on(site_admin, tree.cell_b1, role=role)
        assert units_in_scope(site_admin, role=role).count() == 5


def test_staff_flag_alone_grants_nothing(tree):
    staff = UserFactory(is_staff=True)
    assert scope_paths(staff) == []


def test_a_unit_with_an_empty_path_never_opens_everything(tree):
    user = UserFactory()
    broken = OrgUnitFactory(kind=tree.province.kind)
    OrgUnit.objects.filter(pk=broken.pk).update(path="")
    RoleAssignmentFactory(user=user, orgunit=broken, role=Role.UNIT_ADMIN)
    assert scope_paths(user) == []
    assert not units_in_scope(user).exists()


def test_scope_filter_through_a_foreign_key(tree, owner, member, outsider):
    visible = scope_filter(
        RoleAssignment.objects.all(), owner, role=Role.UNIT_ADMIN, path_field="orgunit__path"
    )
    assert {a.user.username for a in visible} == {"owner", "member"}


def test_get_in_scope_or_404(tree, owner):
    qs = OrgUnit.objects.all()
    assert get_in_scope_or_404(qs, owner, path_field="path", pk=tree.cell_a1.pk) == tree.cell_a1
    for unit in (tree.province, tree.commune_b, tree.cell_b1):
        with pytest.raises(Http404):
            get_in_scope_or_404(qs, owner, path_field="path", pk=unit.pk)
    with pytest.raises(Http404):
        get_in_scope_or_404(qs, owner, path_field="path", pk=999_999)
    with pytest.raises(Http404):
        get_in_scope_or_404(qs, owner, role=Role.UNIT_ADMIN, path_field="path", pk=tree.province.pk)


def test_scope_costs_one_query_for_the_paths(tree, owner, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert units_in_scope(owner).count() == 2
    with django_assert_num_queries(1):
        assert has_role_on(owner, tree.cell_a1)


def test_with_ancestors_admits_what_comes_down_never_what_is_beside(tree, owner):
    from tuyengiao.accounts.scope import scope_filter
    from tuyengiao.orgunits.models import OrgUnit

    visible = scope_filter(
        OrgUnit.objects.all(), owner, path_field="path", with_ancestors=True
    ).values_list("code", flat=True)
    # The province above commune A, commune A and its cell; never commune B beside it.
    assert set(visible) == {"TU", "XA-AB", "CB-A1"}


def test_with_ancestors_for_site_admin_and_nobody(tree, site_admin, outsider):
    from django.contrib.auth.models import AnonymousUser

    from tuyengiao.accounts.scope import scope_filter
    from tuyengiao.orgunits.models import OrgUnit

    everything = OrgUnit.objects.all()
    assert scope_filter(everything, site_admin, path_field="path", with_ancestors=True).count() == 5
    assert not scope_filter(
        everything, AnonymousUser(), path_field="path", with_ancestors=True
    ).exists()


def test_require_role_refuses_with_the_roles_sentence_or_the_callers(tree, member, owner):
    require_role(member, tree.cell_a1, role=Role.VIEWER)
    require_role(owner, tree.cell_a1, role=Role.EDITOR)  # a stronger role grants it
    with pytest.raises(PermissionDenied, match="nhập liệu cho đơn vị Chi bộ thôn 1"):
        require_role(member, tree.cell_a1, role=Role.EDITOR)
    with pytest.raises(PermissionDenied, match=r"^Không được gửi\.$"):
        require_role(member, tree.commune_a, role=Role.APPROVER, message="Không được gửi.")


def _asked_for_paths(queries) -> int:
    """Queries of the user's roles as the scope helper asks them."""
    asked = 'SELECT "accounts_roleassignment"."role" AS "role", "orgunits_orgunit"."path"'
    return sum(q["sql"].startswith(asked) for q in queries)


def test_a_read_request_asks_for_the_paths_once(tree, owner, client):
    """Every list and count on a page filters by scope; a GET asks the roles once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert _asked_for_paths(queries.captured_queries) == 1


def test_the_memo_lasts_one_request_only(tree, member, client):
    """A role granted between two requests counts from the next one; outside a request
    every call reads the roles afresh."""
    client.force_login(member)
    client.get("/")
    assert _codes(member, Role.EDITOR) == set()
    RoleAssignmentFactory(user=member, orgunit=tree.commune_a, role=Role.EDITOR)
    assert _codes(member, Role.EDITOR) == {"XA-AB", "CB-A1"}


def test_a_writing_request_reads_the_roles_each_time(tree, owner, rf):
    """A POST may change roles or move a subtree and then read the scope again."""
    from tuyengiao.accounts.scope import ScopeMemoMiddleware

    def view(request):
        before = scope_paths(owner, role=Role.EDITOR)
        RoleAssignment.objects.filter(user=owner).delete()
        return (before, scope_paths(owner, role=Role.EDITOR))

    before, after = ScopeMemoMiddleware(view)(rf.post("/"))
    assert before and after == []
    before, after = ScopeMemoMiddleware(view)(rf.get("/"))
    assert before == after == []  # nothing left from the POST's request either


def test_a_read_request_that_writes_a_role_reads_the_roles_again(tree, member, rf):
    """Nothing grants a role on a GET today; if something ever does, the memo forgets."""
    from tuyengiao.accounts.scope import ScopeMemoMiddleware

    def view(request):
        before = scope_paths(member, role=Role.EDITOR)
        RoleAssignmentFactory(user=member, orgunit=tree.commune_a, role=Role.EDITOR)
        return before, scope_paths(member, role=Role.EDITOR)

    before, after = ScopeMemoMiddleware(view)(rf.get("/"))
    assert before == [] and after == [tree.commune_a.path]
