"""The demo's tracking: 88-KL/TU's tasks, read from its text, assigned to every commune and
ward, with work overdue, due this week and done, and one commune's plan and reports."""

import pytest
from django.utils import timezone

from tuyengiao.accounts.models import User
from tuyengiao.documents.models import Document
from tuyengiao.tracking.models import NotificationKind, ProgressReport
from tuyengiao.tracking.notifications import unread
from tuyengiao.tracking.selectors import (
    assignments_due,
    document_coverage,
    document_tasks,
    totals_by_level,
)
from tuyengiao.values.models import DataValue, SourceKind

pytestmark = pytest.mark.usefixtures("db", "demo")


@pytest.fixture
def province_user():
    return User.objects.get(username="tinh.quantri")


@pytest.fixture
def conclusion():
    return Document.objects.get(symbol="88-KL/TU")


def test_the_conclusions_items_became_its_tasks(province_user, conclusion):
    tasks = document_tasks(user=province_user, document=conclusion)
    assert [t.number for t in tasks] == ["1", "1.a", "1.b", "2", "3", "4", "5"]
    assert tasks[0].title == "Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng"


def test_every_commune_and_ward_has_work_at_every_stage(province_user, conclusion):
    today = timezone.localdate()
    [communes] = totals_by_level(user=province_user, document=conclusion, today=today)
    assert communes.units == 30
    assert communes.counts.total == 150
    assert communes.counts.done and communes.counts.in_progress and communes.counts.overdue
    overdue, soon = assignments_due(user=province_user, today=today)
    assert overdue and soon


def test_the_demo_commune_has_a_plan_and_reports(province_user, conclusion):
    rows = document_coverage(user=province_user, document=conclusion, today=timezone.localdate())
    planned = {row.unit.code: row.plan.symbol for row in rows if row.plan}
    assert planned == {"HL-X01": "15-KH/ĐU"}
    reports = ProgressReport.objects.filter(assignment__orgunit__code="HL-X01")
    assert reports.count() == 5
    assert all(r.results and r.shortcomings and r.next_steps for r in reports)
    # Its task report's figure; the commune's study sessions of earlier months have their own.
    studied = DataValue.objects.get(
        orgunit__code="HL-X01", indicator__code="DV_DUOC_HOC", source=SourceKind.TRACKING
    )
    assert studied.value == 412  # the study task's figure, rolled up like any value


def test_a_commune_user_sees_only_its_own_row(conclusion):
    editor = User.objects.get(username="xa.lungsuong.bientap")
    rows = document_coverage(user=editor, document=conclusion, today=timezone.localdate())
    assert [row.unit.code for row in rows] == ["HL-X01"]


def test_the_demo_communes_editor_finds_overdue_notices_waiting():
    editor = User.objects.get(username="xa.lungsuong.bientap")
    assert unread(editor).filter(kind=NotificationKind.OVERDUE).exists()
