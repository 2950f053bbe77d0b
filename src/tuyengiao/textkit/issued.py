"""Issue dates a registry page gives in a labelled field or a table column (issue 20):
"Số hiệu: 254/2006/QĐ-TTg … Ngày ban hành: 07/11/2006", or a table whose header row has a
"Số hiệu" and a "Ngày ban hành" column. The words around a number (docnum) never see them:
the date stands in another cell, often lines away."""

import re
from dataclasses import replace
from datetime import date

from tuyengiao.textkit.docnum import DocScan, DocumentRef

# "Ngày ban hành:" / "Ngày ban hành |" (a literal first: sre finds it by its prefix).
_LABEL = re.compile(r"(?:Ngày|NGÀY|ngày)\s+(?:ban hành|BAN HÀNH|Ban hành)\s*(?=[:|\t])")
# "24/09/2007 Văn bản được ban hành 90/2007/QĐ-UBND": a history table's row.
_ISSUED_ROW = re.compile(
    r"(?m)^[ \t|]*(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d\d)"
    r"[ \t|]+Văn bản được ban hành[ \t|]+(?=\d)"
)
_QUICK_LOWER = re.compile(r"hành\s*[:|\t]")
_QUICK_UPPER = re.compile(r"HÀNH\s*[:|\t]")
_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d\d)(?!\d)")
# Between the label and its value: the cell separator and, on some registries, a sentence
# explaining the field; never another field's label.
_VALUE_REACH = 200
_NUMBER_LABEL = re.compile(r"(?:Số\s+hiệu|Số\s+ký\s+hiệu|Ký\s+hiệu|Số\s+văn\s+bản)\s*[:|\t]", re.I)
_RECORD_REACH = 600


def fill_issue_dates(text: str, scan: DocScan) -> list[DocumentRef]:
    """The scan's documents, with the issue dates registry fields and columns give to
    documents that have none."""
    dates: dict[int, date] = {}
    if "Văn bản được ban hành" in text:  # a history table's row
        by_start = {m.start: m.doc for m in scan.mentions}
        for row in _ISSUED_ROW.finditer(text):
            doc, issued = by_start.get(row.end()), _date(row)
            if doc is not None and issued is not None:
                dates.setdefault(doc, issued)
    if not (_QUICK_LOWER.search(text) or _QUICK_UPPER.search(text)):
        return _with(scan.documents, dates)  # most texts: two literal scans find no label
    labels = list(_LABEL.finditer(text))
    for label in labels:
        if _in_header_row(text, label.start()):
            dates.update(_column(text, scan, label.start()))
        else:
            found = _field(text, scan, label.end())
            if found is not None:
                dates.setdefault(*found)
    return _with(scan.documents, dates)


def _with(documents: list[DocumentRef], dates: dict[int, date]) -> list[DocumentRef]:
    if not dates:
        return documents
    documents = list(documents)
    for index, issued in dates.items():
        if documents[index].date is None:
            documents[index] = replace(documents[index], date=issued)
    return documents


def _field(text: str, scan: DocScan, end: int) -> tuple[int, date] | None:
    """ "Ngày ban hành: 07/11/2006" in a record: the date, for the record's number (the one
    after "Số hiệu:" or, without that label, the nearest number before)."""
    value = _DATE.search(text, end, min(len(text), end + _VALUE_REACH))
    if value is None or ":" in text[end + 1 : value.start()]:
        return None
    issued = _date(value)
    before = [m for m in scan.mentions if end - _RECORD_REACH <= m.start < end]
    if issued is None or not before:
        return None
    for mention in before:
        label = _NUMBER_LABEL.search(text, max(0, mention.start - 24), mention.start)
        if label and not text[label.end() : mention.start].strip(" \t|"):
            return mention.doc, issued
    return before[-1].doc, issued


def _in_header_row(text: str, pos: int) -> bool:
    line = _line(text, pos)
    return ("|" in line or "\t" in line) and _NUMBER_LABEL.search(
        line.replace("|", ":")
    ) is not None


def _column(text: str, scan: DocScan, pos: int) -> dict[int, date]:
    """A table: the header row names the columns; each following row gives its number's
    date in the "Ngày ban hành" column."""
    header = _line(text, pos)
    sep = "|" if "|" in header else "\t"
    names = [cell.strip().lower() for cell in header.split(sep)]
    date_col = next((i for i, n in enumerate(names) if "ban hành" in n), None)
    if date_col is None:
        return {}
    row_start = text.find("\n", pos) + 1
    by_start = {m.start: m.doc for m in scan.mentions}
    dates: dict[int, date] = {}
    while 0 < row_start < len(text):
        row_end = text.find("\n", row_start)
        row_end = len(text) if row_end < 0 else row_end
        cells = text[row_start:row_end].split(sep)
        if len(cells) < 2:
            break
        if date_col < len(cells) and (value := _DATE.search(cells[date_col])):
            doc = _doc_in(scan, by_start, row_start, row_end)
            issued = _date(value)
            if doc is not None and issued is not None:
                dates.setdefault(doc, issued)
        row_start = row_end + 1
    return dates


def _doc_in(scan: DocScan, by_start: dict[int, int], lo: int, hi: int) -> int | None:
    docs = {doc for start, doc in by_start.items() if lo <= start < hi}
    return docs.pop() if len(docs) == 1 else None


def _line(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : len(text) if end < 0 else end]


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
