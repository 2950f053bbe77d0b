"""Reads of tracking: who sees which tasks and assignments, the matrix and its totals,
coverage and the due lists, each checked against counts made by hand."""

import datetime

import pytest
from django.db import connection

from tests.tracking.conftest import TODAY, make_document
from tuyengiao.documents.models import DocumentRelation, RelationKind
from tuyengiao.tracking.models import OVERDUE, Assignment, Status
from tuyengiao.tracking.selectors import (
    assignments_due,
    assignments_due_summary,
    assignments_visible,
    document_coverage,
    document_tasks,
    tasks_visible,
    totals_by_level,
    tracking_matrix,
    unit_assignments,
)
from tuyengiao.tracking.services import (
    TaskDraft,
    assignment_status_set,
    assignments_create,
    tasks_create,
)
from tuyengiao.ui.collation import COLLATION, _compare, register_sqlite_collation


def test_tasks_come_down_the_tree_but_not_sideways(
    conclusion, assigned, tree, owner, member, outsider
):
    [own] = tasks_create(
        user=owner, orgunit=tree.commune_a, document=conclusion, drafts=[TaskDraft("Việc xã A")]
    )
    assert own in tasks_visible(member)
    assert set(assigned) <= set(tasks_visible(outsider))
    assert own not in tasks_visible(outsider)


def test_tasks_of_a_confidential_directive_stay_hidden(tree, province_admin, member):
    secret = make_document(tree.province, province_admin, symbol="01-CT/TU", confidential=True)
    tasks_create(
        user=province_admin, orgunit=tree.province, document=secret, drafts=[TaskDraft("x")]
    )
    assert not tasks_visible(member).exists()
    assert tasks_visible(province_admin).exists()


def test_a_commune_sees_only_its_own_assignments(assigned, tree, member, outsider, province_admin):
    assert set(assignments_visible(member).values_list("orgunit__code", flat=True)) == {"XA-AB"}
    assert set(assignments_visible(outsider).values_list("orgunit__code", flat=True)) == {"XA-BM"}
    assert assignments_visible(province_admin).count() == 6


def test_document_tasks_lists_each_task_before_its_subtasks(conclusion, assigned, member):
    assert [t.number for t in document_tasks(user=member, document=conclusion)] == ["1", "1.a", "2"]


def test_the_matrix_has_a_cell_per_unit_and_task_with_its_effective_status(
    conclusion, assigned, tree, province_admin, owner
):
    first_a = Assignment.objects.get(task=assigned[0], orgunit=tree.commune_a)
    assignment_status_set(user=owner, assignment=first_a, status=Status.DONE)
    matrix = tracking_matrix(user=province_admin, document=conclusion, today=TODAY)
    assert [row.unit.code for row in matrix.rows] == ["XA-AB", "XA-BM"]
    row_a, row_b = matrix.rows
    # Task 1 was due three days ago: done in A, overdue in B. Its sub-task has no deadline.
    assert [c.effective for c in row_a.cells] == [
        Status.DONE,
        Status.NOT_STARTED,
        Status.NOT_STARTED,
    ]
    assert [c.effective for c in row_b.cells] == [OVERDUE, Status.NOT_STARTED, Status.NOT_STARTED]
    assert (row_a.counts.done, row_a.counts.total, row_a.counts.percent) == (1, 3, 33.3)
    assert row_b.counts.overdue == 1


def test_the_matrix_filters_by_status_and_pages(conclusion, assigned, province_admin, member):
    late = tracking_matrix(user=province_admin, document=conclusion, today=TODAY, status=OVERDUE)
    assert [row.unit.code for row in late.rows] == ["XA-AB", "XA-BM"]
    later = tracking_matrix(
        user=province_admin,
        document=conclusion,
        today=TODAY - datetime.timedelta(days=30),
        status=OVERDUE,
    )
    assert later.rows == []
    paged = tracking_matrix(
        user=province_admin, document=conclusion, today=TODAY, page=2, page_size=1
    )
    assert (paged.page, paged.pages, [r.unit.code for r in paged.rows]) == (2, 2, ["XA-BM"])
    assert [
        r.unit.code for r in tracking_matrix(user=member, document=conclusion, today=TODAY).rows
    ] == ["XA-AB"]


def test_the_matrix_puts_each_unit_in_order_once_not_each_assignment(
    conclusion, assigned, tree, province_admin
):
    # On SQLite the Vietnamese collation is Python, called for every comparison. The
    # matrix compares its units' names, not each assignment's copy of its unit's name:
    # DISTINCT over the collated name did that, 20 ms of the page's units query for 3,000
    # units × 10 tasks (bench/tracking.py).
    if connection.vendor != "sqlite":
        pytest.skip("the collation is ICU's, inside PostgreSQL")
    more = tasks_create(
        user=province_admin,
        orgunit=tree.province,
        document=conclusion,
        drafts=[TaskDraft(f"Việc {n}", number=str(n)) for n in range(3, 13)],
    )
    units = [tree.commune_b, tree.commune_a, tree.cell_b1, tree.cell_a1]
    for task in [*assigned, *more]:
        assignments_create(user=province_admin, task=task, units=units)
    compared = []

    def counting(left: str, right: str) -> int:
        compared.append((left, right))
        return _compare(left, right)

    connection.ensure_connection()
    connection.connection.create_collation(COLLATION, counting)
    try:
        matrix = tracking_matrix(user=province_admin, document=conclusion, today=TODAY)
    finally:
        register_sqlite_collation(None, connection)
    assert [row.unit.code for row in matrix.rows] == ["XA-AB", "XA-BM", "CB-A1", "CB-B1"]
    assert len(matrix.tasks) * len(units) == 52
    # Sorting 4 units takes at most 4 × 3 / 2 comparisons.
    assert len(compared) <= 6, len(compared)


def test_totals_by_level_count_every_assignment_once(
    conclusion, assigned, tree, province_admin, owner
):
    [cell_task] = [t for t in assigned if t.number == "2"]
    assignments_create(user=province_admin, task=cell_task, units=[tree.cell_a1])
    assignment_status_set(
        user=owner,
        assignment=Assignment.objects.get(task=cell_task, orgunit=tree.cell_a1),
        status=Status.DONE,
    )
    levels = totals_by_level(user=province_admin, document=conclusion, today=TODAY)
    assert [(lv.level, lv.units, lv.counts.total, lv.counts.done) for lv in levels] == [
        (1, 2, 6, 0),
        (2, 1, 1, 1),
    ]
    assert levels[0].counts.overdue == 2
    assert levels[0].kinds == ["Đảng ủy xã"]
    assert levels[1].counts.percent == 100.0


def test_coverage_finds_a_units_plan_also_through_an_intermediate_document(
    conclusion, assigned, tree, province_admin, owner
):
    province_plan = make_document(tree.province, province_admin, symbol="224-KH/TU")
    DocumentRelation.objects.create(
        source=province_plan,
        kind=RelationKind.CONCRETIZES,
        target=conclusion,
        target_symbol="88-KL/TU",
    )
    plan = make_document(
        tree.commune_a, owner, symbol="91-KH/ĐU", issued_on=datetime.date(2023, 10, 20)
    )
    DocumentRelation.objects.create(
        source=plan, kind=RelationKind.IMPLEMENTS, target=province_plan, target_symbol="224-KH/TU"
    )
    rows = document_coverage(user=province_admin, document=conclusion, today=TODAY)
    assert [(r.unit.code, r.plan and r.plan.symbol, r.counts.total) for r in rows] == [
        ("XA-AB", "91-KH/ĐU", 3),
        ("XA-BM", None, 3),
    ]


def test_the_due_lists_split_overdue_from_due_within_a_week(assigned, tree, member, province_admin):
    overdue, soon = assignments_due(user=province_admin, today=TODAY)
    assert [(a.task.number, a.orgunit.code) for a in overdue] == [("1", "XA-AB"), ("1", "XA-BM")]
    assert [(a.task.number, a.orgunit.code) for a in soon] == [("2", "XA-AB"), ("2", "XA-BM")]
    overdue, soon = assignments_due(user=member, today=TODAY)
    assert {a.orgunit.code for a in overdue + soon} == {"XA-AB"}


def test_the_home_summary_counts_what_the_due_lists_hold(assigned, tree, province_admin, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for user in (province_admin, member):
        overdue, soon = assignments_due(user=user, today=TODAY)
        with CaptureQueriesContext(connection) as queries:
            summary = assignments_due_summary(user=user, today=TODAY, shown=3)
        assert (summary.overdue, summary.soon) == (len(overdue), len(soon))
        assert summary.first == (overdue + soon)[:3]
        # Past the scope's reads: one count and one short list, whatever the numbers.
        reads = [q["sql"] for q in queries.captured_queries if "tracking_assignment" in q["sql"]]
        assert len(reads) == 2 and "COUNT" in reads[0] and "LIMIT 3" in reads[1]


def test_a_units_page_lists_open_work_before_finished_work(assigned, tree, owner):
    first = Assignment.objects.get(task=assigned[0], orgunit=tree.commune_a)
    assignment_status_set(user=owner, assignment=first, status=Status.DONE)
    items = unit_assignments(user=owner, unit=tree.commune_a, today=TODAY)
    assert [a.effective for a in items][-1] == Status.DONE
    assert len(items) == 3
    assert unit_assignments(user=owner, unit=tree.commune_b, today=TODAY) == []
