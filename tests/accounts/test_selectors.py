"""The audit trail as people read it, and the reads behind role management."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.http import Http404
from django.utils import timezone

from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory
from tuyengiao.accounts import selectors
from tuyengiao.accounts.models import Role, RoleAssignment
from tuyengiao.accounts.selectors import EMPTY, audit_history, history_object_get
from tuyengiao.orgunits.models import OrgUnitEvent


def _only_update(history):
    updates = [entry for entry in history if entry.action == "sửa"]
    assert len(updates) == 1
    return updates[0]


def test_orgunit_change_records_who_when_old_and_new(tree, owner):
    unit = tree.cell_a1
    with set_actor(owner):
        unit.name = "Chi bộ thôn Một"
        unit.closed_on = datetime.date(2025, 7, 1)
        unit.save()
    entry = _only_update(audit_history(unit))
    assert entry.actor == str(owner)
    assert timezone.now() - entry.timestamp < datetime.timedelta(minutes=1)
    changes = {change.label: (change.old, change.new) for change in entry.changes}
    assert changes["Tên"] == ("Chi bộ thôn 1", "Chi bộ thôn Một")
    assert changes["Ngày giải thể"] == (EMPTY, "01/07/2025")
    # Internal fields stay out of the page.
    assert not any(label.lower() in ("search_key", "search key") for label in changes)


def test_creation_is_listed_with_foreign_keys_by_name(tree):
    history = audit_history(tree.cell_a1)
    assert [entry.action for entry in history] == ["tạo"]
    changes = {change.label: change.new for change in history[0].changes}
    assert changes["Đơn vị cấp trên"] == "Đảng ủy xã An Bình"
    assert changes["Loại"] == "Chi bộ"
    # Empty fields and the primary key add nothing for a reader.
    assert "Ngày giải thể" not in changes
    assert "ID" not in changes
    assert history[0].actor == "Hệ thống"


def test_moving_a_unit_names_both_parents(tree, site_admin):
    unit = tree.cell_a1
    with set_actor(site_admin):
        unit.parent = tree.commune_b
        unit.save()
    entry = _only_update(audit_history(unit))
    changes = {change.label: (change.old, change.new) for change in entry.changes}
    assert changes["Đơn vị cấp trên"] == ("Đảng ủy xã An Bình", "Đảng ủy xã Bình Minh")


def test_role_assignment_shows_role_label_and_names(tree, owner):
    member = UserFactory(username="thanhvien", first_name="Trần Thị Bình")
    with set_actor(owner):
        assignment = RoleAssignment.objects.create(
            user=member, orgunit=tree.cell_a1, role=Role.EDITOR
        )
        assignment.role = Role.APPROVER
        assignment.save()
    history = audit_history(assignment)
    assert [entry.action for entry in history] == ["sửa", "tạo"]
    assert all(entry.actor == str(owner) for entry in history)
    update = {c.label: (c.old, c.new) for c in history[0].changes}
    assert update["Vai trò"] == ("Nhập liệu", "Phê duyệt")
    created = {c.label: c.new for c in history[1].changes}
    assert created["Người dùng"] == "Trần Thị Bình"
    assert created["Đơn vị"] == "Chi bộ thôn 1"


def test_date_times_are_shown_in_local_time(db):
    user = UserFactory(username="gio")
    user.date_joined = datetime.datetime(2026, 1, 2, 17, 30, tzinfo=datetime.UTC)
    user.save()
    changes = {c.label: (c.old, c.new) for c in audit_history(user)[0].changes}
    # 17:30 UTC is 00:30 the next day in Hà Nội.
    assert changes["Ngày tham gia"][1] == "03/01/2026 00:30"


def test_password_stays_masked(db):
    user = UserFactory(username="matkhau")
    old_hash = user.password
    user.set_password("Mot-mat-khau-khac-2026")
    user.save()
    entry = LogEntry.objects.get_for_object(user).order_by("-timestamp", "-pk").first()
    # Stored masked in full, not auditlog's default half mask that keeps the hash.
    stored = entry.changes_dict["password"]
    assert old_hash not in stored
    assert not any(old_hash[-20:] in value for value in stored)
    assert not any(user.password[-20:] in value for value in stored)
    newest = audit_history(user)[0]
    assert newest.action == "sửa"
    changes = {c.label: (c.old, c.new) for c in newest.changes}
    assert changes["Mật khẩu"] == ("******", "******")


def test_deletion_is_recorded(tree, owner):
    assignment = RoleAssignmentFactory(orgunit=tree.cell_a1)
    pk = assignment.pk
    with set_actor(owner):
        assignment.delete()
    entry = LogEntry.objects.get(
        content_type__model="roleassignment", object_id=pk, action=LogEntry.Action.DELETE
    )
    assert entry.actor == owner


def test_history_object_get_scopes_every_registered_model(tree, owner, member, outsider):
    event = OrgUnitEvent.objects.create(
        unit=tree.cell_a1, kind=OrgUnitEvent.Kind.RENAMED, effective_on=datetime.date(2025, 7, 1)
    )
    assignment = RoleAssignment.objects.get(user=member)
    cases = [
        ("orgunits.orgunit", tree.cell_a1.pk),
        ("orgunits.orgunitevent", event.pk),
        ("accounts.roleassignment", assignment.pk),
        ("accounts.user", member.pk),
    ]
    for label, pk in cases:
        assert history_object_get(user=owner, label=label, pk=pk).pk == pk
        with pytest.raises(Http404):
            history_object_get(user=outsider, label=label, pk=pk)


def test_history_of_roles_and_users_needs_unit_admin(tree, owner, member):
    with pytest.raises(Http404):
        history_object_get(user=member, label="accounts.roleassignment", pk=owner.pk)
    with pytest.raises(Http404):
        history_object_get(user=member, label="accounts.user", pk=owner.pk)
    # A viewer may read the history of the units themselves.
    assert history_object_get(user=member, label="orgunits.orgunit", pk=tree.commune_a.pk)


def test_history_object_get_unknown_labels_are_404(tree, site_admin, owner):
    for label in ("accounts.apitoken", "orgunits.unitkind", "nope.nope", "nodot", "auth.group"):
        with pytest.raises(Http404):
            history_object_get(user=site_admin, label=label, pk=owner.pk)


def test_history_object_get_missing_pk_is_404(tree, site_admin):
    with pytest.raises(Http404):
        history_object_get(user=site_admin, label="orgunits.orgunit", pk=999_999)


def test_user_history_only_for_admins_of_their_units(tree, owner, member, province_admin):
    lone = UserFactory(username="khongvaitro")
    assert selectors.user_is_managed(admin=owner, user=member)
    assert selectors.user_is_managed(admin=province_admin, user=member)
    # The commune admin is not over the province admin's role.
    assert not selectors.user_is_managed(admin=owner, user=province_admin)
    assert not selectors.user_is_managed(admin=owner, user=lone)
    assert not selectors.user_is_managed(admin=member, user=owner)


def test_user_with_several_roles_is_found_once(tree, owner, member):
    RoleAssignmentFactory(user=member, orgunit=tree.cell_a1, role=Role.EDITOR)
    assert history_object_get(user=owner, label="accounts.user", pk=member.pk) == member


def test_role_assignments_managed_is_the_subtree_only(
    tree, owner, member, outsider, province_admin
):
    RoleAssignmentFactory(orgunit=tree.cell_a1, role=Role.EDITOR)
    visible = selectors.role_assignments_managed(user=owner)
    units = {a.orgunit.code for a in visible}
    assert units == {"XA-AB", "CB-A1"}
    assert outsider.pk not in {a.user_id for a in visible}
    assert province_admin.pk not in {a.user_id for a in visible}
    assert not selectors.role_assignments_managed(user=member).exists()


def test_admin_units_leave_out_closed_units(tree, owner):
    closed = OrgUnitFactory(parent=tree.commune_a, closed_on=datetime.date(2025, 7, 1))
    later = OrgUnitFactory(parent=tree.commune_a, closed_on=timezone.localdate().replace(year=2099))
    codes = set(selectors.admin_units(user=owner).values_list("pk", flat=True))
    assert closed.pk not in codes
    assert later.pk in codes
    assert tree.commune_b.pk not in codes
