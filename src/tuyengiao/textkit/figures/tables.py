"""Figures in the text tables of a report ("1 | Hội nghị thông tin thời sự | hội nghị | 2").

A table read out of a Word file arrives as lines of cells split by "|" or tabs. A figure
alone in its cell has no unit after it, so `find_quantities` does not see it: here its row's
other cells (the label and the unit) are its context. A column headed as a plan, a target
or an earlier period ("Kế hoạch", "Cùng kỳ", "So sánh") is not a result.
"""

import re
from dataclasses import dataclass

from tuyengiao.textkit.quantities import parse_number
from tuyengiao.textkit.vocab import QUALIFIERS

_CELL_SPLIT = re.compile(r"\||\t")
_NUMERIC = re.compile(
    r"^\s*(?:(?P<q>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<pct>%)?\s*$",
    re.IGNORECASE,
)
_NOT_RESULT_COLUMN = re.compile(
    r"ke hoach|chi tieu|cung ky|so sanh|nam truoc|thang truoc|ky truoc|du kien|ghi chu|stt|^tt$"
)


@dataclass(frozen=True, slots=True)
class TableCell:
    value: int | float
    pct: bool
    approx: str  # as quantities gives it: exact, over, under, about, nearly
    start: int
    end: int
    label: tuple[int, int]  # the row's span: its other cells name the figure


def table_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines that are table rows (two cell separators at least)."""
    spans, offset = [], 0
    for line in text.splitlines(keepends=True):
        if len(_CELL_SPLIT.findall(line)) >= 2:
            spans.append((offset, offset + len(line.rstrip("\n"))))
        offset += len(line)
    return spans


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cells, cursor = [], start
    for match in _CELL_SPLIT.finditer(text, start, end):
        cells.append((cursor, match.start()))
        cursor = match.end()
    cells.append((cursor, end))
    return cells


def table_cells(text: str, key: str, lines: list[tuple[int, int]]) -> list[TableCell]:
    """The figures of the table rows `lines`; `key` is the folded text (same offsets)."""
    found: list[TableCell] = []
    header: list[str] = []
    previous_end = -2
    for start, end in lines:
        cells = _cells(text, start, end)
        numeric = [_NUMERIC.match(text[a:b]) for a, b in cells]
        if start > previous_end + 1:
            header = []  # a new table
        previous_end = end
        if not any(numeric[1:]):
            header = [key[a:b].strip() for a, b in cells]
            continue
        for column, ((a, _), match) in enumerate(zip(cells, numeric, strict=True)):
            if match is None or column == 0:  # the first cell numbers the row
                continue
            title = header[column] if column < len(header) else ""
            if _NOT_RESULT_COLUMN.search(title):
                continue
            approx = QUALIFIERS[match["q"].lower()] if match["q"] else "exact"
            found.append(
                TableCell(
                    parse_number(match["num"]),
                    bool(match["pct"]),
                    approx,
                    a + match.start("q" if match["q"] else "num"),
                    a + match.end("pct" if match["pct"] else "num"),
                    (start, end),
                )
            )
    return found
