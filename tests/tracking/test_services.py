"""Writes of tracking: each checks the role itself, whatever page or endpoint calls it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.tracking.conftest import LATE, make_document
from tests.values.conftest import make_indicator
from tuyengiao.tracking.models import Assignment, AssignmentRole, ProgressReport, Status, Task
from tuyengiao.tracking.selectors import report_figures
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
from tuyengiao.values.models import DataValue, DataValueChange
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import figures
from tuyengiao.values.services import CellKey, datavalue_save


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


def test_an_attachment_too_large_is_refused_by_name_as_any_file_is(
    assigned, tree, commune_editor, monkeypatch
):
    from tuyengiao.tracking import services

    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 1024 * 1024)
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    big = SimpleUploadedFile("anh.jpg", b"x" * (3 * 1024 * 1024 - 5), "image/jpeg")
    with pytest.raises(ValidationError) as refused:
        progress_report_save(
            user=commune_editor,
            assignment=assignment,
            period="2026",
            status=Status.IN_PROGRESS,
            files=[big],
        )
    assert refused.value.messages == ["Tệp “anh.jpg” quá lớn (3 MB, tối đa 1 MB)."]


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


# Figures: a task names indicators, and the figures of its progress reports become the
# assigned unit's data values, rolled up like any value typed in a form.


@pytest.fixture
def counted(assigned, province_admin):
    """Task 2 asks for the number of conferences held with each report."""
    conferences = make_indicator("T_HN_TRACKING", name="Số hội nghị")
    task_update(user=province_admin, task=assigned[1], indicators=[conferences])
    return conferences


def _report(user, assignment, figures, results="Đã tổ chức hội nghị"):
    return progress_report_save(
        user=user,
        assignment=assignment,
        period="2026S2",
        status=Status.IN_PROGRESS,
        results=results,
        figures=figures,
    )


def test_report_figures_become_the_units_values_and_roll_up_at_once(
    assigned, counted, tree, owner, outsider
):
    _report(owner, Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a), {counted: "3"})
    _report(
        outsider, Assignment.objects.get(task=assigned[1], orgunit=tree.commune_b), {counted: "4"}
    )
    value = DataValue.objects.get(orgunit=tree.commune_a, indicator=counted, period="2026S2")
    assert value.value == 3
    total = figures(indicator=counted, unit_ids=[tree.province.pk], period=Period.parse("2026"))
    assert (total[tree.province.pk].value, total[tree.province.pk].count) == (7, 2)


def test_a_corrected_figure_keeps_its_history_with_the_report_as_source(
    assigned, counted, tree, owner
):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    _report(owner, assignment, {counted: "3"})
    _report(owner, assignment, {counted: "5"})
    change = DataValueChange.objects.get()
    assert (change.old_value, change.new_value, change.source) == ("3", "5", "tracking")
    assert report_figures(assignment=assignment, indicators=[counted], periods=["2026S2"]) == {
        "2026S2": [(counted, "5")]
    }


def test_an_empty_figure_leaves_the_value_as_it_was(assigned, counted, tree, owner):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    _report(owner, assignment, {counted: "3"})
    _report(owner, assignment, {counted: ""}, results="Tiếp tục")
    assert DataValue.objects.get(indicator=counted).value == 3


def test_a_report_of_figures_alone_is_not_empty(assigned, counted, tree, owner):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    report = _report(owner, assignment, {counted: "2"}, results="")
    assert report.results == ""


def test_a_bad_figure_refuses_the_whole_report_and_names_its_indicator(
    assigned, counted, tree, owner
):
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    with pytest.raises(ValidationError) as raised:
        _report(owner, assignment, {counted: "ba"})
    assert "Số hội nghị" in raised.value.messages[0]
    assert not ProgressReport.objects.exists()
    assert not DataValue.objects.exists()
    assignment.refresh_from_db()
    assert assignment.status == Status.NOT_STARTED


def test_a_figure_of_an_indicator_the_task_does_not_ask_for_is_refused(
    assigned, counted, tree, owner
):
    other = make_indicator("T_KHAC", name="Khác")
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    with pytest.raises(ValidationError):
        _report(owner, assignment, {other: "1"})
    assert not DataValue.objects.exists()


def test_a_task_cannot_ask_for_a_derived_or_retired_indicator(assigned, province_admin):
    derived = make_indicator("T_TY_LE_TRACKING", formula="T_A / T_B * 100")
    retired = make_indicator("T_CU", is_active=False)
    with pytest.raises(ValidationError) as raised:
        task_update(user=province_admin, task=assigned[1], indicators=[derived, retired])
    assert "T_TY_LE_TRACKING, T_CU" in raised.value.messages[0]
    assert not assigned[1].indicators.exists()


def test_a_figure_beside_the_units_monthly_values_is_refused_as_counted_twice(
    assigned, counted, tree, owner
):
    datavalue_save(
        user=owner,
        key=CellKey(tree.commune_a, counted, Period.parse("202611")),
        raw="2",
    )
    assignment = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    with pytest.raises(ValidationError) as raised:
        _report(owner, assignment, {counted: "3"})
    assert "Tháng 11/2026" in raised.value.messages[0]
    assert list(DataValue.objects.values_list("period", flat=True)) == ["202611"]


def test_a_reported_figure_links_to_its_progress_report(assigned, counted, tree, owner):
    report = _report(
        owner, Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a), {counted: "3"}
    )
    value = DataValue.objects.get(orgunit=tree.commune_a, indicator=counted)
    assert (value.source, value.source_id) == ("tracking", report.pk)
    assert value.source_type.model_class() is type(report)
    assert value.source_note == assigned[1].title
    assert value.source_url == f"/tracking/assignments/{report.assignment_id}/#report-2026S2"
