"""Role and user writes: what a unit administrator may and may not do."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import OrgUnitFactory, UserFactory
from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.accounts.services import role_assign, role_revoke, user_create, user_unlock


def test_user_create_holds_only_name_and_email(db):
    user = user_create(
        username="ngothib",
        full_name="Ngô Thi\u0323 B",
        email="b@example.org",
        password="Mat-khau-ban-dau-2026",
    )
    assert user.first_name == "Ngô Thị B"  # stored in NFC
    assert user.last_name == ""
    assert not user.is_superuser and not user.is_staff and user.is_active
    assert user.check_password("Mat-khau-ban-dau-2026")


@pytest.mark.parametrize("password", ["123", "password", "ngothib2026"])
def test_user_create_refuses_weak_passwords(db, password):
    with pytest.raises(ValidationError):
        user_create(username="ngothib2026", full_name="Ngô Thị B", password=password)
    assert not User.objects.filter(username="ngothib2026").exists()


def test_user_create_refuses_taken_or_bad_usernames(tree, owner):
    for username in ("owner", "có dấu cách", ""):
        with pytest.raises(ValidationError):
            user_create(username=username, full_name="X", password="Mat-khau-ban-dau-2026")


def test_role_assign_within_subtree(tree, owner):
    staff = UserFactory()
    assignment = role_assign(actor=owner, user=staff, orgunit=tree.cell_a1, role="approver")
    assert assignment.role == Role.APPROVER
    # Idempotent: granting again changes nothing.
    assert role_assign(actor=owner, user=staff, orgunit=tree.cell_a1, role="approver") == assignment


def test_role_assign_never_outside_or_above(tree, owner, member, outsider):
    staff = UserFactory()
    for unit in (tree.province, tree.commune_b, tree.cell_b1):
        with pytest.raises(PermissionDenied):
            role_assign(actor=owner, user=staff, orgunit=unit, role=Role.VIEWER)
    # A viewer or an editor grants nothing, even in their own unit.
    with pytest.raises(PermissionDenied):
        role_assign(actor=member, user=staff, orgunit=tree.cell_a1, role=Role.VIEWER)
    assert not RoleAssignment.objects.filter(user=staff).exists()


def test_role_assign_has_no_site_admin_role(tree, owner):
    staff = UserFactory()
    for role in ("site_admin", "superuser", "admin"):
        with pytest.raises(ValueError):
            role_assign(actor=owner, user=staff, orgunit=tree.cell_a1, role=role)
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_role_assign_refuses_closed_units(tree, owner):
    closed = OrgUnitFactory(parent=tree.commune_a, closed_on=datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError):
        role_assign(actor=owner, user=UserFactory(), orgunit=closed, role=Role.VIEWER)


def test_inactive_or_anonymous_actor_grants_nothing(tree, owner):
    from django.contrib.auth.models import AnonymousUser

    owner.is_active = False
    owner.save()
    with pytest.raises(PermissionDenied):
        role_assign(actor=owner, user=UserFactory(), orgunit=tree.cell_a1, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        role_assign(
            actor=AnonymousUser(), user=UserFactory(), orgunit=tree.cell_a1, role=Role.VIEWER
        )


def test_role_revoke(tree, owner, member, outsider):
    assignment = RoleAssignment.objects.get(user=member)
    with pytest.raises(PermissionDenied):
        role_revoke(actor=outsider, assignment=assignment)
    role_revoke(actor=owner, assignment=assignment)
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_role_revoke_not_ones_own_nor_above(tree, owner, province_admin):
    with pytest.raises(PermissionDenied):
        role_revoke(actor=owner, assignment=RoleAssignment.objects.get(user=owner))
    with pytest.raises(PermissionDenied):
        role_revoke(actor=owner, assignment=RoleAssignment.objects.get(user=province_admin))
    # The province admin above may.
    role_revoke(actor=province_admin, assignment=RoleAssignment.objects.get(user=owner))


def test_user_unlock_checks_scope(client, tree, owner, member, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "member", "password": "sai"})
    with pytest.raises(PermissionDenied):
        user_unlock(actor=outsider, user=member)
    assert user_unlock(actor=owner, user=member) >= 1


def test_user_unlock_is_audited_only_when_it_lifts_something(client, tree, owner, member):
    from auditlog.models import LogEntry

    assert user_unlock(actor=owner, user=member) == 0
    assert not LogEntry.objects.get_for_object(member).filter(actor=owner).exists()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "member", "password": "sai"})
    user_unlock(actor=owner, user=member)
    entry = LogEntry.objects.get_for_object(member).get(actor=owner)
    assert entry.changes_dict == {"login_lockout": ["locked", "unlocked"]}
