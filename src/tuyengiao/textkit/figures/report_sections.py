"""The narrative parts of a unit's report (issue 18 §1): results, limitations, causes and
directions, each the text under its heading.

Reports number their parts every way ("I. KẾT QUẢ ĐẠT ĐƯỢC", "A. Kết quả thực hiện",
"1. Kết quả", "PHẦN THỨ HAI PHƯƠNG HƯỚNG, NHIỆM VỤ…", a bare upper-case line), so a heading is
a short line that opens with a numbering or is written in capitals, and its kind is read from
its words. Short labels opening a paragraph ("Hạn chế: …", "Nguyên nhân: …") open a part too.
A line naming no part (a sub-item "1. Công tác tuyên truyền") leaves the current part going on.
"""

import re

from tuyengiao.textkit.normalize import fold

RESULTS, LIMITATIONS, CAUSES, DIRECTIONS = "results", "limitations", "causes", "directions"
# Words in front of the heading's text: a Roman or Arabic number, a capital letter, "Phần thứ…".
_NUMBERING = re.compile(
    r"^[ \t]*(?:(?:[IVX]{1,4}|[A-Đ]|\d{1,2}(?:\.\d{1,2})*)[.)\-–][ \t]*"
    r"|phần thứ [^\s:.]+[ \t:.\-–]*|phần [IVX\d]+[ \t:.\-–]*)?",
    re.IGNORECASE,
)
_HEADING_MAX = 130
# A label opening a line or a sentence: "Hạn chế: …", "Nguyên nhân: …"; and a sentence
# opening on its causes under a heading "HẠN CHẾ … VÀ NGUYÊN NHÂN" ("Nguyên nhân chủ yếu do…").
_LABEL = re.compile(
    r"(?:^|(?<=[.;]) )[ \t]*(?P<label>(?:[-–+•][ \t]*)?(?:hạn chế|tồn tại|khó khăn|nguyên nhân)"
    r"[^:\n]{0,40}):[ \t]*"
    r"|(?:^|(?<=[.;]) )[ \t]*(?=(?P<cause>nguyên nhân (?:chủ yếu|chính|là|do|của)\b))",
    re.IGNORECASE | re.MULTILINE,
)


def heading_kind(line: str) -> str | None:
    """The part a heading line opens, or None for any other line."""
    numbering = _NUMBERING.match(line)
    assert numbering is not None  # the pattern may match the empty string
    body = line[numbering.end() :].strip()
    if not body and re.match(r"\s*phần", line, re.IGNORECASE):
        return ""  # "PHẦN THỨ HAI" alone: it closes the part before; its title follows
    if not body or len(line) > _HEADING_MAX:
        return None
    numbered = numbering.end() > 0 and bool(numbering.group().strip())
    letters = [ch for ch in body if ch.isalpha()]
    capitals = bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
    if not (numbered or capitals):
        return None
    if body.rstrip().endswith((".", ";")) and not capitals and len(body) > 60:
        return None  # a numbered sentence of the results, not a heading
    return _kind(fold(body))


def _kind(key: str) -> str | None:
    if re.match(r"(?:tinh hinh (?:va )?)?ket qua|danh gia ket qua|tinh hinh thuc hien", key):
        return RESULTS
    if re.match(r"(?:nhung |mot so )?(?:han che|ton tai|khuyet diem|kho khan)", key):
        return LIMITATIONS
    if re.match(r"(?:nhung )?nguyen nhan", key):
        return CAUSES
    if re.match(r"(?:nhung )?(?:phuong huong|nhiem vu|ke hoach|chuong trinh)", key) and (
        "phuong huong" in key
        or re.search(r"\b(?:toi|tiep theo|trong tam|cuoi nam|thang|quy|nam \d{4}|sap toi)\b", key)
    ):
        return DIRECTIONS
    return None


def section_spans(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each part, in text order; `start` is just after its heading. A
    kind met again right after itself (a "Kết quả…" sub-item under "I. KẾT QUẢ…") continues
    its part."""
    marks: list[tuple[int, int, str]] = []  # (heading start, body start, kind)
    offset = 0
    for line in text.splitlines(keepends=True):
        kind = heading_kind(line.rstrip("\n"))
        if kind is not None:
            marks.append((offset, offset + len(line), kind))
        offset += len(line)
    for match in _LABEL.finditer(text):
        if match["cause"]:  # the sentence itself is the first of the causes
            start = match.start("cause")
            if not any(a <= start < b for a, b, _ in marks):
                marks.append((start, start, CAUSES))
            continue
        kind = _kind(fold(match["label"].lstrip("-–+• \t")))
        if kind is not None and not any(a <= match.start() < b for a, b, _ in marks):
            marks.append((match.start("label"), match.end(), kind))
    marks.sort()
    spans: list[tuple[str, int, int]] = []
    for i, (_, body, kind) in enumerate(marks):
        if not kind:
            continue
        end = marks[i + 1][0] if i + 1 < len(marks) else _closing(text, body)
        if spans and spans[-1][0] == kind:
            # A label right under its own heading ("HẠN CHẾ…\nHạn chế: …") starts the text.
            heading = marks[i][0]
            opening = body if not text[spans[-1][1] : heading].strip() else spans[-1][1]
            spans[-1] = (kind, opening, end)
        else:
            spans.append((kind, body, end))
    return spans


# The signature block and the list of recipients close a report's last part.
_CLOSING = re.compile(
    r"^[ \t]*(?:nơi nhận|t/m |tm\. |k/t |kt\. |trưởng ban|bí thư|phó bí thư)", re.IGNORECASE | re.M
)


def _closing(text: str, start: int) -> int:
    match = _CLOSING.search(text, start)
    return match.start() if match else len(text)


def report_sections(text: str) -> dict[str, str]:
    """The narrative parts of a report: keys "results", "limitations", "causes",
    "directions", each the text under its heading (without it; a part met twice is joined);
    a part not found is absent."""
    parts: dict[str, list[str]] = {}
    for kind, start, end in section_spans(text):
        body = text[start:end].strip()
        if body:
            parts.setdefault(kind, []).append(body)
    return {kind: "\n".join(bodies) for kind, bodies in parts.items()}
