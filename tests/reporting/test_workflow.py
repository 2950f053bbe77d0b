"""Forms, windows, submission, approval at each level, return, exceptions, and the locks
they put on every write path (the cell save and the file import)."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from tests.factories import RoleAssignmentFactory, UserFactory
from tests.values.conftest import import_rows
from tuyengiao.accounts.models import Role
from tuyengiao.reporting import services, workflow
from tuyengiao.reporting.models import Submission, ValidationRule
from tuyengiao.values import guards
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import Period
from tuyengiao.values.services import CellKey, datavalue_save

Status = Submission.Status


def save(user, unit, indicator, period, raw, option=""):
    return datavalue_save(user=user, key=CellKey(unit, indicator, period, option), raw=raw)


def months_ago(count: int) -> Period:
    day = timezone.localdate().replace(day=1)
    for _ in range(count):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return Period.month(day.year, day.month)


def test_window_opens_before_the_end_and_closes_after(monthly_form):
    window = workflow.form_window(monthly_form, Period.month(2025, 1))
    assert window.opens_on == datetime.date(2024, 12, 22)
    assert window.closes_on == datetime.date(2025, 2, 5)


def test_current_period_is_the_one_whose_window_holds_today(monthly_form):
    monthly_form.opens_before_end_days, monthly_form.closes_after_end_days = 5, 5
    assert workflow.form_current_period(monthly_form, datetime.date(2025, 2, 3)).code == "202501"
    assert workflow.form_current_period(monthly_form, datetime.date(2025, 2, 10)).code == "202502"


def test_units_that_must_report(monthly_form, tree):
    units = set(workflow.form_units(monthly_form, monthly_form.current))
    assert units == {tree.commune_a, tree.commune_b}
    monthly_form.units.add(tree.cell_a1)
    assert tree.cell_a1 in workflow.form_units(monthly_form, monthly_form.current)
    assert monthly_form in workflow.forms_for_unit(tree.cell_a1)


def test_period_of_another_kind_is_refused(monthly_form):
    with pytest.raises(ValidationError, match="theo tháng"):
        workflow.form_period(monthly_form, "2025Q1")


def test_submit_locks_approve_at_each_level_then_return_unlocks(
    monthly_form, tree, owner, province_admin, count
):
    period = monthly_form.current
    cell_form = monthly_form
    cell_form.units.add(tree.cell_a1)
    save(owner, tree.cell_a1, count, period, "3")
    submission = services.submission_submit(
        user=owner, form=cell_form, unit=tree.cell_a1, period=period
    )
    assert submission.status == Status.SUBMITTED
    with pytest.raises(ValidationError, match="khóa"):
        save(owner, tree.cell_a1, count, period, "4")
    # The commune approves first; the province's approval is the last.
    submission = services.submission_approve(user=owner, submission=submission)
    assert (submission.status, submission.approved_up_to) == (Status.SUBMITTED, tree.commune_a)
    with pytest.raises(ValidationError, match="cấp này"):
        services.submission_approve(user=owner, submission=submission)
    submission = services.submission_approve(user=province_admin, submission=submission)
    assert (submission.status, submission.approved_up_to) == (Status.APPROVED, tree.province)
    with pytest.raises(ValidationError, match="duyệt"):
        save(province_admin, tree.cell_a1, count, period, "5")
    with pytest.raises(ValidationError, match="cấp cuối"):
        services.submission_return(user=owner, submission=submission, reason="Sai")
    submission = services.submission_return(
        user=province_admin, submission=submission, reason="Thiếu số lớp"
    )
    assert (submission.status, submission.approved_up_to) == (Status.RETURNED, None)
    assert save(owner, tree.cell_a1, count, period, "4").value == 4
    actions = [e.action for e in submission.events.all()]
    assert actions == ["submit", "approve", "approve", "return"]


def test_only_levels_above_approve_and_return(monthly_form, tree, owner, outsider, member):
    period = monthly_form.current
    submission = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    for user in (owner, outsider, member):
        with pytest.raises(PermissionDenied):
            services.submission_approve(user=user, submission=submission)
        with pytest.raises(PermissionDenied):
            services.submission_return(user=user, submission=submission, reason="x")


def test_return_needs_a_reason(monthly_form, tree, owner, province_admin):
    submission = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=monthly_form.current
    )
    with pytest.raises(ValidationError, match="lý do"):
        services.submission_return(user=province_admin, submission=submission, reason="  ")


def test_viewer_and_outsider_cannot_submit(monthly_form, tree, member, outsider):
    for user in (member, outsider):
        with pytest.raises(PermissionDenied):
            services.submission_submit(
                user=user, form=monthly_form, unit=tree.commune_a, period=monthly_form.current
            )


def test_closed_window_needs_an_exception(monthly_form, tree, owner, province_admin, count):
    old = months_ago(3)
    with pytest.raises(ValidationError, match="quá hạn"):
        save(owner, tree.commune_a, count, old, "1")
    # An approver above may enter, and may let the unit enter.
    assert save(province_admin, tree.commune_a, count, old, "1").value == 1
    with pytest.raises(PermissionDenied):
        services.exception_grant(
            user=owner, form=monthly_form, unit=tree.commune_a, period=old,
            until=timezone.localdate(), reason="Bão lụt",
        )  # fmt: skip
    services.exception_grant(
        user=province_admin, form=monthly_form, unit=tree.commune_a, period=old,
        until=timezone.localdate(), reason="Bão lụt",
    )  # fmt: skip
    assert save(owner, tree.commune_a, count, old, "2").value == 2


def test_a_window_not_yet_open(monthly_form, tree, owner, count):
    monthly_form.opens_before_end_days = 0
    monthly_form.save()
    today = timezone.localdate()
    ahead = Period.month(today.year + 1, 1)
    with pytest.raises(ValidationError, match="mở từ ngày"):
        save(owner, tree.commune_a, count, ahead, "1")


def test_indicators_on_no_form_are_free(tree, owner, rate):
    assert save(owner, tree.commune_a, rate, months_ago(5), "50").value == 50


def test_import_refuses_locked_and_closed_rows_with_reasons(
    monthly_form, tree, owner, province_admin, count
):
    period = monthly_form.current
    services.submission_submit(user=owner, form=monthly_form, unit=tree.commune_a, period=period)
    rows = [
        {"indicator": count.code, "orgunit": "XA-AB", "period": period.code, "value": "2"},
        {"indicator": count.code, "orgunit": "XA-AB", "period": months_ago(3).code, "value": "2"},
    ]
    editor = UserFactory(username="editor")
    RoleAssignmentFactory(user=editor, orgunit=tree.commune_a, role=Role.EDITOR)
    report = import_rows(user=editor, rows=rows)
    assert [(e.row, "khóa" in e.message or "quá hạn" in e.message) for e in report.errors] == [
        (1, True),
        (2, True),
    ]


def test_serious_rule_blocks_submission_lesser_one_does_not(
    monthly_form, tree, owner, count, by_level
):
    period = monthly_form.current
    ValidationRule.objects.create(
        code="R_THU", left="T_LOP.CAO_CAP", operator="<=", right="T_LOP.SO_CAP",
        importance="high", message="Lớp cao cấp không nhiều hơn lớp sơ cấp.",
    )  # fmt: skip
    save(owner, tree.commune_a, by_level, period, "5", option="CAO_CAP")
    save(owner, tree.commune_a, by_level, period, "1", option="SO_CAP")
    with pytest.raises(ValidationError) as caught:
        services.submission_submit(
            user=owner, form=monthly_form, unit=tree.commune_a, period=period
        )
    assert "Lớp cao cấp không nhiều hơn lớp sơ cấp." in caught.value.messages
    ValidationRule.objects.filter(code="R_THU").update(importance="medium")
    services.submission_submit(user=owner, form=monthly_form, unit=tree.commune_a, period=period)


def test_report_actions(monthly_form, tree, owner, province_admin, member):
    period = monthly_form.current
    actions = workflow.report_actions(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period, submission=None
    )
    assert actions.can_edit and actions.can_submit and not actions.can_approve
    viewer = workflow.report_actions(
        user=member, form=monthly_form, unit=tree.commune_a, period=period, submission=None
    )
    assert not viewer.can_edit and not viewer.can_submit and viewer.block
    submission = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=period
    )
    above = workflow.report_actions(
        user=province_admin, form=monthly_form, unit=tree.commune_a, period=period,
        submission=submission,
    )  # fmt: skip
    assert above.can_approve and above.can_return and not above.can_edit


def _steps(form, unit, submission):
    events = list(submission.events.all()) if submission else []
    steps = workflow.approval_steps(form=form, unit=unit, submission=submission, events=events)
    return [(step.level, step.state) for step in steps]


def test_approval_steps_per_level(monthly_form, tree, owner, province_admin, count):
    monthly_form.units.add(tree.cell_a1)
    period = monthly_form.current
    assert _steps(monthly_form, tree.cell_a1, None) == [
        (tree.commune_a, "later"),
        (tree.province, "later"),
    ]
    save(owner, tree.cell_a1, count, period, "3")
    submission = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.cell_a1, period=period
    )
    assert _steps(monthly_form, tree.cell_a1, submission) == [
        (tree.commune_a, "waiting"),
        (tree.province, "later"),
    ]
    # The province approves without the commune: the commune's step is covered.
    submission = services.submission_approve(user=province_admin, submission=submission)
    assert _steps(monthly_form, tree.cell_a1, submission) == [
        (tree.commune_a, "covered"),
        (tree.province, "approved"),
    ]
    # A return and a new submission start the round again.
    services.submission_return(user=province_admin, submission=submission, reason="Sai")
    submission = services.submission_submit(
        user=owner, form=monthly_form, unit=tree.cell_a1, period=period
    )
    submission = services.submission_approve(user=owner, submission=submission)
    steps = workflow.approval_steps(
        form=monthly_form,
        unit=tree.cell_a1,
        submission=submission,
        events=list(submission.events.all()),
    )
    assert [(s.level, s.state) for s in steps] == [
        (tree.commune_a, "approved"),
        (tree.province, "waiting"),
    ]
    assert steps[0].event.by == owner


def test_reports_to_approve_lists_the_next_level_in_a_few_queries(
    monthly_form, tree, owner, province_admin, count, django_assert_max_num_queries
):
    from tuyengiao.reporting.dues import reports_to_approve

    monthly_form.units.add(tree.cell_a1)
    period = monthly_form.current
    for unit in (tree.commune_a, tree.cell_a1):
        save(owner, unit, count, period, "2")
        services.submission_submit(user=owner, form=monthly_form, unit=unit, period=period)
    # The commune approves its cell's report, not its own: that one is for the province.
    assert [d.unit for d in reports_to_approve(owner)] == [tree.cell_a1]
    with django_assert_max_num_queries(3):  # the scope, the waiting reports, nothing per row
        listed = reports_to_approve(province_admin)
    assert {d.unit for d in listed} == {tree.commune_a, tree.cell_a1}
    assert listed[0].unit == tree.commune_a  # oldest first
    services.submission_approve(user=province_admin, submission=listed[0].submission)
    assert [d.unit for d in reports_to_approve(province_admin)] == [tree.cell_a1]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="on SQLite the write's transaction holds the one write lock from its start; the "
    "in-memory test database, one cache shared by threads, reports a lock instead of waiting",
)
def test_a_submission_waits_for_a_write_that_found_the_form_open(
    transactional_db, monthly_form, tree, owner, count, monkeypatch
):
    period = monthly_form.current
    monthly_form.units.add(tree.cell_a1)
    checked, release, submitted = threading.Event(), threading.Event(), threading.Event()
    found = []

    def held(
        *, user, cells, by_hand
    ):  # a guard after the forms': the save waits between check and write
        found.append(workflow.cells_blocked(user=user, cells=cells))
        checked.set()
        release.wait(10)
        return {}

    def write():
        try:
            monkeypatch.setattr(guards, "_guards", [*guards._guards, held])
            save(owner, tree.cell_a1, count, period, "3")
        finally:
            connections.close_all()

    def submit():
        try:
            services.submission_submit(
                user=owner, form=monthly_form, unit=tree.cell_a1, period=period
            )
            submitted.set()
        finally:
            connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    assert checked.wait(10) and found == [{}]
    submitter = threading.Thread(target=submit)
    submitter.start()
    assert not submitted.wait(0.5)  # the submission waits for the write it would miss
    release.set()
    writer.join(10)
    submitter.join(10)
    assert submitted.is_set()
    submission = Submission.objects.get(form=monthly_form, orgunit=tree.cell_a1)
    assert submission.status == Status.SUBMITTED
    with pytest.raises(ValidationError, match="khóa"):
        save(owner, tree.cell_a1, count, period, "4")
    assert DataValue.objects.get(orgunit=tree.cell_a1, indicator=count).value == 3


def test_a_write_reads_the_forms_once_for_its_locks_and_its_approved_sums(
    monthly_form, tree, owner, count, monkeypatch
):
    # A save under a form: its indicators' forms, then the unit with its report, each read
    # once (`reporting.cells`); no exception nor approver scope while the window is open.
    from tuyengiao.reporting import cells
    from tuyengiao.values import bulk_sql

    read: list[str] = []
    select, select_in = cells._select, bulk_sql.select_in
    monkeypatch.setattr(cells, "_select", lambda sql, *a: read.append(sql[:40]) or select(sql, *a))
    monkeypatch.setattr(
        bulk_sql, "select_in", lambda sql, *a, **k: read.append(sql[:40]) or select_in(sql, *a, **k)
    )
    save(owner, tree.commune_a, count, monthly_form.current, "3")
    forms = [sql for sql in read if "indicator_id, f.id" in sql]
    assert len(forms) == 1
    assert [sql for sql in read if sql.startswith("SELECT u.id")] == [cells._UNITS_SQL[:40]]
    assert not [sql for sql in read if "until" in sql]
    # The next write reads afresh: a report sent in between locks the cell.
    services.submission_submit(
        user=owner, form=monthly_form, unit=tree.commune_a, period=monthly_form.current
    )
    with pytest.raises(ValidationError, match="khóa"):
        save(owner, tree.commune_a, count, monthly_form.current, "4")
