"""Inspections: a delegation of the province, its findings per commune, and the
recommendations that become follow-up tasks tracked like any other."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.tracking.conftest import SOON, START
from tuyengiao.tracking.inspections import (
    findings_save,
    inspection_create,
    recommendation_add,
)
from tuyengiao.tracking.models import Assignment, MemberRole, Task
from tuyengiao.tracking.selectors import (
    assignments_due,
    inspection_units,
    inspections_visible,
    unit_assignments,
)


def test_a_delegation_is_registered_with_its_members_units_and_directives(delegation, conclusion):
    assert [m.role for m in delegation.members.all()] == [MemberRole.HEAD, MemberRole.SECRETARY]
    assert [u.orgunit.code for u in delegation.units.all()] == ["XA-AB", "XA-BM"]
    assert list(delegation.documents.all()) == [conclusion]


def test_a_commune_cannot_inspect_its_neighbour(tree, owner):
    with pytest.raises(ValidationError):
        inspection_create(
            user=owner,
            orgunit=tree.commune_a,
            title="x",
            starts_on=START,
            ends_on=START,
            units=[tree.cell_b1],
        )


def test_dates_in_the_wrong_order_are_refused(tree, province_admin):
    with pytest.raises(ValidationError):
        inspection_create(
            user=province_admin,
            orgunit=tree.province,
            title="x",
            starts_on=START,
            ends_on=START - datetime.timedelta(days=1),
            units=[tree.commune_a],
        )


def test_a_recommendation_becomes_a_task_of_the_inspected_unit(delegation, province_admin, owner):
    inspected = delegation.units.get(orgunit__code="XA-AB")
    findings_save(
        user=province_admin,
        inspected=inspected,
        strengths="Học tập đầy đủ",
        shortcomings="Kế hoạch chậm",
    )
    recommendation = recommendation_add(
        user=province_admin,
        inspected=inspected,
        text="Ban hành kế hoạch cụ thể hóa Kết luận trước 31/12",
        deadline=SOON,
    )
    task = recommendation.task
    assert (task.orgunit, task.inspection, task.document) == (delegation.orgunit, delegation, None)
    [assignment] = Assignment.objects.filter(task=task)
    assert assignment.orgunit == inspected.orgunit and assignment.deadline == SOON
    today = datetime.date.today()
    assert assignment in unit_assignments(user=owner, unit=inspected.orgunit, today=today)
    assert assignment in assignments_due(user=owner, today=today)[1]


def test_only_the_inspecting_units_editors_write_findings(delegation, owner):
    inspected = delegation.units.get(orgunit__code="XA-AB")
    with pytest.raises(PermissionDenied):
        findings_save(user=owner, inspected=inspected, strengths="x", shortcomings="")
    with pytest.raises(PermissionDenied):
        recommendation_add(user=owner, inspected=inspected, text="x")
    assert not Task.objects.filter(inspection=delegation).exists()


def test_an_inspected_unit_reads_its_own_findings_only(
    delegation, member, outsider, province_admin
):
    assert delegation in inspections_visible(member)
    assert [u.orgunit.code for u in inspection_units(user=member, inspection=delegation)] == [
        "XA-AB"
    ]
    assert [u.orgunit.code for u in inspection_units(user=outsider, inspection=delegation)] == [
        "XA-BM"
    ]
    assert len(inspection_units(user=province_admin, inspection=delegation)) == 2


def test_an_inspection_of_others_is_not_seen(tree, province_admin, outsider):
    only_a = inspection_create(
        user=province_admin,
        orgunit=tree.province,
        title="Chỉ xã A",
        starts_on=START,
        ends_on=START,
        units=[tree.commune_a],
    )
    assert only_a not in inspections_visible(outsider)
