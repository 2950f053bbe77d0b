"""The rules of a report form's life for one unit and period (reads; the writes that follow
them are `services`): its window, who must fill it in, the approval chain above the unit,
who may enter, submit, approve, return or grant an exception now, and why not.

Rules, in the order `entry_block` applies them:
- a submitted or approved report is locked: nobody changes its figures until an approver
  returns it;
- a returned report may be corrected at any time: the return is the approver's leave;
- otherwise entry is open inside the form's window, or until an exception's date;
- an approver of a level above the unit may enter at any time (they grant the exceptions).

The same check guards every write path (the entry grid, the API, the file import), so a
figure that was approved cannot change by any route.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, scope_paths
from tuyengiao.orgunits.models import PATH_SEPARATOR as SEP
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.cells import Form, FormCells, form_cells, period_of
from tuyengiao.reporting.collecting import form_units as form_units  # views read it here
from tuyengiao.reporting.models import (
    EntryException,
    ReportForm,
    Submission,
    SubmissionEvent,
)
from tuyengiao.values.period_fields import parse_period, period_label
from tuyengiao.values.periods import Period, period_for

Status = Submission.Status
Action = SubmissionEvent.Action


def _ddmmyyyy(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True, slots=True)
class Window:
    opens_on: datetime.date
    closes_on: datetime.date  # the deadline, inclusive

    def contains(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


def form_window(form: ReportForm, period: Period) -> Window:
    return Window(
        opens_on=period.end - datetime.timedelta(days=form.opens_before_end_days),
        closes_on=period.end + datetime.timedelta(days=form.closes_after_end_days),
    )


def form_period(form: ReportForm, code: str) -> Period:
    """The period `code` (or a label: "Quý IV/2026") names, refused unless it is of the
    form's kind."""
    period = parse_period(code)
    if period.kind != form.period_kind:
        raise ValidationError(
            _("Biểu mẫu “%(form)s” báo cáo theo %(kind)s; kỳ %(period)s không phải kỳ đó.")
            % {
                "form": form.name,
                "kind": form.get_period_kind_display().lower(),
                "period": period_label(period),
            }
        )
    return period


def form_current_period(form: ReportForm, today: datetime.date) -> Period:
    """The period whose window holds `today`, else the one `today` falls in."""
    period = period_for(form.period_kind, today)
    before = period_for(form.period_kind, period.start - datetime.timedelta(days=1))
    return before if form_window(form, before).contains(today) else period


def forms_for_unit(unit: OrgUnit) -> QuerySet[ReportForm]:
    """Active forms that `unit` reports (its kind or itself listed, under the owner)."""
    owners = [*unit.ancestor_ids(), unit.pk]
    return (
        ReportForm.objects.filter(is_active=True, owner_id__in=owners)
        .filter(Q(unit_kinds=unit.kind_id) | Q(units=unit))
        .distinct()
    )


def approval_chain(form: ReportForm, unit: OrgUnit) -> list[OrgUnit]:
    """The levels that approve `unit`'s report, from its parent up to the form's owner (the
    owner alone when it reports itself)."""
    if unit.pk == form.owner_id:
        return [unit]
    above = unit.ancestor_ids()
    if form.owner_id not in above:
        return []
    ids = above[above.index(form.owner_id) :]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids)]


def approver_depth(paths: list[str] | None, form: ReportForm, unit: OrgUnit) -> int | None:
    """The depth (`OrgUnit.level`) of the highest level of `unit`'s approval chain that
    approver scope `paths` (from `scope_paths`) covers, read off the unit's path: lists
    of waiting reports ask it once per report, without a query."""
    ids = [*unit.ancestor_ids(), unit.pk]
    if form.owner_id not in ids:
        return None
    top = ids.index(form.owner_id)
    bottom = max(top, len(ids) - 2)  # the parent, or the owner reporting itself
    for depth in range(top, bottom + 1):
        path = "".join(f"{SEP}{pk}" for pk in ids[: depth + 1]) + SEP  # the ancestor's
        if paths is None or any(path.startswith(root) for root in paths):
            return depth
    return None


def approver_level(user, form: ReportForm, unit: OrgUnit) -> OrgUnit | None:
    """The highest level of the chain at which `user` approves, or None."""
    depth = approver_depth(scope_paths(user, role=Role.APPROVER), form, unit)
    if depth is None:
        return None
    return unit if depth == unit.level else OrgUnit.objects.get(pk=unit.ancestor_ids()[depth])


@dataclass(frozen=True, slots=True)
class Step:
    """One level of the approval chain and where the report stands there."""

    level: OrgUnit
    state: str  # "approved", "covered" (a level above approved for it), "waiting", "later"
    event: SubmissionEvent | None = None


def approval_steps(
    *, form: ReportForm, unit: OrgUnit, submission: Submission | None, events: list
) -> list[Step]:
    """Each level from the unit's parent up to the form's owner: who approved there since
    the report was last sent, which level is the next to act, and which come after it."""
    sent = submission is not None and submission.status in (Status.SUBMITTED, Status.APPROVED)
    since_sent: dict[int, SubmissionEvent] = {}
    for event in events:  # in order: a return or a new submission starts the round again
        if event.action in (Action.SUBMIT, Action.RETURN, Action.REOPEN):
            since_sent.clear()
        elif event.action == Action.APPROVE and event.level_id is not None:
            since_sent[event.level_id] = event
    above = submission.approved_up_to if sent and submission is not None else None
    reached = above.level if above is not None else None
    steps, waiting_shown = [], False
    for level in approval_chain(form, unit):
        if reached is not None and level.level >= reached:
            event = since_sent.get(level.pk)
            steps.append(Step(level, "approved" if event else "covered", event))
        elif sent and not waiting_shown:
            steps.append(Step(level, "waiting"))
            waiting_shown = True
        else:
            steps.append(Step(level, "later"))
    return steps


def is_approver_above(user, unit: OrgUnit) -> bool:
    parent = unit.parent
    return parent is not None and has_role_on(user, parent, role=Role.APPROVER)


def submission_get(form: ReportForm, unit: OrgUnit, period: Period) -> Submission | None:
    return Submission.objects.filter(form=form, orgunit=unit, period=period.code).first()


# --- may figures be entered? ----------------------------------------------------------------
LOCKED = (Status.SUBMITTED, Status.APPROVED)


def _block_reason(
    *,
    status: str | None,
    window: Window,
    today: datetime.date,
    leave: Callable[[], bool],
    by_hand: bool = True,
) -> str:
    """Why the report of `status` (None: none yet) is closed to entry, or "". `leave` says
    whether the writer may enter outside the window (an approver above the unit, or an
    exception still running): asked only when the window is closed."""
    if status in LOCKED:
        if status == Status.APPROVED:
            return _("Báo cáo đã được duyệt nên số liệu đã khóa.")
        return _("Báo cáo đã gửi, đang chờ duyệt: số liệu đã khóa cho đến khi được trả lại.")
    # The window is when people type the month's figures; an activity held on the 3rd gives
    # its figures on the 3rd, before the form opens on the 21st.
    if not by_hand or status == Status.RETURNED:
        return ""
    if window.contains(today) or leave():
        return ""
    if today < window.opens_on:
        return _("Biểu mẫu kỳ này mở từ ngày %(day)s.") % {"day": _ddmmyyyy(window.opens_on)}
    return _("Đã quá hạn nộp (%(day)s). Cần cấp trên cho phép nhập ngoài thời hạn.") % {
        "day": _ddmmyyyy(window.closes_on)
    }


def entry_block(
    *,
    user,
    form: ReportForm,
    unit: OrgUnit,
    period: Period,
    submission: Submission | None,
    today: datetime.date | None = None,
) -> str:
    """Why `user` may not enter `form`'s figures for `unit` and `period`, or "" if they may
    (scope aside: the caller checks the editor role)."""
    today = today or timezone.localdate()

    def leave() -> bool:
        if is_approver_above(user, unit):
            return True
        exception = EntryException.objects.filter(
            form=form, orgunit=unit, period=period.code
        ).first()
        return exception is not None and today <= exception.until

    return _block_reason(
        status=submission.status if submission is not None else None,
        window=form_window(form, period),
        today=today,
        leave=leave,
    )


def cells_blocked(
    *,
    user,
    cells: set[tuple[int, int, str]],
    by_hand: bool = True,
    today: datetime.date | None = None,
) -> dict[tuple[int, int, str], str]:
    """For (unit id, indicator id, period code) cells about to be written by any path, the
    reason each one may not be, per the forms that hold it; cells on no form are free.
    The entry window limits figures typed by hand (`by_hand`); a sent or approved report
    locks every path. Set-based: the forms of the cells' indicators, then their units and
    reports a few thousand units a statement (`cells.FormCells`, kept for the write, where
    the approved sums ask again)."""
    facts = form_cells()
    groups = facts.groups(cells, facts.forms_of({indicator for _u, indicator, _c in cells}))
    if not groups:
        return {}
    today = today or timezone.localdate()
    pairs = {
        form: {(unit, code) for unit, _indicator, code in held} for form, held in groups.items()
    }
    entry_locks(sorted({(form.pk, code) for form, found in pairs.items() for _, code in found}),
                shared=True)  # fmt: skip
    reasons: dict[tuple[int, int, str], str] = {}  # (form, unit, period) → reason
    for form, found in pairs.items():
        codes = {code for _unit, code in found}
        windows = {code: form_window(form, period_of(form, code)) for code in codes}  # type: ignore[arg-type]
        free = {code for code, window in windows.items() if window.contains(today) or not by_hand}
        for (unit_id, code), status in facts.reporting(form, found).items():
            if status is None and code in free:  # the common cell: no report yet, window open
                continue

            def leave(form=form, unit_id=unit_id, code=code) -> bool:
                return _leave(facts, user, form, unit_id, code, today)

            reason = _block_reason(
                status=status, window=windows[code], today=today, leave=leave, by_hand=by_hand
            )
            if reason:
                reasons[form.pk, unit_id, code] = f"{form.name}: {reason}"
    blocked: dict = {}
    for form, held in sorted(groups.items()) if reasons else ():
        for cell in held:
            why = reasons.get((form.pk, cell[0], cell[2]))
            if why:
                blocked.setdefault(cell, why)
    return blocked


def _leave(facts: FormCells, user, form: Form, unit_id: int, code: str, today) -> bool:
    """Whether `user` may enter outside the window: an approver of a level above the unit,
    or an exception that still runs (read only where a window is closed)."""
    paths = facts.approver_paths(user)
    path = facts.unit_path(form, unit_id)
    parent_path = path[: path.rstrip(SEP).rfind(SEP) + 1]
    if len(parent_path) > 1 and (paths is None or any(parent_path.startswith(p) for p in paths)):
        return True
    until = facts.until(form, unit_id, code)
    return until is not None and today <= until


def entry_locks(keys: list[tuple[int, str]], *, shared: bool) -> None:
    """Writes of a form's figures for a period (shared) against its submission (exclusive),
    each (form id, period code) until the transaction ends: a value checked as open cannot
    be written after the form was submitted, nor a submission check figures a write is
    still changing. All in one statement: an import checks dozens of (form, period).

    PostgreSQL only, by advisory locks: a submission row may not exist yet to be locked,
    and a value about to be inserted has none. SQLite needs none: a write transaction
    holds the database's one write lock from its start, and every write path checks
    inside its transaction."""
    if connection.vendor != "postgresql" or not keys:
        return
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    marks = ", ".join(["(%s, %s)"] * len(keys))  # placeholders only: no input in the SQL
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {function}(CAST(column1 AS INTEGER), hashtext(CAST(column2 AS TEXT))) "  # noqa: S608
            f"FROM (VALUES {marks}) AS v",
            [part for key in keys for part in key],
        )


@dataclass(frozen=True)
class Actions:
    """What `user` may do with one report now; `block` says why entry is closed."""

    can_view: bool
    can_edit: bool
    block: str
    can_submit: bool
    can_approve: bool
    can_return: bool
    can_grant: bool
    approver_level: OrgUnit | None


def report_actions(
    *, user, form: ReportForm, unit: OrgUnit, period: Period, submission: Submission | None
) -> Actions:
    editor = has_role_on(user, unit, role=Role.EDITOR)
    block = entry_block(user=user, form=form, unit=unit, period=period, submission=submission)
    level = approver_level(user, form, unit)
    status = submission.status if submission else Status.DRAFT
    higher_than_done = level is not None and (
        submission is None
        or submission.approved_up_to is None
        or level.level < submission.approved_up_to.level
    )
    window_closed = not form_window(form, period).contains(timezone.localdate())
    owner_level = level is not None and level.pk == form.owner_id
    return Actions(
        can_view=has_role_on(user, unit),
        can_edit=editor and not block,
        block=block if editor else _("Bạn chỉ có quyền xem số liệu của đơn vị này."),
        can_submit=editor and not block,
        can_approve=status == Status.SUBMITTED and higher_than_done,
        can_return=level is not None
        and (status == Status.SUBMITTED or (status == Status.APPROVED and owner_level)),
        can_grant=window_closed and status != Status.APPROVED and is_approver_above(user, unit),
        approver_level=level,
    )
