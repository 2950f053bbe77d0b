"""The figures of a report, each with its unit, clause and sentence, and which of them are
results of the reporting period (not plans, comparisons or later parts)."""

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import pairwise

from tuyengiao.textkit import vocab
from tuyengiao.textkit.dates import find_dates
from tuyengiao.textkit.docnum import scan_documents
from tuyengiao.textkit.figures.report_sections import RESULTS, section_spans
from tuyengiao.textkit.figures.tables import table_cells, table_lines
from tuyengiao.textkit.quantities import find_quantities, parse_number
from tuyengiao.textkit.vocab import QUALIFIERS

_APPROX = {"exact": "", "nearly": "under", "over": "over", "under": "under", "about": "about"}


@dataclass(frozen=True, slots=True)
class Figure:
    value: int | float
    total: int | float | None  # denominator of a ratio "a/b"
    pct: bool
    approx: str  # "", "over", "under", "about"
    start: int
    end: int
    unit: tuple[int, int]  # the counted noun phrase (a table row: its label cells)
    context: tuple[int, int]  # the clause: from its start to the punctuation after the unit
    segment: tuple[int, int]  # from the last comma before the figure to the first after it
    sentence: tuple[int, int]
    rank: tuple[bool, bool, bool]  # (stated as a total, not a part, not cumulative)


# --- what is not a result ---------------------------------------------------------------------
# Words shortly before a figure that make it a plan or target, not a result.
_PLAN = re.compile(
    r"\b(?:phan dau|du kien|chi tieu|muc tieu|de ra|dang ky|se|ke hoach(?! so))\b(?!.*[;])"
)
_COMPARE_BEFORE = re.compile(r"\b(?:so voi|cung ky|tang|giam|tang them|giam di)\s*$")
_COMPARE_NEAR = re.compile(r"\b(?:so voi|cung ky)\b")
# A higher body as the subject right before the figure: "Trung ương tổ chức 6 hội nghị".
_HIGHER_BODY = re.compile(r"\btrung uong(?: da)?(?: to chuc| mo| ban hanh)\s*$")
_TOTAL = re.compile(r"\b(?:tong so|tong cong|tong)\b")
_PART = re.compile(r"\b(?:trong do|rieng|bao gom|moi)\b")
_CUMULATIVE = re.compile(r"\b(?:luy ke|tu dau nam|tu dau nhiem ky)\b")
_PLAN_WORDS = 7
# A figure with no unit, stated after "là" or ":" at the end of its clause ("Tổng số học
# viên trong tháng là 38."): the words before name it.
_BARE = re.compile(
    r"(?:\blà|:)[ \t]+(?:(?P<q>"
    + "|".join(sorted(QUALIFIERS, key=len, reverse=True))
    + r")[ \t]+)?(?P<num>\d{1,3}(?:\.\d{3})+|\d+)(?=[ \t]*(?:[.;,)](?!\d)|\n|$))",
    re.IGNORECASE,
)
# "Đội ngũ báo cáo viên quận: 18 đồng chí": after a colon a figure is no label's number
# ("quận 18"); a comma in its place (same length, so spans hold) lets quantities see that.
_COLON = re.compile(r"(?<=[^\W\d_]):(?= \d)")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# A clause's tail runs past commas ("59 câu lạc bộ ví, giặm bảo tồn dân ca"), to these.
_CLAUSE_END = re.compile(r"[;:.!?()\n](?=\s|$)|[;()\n]")


def _words_before(key: str, end: int, count: int, floor: int) -> str:
    start = end
    for _ in range(count):
        found = key.rfind(" ", floor, start - 1)
        if found < 0:
            start = floor
            break
        start = found
    return key[start:end]


# --- figures --------------------------------------------------------------------------------
def figures(text: str, key: str) -> list[Figure]:
    scan = scan_documents(text)
    taken = [(m.start, m.end) for m in scan.mentions]
    taken += [mention.span for mention in find_dates(text)]
    tables = table_lines(text)
    taken += tables
    sentences = _sentences(text)
    figures = [
        _figure(text, key, q.value, q.total, q.unit, q.approx, q.start, q.end, sentences)
        for q in find_quantities(_COLON.sub(",", text), taken=taken)
    ]
    taken += [(f.start, f.end) for f in figures]
    for match in _BARE.finditer(text):
        if not any(a < match.end() and match.start("num") < b for a, b in taken):
            approx = QUALIFIERS[match["q"].lower()] if match["q"] else "exact"
            begin = match.start("q") if match["q"] else match.start("num")
            value = parse_number(match["num"])
            figures.append(
                _figure(text, key, value, None, "", approx, begin, match.end(), sentences)
            )
    figures += _implicit_ones(text, key, taken, sentences)
    for cell in table_cells(text, key, tables):
        sentence = _sentence_of(sentences, cell.start)
        figures.append(
            Figure(
                cell.value,
                None,
                cell.pct,
                _APPROX[cell.approx],
                cell.start,
                cell.end,
                (cell.start, cell.start),  # no unit: the row's label names it
                cell.label,
                cell.label,
                sentence,
                (bool(_TOTAL.search(key, *cell.label)), True, True),
            )
        )
    figures.sort(key=lambda f: f.start)
    # A clause's tail ends where the next figure starts: "02 đồng chí đi học trung cấp … và
    # 01 đồng chí đi học cao cấp" names the first by "trung cấp" alone.
    return [_clip(figure, after) for figure, after in pairwise(figures)] + (figures[-1:])


# "Tổ chức Hội nghị báo cáo viên tháng 3" states one conference without a figure.
_ONE_EVENT = re.compile(
    r"\b(?:to chuc|mo)(?: thanh cong)? (?=(?:hoi nghi|lop|buoi)\b)", re.IGNORECASE
)
_EVENT_END = re.compile(r"[,.;:()\n]")
_EVENT_WORDS = 8


def _implicit_ones(
    text: str, key: str, taken: list[tuple[int, int]], sentences: list[tuple[int, int]]
) -> list[Figure]:
    """One event named after "tổ chức"/"mở" with no figure: a figure 1 that any stated figure
    of the same cell outranks (its rank is the lowest)."""
    found = []
    for match in _ONE_EVENT.finditer(key):
        start = match.end()
        stop = _EVENT_END.search(text, start)
        limit = stop.start() if stop else len(text)
        words = list(re.finditer(r"\S+", text[start:limit]))[:_EVENT_WORDS]
        kept = [w for w in words if w.group().lower() not in vocab.UNIT_BOUNDARY_WORDS]
        cut = next((i for i, w in enumerate(words) if w not in kept), len(words))
        if not cut:
            continue
        end = start + words[cut - 1].end()
        if any(a <= start < b for a, b in taken):
            continue
        # A date or a figure inside ("Hội nghị thông tin thời sự quý IV/2025") ends it.
        end = min([end, *(a for a, _ in taken if start < a < end)])
        end = start + len(text[start:end].rstrip())
        figure = _figure(text, key, 1, None, text[start:end], "exact", start, end, sentences)
        found.append(replace(figure, rank=(False, False, False)))
    return found


def _clip(figure: Figure, after: Figure) -> Figure:
    if not figure.end <= after.start < figure.context[1]:
        return figure
    segment = (figure.segment[0], min(figure.segment[1], after.start))
    return replace(figure, context=(figure.context[0], after.start), segment=segment)


def _figure(
    text: str,
    key: str,
    value: int | float,
    total: int | float | None,
    unit: str,
    approx: str,
    start: int,
    end: int,
    sentences: list[tuple[int, int]],
) -> Figure:
    pct = unit == "%"
    unit_start = end if pct else end - len(unit)
    sentence = _sentence_of(sentences, start)
    clause_start = max(sentence[0], key.rfind(";", sentence[0], start) + 1)
    clause_end = _CLAUSE_END.search(text, end, sentence[1])
    context = (clause_start, clause_end.start() if clause_end else sentence[1])
    before = key[clause_start:start]
    rank = (
        bool(_TOTAL.search(before)) or bool(_TOTAL.search(key, unit_start, end)),
        not _PART.search(before),
        not _CUMULATIVE.search(key, clause_start, context[1]),
    )
    comma = key.find(",", end, context[1])
    segment = (
        key.rfind(",", clause_start, start) + 1 or clause_start,
        comma if comma >= 0 else context[1],
    )
    return Figure(
        value,
        total,
        pct,
        _APPROX[approx],
        start,
        end,
        (unit_start, end),
        context,
        segment,
        sentence,
        rank,
    )


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if match.group() != "\n" else match.start()
        if end > start:
            spans.append((start, end))
        start = match.end()
        while start < len(text) and text[start] in " \t":
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# Text a figure's sentence may span on either side of it. A real sentence is shorter; a PDF
# whose text comes out as one unpunctuated run would otherwise make every figure's sentence
# the whole report, and reading a report quadratic in its length (13 KB: 9 s).
SENTENCE_REACH = 600


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    index = bisect_right(sentences, pos, key=lambda sentence: sentence[0]) - 1
    if index < 0 or not pos < sentences[index][1]:
        return (pos, pos)
    start, end = sentences[index]
    return (max(start, pos - SENTENCE_REACH), min(end, pos + SENTENCE_REACH))


def is_result(figure: Figure, key: str) -> bool:
    """Not a plan, a target, a comparison with another period, nor a higher body's figure
    ("Ban Tuyên giáo Trung ương tổ chức 6 hội nghị…" in a commune's report)."""
    clause = key[figure.context[0] : figure.start]
    # Plan words count in the figure's own comma segment: "(đạt 100% kế hoạch), thu hút
    # 1.118 lượt" is a result.
    near = _words_before(key, figure.start, _PLAN_WORDS, figure.segment[0])
    if _PLAN.search(near) or _COMPARE_BEFORE.search(clause):
        return False
    if _COMPARE_NEAR.search(_words_before(key, figure.start, 3, figure.context[0])):
        return False
    if _HIGHER_BODY.search(_words_before(key, figure.start, 5, figure.segment[0])):
        return False
    return not _COMPARE_NEAR.search(key, figure.end, figure.segment[1])


def readable(text: str) -> list[tuple[int, int]]:
    """Where results are: the results part when the report has one, else everything but the
    limitations, causes and directions."""
    spans = section_spans(text)
    results = [(a, b) for kind, a, b in spans if kind == RESULTS]
    if results:
        return results
    others = sorted((a, b) for kind, a, b in spans if kind != RESULTS)
    spans_out, cursor = [], 0
    for a, b in others:
        if a > cursor:
            spans_out.append((cursor, a))
        cursor = max(cursor, b)
    spans_out.append((cursor, len(text)))
    return spans_out
