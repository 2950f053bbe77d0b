"""Reads for the entry grid of one (form, unit, period): its sections, rows and cells with
the values and versions on record, the derived figures, the checks and the state of the
report. The pages and the .xlsx template read the same structure."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import (
    DataValue,
    Indicator,
    ReportForm,
    Submission,
    SubmissionEvent,
    ValueType,
)
from tuyengiao.reporting.periods import Period
from tuyengiao.reporting.validation import (
    Hint,
    Violation,
    form_items,
    outlier_hints,
    rules_check,
    unit_values,
)
from tuyengiao.reporting.values import number_display
from tuyengiao.reporting.workflow import Window, form_window


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


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
    return number_display(value.value)


@dataclass
class Cell:
    indicator: Indicator
    option: str
    option_name: str
    value: DataValue | None
    typed: str | None = None  # what the person typed, kept when it was not saved
    error: str = ""
    saved: bool = False

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
        name = (
            self.indicator.name_en if _english() and self.indicator.name_en else self.indicator.name
        )
        return f"{name} — {self.option_name}" if self.option_name else name


@dataclass
class Row:
    indicator: Indicator
    cells: list[Cell]
    derived: str = ""  # the computed figure of a derived indicator

    @property
    def name(self) -> str:
        if _english() and self.indicator.name_en:
            return self.indicator.name_en
        return self.indicator.name


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
    english = _english()
    for item in items:
        section = sections.setdefault(
            item.section_id,
            Section(
                title=(item.section.title_en if english else "") or item.section.title,
            ),
        )
        indicator = item.indicator
        if indicator.is_derived:
            section.rows.append(Row(indicator, [], derived=_derived(figures.get(indicator.code))))
            continue
        options = (
            [(o.code, (o.name_en if english else "") or o.name)
             for o in indicator.disaggregation.options.all()]
            if indicator.disaggregation else [("", "")]
        )  # fmt: skip
        cells = [
            Cell(indicator, code, name, values.get((indicator.pk, code))) for code, name in options
        ]
        section.rows.append(Row(indicator, cells))
    submission = Submission.objects.filter(form=form, orgunit=unit, period=period.code).first()
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
        events=list(submission.events.select_related("by", "level")) if submission else [],
    )


def _derived(value: Decimal | None) -> str:
    return number_display(value) if value is not None else "—"
