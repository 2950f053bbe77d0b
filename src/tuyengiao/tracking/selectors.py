"""Reads for implementation tracking: which tasks and assignments a user may see, the
matrix of units × tasks of a directive, its totals by level, coverage and due lists.

Tasks come down the tree like the directives they come from: a commune reads the tasks its
province set. Assignments stay with the unit that carries them out: a commune never sees
how its neighbour is doing, the province sees every commune.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from tuyengiao.accounts.scope import has_role_on, scope_filter
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import derivation_tree, documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tracking.models import (
    OPEN_STATUSES,
    OVERDUE,
    Assignment,
    InspectedUnit,
    Inspection,
    Status,
    Task,
)
from tuyengiao.ui.collation import collated, tree_sorted
from tuyengiao.values.cleaning import display
from tuyengiao.values.models import DataValue, Indicator

MATRIX_PAGE = 50


def tasks_visible(user) -> QuerySet[Task]:
    """Tasks held by the user's subtrees or by the units above them, whose directive (if
    any) the user may read: a confidential directive's tasks would tell what it says."""
    tasks = scope_filter(Task.objects.all(), user, path_field="orgunit__path", with_ancestors=True)
    # A correlated check of the row's own document: `document__in=` made SQLite list the
    # whole registry in scope (200,000 documents for a province) for every query.
    readable = Exists(documents_visible(user).filter(pk=OuterRef("document_id")))
    return tasks.filter(Q(document__isnull=True) | readable)


def task_get_visible_or_404(*, user, pk) -> Task:
    try:
        return tasks_visible(user).select_related("orgunit", "document", "parent").get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments_visible(user) -> QuerySet[Assignment]:
    """Assignments to units of the user's subtrees, of tasks the user may read."""
    assignments = scope_filter(Assignment.objects.all(), user, path_field="orgunit__path")
    return assignments.filter(task__in=tasks_visible(user))


def assignment_get_visible_or_404(*, user, pk) -> Assignment:
    try:
        return (
            assignments_visible(user)
            .select_related("task__orgunit", "task__document", "orgunit")
            .get(pk=pk)
        )
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def indicators_reportable() -> QuerySet[Indicator]:
    """Indicators a task's reports may carry: typed by hand, one figure each (no formula,
    no breakdown), still in use."""
    return Indicator.objects.filter(is_active=True, formula="", disaggregation__isnull=True)


def report_figures(
    *, assignment: Assignment, indicators: list[Indicator], periods: list[str]
) -> dict[str, list[tuple[Indicator, str]]]:
    """The unit's values of these indicators (the task's) in each period, in their order.

    Read from the data values themselves, not kept with the report: a figure corrected
    later in a form shows here as it stands now.
    """
    values: dict[tuple[str, int], str] = {}
    if indicators and periods:
        values = {
            (v.period, v.indicator_id): display(v)
            for v in DataValue.objects.filter(
                orgunit_id=assignment.orgunit_id,
                indicator__in=indicators,
                period__in=periods,
                option="",
            )
        }
    return {
        period: [(i, values[period, i.pk]) for i in indicators if (period, i.pk) in values]
        for period in periods
    }


def overdue_q(today: datetime.date) -> Q:
    return Q(status__in=OPEN_STATUSES, deadline__lt=today)


def status_q(status: str, today: datetime.date) -> Q:
    """Assignments whose effective status is `status`, "overdue" included."""
    if status == OVERDUE:
        return overdue_q(today)
    if status in OPEN_STATUSES:
        return Q(status=status) & ~overdue_q(today)
    return Q(status=status)


def document_tasks(*, user, document: Document) -> list[Task]:
    """The directive's live tasks the user may read, each followed by its sub-tasks."""
    tasks = list(
        tasks_visible(user)
        .filter(document=document, cancelled=False)
        .select_related("orgunit")
        .order_by("position", "pk")
    )
    children: dict[int, list[Task]] = {}
    for task in tasks:
        if task.parent_id is not None:
            children.setdefault(task.parent_id, []).append(task)
    ordered: list[Task] = []
    known = {task.pk for task in tasks}
    for task in tasks:
        # A sub-task whose parent is hidden or cancelled stands on its own.
        if task.parent_id is None or task.parent_id not in known:
            ordered.append(task)
            ordered.extend(children.get(task.pk, []))
    return ordered


@dataclass
class Counts:
    """How many assignments stand where; `percent` is done over those not cancelled."""

    total: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0
    cancelled: int = 0

    @property
    def percent(self) -> float | None:
        live = self.total - self.cancelled
        return round(100 * self.done / live, 1) if live else None


def count_fields(today: datetime.date) -> dict:
    late = overdue_q(today)
    return {
        "total": Count("id"),
        "done": Count("id", filter=Q(status=Status.DONE)),
        "in_progress": Count("id", filter=Q(status=Status.IN_PROGRESS) & ~late),
        "not_started": Count("id", filter=Q(status=Status.NOT_STARTED) & ~late),
        "overdue": Count("id", filter=late),
        "cancelled": Count("id", filter=Q(status=Status.CANCELLED)),
    }


def counts_of(row) -> Counts:
    return Counts(**{name: row[name] for name in Counts.__dataclass_fields__})


def _document_assignments(user, document: Document) -> QuerySet[Assignment]:
    return assignments_visible(user).filter(task__document=document, task__cancelled=False)


@dataclass
class MatrixRow:
    unit: OrgUnit
    cells: list[Assignment | None]
    counts: Counts


@dataclass
class Matrix:
    tasks: list[Task]
    rows: list[MatrixRow]
    unit_count: int
    page: int
    pages: int


def tracking_matrix(
    *,
    user,
    document: Document,
    today: datetime.date,
    page: int = 1,
    page_size: int = MATRIX_PAGE,
    status: str = "",
) -> Matrix:
    """One page of assigned units (level by level, in Vietnamese order) × the directive's tasks.

    `status` keeps only the units with at least one assignment in that effective status
    ("overdue": where is 88-KL/TU late?).
    """
    tasks = document_tasks(user=user, document=document)
    assignments = _document_assignments(user, document)
    units = assignments
    if status:
        units = units.filter(status_q(status, today))
    # The units themselves, not DISTINCT rows of assignments: with the collated name in a
    # DISTINCT, SQLite compares the name of every duplicate row through the Python
    # collation (bench/README.md, "2026-12-06", tracking); here each unit is sorted once.
    assigned_units = OrgUnit.objects.filter(pk__in=units.values("orgunit_id"))
    unit_count = assigned_units.count()
    pages = max(1, -(-unit_count // page_size))
    page = min(max(page, 1), pages)
    # Level by level, names in Vietnamese order, so that a unit is found where it is expected.
    page_units = list(
        assigned_units.select_related("kind").order_by("level", collated("name"), "pk")[
            (page - 1) * page_size : page * page_size
        ]
    )
    page_ids = [unit.pk for unit in page_units]
    column = {task.pk: index for index, task in enumerate(tasks)}
    cells: dict[int, list[Assignment | None]] = {pk: [None] * len(tasks) for pk in page_ids}
    for assignment in assignments.filter(orgunit_id__in=page_ids).only(
        "id", "task_id", "orgunit_id", "status", "deadline", "completed_on"
    ):
        if assignment.task_id in column:
            assignment.effective = assignment.effective_status(today)  # type: ignore[attr-defined]
            cells[assignment.orgunit_id][column[assignment.task_id]] = assignment
    counts = {
        row["orgunit_id"]: counts_of(row)
        for row in assignments.filter(orgunit_id__in=page_ids)
        .values("orgunit_id")
        .annotate(**count_fields(today))
    }
    rows = [MatrixRow(unit, cells[unit.pk], counts.get(unit.pk, Counts())) for unit in page_units]
    return Matrix(tasks=tasks, rows=rows, unit_count=unit_count, page=page, pages=pages)


@dataclass
class LevelTotal:
    level: int
    kinds: list[str]
    units: int
    counts: Counts


def totals_by_level(*, user, document: Document, today: datetime.date) -> list[LevelTotal]:
    """For each level of the tree, the units assigned there and where their work stands."""
    assignments = _document_assignments(user, document)
    rows = (
        assignments.values("orgunit__level")
        .annotate(units=Count("orgunit_id", distinct=True), **count_fields(today))
        .order_by("orgunit__level")
    )
    kinds: dict[int, set[str]] = {}
    for level, kind in (
        assignments.values_list("orgunit__level", "orgunit__kind__name").distinct().order_by()
    ):
        kinds.setdefault(level, set()).add(kind)
    return [
        LevelTotal(
            level=row["orgunit__level"],
            kinds=sorted(kinds.get(row["orgunit__level"], ())),
            units=row["units"],
            counts=counts_of(row),
        )
        for row in rows
    ]


@dataclass
class CoverageRow:
    """One assigned unit: whether it has answered the directive with its own plan."""

    unit: OrgUnit
    plan: Document | None
    counts: Counts
    plans: list[Document] = field(default_factory=list)


def document_coverage(*, user, document: Document, today: datetime.date) -> list[CoverageRow]:
    """Every assigned unit in the user's scope, in tree order, with the first plan it holds
    that (transitively) concretizes, implements, continues or guides the directive."""
    counts = {
        row["orgunit_id"]: counts_of(row)
        for row in _document_assignments(user, document)
        .values("orgunit_id")
        .annotate(**count_fields(today))
    }
    plans: dict[int, list[Document]] = {}
    stack = list(derivation_tree(user=user, document=document))
    while stack:
        node = stack.pop()
        plans.setdefault(node.unit.pk, []).append(node.document)
        stack.extend(node.children)
    units = OrgUnit.objects.filter(pk__in=counts).select_related("kind").order_by("path")
    rows = []
    for unit in tree_sorted(units):
        held = sorted(plans.get(unit.pk, []), key=_issue_order)
        rows.append(CoverageRow(unit, held[0] if held else None, counts[unit.pk], held))
    return rows


def _issue_order(document: Document) -> tuple[datetime.date, int]:
    return (document.issued_on or datetime.date.max, document.pk)


def _open_work(user) -> QuerySet[Assignment]:
    """Open assignments with a deadline in the user's scope, soonest first."""
    return (
        assignments_visible(user)
        .filter(status__in=OPEN_STATUSES, task__cancelled=False, deadline__isnull=False)
        .select_related("task__document", "orgunit")
        .order_by("deadline", "orgunit__path", "task__position")
    )


def assignments_due(
    *, user, today: datetime.date, within_days: int = 7, limit: int = 200
) -> tuple[list[Assignment], list[Assignment]]:
    """(overdue, due within `within_days`) assignments in the user's scope, soonest first."""
    open_work = _open_work(user)
    overdue = list(open_work.filter(deadline__lt=today)[:limit])
    soon = list(
        open_work.filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(within_days)
        )[:limit]
    )
    return overdue, soon


@dataclass(frozen=True)
class DueSummary:
    """The home page's view of tracking: how many assignments are overdue and due soon,
    and the first few of them."""

    overdue: int
    soon: int
    first: list[Assignment]


def assignments_due_summary(
    *, user, today: datetime.date, within_days: int = 7, shown: int = 5
) -> DueSummary:
    """What `assignments_due` lists, counted in one query, and its first `shown` rows (the
    overdue first) in another: the home page lists neither whole."""
    open_work = _open_work(user)
    horizon = today + datetime.timedelta(within_days)
    counts = open_work.order_by().aggregate(
        overdue=Count("pk", filter=Q(deadline__lt=today)),
        soon=Count("pk", filter=Q(deadline__gte=today, deadline__lte=horizon)),
    )
    return DueSummary(
        overdue=counts["overdue"],
        soon=counts["soon"],
        first=list(open_work.filter(deadline__lte=horizon)[:shown]),
    )


def unit_assignments(*, user, unit: OrgUnit, today: datetime.date) -> list[Assignment]:
    """Everything assigned to `unit` itself, open work first, then by deadline."""
    assignments = list(
        assignments_visible(user)
        .filter(orgunit=unit)
        .select_related("task__document", "task__orgunit")
        .order_by("deadline", "task__position")
    )
    for assignment in assignments:
        assignment.effective = assignment.effective_status(today)  # type: ignore[attr-defined]
    finished = (Status.DONE, Status.CANCELLED)
    assignments.sort(key=lambda a: a.status in finished)
    return assignments


def inspections_visible(user) -> QuerySet[Inspection]:
    """Inspections held by the user's subtrees, and those that visited a unit in them."""
    held = scope_filter(Inspection.objects.all(), user, path_field="orgunit__path")
    visited = scope_filter(InspectedUnit.objects.all(), user, path_field="orgunit__path")
    return Inspection.objects.filter(
        Q(pk__in=held.values("pk")) | Q(pk__in=visited.values("inspection_id"))
    )


def inspection_get_visible_or_404(*, user, pk) -> Inspection:
    try:
        return inspections_visible(user).select_related("orgunit").get(pk=pk)
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def inspection_units(*, user, inspection: Inspection) -> list[InspectedUnit]:
    """The inspected units the user may read the findings of: all of them for the
    inspecting unit's people, only their own for an inspected unit's."""
    units = inspection.units.select_related("orgunit").prefetch_related(
        "recommendations__task__assignments"
    )
    if not has_role_on(user, inspection.orgunit):
        units = scope_filter(units, user, path_field="orgunit__path")
    return list(units)
