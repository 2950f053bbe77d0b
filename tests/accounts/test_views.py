"""The history page and role management, including who may reach them."""

import datetime
from zoneinfo import ZoneInfo

from auditlog.context import set_actor
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role, RoleAssignment, User

ROLES = "/accounts/roles/"


def _history_url(label, pk):
    return reverse("accounts:history", args=[label, pk])


# --- history -------------------------------------------------------------------------------


def test_history_url_shape():
    assert _history_url("orgunits.orgunit", 7) == "/accounts/history/orgunits.orgunit/7/"


def test_history_page_shows_who_when_what(client, tree, owner):
    owner.first_name = "Lê Văn Chủ"
    owner.save()
    with set_actor(owner):
        tree.cell_a1.name = "Chi bộ thôn Một"
        tree.cell_a1.save()
    client.force_login(owner)
    response = client.get(_history_url("orgunits.orgunit", tree.cell_a1.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Lê Văn Chủ" in html
    assert "Sửa" in html and "Tạo" in html
    assert "Chi bộ thôn 1 → Chi bộ thôn Một" in html
    entry = LogEntry.objects.get_for_object(tree.cell_a1).latest()
    local = entry.timestamp.astimezone(ZoneInfo(settings.TIME_ZONE))
    assert local.strftime("%d/%m/%Y %H:%M") in html


def test_history_needs_login(client, tree):
    response = client.get(_history_url("orgunits.orgunit", tree.commune_a.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_outsider_gets_404_for_commune_a_history(client, tree, owner, outsider):
    client.force_login(outsider)
    for unit in (tree.commune_a, tree.cell_a1, tree.province):
        assert client.get(_history_url("orgunits.orgunit", unit.pk)).status_code == 404
    assignment = RoleAssignment.objects.get(user=owner)
    assert client.get(_history_url("accounts.roleassignment", assignment.pk)).status_code == 404
    assert client.get(_history_url("accounts.user", owner.pk)).status_code == 404
    # Their own commune works, so the 404s above are the scope and not a broken page.
    assert client.get(_history_url("orgunits.orgunit", tree.commune_b.pk)).status_code == 200


def test_changing_the_pk_gives_404(client, tree, owner):
    client.force_login(owner)
    assert client.get(_history_url("orgunits.orgunit", tree.cell_a1.pk)).status_code == 200
    assert client.get(_history_url("orgunits.orgunit", tree.cell_b1.pk)).status_code == 404
    assert client.get(_history_url("orgunits.orgunit", 999_999)).status_code == 404


def test_unknown_labels_give_404_even_to_site_admin(client, tree, site_admin, owner):
    client.force_login(site_admin)
    for label in ("accounts.apitoken", "auth.group", "nope.nope", "orgunits", "x"):
        assert client.get(_history_url(label, owner.pk)).status_code == 404
    assert client.get(_history_url("accounts.user", owner.pk)).status_code == 200


def test_member_sees_unit_history_but_not_staff_history(client, tree, owner, member):
    client.force_login(member)
    assert client.get(_history_url("orgunits.orgunit", tree.commune_a.pk)).status_code == 200
    assert client.get(_history_url("accounts.user", owner.pk)).status_code == 404


def test_password_change_is_audited_with_the_user_as_actor(client, tree, member):
    client.force_login(member)
    new = "Mot-mat-khau-moi-2026"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    entry = LogEntry.objects.get_for_object(member).latest()
    assert entry.actor == member
    assert set(entry.changes_dict) == {"password"}
    assert member.password not in str(entry.changes_dict)


# --- role management -----------------------------------------------------------------------


def test_roles_page_lists_the_subtree(client, tree, owner, member, outsider, province_admin):
    member.first_name, member.email = "Phạm Thị Dung", "dung@example.org"
    member.save()
    client.force_login(owner)
    response = client.get(ROLES)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Phạm Thị Dung" in html and "dung@example.org" in html
    assert "outsider" not in html
    assert ">province<" not in html and "(province)" not in html
    # The unit drop-down offers the owner's subtree only.
    units = list(response.context["grant_form"].fields["orgunit"].queryset)
    assert {u.code for u in units} == {"XA-AB", "CB-A1"}


def test_roles_page_is_for_unit_admins_only(client, tree, member):
    assert client.get(ROLES).status_code == 302
    client.force_login(member)
    assert client.get(ROLES).status_code == 403


def test_grant_a_role_to_an_existing_user(client, tree, owner):
    staff = UserFactory(username="canbo-moi")
    client.force_login(owner)
    response = client.post(
        ROLES,
        {"grant-username": "canbo-moi", "grant-orgunit": tree.cell_a1.pk, "grant-role": "editor"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=staff)
    assert (assignment.orgunit, assignment.role) == (tree.cell_a1, Role.EDITOR)
    # The audit trail names the logged-in administrator, set by the middleware.
    entry = LogEntry.objects.get_for_object(assignment).get()
    assert entry.actor == owner
    assert entry.action == LogEntry.Action.CREATE


def test_grant_refuses_a_unit_outside_the_admin_scope(client, tree, owner):
    staff = UserFactory(username="canbo-moi")
    client.force_login(owner)
    for unit in (tree.commune_b, tree.cell_b1, tree.province):
        response = client.post(
            ROLES,
            {"grant-username": "canbo-moi", "grant-orgunit": unit.pk, "grant-role": "viewer"},
        )
        assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=staff).exists()


def test_grant_refuses_unknown_roles_and_users(client, tree, owner):
    UserFactory(username="canbo-moi")
    client.force_login(owner)
    for role in ("superuser", "site_admin", "admin"):
        data = {"grant-username": "canbo-moi", "grant-orgunit": tree.cell_a1.pk, "grant-role": role}
        assert client.post(ROLES, data).status_code == 400
    data = {"grant-username": "khong-co", "grant-orgunit": tree.cell_a1.pk, "grant-role": "viewer"}
    response = client.post(ROLES, data)
    assert response.status_code == 400
    assert "Không có người dùng" in response.content.decode()
    assert not User.objects.filter(is_superuser=True).exists()


def _create_data(unit, **overrides):
    data = {
        "create-username": "nguyenvanan",
        "create-full_name": "Nguyễn Văn An",
        "create-email": "an@example.org",
        "create-password1": "Mat-khau-ban-dau-2026",
        "create-password2": "Mat-khau-ban-dau-2026",
        "create-orgunit": unit.pk,
        "create-role": "viewer",
    }
    data.update(overrides)
    return data


def test_create_a_user_with_a_role(client, tree, owner):
    client.force_login(owner)
    response = client.post(ROLES, _create_data(tree.cell_a1))
    assert response.status_code == 302
    user = User.objects.get(username="nguyenvanan")
    assert str(user) == "Nguyễn Văn An"
    assert user.email == "an@example.org"
    assert not user.is_superuser and not user.is_staff
    assert user.check_password("Mat-khau-ban-dau-2026")
    assert user.role_assignments.get().orgunit == tree.cell_a1
    assert LogEntry.objects.get_for_object(user).latest().actor == owner


def test_create_user_never_half_done(client, tree, owner):
    client.force_login(owner)
    assert client.post(ROLES, _create_data(tree.cell_b1)).status_code == 400
    bad = _create_data(tree.cell_a1, **{"create-password2": "khac"})
    assert client.post(ROLES, bad).status_code == 400
    weak = _create_data(tree.cell_a1, **{"create-password1": "123", "create-password2": "123"})
    assert client.post(ROLES, weak).status_code == 400
    taken = _create_data(tree.cell_a1, **{"create-username": "OWNER"})
    assert client.post(ROLES, taken).status_code == 400
    assert not User.objects.filter(username="nguyenvanan").exists()


def test_revoke_a_role(client, tree, owner, member):
    assignment = RoleAssignment.objects.get(user=member)
    client.force_login(owner)
    response = client.post(reverse("accounts:role_revoke", args=[assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    entry = LogEntry.objects.get(
        content_type__model="roleassignment",
        object_id=assignment.pk,
        action=LogEntry.Action.DELETE,
    )
    assert entry.actor == owner


def test_revoke_is_post_only_and_scoped(client, tree, owner, outsider, province_admin):
    owner_role = RoleAssignment.objects.get(user=owner)
    url = reverse("accounts:role_revoke", args=[owner_role.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404
    # The commune admin cannot touch the province admin's role above them.
    client.force_login(owner)
    above = RoleAssignment.objects.get(user=province_admin)
    assert client.post(reverse("accounts:role_revoke", args=[above.pk])).status_code == 404
    assert RoleAssignment.objects.filter(pk__in=[owner_role.pk, above.pk]).count() == 2


def test_cannot_revoke_ones_own_role(client, tree, owner):
    own = RoleAssignment.objects.get(user=owner)
    client.force_login(owner)
    response = client.post(reverse("accounts:role_revoke", args=[own.pk]), follow=True)
    assert RoleAssignment.objects.filter(pk=own.pk).exists()
    assert "tự thu hồi" in response.content.decode()


def test_unlock_a_locked_out_member(client, tree, owner, member, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "member", "password": "sai"})
    client.force_login(owner)
    page = client.get(ROLES).content.decode()
    assert "đang bị tạm khóa" in page
    unlock = reverse("accounts:user_unlock", args=[member.pk])

    client.force_login(outsider)
    assert client.post(unlock).status_code == 404
    client.force_login(owner)
    assert client.post(unlock).status_code == 302
    assert "đang bị tạm khóa" not in client.get(ROLES).content.decode()
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302


def test_unit_admin_unlocks_users_of_their_commune_only(client, tree, owner, member):
    # A member of commune B, locked out like the member of commune A.
    neighbour = UserFactory(username="hangxom")
    RoleAssignmentFactory(user=neighbour, orgunit=tree.cell_b1, role=Role.EDITOR)
    for username in ("member", "hangxom"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": username, "password": "sai"})

    client.force_login(owner)
    page = client.get(ROLES).content.decode()
    assert "đang bị tạm khóa" in page and "Mở khóa" in page
    assert "hangxom" not in page
    # Commune B's user: as if there were no such user, and still locked.
    response = client.post(reverse("accounts:user_unlock", args=[neighbour.pk]))
    assert response.status_code == 404
    assert AccessAttempt.objects.filter(username="hangxom").exists()
    # Commune A's user: unlocked, and the user's history says by whom.
    response = client.post(reverse("accounts:user_unlock", args=[member.pk]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="member").exists()
    history = client.get(_history_url("accounts.user", member.pk)).content.decode()
    assert "Khóa đăng nhập" in history and "đã mở khóa" in history
    assert str(owner) in history
    client.logout()
    assert (
        client.post(
            reverse("accounts:login"), {"username": "member", "password": PASSWORD}
        ).status_code
        == 302
    )


def test_no_unlock_button_for_a_user_who_is_not_locked(client, tree, owner, member):
    client.force_login(owner)
    page = client.get(ROLES).content.decode()
    assert "đang bị tạm khóa" not in page
    assert reverse("accounts:user_unlock", args=[member.pk]) not in page


def test_site_admin_may_grant_anywhere(client, tree, site_admin):
    staff = UserFactory(username="canbo-moi")
    client.force_login(site_admin)
    data = {
        "grant-username": "canbo-moi",
        "grant-orgunit": tree.province.pk,
        "grant-role": "unit_admin",
    }
    assert client.post(ROLES, data).status_code == 302
    assert RoleAssignment.objects.filter(user=staff, orgunit=tree.province).exists()


def test_role_holder_on_a_closed_unit_is_still_listed(client, tree, owner):
    RoleAssignmentFactory(orgunit=tree.cell_a1, role=Role.VIEWER, user__username="cu")
    tree.cell_a1.closed_on = datetime.date(2025, 7, 1)
    tree.cell_a1.save()
    client.force_login(owner)
    html = client.get(ROLES).content.decode()
    assert "(cu)" in html and "đã giải thể" in html


def test_history_of_a_creation_shows_new_values_without_arrows(client, tree, owner):
    client.force_login(owner)
    html = client.get(_history_url("orgunits.orgunit", tree.cell_a1.pk)).content.decode()
    assert "<strong>Tên</strong>: Chi bộ thôn 1</li>" in html
    assert "→" not in html


def test_forms_need_the_csrf_token(tree, owner, member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assignment = RoleAssignment.objects.get(user=member)
    assert client.post(reverse("accounts:role_revoke", args=[assignment.pk])).status_code == 403
    assert client.post(ROLES, _create_data(tree.cell_a1)).status_code == 403
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert 'name="csrfmiddlewaretoken"' in client.get(ROLES).content.decode()
