"""The tree's table files (CSV and XLSX): which column is which, cell values only.

What the values mean is the business of `importing`; reading and writing the files (sizes,
encodings, separators, formulas) is `tuyengiao.tabular`'s. This module maps the header a
person typed to the column codes and a cell to the text or date it stands for.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tuyengiao.tabular.reading import Source, UnreadableFile, sheet_rows
from tuyengiao.tabular.writing import csv_bytes, xlsx_bytes
from tuyengiao.textkit.normalize import fold, nfc

__all__ = ["COLUMNS", "Cell", "SheetRow", "read_table", "write_csv", "write_xlsx"]

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


def read_table(*, content: Source, filename: str) -> list[SheetRow]:
    """The data rows of a CSV or XLSX file, keyed by column code; blank rows are skipped."""
    with sheet_rows(content, name=filename) as lines:
        header = next(lines, None)
        if header is None:
            raise UnreadableFile(_("Tệp trống."))
        columns = [_column_code(_cell(value)) for value in header[1]]
        missing = [c for c in ("code", "name", "kind") if c not in columns]
        if missing:
            raise UnreadableFile(
                _("Thiếu cột bắt buộc: %(columns)s. Dòng đầu phải là tên cột: %(all)s.")
                % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)},
                line=1,
            )
        rows = []
        for line, values in lines:
            # Every column of the header gets a key, blank or not: an absent column means
            # "keep the current value", a blank cell means "no value".
            cells: dict[str, Cell] = dict.fromkeys((c for c in columns if c in COLUMNS), "")
            for column, value in zip(columns, values, strict=False):
                if column in COLUMNS and (cell := _cell(value)) != "":
                    cells[column] = cell
            if any(value != "" for value in cells.values()):
                rows.append(SheetRow(line=line, cells=cells))
    return rows


def _column_code(value: Cell) -> str:
    text = str(value).strip().lower()
    return text if text in COLUMNS else HEADER_ALIASES.get(fold(text), text)


def _cell(value: object) -> Cell:
    """What a cell stands for: text (NFC, trimmed) or a date."""
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


def write_csv(rows: Iterable[Sequence[Cell | None]]) -> bytes:
    return csv_bytes(rows, header=COLUMNS)


def write_xlsx(rows: Iterable[Sequence[Cell | None]], *, title: str) -> bytes:
    return xlsx_bytes(rows, title=title, header=COLUMNS)
