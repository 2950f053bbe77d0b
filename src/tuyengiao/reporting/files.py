"""Data values in files: the .xlsx and CSV template of a form for a period (one row per unit,
indicator and breakdown option, with today's values filled in, so the same file exports), and
the reading of such a file back into rows for `importing.datavalues_import`.

A file is read by its header row, wherever it is in the first rows: the columns are found by
their code (`indicator`, `orgunit`, `period`, `option`, `value`) or their Vietnamese heading
(`Mã chỉ tiêu`, `Mã đơn vị`, `Kỳ`, `Mã phân tổ`, `Số liệu`), in any order; other columns
(the names that help a person) are ignored. Errors name the row as the spreadsheet numbers it.
"""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.grid import display_value
from tuyengiao.reporting.models import DataValue, ReportForm
from tuyengiao.reporting.periods import Period
from tuyengiao.reporting.validation import form_items
from tuyengiao.textkit.normalize import fold

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
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


def _collect(lines: Iterable[tuple[int, tuple]]) -> FileRows:
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
        if len(found.rows) > MAX_ROWS:
            raise ValidationError(_("Tệp có quá %(max)s dòng.") % {"max": f"{MAX_ROWS:,}"})
    if columns is None:
        raise ValidationError(
            _("Không thấy dòng tiêu đề có các cột %(columns)s: hãy dùng tệp mẫu.")
            % {"columns": ", ".join(f"“{h}”" for key, h, _o in COLUMNS if key in REQUIRED)}
        )
    return found


def read_rows(name: str, data: bytes) -> FileRows:
    """The rows of an uploaded .xlsx or .csv file (UTF-8, with or without BOM; `,` or `;`)."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(_("Tệp lớn quá 50 MB."))
    if name.lower().endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
            raise ValidationError(_("Không đọc được tệp .xlsx này.")) from None
        sheet = book.active
        if sheet is None:
            raise ValidationError(_("Tệp .xlsx không có trang tính nào."))
        return _collect(enumerate(sheet.iter_rows(values_only=True), start=1))
    if name.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("Tệp CSV phải là UTF-8 (Excel: “CSV UTF-8”).")) from None
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return _collect((number, tuple(cells)) for number, cells in enumerate(reader, start=1))
    raise ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))


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
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = period.code
    sheet.append([f"{form.name} — {period.label()}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Chỉ điền cột “Số liệu” (số viết kiểu 1.234,5; bỏ trống để xóa). "
                    "Không sửa các cột mã.")])  # fmt: skip
    sheet.append([])
    sheet.append([heading for _key, heading, _others in COLUMNS])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF6DC")
    for row in template_rows(form=form, period=period, units=units):
        sheet.append(row)
        sheet.cell(row=sheet.max_row, column=len(COLUMNS)).fill = fill
    for letter, width in zip("ABCDEFGH", (18, 50, 12, 28, 14, 36, 10, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_csv(*, form: ReportForm, period: Period, units: list[OrgUnit]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for _key, heading, _others in COLUMNS])
    writer.writerows(template_rows(form=form, period=period, units=units))
    # With a BOM, Excel opens UTF-8 as UTF-8 and the Vietnamese names stay readable.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
