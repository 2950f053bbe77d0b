"""Spreadsheets the application hands out (.xlsx and .csv), with no live formula in them.

A unit's name or a text value comes from people; one starting with "=", "+", "-" or "@"
would run as a formula in the spreadsheet of whoever opens the file (=HYPERLINK(…) sending
the sheet's data away, =cmd|… on old Excel). So:

- .xlsx: every text cell is written as text (an inline string). openpyxl on its own stores a
  str starting with "=" as a formula; `XlsxSheet` sets the cell's type back to text.
- .csv: a text cell starting with one of those characters (or a tab or carriage return) gets
  a leading apostrophe, as OWASP advises; `reading` takes it off again, so our own files read
  back unchanged. Numbers are left as numbers, and so is a negative number written as text
  ("-5", "-1.234,5"): a spreadsheet reads it as a number, never as a formula.

Dates are written dd/mm/yyyy, as Vietnamese readers expect them.
"""

import csv
import datetime
import io
import re
from collections.abc import Collection, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_NUMBER_RE = re.compile(r"-\d[\d.,]*")
_SHEET_TITLE_RE = re.compile(r"[\[\]:*?/\\]")
MAX_CELL_CHARS = 32_767  # what one cell of Excel holds

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
SHADE = PatternFill("solid", fgColor="FFF6DC")  # the cells a person is asked to fill in


# --- .csv -----------------------------------------------------------------------------------
def csv_cell(value: object) -> object:
    """`value` as the CSV writer should get it: text made inert, dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        if value.startswith(FORMULA_PREFIXES) and not _NEGATIVE_NUMBER_RE.fullmatch(value):
            return "'" + value
        return value
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return value


def csv_bytes(rows: Iterable[Sequence[object]], *, header: Sequence[str] = ()) -> bytes:
    """A CSV file in UTF-8 with a BOM (with it, Excel shows the Vietnamese letters right),
    separated by commas."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    if header:
        writer.writerow([csv_cell(title) for title in header])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- .xlsx ----------------------------------------------------------------------------------
class XlsxSheet:
    """A one-sheet workbook written row by row (openpyxl's write-only mode: a big export
    stays small in memory). Column widths and frozen panes are given first, as that mode
    needs them before any row; so is the size (`rows` × `columns`) when it is known.

    `after` adds this sheet to the workbook of another (a template's list of codes beside
    its rows); either's `to_bytes` gives the whole workbook, the first sheet active."""

    def __init__(
        self,
        title: str,
        *,
        widths: Sequence[float | None] = (),
        freeze: str | None = None,
        size: tuple[int, int] | None = None,
        after: "XlsxSheet | None" = None,
    ) -> None:
        self._book: Workbook = Workbook(write_only=True) if after is None else after._book
        self._sheet = self._book.create_sheet(_SHEET_TITLE_RE.sub("-", title)[:31] or "Sheet")
        for index, width in enumerate(widths, start=1):
            if width:
                self._sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            self._sheet.freeze_panes = freeze
        if size:
            # Write-only mode writes no <dimension>, and openpyxl's reader then parses the
            # whole sheet once more when it opens the file (bench/README.md, "Spreadsheets
            # without a dimension"): the writer asks the sheet for it, so a known size is
            # given that way.
            ref = f"A1:{get_column_letter(max(size[1], 1))}{max(size[0], 1)}"
            self._sheet.calculate_dimension = lambda: ref

    def append(
        self,
        values: Sequence[object],
        *,
        font: Font | None = None,
        shaded: Collection[int] = (),
    ) -> None:
        """One row; `font` for all of its cells, `shaded` the indexes of cells to fill in."""
        cells = []
        for index, value in enumerate(values):
            cell = self._cell(value)
            if font is not None:
                cell.font = font
            if index in shaded:
                cell.fill = SHADE
            cells.append(cell)
        self._sheet.append(cells)

    def _cell(self, value: object) -> WriteOnlyCell:
        if isinstance(value, str):
            text = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]
            cell = WriteOnlyCell(self._sheet, value=text)
            cell.data_type = "s"  # text, even "=HYPERLINK(…)": never a formula
            return cell
        cell = WriteOnlyCell(self._sheet, value=value)
        if isinstance(value, datetime.datetime):
            cell.number_format = "DD/MM/YYYY HH:MM"
        elif isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
        return cell

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self._book.save(out)
        return out.getvalue()


def xlsx_bytes(
    rows: Iterable[Sequence[object]], *, title: str, header: Sequence[str] = ()
) -> bytes:
    """A plain one-sheet .xlsx: a bold header row, then `rows`."""
    sheet = XlsxSheet(title)
    if header:
        sheet.append(header, font=BOLD)
    for row in rows:
        sheet.append(row)
    return sheet.to_bytes()
