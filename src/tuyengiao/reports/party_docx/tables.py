"""Tables of a Party document: the borderless ones that lay out the header and the signature,
and the ruled tables of figures."""

import re
import unicodedata

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Emu
from docx.table import Table, _Cell, _Row

from . import styles
from .ooxml import borders, child
from .styles import StyleSpec
from .text import clean

_EMU_PER_TWIP = 635
# "1.234", "89,8 %", "+3", "5/10", "2.800 người" is not one: a cell of a figure alone.
_FIGURE = re.compile(r"[-+−]?\d[\d.,\u00a0 ]*(?:\s?%)?|\d+\s?/\s?\d+|[-–—x]")
_ORDINAL_HEADERS = {"tt", "stt", "số tt"}
_TOTAL_WORDS = ("tổng", "cộng")


def is_figure(text: str) -> bool:
    return bool(_FIGURE.fullmatch(text.strip()))


def layout_table(document: Document, widths: list[int], rows: int, *, ruled: bool) -> Table:
    """A table of fixed column `widths` (EMU) across the text, ruled or without any border."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    child(tbl_pr, "w:tblW", w=str(sum(widths) // _EMU_PER_TWIP), type="dxa")
    child(tbl_pr, "w:tblLayout", type="fixed")
    borders(tbl_pr, "w:tblBorders", "single" if ruled else "nil")
    if not ruled:
        # Without rules no padding is needed, and its 2 × 1.9 mm would break the names.
        margins = child(tbl_pr, "w:tblCellMar")
        for side in ("left", "right"):
            child(margins, f"w:{side}", w="0", type="dxa")
    # Word reads the cells' widths, LibreOffice the grid's: both are set.
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Emu(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Emu(width)
    return table


def fill(cell: _Cell, document: Document, spec: StyleSpec, texts: list[str]) -> None:
    """Write one paragraph per text into the cell, in the style of `spec`."""
    for index, text in enumerate(texts):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        styles.apply(document, paragraph, spec)
        if text:
            paragraph.add_run(clean(text))


def column_weights(header: list[str], rows: list[list[str]]) -> list[float]:
    """Without widths given: one share for a column of figures, three for a column of words."""
    weights = []
    for index, title in enumerate(header):
        cells = [row[index] for row in rows if index < len(row) and row[index].strip()]
        if _key(title) in _ORDINAL_HEADERS:
            weights.append(0.6)
        elif cells and all(is_figure(cell) for cell in cells):
            weights.append(1.0)
        else:
            weights.append(3.0)
    return weights


def scale(weights: list[float], total: int) -> list[int]:
    if not weights or any(weight <= 0 for weight in weights):
        raise ValueError(f"column widths must be positive: {weights!r}")
    whole = sum(weights)
    return [int(total * weight / whole) for weight in weights]


def is_total(row: list[str]) -> bool:
    first = next((cell for cell in row if cell.strip()), "")
    return _key(first).startswith(_TOTAL_WORDS)


def figures_table(
    document: Document, header: list[str], rows: list[list[str]], widths: list[int]
) -> Table:
    """A ruled table: the header row repeated on each page, figures right-aligned, the total
    (a last row "Tổng cộng…") in bold."""
    columns = len(header)
    table = layout_table(document, widths, 1 + len(rows), ruled=True)
    ordinal = [_key(title) in _ORDINAL_HEADERS for title in header]
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        fill(cell, document, styles.TABLE_HEADING, [title])
    _repeat_as_header(table)
    for number, (row, values) in enumerate(zip(table.rows[1:], rows, strict=True), start=1):
        padded = [*values, *[""] * (columns - len(values))]  # short rows end in blanks
        bold = number == len(rows) and is_total(values)
        for index, (cell, text) in enumerate(zip(row.cells, padded, strict=True)):
            spec = styles.TABLE_FIGURE if is_figure(text) else styles.TABLE_TEXT
            if ordinal[index] and is_figure(text):
                spec = styles.TABLE_HEADING if bold else styles.TABLE_ORDINAL
            fill(cell, document, spec, [text])
            if bold:
                for run in cell.paragraphs[0].runs:
                    run.font.bold = True
    for row in table.rows:
        keep_whole(row)
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return table


def _repeat_as_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def keep_whole(row: _Row) -> None:
    """The row is never split across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())
