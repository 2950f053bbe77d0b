"""Reads about reports as a whole: what a user has to fill in and to approve ("việc cần
làm"), and a form's completeness and timeliness over the units below a unit."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from tuyengiao.accounts.models import Role, RoleAssignment
from tuyengiao.accounts.scope import scope_filter, scope_paths
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm, Submission
from tuyengiao.reporting.workflow import (
    Window,
    approver_depth,
    form_current_period,
    form_units,
    form_window,
    forms_for_unit,
)
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.values.periods import Period

Status = Submission.Status
MAX_LISTED = 200


@dataclass(frozen=True)
class Due:
    form: ReportForm
    unit: OrgUnit
    period: Period
    window: Window
    submission: Submission | None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else Status.DRAFT

    @property
    def status_label(self) -> str:
        return self.submission.get_status_display() if self.submission else str(Status.DRAFT.label)

    @property
    def is_overdue(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED) and (
            timezone.localdate() > self.window.closes_on
        )

    @property
    def days_left(self) -> int:
        return (self.window.closes_on - timezone.localdate()).days

    @property
    def is_late(self) -> bool:
        """Sent, and first sent after the deadline ("nộp muộn")."""
        sent_on = first_sent_on(self.submission)
        return sent_on is not None and sent_on > self.window.closes_on


def first_sent_on(submission: Submission | None) -> datetime.date | None:
    """The day (local) a report was first sent, if it stands sent now. Timeliness is judged
    by it, never by the latest sending: a report the approver returned after the deadline
    and the unit sent again at once is not late for the approver's delay."""
    if submission is None or not submission.is_locked:
        return None
    first = submission.first_submitted_at or submission.submitted_at
    return timezone.localtime(first).date() if first is not None else None


def reports_to_fill(user) -> list[Due]:
    """For each unit where `user` enters figures (the units of their editor roles), each
    form it reports: the current period, and earlier ones still not sent (up to three),
    only periods in which the unit was open (as `form_units` asks): a commune founded in
    July 2025 owes no 2024 rating, and a closed unit owes nothing more."""
    today = timezone.localdate()
    assignments = RoleAssignment.objects.filter(
        user=user, role__in=Role.at_least(Role.EDITOR)
    ).select_related("orgunit__kind")
    found: list[Due] = []
    for unit in {a.orgunit for a in assignments if a.orgunit.is_open}:
        for form in forms_for_unit(unit).select_related("owner"):
            candidates = form_recent_periods(form, today, count=4)
            submissions = {
                s.period: s
                for s in Submission.objects.filter(
                    form=form, orgunit=unit, period__in=[p.code for p in candidates]
                )
            }
            for index, period in enumerate(candidates):
                if not unit.was_open_during(period.start, period.end):
                    continue
                submission = submissions.get(period.code)
                sent = submission is not None and submission.is_locked
                if index == 0 or not sent:
                    found.append(Due(form, unit, period, form_window(form, period), submission))
    return sorted(found, key=lambda due: (due.window.closes_on, due.unit.name, due.form.name))


def reports_to_approve(user) -> list[Due]:
    """Submitted reports waiting for a level at which `user` approves, oldest first."""
    waiting = scope_filter(
        Submission.objects.filter(status=Status.SUBMITTED),
        user,
        role=Role.APPROVER,
        path_field="orgunit__path",
    ).select_related("form__owner", "orgunit", "approved_up_to", "submitted_by")
    paths = scope_paths(user, role=Role.APPROVER)
    found = []
    for submission in waiting.order_by("submitted_at")[: MAX_LISTED * 2]:
        form, unit = submission.form, submission.orgunit
        depth = approver_depth(paths, form, unit)
        done = submission.approved_up_to
        if depth is None or (done is not None and done.level <= depth):
            continue
        period = Period.parse(submission.period)
        found.append(Due(form, unit, period, form_window(form, period), submission))
    return found[:MAX_LISTED]


@dataclass(frozen=True)
class UnitStatus:
    unit: OrgUnit
    submission: Submission | None
    on_time: bool


@dataclass(frozen=True)
class Completeness:
    window: Window
    rows: list[UnitStatus]
    required: int
    sent: int  # submitted or approved
    approved: int
    returned: int
    on_time: int

    @property
    def sent_percent(self) -> float:
        return 100 * self.sent / self.required if self.required else 0.0

    @property
    def on_time_percent(self) -> float:
        return 100 * self.on_time / self.required if self.required else 0.0


def completeness_root(*, user, form: ReportForm) -> OrgUnit | None:
    """The unit a form's completeness opens on: the form's owner for a user who may see it,
    else the highest unit of the user's scope below the owner (a commune's own units), so
    that the page every report links to opens for each user who reports."""
    below_owner = scope_filter(
        OrgUnit.objects.filter(path__startswith=form.owner.path), user, path_field="path"
    )
    return below_owner.order_by("level", "path").first()


def completeness(*, user, form: ReportForm, period: Period, under: OrgUnit) -> Completeness:
    """Who of the units below `under` (in the user's scope) sent `form` for `period`, and
    on time (first sent by the deadline, see `first_sent_on`)."""
    window = form_window(form, period)
    units = scope_filter(
        form_units(form, period).filter(path__startswith=under.path), user, path_field="path"
    ).order_by("path")
    submissions = {
        s.orgunit_id: s
        for s in Submission.objects.filter(form=form, period=period.code, orgunit__in=units)
    }
    rows = []
    for unit in tree_sorted(units):  # the tree, brothers in Vietnamese order
        submission = submissions.get(unit.pk)
        sent_on = first_sent_on(submission)
        rows.append(
            UnitStatus(unit, submission, sent_on is not None and sent_on <= window.closes_on)
        )
    locked = [r for r in rows if r.submission is not None and r.submission.is_locked]
    return Completeness(
        window=window,
        rows=rows,
        required=len(rows),
        sent=len(locked),
        approved=sum(r.submission.status == Status.APPROVED for r in locked),  # type: ignore[union-attr]
        returned=sum(
            r.submission is not None and r.submission.status == Status.RETURNED for r in rows
        ),
        on_time=sum(r.on_time for r in rows),
    )


def form_recent_periods(form: ReportForm, today: datetime.date, count: int = 6) -> list[Period]:
    """The form's current period and the `count - 1` before it, newest first (the calendar's
    periods of several kinds: `period_fields.recent_periods`)."""
    found = [form_current_period(form, today)]
    while len(found) < count:
        found.append(found[-1].previous())
    return found
