"""Data values in files: the .xlsx and CSV template of a form for a period (one row per unit,
indicator and breakdown option, with today's values filled in, so the same file exports), and
the reading of such a file back into rows for `values.services.datavalues_write`.

A file is read by its header row, wherever it is in the first rows: the columns are found by
their code (`indicator`, `orgunit`, `period`, `option`, `value`) or their Vietnamese heading
(`Mã chỉ tiêu`, `Mã đơn vị`, `Kỳ`, `Mã phân tổ`, `Số liệu`), in any order; other columns
(the names that help a person) are ignored. Errors name the row as the spreadsheet numbers it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.grid import display_value
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.validation import form_items
from tuyengiao.tabular.reading import Row, Source, UnreadableFile, sheet_rows
from tuyengiao.tabular.writing import BOLD, TITLE, XlsxSheet, csv_bytes
from tuyengiao.textkit.normalize import fold
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import Period

HEADER_SEARCH = 20  # rows above the header: a title, the instructions

# (column key, heading in the template, other headings a person may have typed)
COLUMNS = [
    ("indicator", "Mã chỉ tiêu", ("indicator", "chi tieu", "ma chi tieu")),
    ("indicator_name", "Tên chỉ tiêu", ()),
    ("option", "Mã phân tổ", ("option", "phan to", "ma phan to")),
    ("option_name", "Phân tổ", ()),
    ("orgunit", "Mã đơn vị", ("orgunit", "don vi", "ma don vi")),
    ("orgunit_name", "Tên đơn vị", ()),
    ("period", "Kỳ", ("period", "ky", "ma ky", "ky bao cao")),
    ("value", "Số liệu", ("value", "so lieu", "gia tri")),
]
REQUIRED = ("indicator", "orgunit", "period", "value")
_KEYS = {fold(heading): key for key, heading, _ in COLUMNS} | {
    fold(other): key for key, _, others in COLUMNS for other in others
}


@dataclass
class FileRows:
    rows: list[dict[str, object]]
    lines: list[int]  # the spreadsheet's row number of each row


def _header(cells: Iterable[object]) -> dict[int, str]:
    return {
        index: _KEYS[fold(str(cell)).strip()]
        for index, cell in enumerate(cells)
        if cell is not None and fold(str(cell)).strip() in _KEYS
    }


def _collect(lines: Iterable[tuple[int, Row]]) -> FileRows:
    columns: dict[int, str] | None = None
    found = FileRows([], [])
    for number, cells in lines:
        if columns is None:
            header = _header(cells)
            if all(key in header.values() for key in REQUIRED):
                columns = header
            elif number > HEADER_SEARCH:
                break
            continue
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        row = {key: cells[index] if index < len(cells) else None for index, key in columns.items()}
        for key in ("indicator", "orgunit", "period", "option"):
            row[key] = "" if row.get(key) is None else str(row[key]).strip()
        found.rows.append(row)
        found.lines.append(number)
    if columns is None:
        raise ValidationError(
            _("Không thấy dòng tiêu đề có các cột %(columns)s: hãy dùng tệp mẫu.")
            % {"columns": ", ".join(f"“{h}”" for key, h, _o in COLUMNS if key in REQUIRED)}
        )
    return found


def read_rows(name: str, source: Source) -> FileRows:
    """The rows of an uploaded .xlsx or .csv file: `source` is its bytes, a binary file object
    (an upload, never read whole before its size is checked) or a path. The reading, its
    limits and the CSV encodings and separators are `tabular.reading`'s."""
    try:
        with sheet_rows(source, name=name) as lines:
            return _collect(lines)
    except UnreadableFile as error:
        raise ValidationError(error.message) from None


# --- templates ------------------------------------------------------------------------------
def template_rows(*, form: ReportForm, period: Period, units: list[OrgUnit]) -> list[list]:
    """One row per unit, indicator and option of `form`, with the value on record."""
    items = [item for item in form_items(form) if not item.indicator.is_derived]
    values = {
        (v.orgunit_id, v.indicator_id, v.option): v
        for v in DataValue.objects.filter(
            orgunit__in=units, period=period.code, indicator__in=[i.indicator for i in items]
        )
    }
    rows = []
    for unit in units:
        for item in items:
            indicator = item.indicator
            options = (
                [(o.code, o.name) for o in indicator.disaggregation.options.all()]
                if indicator.disaggregation
                else [("", "")]
            )
            for code, name in options:
                value = values.get((unit.pk, indicator.pk, code))
                shown = display_value(indicator, value)
                rows.append([indicator.code, indicator.name, code, name, unit.code, unit.name,
                             period.code, shown])  # fmt: skip
    return rows


def template_xlsx(*, form: ReportForm, period: Period, units: list[OrgUnit]) -> bytes:
    rows = template_rows(form=form, period=period, units=units)
    sheet = XlsxSheet(
        period.code,
        widths=(18, 50, 12, 28, 14, 36, 10, 14),
        freeze="A5",
        size=(len(rows) + 4, len(COLUMNS)),
    )
    sheet.append([f"{form.name} — {period.label()}"], font=TITLE)
    sheet.append([_("Chỉ điền cột “Số liệu” (số viết kiểu 1.234,5; bỏ trống để xóa). "
                    "Không sửa các cột mã.")])  # fmt: skip
    sheet.append([])
    sheet.append([heading for _key, heading, _others in COLUMNS], font=BOLD)
    value_column = {len(COLUMNS) - 1}
    for row in rows:
        sheet.append(row, shaded=value_column)
    return sheet.to_bytes()


def template_csv(*, form: ReportForm, period: Period, units: list[OrgUnit]) -> bytes:
    return csv_bytes(
        template_rows(form=form, period=period, units=units),
        header=[heading for _key, heading, _others in COLUMNS],
    )
