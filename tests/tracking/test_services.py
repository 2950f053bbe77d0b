"""Writes of tracking: each checks the role itself, whatever page or endpoint calls it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tracking.conftest import LATE, make_document
from tuyengiao.tracking.models import Assignment, AssignmentRole, ProgressReport, Status, Task
from tuyengiao.tracking.services import (
    TaskDraft,
    assignment_status_set,
    assignments_create,
    progress_report_save,
    report_period_code,
    task_cancel,
    task_update,
    tasks_create,
)


def test_tasks_create_saves_tasks_and_subtasks_in_order(tasks, conclusion):
    saved = list(Task.objects.filter(document=conclusion).order_by("parent_id", "position"))
    assert [t.title for t in tasks] == ["Tăng cường sự lãnh đạo", "Đổi mới công tác tuyên truyền"]
    sub = Task.objects.get(parent=tasks[0])
    assert (sub.title, sub.number, sub.document, sub.orgunit) == (
        "Tổ chức học tập, quán triệt",
        "1.a",
        conclusion,
        tasks[0].orgunit,
    )
    assert len(saved) == 3


def test_a_commune_sets_its_own_tasks_from_the_provinces_directive(conclusion, tree, owner):
    created = tasks_create(
        user=owner, orgunit=tree.commune_a, document=conclusion, drafts=[TaskDraft("Kế hoạch xã")]
    )
    assert created[0].orgunit == tree.commune_a


def test_a_viewer_cannot_set_tasks(conclusion, tree, member):
    with pytest.raises(PermissionDenied):
        tasks_create(
            user=member, orgunit=tree.commune_a, document=conclusion, drafts=[TaskDraft("x")]
        )


def test_no_one_sets_tasks_from_a_directive_they_cannot_read(tree, owner, outsider):
    plan = make_document(tree.commune_a, owner, symbol="12-KH/ĐU")
    with pytest.raises(PermissionDenied):
        tasks_create(user=outsider, orgunit=tree.commune_b, document=plan, drafts=[TaskDraft("x")])


def test_drafts_without_a_title_are_refused(conclusion, tree, province_admin):
    with pytest.raises(ValidationError):
        tasks_create(
            user=province_admin,
            orgunit=tree.province,
            document=conclusion,
            drafts=[TaskDraft("  ")],
        )


def test_assigning_creates_one_assignment_per_unit_and_task_and_audits_them(
    tasks, tree, province_admin
):
    created = assignments_create(
        user=province_admin, task=tasks[0], units=[tree.commune_a, tree.commune_b]
    )
    assert created == 4  # the task and its sub-task, for two communes
    assignment = Assignment.objects.get(task=tasks[0], orgunit=tree.commune_a)
    assert (assignment.status, assignment.deadline, assignment.role) == (
        Status.NOT_STARTED,
        LATE,
        AssignmentRole.CARRY_OUT,
    )
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Assignment))
    assert entries.count() == 4
    assert entries.get(object_id=assignment.pk).actor == province_admin
    again = assignments_create(user=province_admin, task=tasks[0], units=[tree.commune_a])
    assert again == 0


def test_a_unit_cannot_assign_outside_its_subtree(conclusion, tree, owner):
    [task] = tasks_create(
        user=owner, orgunit=tree.commune_a, document=conclusion, drafts=[TaskDraft("Việc xã")]
    )
    with pytest.raises(ValidationError):
        assignments_create(user=owner, task=task, units=[tree.cell_b1])
    assert not Assignment.objects.exists()


def test_only_the_holders_editors_assign(tasks, tree, owner):
    with pytest.raises(PermissionDenied):
        assignments_create(user=owner, task=tasks[0], units=[tree.commune_a])


def test_done_dates_the_assignment_and_reopening_clears_it(assigned, tree, owner):
    assignment = Assignment.objects.get(task=assigned[0], orgunit=tree.commune_a)
    assignment_status_set(user=owner, assignment=assignment, status=Status.DONE)
    assignment.refresh_from_db()
    assert assignment.completed_on is not None
    assignment_status_set(user=owner, assignment=assignment, status=Status.IN_PROGRESS)
    assignment.refresh_from_db()
    assert assignment.completed_on is None


def test_an_outsider_cannot_change_commune_as_status(assigned, tree, outsider):
    assignment = Assignment.objects.get(task=assigned[0], orgunit=tree.commune_a)
    with pytest.raises(PermissionDenied):
        assignment_status_set(user=outsider, assignment=assignment, status=Status.DONE)


def test_a_progress_report_moves_the_status_and_a_second_one_corrects_it(
    assigned, tree, commune_editor
):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    upload = SimpleUploadedFile("bien-ban.txt", "Biên bản hội nghị".encode(), "text/plain")
    progress_report_save(
        user=commune_editor,
        assignment=assignment,
        period="2026",
        status=Status.IN_PROGRESS,
        results="Tổ chức 3 hội nghị",
        files=[upload],
    )
    report = progress_report_save(
        user=commune_editor,
        assignment=assignment,
        period="2026",
        status=Status.DONE,
        results="Tổ chức 4 hội nghị",
        shortcomings="Một số chi bộ chậm",
        next_steps="Sơ kết",
    )
    assert ProgressReport.objects.filter(assignment=assignment).count() == 1
    assert (report.results, report.status) == ("Tổ chức 4 hội nghị", Status.DONE)
    assert report.attachments.get().filename == "bien-ban.txt"
    assignment.refresh_from_db()
    assert assignment.status == Status.DONE


@pytest.mark.parametrize(
    ("period", "text", "code"),
    [("2026Q9", "x", None), ("2026", "", "empty")],
)
def test_bad_reports_are_refused_with_a_reason(assigned, tree, owner, period, text, code):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    with pytest.raises(ValidationError) as raised:
        progress_report_save(
            user=owner, assignment=assignment, period=period, status=Status.DONE, results=text
        )
    if code:
        assert raised.value.code == code
    assert not ProgressReport.objects.exists()


def test_an_outsider_cannot_report_for_commune_a(assigned, tree, outsider):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    with pytest.raises(PermissionDenied):
        progress_report_save(
            user=outsider, assignment=assignment, period="2026", status=Status.DONE, results="x"
        )


def test_a_new_deadline_moves_the_assignments_that_kept_the_old_one(assigned, tree, province_admin):
    task = assigned[1]
    given_more_time = Assignment.objects.get(task=task, orgunit=tree.commune_b)
    given_more_time.deadline = datetime.date(2027, 1, 31)
    given_more_time.save()
    task_update(user=province_admin, task=task, deadline=datetime.date(2026, 12, 31))
    deadlines = dict(Assignment.objects.filter(task=task).values_list("orgunit__code", "deadline"))
    assert deadlines == {"XA-AB": datetime.date(2026, 12, 31), "XA-BM": datetime.date(2027, 1, 31)}


def test_cancelling_a_task_cancels_its_open_assignments_and_keeps_done_ones(
    assigned, tree, province_admin, owner
):
    done = Assignment.objects.get(task=assigned[0], orgunit=tree.commune_a)
    assignment_status_set(user=owner, assignment=done, status=Status.DONE)
    task_cancel(user=province_admin, task=assigned[0])
    statuses = dict(
        Assignment.objects.filter(task__in=[assigned[0], *assigned[0].subtasks.all()]).values_list(
            "pk", "status"
        )
    )
    assert statuses.pop(done.pk) == Status.DONE
    assert set(statuses.values()) == {Status.CANCELLED}
    with pytest.raises(ValidationError):
        assignments_create(user=province_admin, task=assigned[0], units=[tree.commune_a])


@pytest.mark.parametrize(
    ("recurrence", "code"),
    [("", "2026"), ("month", "202612"), ("half", "2026S2"), ("year", "2026")],
)
def test_a_report_covers_the_period_of_the_recurrence(assigned, tree, recurrence, code):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    assignment.recurrence = recurrence
    assert report_period_code(assignment, datetime.date(2026, 12, 3)) == code
