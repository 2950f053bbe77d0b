"""Reads for the entry grid of one (form, unit, period): its sections, rows and cells with
the values and versions on record, the derived figures, the checks and the state of the
report. The pages and the .xlsx template read the same structure."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm, Submission, SubmissionEvent
from tuyengiao.reporting.validation import (
    Hint,
    Violation,
    form_items,
    outlier_hints,
    rules_check,
    unit_values,
)
from tuyengiao.reporting.workflow import Window, form_window
from tuyengiao.ui.formats import format_number, name_in_language
from tuyengiao.values.guards import Fed, cells_fed
from tuyengiao.values.models import DataValue, DataValueChange, Indicator, ValueType
from tuyengiao.values.periods import Period


def cell_name(indicator_id: int, option: str) -> str:
    """The input's name: `v-<indicator id>-<option code>` (the option may be empty)."""
    return f"v-{indicator_id}-{option}"


def display_value(indicator: Indicator, value: DataValue | None) -> str:
    """What the input shows: the number in Vietnamese style, or the text."""
    if value is None:
        return ""
    if indicator.value_type == ValueType.TEXT:
        return value.text_value
    if indicator.value_type == ValueType.YES_NO and value.value is not None:
        return "có" if value.value else "không"
    return format_number(value.value)


@dataclass
class Cell:
    indicator: Indicator
    option: str
    option_name: str
    value: DataValue | None
    typed: str | None = None  # what the person typed, kept when it was not saved
    error: str = ""
    saved: bool = False
    previous: str = ""  # the unit's value in the period before, for comparison
    before: str | None = None  # the value when the report was returned, if changed since
    fed: Fed | None = None  # the records (activities) that give this figure: not typed

    @property
    def changed(self) -> bool:
        return self.before is not None

    @property
    def name(self) -> str:
        return cell_name(self.indicator.pk, self.option)

    @property
    def version(self) -> int:
        return self.value.version if self.value is not None else 0

    @property
    def shown(self) -> str:
        return self.typed if self.typed is not None else display_value(self.indicator, self.value)

    @property
    def label(self) -> str:
        name = name_in_language(self.indicator.name, self.indicator.name_en)
        return f"{name} — {self.option_name}" if self.option_name else name


@dataclass
class Row:
    indicator: Indicator
    cells: list[Cell]
    derived: str = ""  # the computed figure of a derived indicator

    @property
    def name(self) -> str:
        return name_in_language(self.indicator.name, self.indicator.name_en)


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Grid:
    form: ReportForm
    unit: OrgUnit
    period: Period
    sections: list[Section]
    submission: Submission | None
    window: Window
    violations: list[Violation]
    hints: list[Hint]
    events: list[SubmissionEvent]
    previous_period: Period | None = None
    returned_at: datetime.datetime | None = None  # the last return: cells changed since show

    def changed_cells(self) -> list[Cell]:
        return [cell for cell in self.cells() if cell.changed]

    def cells(self) -> list[Cell]:
        return [cell for section in self.sections for row in section.rows for cell in row.cells]

    def cell(self, indicator_id: int, option: str) -> Cell | None:
        for cell in self.cells():
            if cell.indicator.pk == indicator_id and cell.option == option:
                return cell
        return None


def entry_grid(*, form: ReportForm, unit: OrgUnit, period: Period) -> Grid:
    items = form_items(form)
    indicators = [item.indicator for item in items]
    values = {
        (v.indicator_id, v.option): v
        for v in DataValue.objects.filter(
            orgunit=unit, period=period.code, indicator__in=indicators
        ).select_related("updated_by")
    }
    figures = unit_values(indicators, unit, period)
    sections: dict[int, Section] = {}
    for item in items:
        section = sections.setdefault(
            item.section_id,
            Section(
                title=name_in_language(item.section.title, item.section.title_en),
            ),
        )
        indicator = item.indicator
        if indicator.is_derived:
            section.rows.append(Row(indicator, [], derived=_derived(figures.get(indicator.code))))
            continue
        options = (
            [(o.code, name_in_language(o.name, o.name_en))
             for o in indicator.disaggregation.options.all()]
            if indicator.disaggregation else [("", "")]
        )  # fmt: skip
        cells = [
            Cell(indicator, code, name, values.get((indicator.pk, code))) for code, name in options
        ]
        section.rows.append(Row(indicator, cells))
    submission = Submission.objects.filter(form=form, orgunit=unit, period=period.code).first()
    events = list(submission.events.select_related("by", "level")) if submission else []
    returned_at = next(
        (event.at for event in reversed(events) if event.action == SubmissionEvent.Action.RETURN),
        None,
    )
    cells = [cell for section in sections.values() for row in section.rows for cell in row.cells]
    previous = period.previous()
    _mark_previous(cells, unit, previous)
    _mark_fed(cells, unit, period)
    if returned_at is not None:
        _mark_changed(cells, returned_at)
    return Grid(
        form=form,
        unit=unit,
        period=period,
        sections=list(sections.values()),
        submission=submission,
        window=form_window(form, period),
        violations=rules_check(
            form=form, unit=unit, period=period, values=figures, indicators=indicators
        ),
        hints=outlier_hints(form=form, unit=unit, period=period, indicators=indicators),
        events=events,
        previous_period=previous,
        returned_at=returned_at,
    )


def _mark_fed(cells: list[Cell], unit: OrgUnit, period: Period) -> None:
    fed = cells_fed({(unit.pk, cell.indicator.pk, period.code) for cell in cells})
    for cell in cells if fed else ():
        if not cell.option:
            cell.fed = fed.get((unit.pk, cell.indicator.pk, period.code))


def _mark_previous(cells: list[Cell], unit: OrgUnit, previous: Period) -> None:
    """Each cell's value in the period before (one query): the approver compares at a
    glance, and a figure ten times last month's stands out."""
    values = {
        (v.indicator_id, v.option): v
        for v in DataValue.objects.filter(
            orgunit=unit, period=previous.code, indicator__in={c.indicator for c in cells}
        )
    }
    for cell in cells:
        cell.previous = display_value(cell.indicator, values.get((cell.indicator.pk, cell.option)))


def _mark_changed(cells: list[Cell], since: datetime.datetime) -> None:
    """Cells whose value changed after `since` (the last return) get the value they had
    then: the figures were locked from the sending to the return, so it is what the approver
    saw. Read off each value's history in one query; a cell changed and changed back is
    not marked."""
    by_id = {cell.value.pk: (cell, cell.value) for cell in cells if cell.value is not None}
    first_change: dict[int, DataValueChange] = {}
    for change in DataValueChange.objects.filter(
        datavalue_id__in=list(by_id), changed_at__gt=since
    ).order_by("changed_at", "pk"):
        first_change.setdefault(change.datavalue_id, change)
    for pk, (cell, value) in by_id.items():
        if value.created_at > since:
            before = ""  # typed after the return: empty when the approver saw it
        elif pk in first_change:
            before = _history_display(cell.indicator, first_change[pk].old_value)
        else:
            continue
        if before != display_value(cell.indicator, value):
            cell.before = before


def _history_display(indicator: Indicator, text: str) -> str:
    """A value as the history keeps it (`services.display`), as the grid shows it."""
    if indicator.value_type == ValueType.YES_NO and text in ("0", "1"):
        return "có" if text == "1" else "không"
    return text


def _derived(value: Decimal | None) -> str:
    return format_number(value) if value is not None else "—"
