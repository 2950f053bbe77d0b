"""Writes for implementation tracking: tasks from a directive, assignments down the tree,
status changes and progress reports.

Every write checks the role again, whatever the page or endpoint that calls it: setting and
assigning tasks needs an editor of the unit that holds them, reporting needs an editor of
the unit that carries the work out.
"""

import datetime
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.audit import audit_bulk
from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tabular.limits import file_too_large
from tuyengiao.tracking.models import (
    Assignment,
    AssignmentRole,
    ProgressAttachment,
    ProgressReport,
    Recurrence,
    ReviewState,
    Status,
    Task,
)
from tuyengiao.tracking.notifications import notify_assigned, notify_returned
from tuyengiao.tracking.selectors import indicators_reportable
from tuyengiao.values.models import Indicator, SourceKind
from tuyengiao.values.period_fields import recent_periods
from tuyengiao.values.periods import (
    Period,
    PeriodKind,
    period_for,
)
from tuyengiao.values.services import Source, datavalues_write

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
BATCH = 500


@dataclass
class TaskDraft:
    """A task as the person edited it on the "Tạo nhiệm vụ" page, before it is saved."""

    title: str
    description: str = ""
    number: str = ""
    deadline: datetime.date | None = None
    subtasks: list["TaskDraft"] = field(default_factory=list)
    # Its own reporting recurrence; None: the one `tasks_create` is given (a sub-task's
    # task's, for a sub-task).
    recurrence: str | None = None


def tasks_create(
    *,
    user,
    orgunit: OrgUnit,
    document: Document | None,
    drafts: Sequence[TaskDraft],
    recurrence: str = Recurrence.NONE,
) -> list[Task]:
    """Save the edited drafts (and their sub-tasks) as tasks held by `orgunit`.

    The directive may come from above (a commune sets its own tasks from the province's
    conclusion), so the user must be able to read it, not to edit it.
    """
    require_role(user, orgunit, role=Role.EDITOR)
    if document is not None and not documents_visible(user).filter(pk=document.pk).exists():
        raise PermissionDenied(_("Bạn không được xem văn bản này."))
    drafts = [draft for draft in drafts if draft.title.strip()]
    if not drafts:
        raise ValidationError(_("Chưa có nhiệm vụ nào có tên."), code="empty")
    start = Task.objects.filter(document=document, orgunit=orgunit).count() if document else 0
    created: list[Task] = []
    with transaction.atomic():
        for position, draft in enumerate(drafts, start=start):
            own = recurrence if draft.recurrence is None else draft.recurrence
            task = _task_save(user, orgunit, document, draft, position, own, parent=None)
            created.append(task)
            for sub_position, sub in enumerate(d for d in draft.subtasks if d.title.strip()):
                sub_own = own if sub.recurrence is None else sub.recurrence
                _task_save(user, orgunit, document, sub, sub_position, sub_own, parent=task)
    return created


def _task_save(user, orgunit, document, draft: TaskDraft, position, recurrence, *, parent):
    task = Task(
        orgunit=orgunit,
        document=document,
        parent=parent,
        number=draft.number.strip()[:20],
        title=" ".join(draft.title.split())[:255],
        description=draft.description.strip(),
        deadline=draft.deadline,
        recurrence=recurrence,
        position=position,
        created_by=user,
    )
    task.full_clean()
    task.save()
    return task


# What task_update changes besides the indicators; the task page edits exactly these.
TASK_FIELDS = ("number", "title", "description", "deadline", "recurrence")


def _indicators_check(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators a task's reports may carry: one figure each, typed by hand."""
    indicators = list(indicators)
    usable = set(
        indicators_reportable()
        .filter(pk__in=[i.pk for i in indicators])
        .values_list("pk", flat=True)
    )
    unusable = [i.code for i in indicators if i.pk not in usable]
    if unusable:
        raise ValidationError(
            _(
                "Chỉ tiêu tính theo công thức, có phân tổ hoặc đã ngừng sử dụng không báo cáo "
                "kèm nhiệm vụ được: %(codes)s."
            )
            % {"codes": ", ".join(unusable)},
            code="indicators",
        )
    return indicators


def task_update(
    *, user, task: Task, indicators: Iterable[Indicator] | None = None, **values
) -> Task:
    """Change a task's title, description, deadline, recurrence, number or the indicators
    its reports carry.

    Assignments whose deadline was the task's follow a new deadline; one given its own
    deadline (more time for one commune) keeps it.
    """
    require_role(user, task.orgunit, role=Role.EDITOR)
    chosen = None if indicators is None else _indicators_check(indicators)
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"task_update cannot change {sorted(unknown)}")
    old_deadline = task.deadline
    for name, value in values.items():
        setattr(task, name, value)
    task.full_clean()
    with transaction.atomic():
        task.save()
        if chosen is not None:
            task.indicators.set(chosen)
        if "deadline" in values and values["deadline"] != old_deadline:
            for assignment in task.assignments.filter(deadline=old_deadline):
                assignment.deadline = task.deadline
                assignment.save(update_fields=["deadline", "updated_at"])
    return task


def task_cancel(*, user, task: Task) -> None:
    """Cancel a task and its open assignments: kept, with their reports, never deleted."""
    require_role(user, task.orgunit, role=Role.EDITOR)
    with transaction.atomic():
        for each in [task, *task.subtasks.all()]:
            each.cancelled = True
            each.save(update_fields=["cancelled", "updated_at"])
            for assignment in each.assignments.filter(
                status__in=[Status.NOT_STARTED, Status.IN_PROGRESS]
            ):
                assignment.status = Status.CANCELLED
                assignment.save(update_fields=["status", "updated_at"])


def assignments_create(
    *,
    user,
    task: Task,
    units: Iterable[OrgUnit],
    role: str = AssignmentRole.CARRY_OUT,
    deadline: datetime.date | None = None,
    recurrence: str | None = None,
    with_subtasks: bool = True,
) -> int:
    """Assign `task` (and its sub-tasks) to each of `units`; returns how many were new.

    A unit already assigned the task keeps its assignment as it is. The units must lie in
    the holder's subtree: a commune cannot set work for its neighbour. Written in bulk, with
    the audit entries written alongside: "all communes" of a province is a few hundred rows.
    """
    require_role(user, task.orgunit, role=Role.EDITOR)
    if task.cancelled:
        raise ValidationError(_("Nhiệm vụ đã hủy, không giao được."), code="cancelled")
    units = list(units)
    outside = [u for u in units if not u.path.startswith(task.orgunit.path)]
    if outside:
        raise ValidationError(
            _("Chỉ giao được cho đơn vị trực thuộc %(holder)s: %(units)s.")
            % {"holder": task.orgunit, "units": ", ".join(u.name for u in outside[:5])},
            code="outside",
        )
    if role not in AssignmentRole.values:
        raise ValidationError(_("Vai trò không hợp lệ."), code="role")
    tasks = [task, *task.subtasks.filter(cancelled=False)] if with_subtasks else [task]
    taken = set(
        Assignment.objects.filter(task__in=tasks, orgunit__in=units).values_list(
            "task_id", "orgunit_id"
        )
    )
    new = [
        Assignment(
            task=each,
            orgunit=unit,
            role=role,
            deadline=deadline or each.deadline,
            recurrence=each.recurrence if recurrence is None else recurrence,
            assigned_by=user,
        )
        for each in tasks
        for unit in units
        if (each.pk, unit.pk) not in taken
    ]
    for assignment in new:
        assignment.full_clean(exclude=["task", "orgunit", "assigned_by"], validate_unique=False)
    with transaction.atomic():
        Assignment.objects.bulk_create(new, batch_size=BATCH)
        # bulk_create returns keys on both databases we run on (SQLite ≥ 3.35, PostgreSQL).
        audit_bulk(
            Assignment,
            (
                (
                    a,
                    LogEntry.Action.CREATE,
                    {
                        "task": (None, a.task_id),
                        "orgunit": (None, a.orgunit_id),
                        "role": (None, a.role),
                        "deadline": (None, a.deadline),
                    },
                )
                for a in new
            ),
            actor=user,
        )
        notify_assigned(new)
    return len(new)


def assignment_status_set(*, user, assignment: Assignment, status: str) -> Assignment:
    """Record where the unit's work stands; "done" dates it today."""
    require_role(user, assignment.orgunit, role=Role.EDITOR)
    if status not in Status.values:
        raise ValidationError(_("Trạng thái không hợp lệ."), code="status")
    if assignment.status == Status.CANCELLED and status != Status.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã hủy."), code="cancelled")
    assignment.status = status
    if status == Status.DONE:
        assignment.completed_on = assignment.completed_on or timezone.localdate()
    else:
        assignment.completed_on = None
    assignment.save(update_fields=["status", "completed_on", "updated_at"])
    return assignment


def report_period_code(assignment: Assignment, day: datetime.date) -> str:
    """The period a report written on `day` covers: the assignment's recurrence, else the year."""
    kind = PeriodKind(assignment.recurrence) if assignment.recurrence else PeriodKind.YEAR
    return period_for(kind, day).code


# A task without a recurrence may be reported for any fixed span: the year first, the default.
_ANY_KIND = (PeriodKind.YEAR, PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTH)


def report_periods(assignment: Assignment, day: datetime.date) -> list[Period]:
    """The periods offered to a progress report written on `day`, newest first: those of
    the assignment's recurrence, or of every fixed kind, over this year and the last."""
    kinds = [PeriodKind(assignment.recurrence)] if assignment.recurrence else list(_ANY_KIND)
    return recent_periods(kinds, today=day)


def progress_report_save(
    *,
    user,
    assignment: Assignment,
    period: str,
    status: str,
    results: str = "",
    shortcomings: str = "",
    next_steps: str = "",
    files: Sequence[UploadedFile] = (),
    figures: Mapping[Indicator, object] | None = None,
) -> ProgressReport:
    """Save (or correct) the unit's report for one period, and move the assignment's status.

    One report per period: sending again for the same period corrects it, and the audit
    trail keeps what it said before. `figures` (an indicator of the task → the value as
    typed; empty leaves the value as it is) become the unit's data values for the period,
    rolled up at once like a figure typed in a form. All is saved or nothing.
    """
    require_role(user, assignment.orgunit, role=Role.EDITOR)
    if assignment.status == Status.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã hủy, không cần báo cáo."), code="cancelled")
    try:
        Period.parse(period)
    except ValueError:
        raise ValidationError(_("Kỳ báo cáo không hợp lệ: %(code)s.") % {"code": period}) from None
    figures = {i: raw for i, raw in (figures or {}).items() if str(raw or "").strip()}
    if not (results.strip() or shortcomings.strip() or next_steps.strip() or files or figures):
        raise ValidationError(_("Báo cáo chưa có nội dung."), code="empty")
    too_big = [f for f in files if f.size and f.size > MAX_ATTACHMENT_BYTES]
    if too_big:
        raise ValidationError(
            [
                ValidationError(
                    file_too_large(name=f.name or "", size=f.size or 0, limit=MAX_ATTACHMENT_BYTES),
                    code="too_big",
                )
                for f in too_big
            ]
        )
    with transaction.atomic():
        report, _created = ProgressReport.objects.get_or_create(
            assignment=assignment, period=period, defaults={"status": status, "submitted_by": user}
        )
        report.status = status
        report.results = results.strip()
        report.shortcomings = shortcomings.strip()
        report.next_steps = next_steps.strip()
        report.submitted_by = user
        # A corrected report goes back to the unit that set the task, to be read again.
        report.review_state = ReviewState.SUBMITTED
        report.full_clean()
        report.save()
        for upload in files:
            name = upload.name or "tep"
            ProgressAttachment.objects.create(
                report=report,
                file=upload,
                filename=name[:255],
                content_type=upload.content_type or mimetypes.guess_type(name)[0] or "",
                size=upload.size or 0,
                uploaded_by=user,
            )
        if figures:
            _figures_save(user, report, figures)
        if assignment.status != status:
            assignment_status_set(user=user, assignment=assignment, status=status)
    return report


def _figures_save(user, report: ProgressReport, figures: Mapping[Indicator, object]) -> None:
    """The report's figures through the values core, each problem named by its indicator; the
    caller's transaction drops the whole report when there is one."""
    assignment = report.assignment
    allowed = set(assignment.task.indicators.values_list("pk", flat=True))
    stray = [i.code for i in figures if i.pk not in allowed]
    if stray:
        raise ValidationError(
            _("Nhiệm vụ này không báo cáo các chỉ tiêu: %(codes)s.") % {"codes": ", ".join(stray)}
        )
    indicators = list(figures)
    cells = [
        {
            "indicator": indicator.code,
            "orgunit": assignment.orgunit.code,
            "period": report.period,
            "value": raw,
        }
        for indicator, raw in figures.items()
    ]
    source = Source(SourceKind.TRACKING, note=assignment.task.title, ref=report)
    written = datavalues_write(cells, user=user, source=source)
    if written.errors:
        raise ValidationError(
            [f"{indicators[e.row - 1].name}: {e.message}" for e in written.errors],
            code="figures",
        )


def progress_report_review(
    *, user, report: ProgressReport, accept: bool, note: str = ""
) -> ProgressReport:
    """The unit that set the task accepts a report, or returns it with a reason.

    A returned report of work called done reopens the work: the unit corrects and resends.
    """
    assignment = report.assignment
    require_role(user, assignment.task.orgunit, role=Role.EDITOR)
    note = " ".join(note.split())
    if not accept and not note:
        raise ValidationError(_("Ghi lý do trả lại báo cáo."), code="reason")
    with transaction.atomic():
        report.review_state = ReviewState.ACCEPTED if accept else ReviewState.RETURNED
        report.review_note = "" if accept else note[:500]
        report.reviewed_by = user
        report.reviewed_at = timezone.now()
        report.save(
            update_fields=[
                "review_state",
                "review_note",
                "reviewed_by",
                "reviewed_at",
                "updated_at",
            ]
        )
        if not accept:
            if assignment.status == Status.DONE:
                assignment_status_set(user=user, assignment=assignment, status=Status.IN_PROGRESS)
            notify_returned(report)
    return report
