"""Reading and writing the tree's table files (CSV and XLSX), cell values only.

What the columns mean is the business of `importing` and `exporting`; this module only turns
bytes into rows of cells and back, and explains a file it cannot read in plain Vietnamese.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from tuyengiao.textkit.normalize import fold, nfc

COLUMNS = (
    "code",
    "name",
    "short_name",
    "kind",
    "parent_code",
    "opened_on",
    "closed_on",
    "successor_code",
)
DATE_COLUMNS = ("opened_on", "closed_on")
FORMATS = ("csv", "xlsx")

# Headers people type in Vietnamese sheets, matched after folding ("Mã cấp trên" → "ma cap tren").
HEADER_ALIASES = {
    "ma": "code",
    "ma don vi": "code",
    "ten": "name",
    "ten don vi": "name",
    "ten ngan": "short_name",
    "ten viet tat": "short_name",
    "loai": "kind",
    "loai don vi": "kind",
    "ma cap tren": "parent_code",
    "ma don vi cap tren": "parent_code",
    "ngay thanh lap": "opened_on",
    "ngay giai the": "closed_on",
    "ma don vi hop nhat vao": "successor_code",
    "hop nhat vao": "successor_code",
}

type Cell = str | datetime.date


@dataclass(frozen=True)
class SheetRow:
    """One data row: its line number in the file (the header is line 1) and its cells.

    `cells` holds a key for every known column of the header; a column the file lacks has
    no key.
    """

    line: int
    cells: dict[str, Cell]


class UnreadableFile(Exception):
    """The file cannot be read at all; `message` says why, in Vietnamese."""

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def file_format(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnreadableFile(
            _("Chỉ nhận tệp .csv hoặc .xlsx (tệp đã gửi: “%(name)s”).") % {"name": filename}
        )
    return suffix


def read_table(*, content: bytes, filename: str) -> list[SheetRow]:
    """The data rows of a CSV or XLSX file, keyed by column code; blank rows are skipped."""
    reader = _csv_lines if file_format(filename) == "csv" else _xlsx_lines
    lines = iter(reader(content))
    header = next(lines, None)
    if header is None:
        raise UnreadableFile(_("Tệp trống."))
    columns = [_column_code(value) for value in header]
    missing = [c for c in ("code", "name", "kind") if c not in columns]
    if missing:
        raise UnreadableFile(
            _("Thiếu cột bắt buộc: %(columns)s. Dòng đầu phải là tên cột: %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)},
            line=1,
        )
    rows = []
    for line, values in enumerate(lines, start=2):
        # Every column of the header gets a key, blank or not: an absent column means
        # "keep the current value", a blank cell means "no value".
        cells: dict[str, Cell] = dict.fromkeys((c for c in columns if c in COLUMNS), "")
        cells.update(
            (column, value)
            for column, value in zip(columns, values, strict=False)
            if column in COLUMNS and value != ""
        )
        if any(value != "" for value in cells.values()):
            rows.append(SheetRow(line=line, cells=cells))
    return rows


def _column_code(value: Cell) -> str:
    text = str(value).strip().lower()
    return text if text in COLUMNS else HEADER_ALIASES.get(fold(text), text)


def _decode_csv(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            _(
                "Tệp CSV đang ở mã UTF-16 (“Unicode Text” của Excel). "
                "Hãy lưu lại dưới dạng “CSV UTF-8 (Comma delimited)”."
            ),
            line=1,
        )
    if content.startswith(b"PK\x03\x04"):
        raise UnreadableFile(_("Tệp này là tệp Excel (.xlsx), không phải CSV: hãy đổi đuôi tệp."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise UnreadableFile(
            _(
                "Tệp CSV không ở mã UTF-8 (gặp byte lạ ở dòng %(line)s). Có lẽ tệp dùng bảng mã "
                "cũ như Windows-1258 hoặc TCVN3 (ABC). Hãy mở tệp bằng Excel hoặc LibreOffice "
                "và lưu lại dưới dạng “CSV UTF-8”, hoặc chuyển sang Unicode bằng Unikey."
            )
            % {"line": line},
            line=line,
        ) from None


def _csv_lines(content: bytes) -> Iterable[list[Cell]]:
    text = nfc(_decode_csv(content))
    first_line = text.split("\n", 1)[0]
    # Excel set to Vietnamese writes ";" because "," is the decimal mark there.
    delimiter = max(",;\t", key=first_line.count)
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [value.strip() for value in values]


def _xlsx_value(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        # A code typed as a number comes back as 101.0; it means "101".
        return str(int(value))
    return nfc(str(value)).strip()


def _xlsx_lines(content: bytes) -> Iterable[list[Cell]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile(
            _("Không đọc được tệp XLSX: tệp hỏng hoặc không phải định dạng Excel 2007 trở lên.")
        ) from None
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_xlsx_value(value) for value in values]
    finally:
        workbook.close()


def write_csv(rows: Iterable[Sequence[Cell | None]]) -> bytes:
    """CSV in UTF-8 with a BOM, so that Excel shows the Vietnamese letters right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [f"{v:%d/%m/%Y}" if isinstance(v, datetime.date) else (v or "") for v in row]
        )
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[Sequence[Cell | None]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(COLUMNS))
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value if value is not None else "")
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(value, str):
                # openpyxl stores "=…" as a formula; a unit's name is always plain text.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
