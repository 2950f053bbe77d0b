"""The demo's year of concerns: written through the service, the pavements of phường Hoa Sữa
rising on the province's overview, the task opened for them."""

import gc
import time

import pytest

from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.concern_demo import demo_concerns_create
from tuyengiao.surveys.concern_selectors import Overview, months_back
from tuyengiao.surveys.concerns import current_month
from tuyengiao.surveys.models import ConcernNote
from tuyengiao.tracking.models import Assignment
from tuyengiao.values.models import DataValue

pytestmark = pytest.mark.django_db


def test_a_year_of_concerns(demo):
    editors = {
        a.orgunit_id: a.user
        for a in RoleAssignment.objects.filter(
            role=Role.EDITOR, orgunit__kind__code__in=["dang-uy-xa", "dang-uy-phuong"]
        ).select_related("user")
    }
    setter = User.objects.get(username="tinh.bientap")
    province = OrgUnit.objects.get(code="HL")
    gc.collect()  # the demo's own garbage is not this function's time
    started = time.perf_counter()
    opened = demo_concerns_create(province=province, editors=editors, setter=setter)
    elapsed = time.perf_counter() - started
    print(f"demo_concerns_create: {elapsed:.2f} s")
    assert elapsed < 5

    ward = OrgUnit.objects.get(code="HL-P02")
    assert opened.orgunit == ward and opened.topic.code == "TRAT_TU_DO_THI"
    assert Assignment.objects.get(task=opened.task).orgunit == ward
    assert opened.task.title == "Giải quyết kiến nghị về trật tự đô thị, vỉa hè phường Hoa Sữa"
    # Typed by each commune's own editor.
    cell = DataValue.objects.filter(orgunit__code="HL-X02", indicator__code="TT_TIEP_NHAN").first()
    assert cell is not None and cell.created_by == editors[cell.orgunit_id]
    assert ConcernNote.objects.filter(orgunit__code__startswith="HL-P02").exists()

    months = months_back(current_month().previous(), 12)
    overview = Overview(user=setter, unit=province, months=months)
    rising = {(r.unit.code, r.topic.code) for r in overview.rises}
    assert ("HL-P02", "TRAT_TU_DO_THI") in rising
    assert overview.topic.code == "TRAT_TU_DO_THI"
    line = next(x for x in overview.lines if x.topic.code == "TRAT_TU_DO_THI")
    assert line.rising
    assert all(line.heard_total > 0 for line in overview.lines)
