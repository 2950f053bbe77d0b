"""Reviews of a directive (sơ kết after six months or a year, tổng kết after five): every
progress report of the assigned units for the span, gathered by task, and a draft report
in the three parts every review has (kết quả; tồn tại, hạn chế; nhiệm vụ thời gian tới).

The draft is a .docx the department edits, never a finished report: it saves retyping
thirty communes' paragraphs, not the judgement of what they add up to.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tracking.models import ProgressReport, ReviewState, Task
from tuyengiao.tracking.selectors import (
    Counts,
    assignments_visible,
    count_fields,
    counts_of,
    document_tasks,
)
from tuyengiao.ui.formats import format_number
from tuyengiao.values.models import Indicator
from tuyengiao.values.period_fields import period_label
from tuyengiao.values.periods import Period, PeriodKind, periods_between
from tuyengiao.values.rollup import APPROVED
from tuyengiao.values.selectors import Figure, figure_combined


def span_codes(period: Period) -> list[str]:
    """Codes of every month, quarter, half-year and year that lies inside `period`: the
    reports that a review of the span takes in, whatever their recurrence."""
    codes = []
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
        codes += [
            p.code for p in periods_between(kind, period.start, period.end) if period.contains(p)
        ]
    return codes


@dataclass
class FigureTotal:
    """An indicator of the task over the span, for the assigned units the user oversees;
    a unit assigned beside its own parent is already inside the parent's roll-up."""

    indicator: Indicator
    total: Figure

    @property
    def display(self) -> str:
        return format_number(self.total.value)


@dataclass
class TaskReview:
    task: Task
    reports: list[ProgressReport] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    figures: list[FigureTotal] = field(default_factory=list)

    @property
    def reporting_units(self) -> int:
        return len({r.assignment.orgunit_id for r in self.reports})


@dataclass
class Review:
    document: Document
    period: Period
    tasks: list[TaskReview]

    @property
    def report_count(self) -> int:
        return sum(len(t.reports) for t in self.tasks)

    @property
    def figures_shown(self) -> str:
        return str(FIGURES_SHOWN)


def review_collect(*, user, document: Document, period: Period, today: datetime.date) -> Review:
    """The reports of the span in the user's scope, by task in the directive's order, each
    task's reports in tree order; returned reports are left out (they await correction)."""
    tasks = document_tasks(user=user, document=document)
    by_task = {task.pk: TaskReview(task) for task in tasks}
    visible = assignments_visible(user).filter(task__in=list(by_task))
    for row in visible.values("task_id").annotate(**count_fields(today)):
        by_task[row["task_id"]].counts = counts_of(row)
    reports = (
        ProgressReport.objects.filter(assignment__in=visible, period__in=span_codes(period))
        .exclude(review_state=ReviewState.RETURNED)
        .select_related("assignment__orgunit")
        .order_by("assignment__orgunit__path", "period")
    )
    for report in reports:
        by_task[report.assignment.task_id].reports.append(report)
    _figures_add(list(by_task.values()), visible, period)
    return Review(document, period, [by_task[task.pk] for task in tasks])


# What a review quotes: the approved figures (a value a form collects counts once its report
# is approved; values.approval), as its page and its draft say.
FIGURES_SHOWN = gettext_lazy("Số liệu đã duyệt (số của báo cáo chưa được duyệt không được tính)")


def _figures_add(items: list[TaskReview], visible, period: Period) -> None:
    """Each task's indicators over the span, combined over its assigned units that are not
    inside another assigned unit's subtree: the approved figures."""
    prefetch_related_objects([item.task for item in items], "indicators")
    wanted = {item.task.pk: [i for i in item.task.indicators.all() if i.rolls_up] for item in items}
    with_figures = [pk for pk, found in wanted.items() if found]
    if not with_figures:
        return
    assigned: dict[int, set[int]] = {}
    rows = visible.filter(task__in=with_figures).values_list("task_id", "orgunit_id")
    for task_id, unit_id in rows:
        assigned.setdefault(task_id, set()).add(unit_id)
    units = OrgUnit.objects.only("path").in_bulk({u for ids in assigned.values() for u in ids})
    for item in items:
        mine = assigned.get(item.task.pk, set())
        outermost = [pk for pk in mine if not mine.intersection(units[pk].ancestor_ids())]
        item.figures = [
            FigureTotal(
                i, figure_combined(indicator=i, unit_ids=outermost, period=period, state=APPROVED)
            )
            for i in wanted[item.task.pk]
        ]


def review_docx(review: Review, *, unit_name: str) -> bytes:
    """The draft report as .docx: for each part, each task's paragraphs, unit by unit."""
    import docx

    doc = docx.Document()
    doc.add_heading(_("BÁO CÁO"), level=0)
    doc.add_paragraph(
        _("Sơ kết, tổng kết việc thực hiện %(symbol)s (%(span)s)")
        % {"symbol": review.document.symbol, "span": period_label(review.period)}
    )
    if review.document.title:
        doc.add_paragraph(review.document.title)
    doc.add_paragraph(_("Đơn vị tổng hợp: %(unit)s") % {"unit": unit_name})
    parts = (
        (_("I. KẾT QUẢ THỰC HIỆN"), "results"),
        (_("II. TỒN TẠI, HẠN CHẾ"), "shortcomings"),
        (_("III. NHIỆM VỤ THỜI GIAN TỚI"), "next_steps"),
    )
    for heading, attribute in parts:
        doc.add_heading(heading, level=1)
        for item in review.tasks:
            texts = [(r, getattr(r, attribute)) for r in item.reports if getattr(r, attribute)]
            if not texts:
                continue
            doc.add_heading(str(item.task), level=2)
            for report, text in texts:
                paragraph = doc.add_paragraph(style="List Bullet")
                paragraph.add_run(
                    f"{report.assignment.orgunit.name} ({period_label(report.period)}): "
                ).bold = True
                paragraph.add_run(text)
    doc.add_heading(_("Phụ lục: tiến độ theo nhiệm vụ"), level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (_("Nhiệm vụ"), _("Đơn vị được giao"), _("Đơn vị đã báo cáo"), _("Hoàn thành")),
        strict=True,
    ):
        cell.text = text
    for item in review.tasks:
        row = table.add_row().cells
        row[0].text = str(item.task)
        row[1].text = str(item.counts.total - item.counts.cancelled)
        row[2].text = str(item.reporting_units)
        row[3].text = f"{item.counts.done}/{item.counts.total - item.counts.cancelled}"
    rows = [(item.task, f) for item in review.tasks for f in item.figures if f.total.count]
    if rows:
        doc.add_heading(_("Phụ lục: số liệu theo nhiệm vụ"), level=1)
        doc.add_paragraph(str(FIGURES_SHOWN))
        figures_table = doc.add_table(rows=1, cols=3)
        figures_table.style = "Table Grid"
        for cell, text in zip(
            figures_table.rows[0].cells, (_("Nhiệm vụ"), _("Chỉ tiêu"), _("Số liệu")), strict=True
        ):
            cell.text = text
        for task, figure in rows:
            cells = figures_table.add_row().cells
            cells[0].text = str(task)
            cells[1].text = figure.indicator.name
            cells[2].text = f"{figure.display} {figure.indicator.unit_of_measure}".strip()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def default_span(today: datetime.date) -> Period:
    """The half-year that ended last (a sơ kết is held after it), or this one in its last month."""
    half = Period.half(today.year, 1 if today.month <= 6 else 2)
    return half if today.month in (6, 12) else half.previous()
