"""The home dashboard: login required, and only the user's own units and scope."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Tree
from tests.factories import OrgUnitFactory
from tests.values.conftest import make_indicator
from tuyengiao.accounts.models import User
from tuyengiao.reporting.models import FormItem, FormSection, ReportForm
from tuyengiao.reporting.services import submission_submit
from tuyengiao.reporting.workflow import form_current_period

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("web:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_home_shows_own_units_and_roles(client, owner: User, tree: Tree):
    client.force_login(owner)

    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Đảng ủy xã An Bình" in body
    assert "Quản trị đơn vị" in body
    # Commune A and its cell: one unit of each kind in scope.
    assert [(row.name, row.count) for row in response.context["kind_counts"]] == [
        ("Đảng ủy xã", 1),
        ("Chi bộ", 1),
    ]
    assert response.context["units_total"] == 2


def test_outsider_home_does_not_show_commune_a(client, outsider: User, tree: Tree):
    client.force_login(outsider)

    response = client.get(reverse("web:home"))

    body = response.content.decode()
    assert "Đảng ủy xã Bình Minh" in body
    assert "Đảng ủy xã An Bình" not in body
    assert "Chi bộ thôn 1" not in body
    assert response.context["units_total"] == 2


def test_home_counts_whole_subtree_for_province_admin(client, province_admin: User, tree: Tree):
    client.force_login(province_admin)

    response = client.get(reverse("web:home"))

    counts = {row.name: row.count for row in response.context["kind_counts"]}
    assert counts == {"Tỉnh ủy": 1, "Đảng ủy xã": 2, "Chi bộ": 2}


def test_home_counts_skip_closed_units(client, owner: User, tree: Tree):
    OrgUnitFactory(
        name="Chi bộ đã giải thể",
        kind=tree.cell_a1.kind,
        parent=tree.commune_a,
        opened_on="2020-01-01",
        closed_on="2025-06-30",
    )
    client.force_login(owner)

    response = client.get(reverse("web:home"))

    assert response.context["units_total"] == 2


def test_home_for_user_without_roles_says_so(client, tree: Tree, django_user_model):
    user = django_user_model.objects.create_user(username="moi", password="x")
    client.force_login(user)

    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert "chưa được phân quyền" in response.content.decode()
    assert response.context["units_total"] == 0


def test_site_admin_sees_everything(client, site_admin: User, tree: Tree):
    client.force_login(site_admin)

    response = client.get(reverse("web:home"))

    assert response.context["units_total"] == 5
    assert "Quản trị hệ thống" in response.content.decode()


def test_home_counts_reports_to_send_and_to_approve(client, owner: User, province_admin, tree):
    form = ReportForm.objects.create(code="BM", name="Biểu thử", period_kind="month",
                                     owner=tree.province, opens_before_end_days=40)  # fmt: skip
    form.unit_kinds.add(tree.commune_a.kind)
    section = FormSection.objects.create(form=form, title="I")
    FormItem.objects.create(form=form, section=section, indicator=make_indicator("T_X"))
    client.force_login(owner)
    page = client.get(reverse("web:home")).content.decode()
    assert 'id="home-reports-card"' in page and "quá hạn" in page  # earlier months unsent
    period = form_current_period(form, timezone.localdate())
    submission_submit(user=owner, form=form, unit=tree.commune_a, period=period)
    client.force_login(province_admin)
    page = client.get(reverse("web:home")).content.decode()
    assert "báo cáo chờ bạn duyệt" in page


def test_home_counts_no_report_of_a_period_before_the_unit_was_founded(client, owner, tree):
    form = ReportForm.objects.create(code="BM", name="Biểu thử", period_kind="month",
                                     owner=tree.province, opens_before_end_days=40)  # fmt: skip
    form.unit_kinds.add(tree.commune_a.kind)
    period = form_current_period(form, timezone.localdate())
    tree.commune_a.opened_on = period.start
    tree.commune_a.save()
    client.force_login(owner)
    response = client.get(reverse("web:home"))
    assert [d.period for d in response.context["reports_open"]] == [period]
    assert response.context["reports_overdue"] == []


def test_home_shows_tasks_due_beside_reports_and_the_unread_badge(client, tree, province_admin):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import RoleAssignmentFactory, UserFactory
    from tests.tracking.conftest import make_document
    from tuyengiao.accounts.models import Role
    from tuyengiao.tracking.models import Notification
    from tuyengiao.tracking.services import TaskDraft, assignments_create, tasks_create

    editor = UserFactory(username="bientap_a")
    RoleAssignmentFactory(user=editor, orgunit=tree.commune_a, role=Role.EDITOR)
    today = timezone.localdate()
    document = make_document(tree.province, province_admin)
    late, soon = tasks_create(
        user=province_admin, orgunit=tree.province, document=document,
        drafts=[TaskDraft("Học tập, quán triệt kết luận", number="1",
                          deadline=today - datetime.timedelta(days=3)),
                TaskDraft("Tuyên truyền trên cổng thông tin", number="2",
                          deadline=today + datetime.timedelta(days=5))],
    )  # fmt: skip
    for task in (late, soon):
        assignments_create(user=province_admin, task=task, units=[tree.commune_a])
    unread = Notification.objects.filter(user=editor, read_at__isnull=True).count()
    for n in range(6 - unread):
        Notification.objects.create(user=editor, kind="assigned", message=f"Tin {n}", url="/")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:home"))
    page = response.content.decode()
    card = page[page.index('id="home-tasks-card"') : page.index("</section>", page.index(
        'id="home-tasks-card"'))]  # fmt: skip
    assert "Học tập, quán triệt kết luận" in card and "Tuyên truyền trên cổng thông tin" in card
    assert response.context["tasks_due"].overdue == 1 and response.context["tasks_due"].soon == 1
    assert 'id="unread-count">6<' in page
    # The badge and the card share one count: the notices are read once per page.
    notices = [q for q in queries.captured_queries if "tracking_notification" in q["sql"]]
    assert len(notices) == 1
