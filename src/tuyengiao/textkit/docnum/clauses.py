"""The clauses around a number: the words in front (type), the issue date, the issuer, the
title, and a header's date line, issuer line and title line.

Each is read with an anchored match at the number's edges, or with string operations on a
short window, so the cost grows with the number of references, not with the text."""

import re
from datetime import date
from functools import lru_cache

from tuyengiao.textkit import vocab
from tuyengiao.textkit.docnum.model import Draft
from tuyengiao.textkit.docnum.symbols import Parsed

_DATE = (
    r"(?P<d>\d{1,2})\s*(?:[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*|\s+tháng\s+(?P<m2>\d{1,2})"
    r"\s+năm\s+)(?P<y>\d{4})"
)
# ", ngày 18/10/2021", " ngày 26 tháng 6 năm 2014", " (ngày 5-9-2023)", " ban hành ngày …",
# "ngày28/8/2013" (glued by a PDF copy), a press report's " (30-7-2021)".
_DATE_AFTER = re.compile(
    rf"\s*(?:[,(]?\s*(?:(?:được\s+)?ban hành\s+)?(?:vào\s+)?[Nn]gày\s*|\(\s*(?=[\d.\-/\s]+\)))"
    rf"{_DATE}\s*\)?",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(r"\s+năm\s+(?:19|20)\d\d(?!\d)")
# "Ngày 05/9/2023, Ban Thường vụ Tỉnh ủy ban hành " before the words in front.
_DATE_BEFORE = re.compile(
    # "[Nn]" first (the look-behind after it) lets sre skip to the letter N.
    rf"[Nn](?<![\w/].)gày\s+{_DATE}\s*,?\s*(?P<mid>(?:(?!của\s|về\s)[^.;\n]){{0,120}}?)\s*"
    rf"(?:đã\s+)?(?:ban hành|thông qua|ký|có|ra)\s*$"
)
# The date line under a "Số:" header: "Bình Dương, ngày 05 tháng 9 năm 2023".
_DATE_LINE = re.compile(rf",\s*ngày\s+{_DATE}")

_ORG_HEAD = (
    r"(?:Ban Thường vụ|Thường trực|Ban Chấp hành|Ban Bí thư|Bộ Chính trị|Ban Tuyên giáo"
    r"|Ban Tổ chức|Ban Dân vận|Ban Nội chính|Ban Kinh tế|Ban Chỉ đạo|Ban [Cc]án sự"
    r"|Ủ[ỷy] ban|U[ỷy] ban"  # each head opens with a literal: sre skips to its letters
    r"|UBND|HĐND|Hội đồng|Chính phủ|Thủ tướng|Quốc hội|Tỉnh [ủu][ỷy]|Thành [ủu][ỷy]"
    r"|Huyện [ủu][ỷy]|Quận [ủu][ỷy]|Thị [ủu][ỷy]|Đảng [ủu][ỷy]|Đảng đoàn|Bộ [A-ZĐ]\w*"
    r"|Sở [A-ZĐ]\w*|Văn phòng|Trung ương|Tổng Bí thư|Chủ tịch|Mặt trận|Cục|Tổng cục|Học viện"
    r"|Hội nghị)"
)
# After the head, an organisation's name goes on with capitalised words, numerals and the
# few lower-case words names are made of; any other word (a verb, "về") ends it.
_ORG_TAIL = re.compile(r"[ \t]+(?P<w>[^\W_]+)")
_ISSUER_AFTER = re.compile(rf"\s*,?\s*(?:của|do)\s+(?P<org>{_ORG_HEAD})(?!\w)")
_ISSUE_VERBS = r"(?:đã\s+)?(?:ban hành|thông qua|ký|có|ra)"
_ISSUE_VERB_ENDINGS = ("ban hành", "thông qua", "ký", "có", "ra")
_ISSUER_BEFORE = re.compile(
    rf"(?P<org>(?P<head>{_ORG_HEAD})(?:[ \t]+[^\W_]+|\s*\([^()\n]{{1,20}}\)){{0,10}}?)"
    rf"(?:,?\s*(?:tại\s+)?kỳ họp thứ\s+\w+)?\s+{_ISSUE_VERBS}\s*$"
)
_ORG_PAREN = re.compile(r"\s*\((?:khóa|khoá)\s+[IVXLC]+\)")
# The type line and title line under a header ("KẾ HOẠCH\nthực hiện Kết luận số …").
_HEADER_TITLE = re.compile(
    r"\s*\n[ \t]*(?P<kind>[^\n]{2,40}?)[ \t]*\n[ \t]*(?P<title>[^\n]{3,300})"
)
# The issuing body's line above a "Số:" header ("ỦY BAN NHÂN DÂN TỈNH SÔNG MÂY").
_HEADER_ISSUER = re.compile(r"(?:^|\n)[ \t]*(?P<org>[^\n]{3,80}?)[ \t]*\n[ \t]*$")
# A title opens with "về" (Party style) or, in State decisions, with the act itself
# ("phê duyệt Đề án …", "quy định mức chi …", "sửa đổi, bổ sung một số điều của …").
_TITLE_START = re.compile(
    r"\s*,?\s*[“\"]?(?=(?:về|phê duyệt|ban hành|quy định|hướng dẫn|thành lập|sửa đổi)(?!\w))"
)
# Where a title ends (only the start of the match is used): punctuation, ". ", " ngày 5",
# " đã ", ", trong đó", " (1". Each form's first character is matched by one class, so
# that sre skips to candidates; a look-behind then says which forms may follow. The forms
# after white space share one branch (tested at every space of the window): only where a
# match starts counts, and they all start at that space.
_TITLE_END = re.compile(
    r"[;\n”\")\].,(\s](?:(?<=[;\n”\")\]])|(?<=\.)(?=\s|$)"
    r"|(?<=\s)\s*(?:[Nn]gày\s+\d|(?:đã|đang|sẽ|được|có hiệu lực)\s|\(\s*\d)"
    r"|(?<=,)\s+(?:đến nay|trong đó|theo đó|qua đó|đồng thời|tuy nhiên|kết quả|tính đến|sau|từ"
    r"|còn|nhưng|song|trong|tại|qua|nhằm|để|[A-ZĐ])|(?<=\()\s*\d)"
)
_TITLE_MAX = 300
_TITLE_JOINT = re.compile(r"[\s,]+(?:và|cùng|hoặc|với|theo|tại|của)?[\s,]*$")
_TITLE_IS = re.compile(r"\s+là\s+(?=[a-zđăâêôơưà-ỹ])(?![A-ZĐ])")
_TITLE_CUE = re.compile(
    r"(?:thực hiện|triển khai|h[óo][aá]|hướng dẫn|sửa đổi|bổ sung|thay thế|bãi bỏ)"
    r"(?:\s+[^\s,.;]+){0,4}?\s*$",
    re.IGNORECASE,
)

_COORDINATED = re.compile(r"\s*(?:,|và|cùng)\s*")


def describe(
    text: str,
    m: re.Match[str],
    parsed: Parsed,
    bounds: tuple[int, int, int],
    *,
    prev_issuer: str | None,
) -> tuple[Draft, int, str | None]:
    """The reference `m` with its clauses; `bounds` are the previous mention's end and the
    next reference's start and end, which no clause may cross."""
    prev_end, next_start, next_end = bounds
    start, end = m.span()
    issued_by: str | None = None
    lead, type_words, so = lead_words(text, start, prev_end)
    type_code = parsed.type_code
    if type_words:
        type_code = _lead_type(type_words, parsed)
    clauses = _has_clauses(text, end)
    issued, issuer, pos = _after(text, end, next_start) if clauses else (None, None, end)
    if issued is None or issuer is None:
        before_date, before_issuer = _before(text, lead, prev_end)
        if before_issuer is None and prev_issuer and _COORDINATED.fullmatch(text, prev_end, lead):
            # "ban hành Kế hoạch số 58-KH/HU và Chương trình số 09-CTr/HU": one issuer.
            before_issuer = prev_issuer
        issued_by = None if issuer else before_issuer
        issued = issued or before_date
        issuer = issuer or before_issuer
    title_span = _title(text, pos, next_start, next_end) if clauses else None
    if so and not type_words:
        line = _DATE_LINE.search(text, end, min(len(text), end + 200))
        if line and issued is None:
            issued = _date(line)
        elif issued is None and (above := _date_line_above(text, lead, prev_end)):
            issued = _date(above)  # a header laid out in two columns, read date first
        if line and title_span is None:
            title_span = _header_title(text, line.end())
        if issuer is None:
            issuer = _header_issuer(text, lead)
    title = text[title_span[0] : title_span[1]] if title_span else None
    doc = Draft(
        parsed.symbol,
        parsed.system,
        type_code,
        type_name(type_code, parsed.system),
        parsed.number,
        parsed.year,
        parsed.issuer_code,
        issuer or _issuer_name(parsed.issuer_code),
        issued,
        title,
        title_span,
    )
    return doc, lead, issued_by


def _issuer_name(code: str | None) -> str | None:
    if code is None:
        return None
    if code.startswith("QH") and code[2:].isdigit():
        return "Quốc hội"
    return vocab.ISSUER_NAMES.get(code)


def lead_words(text: str, start: int, floor: int) -> tuple[int, str | None, bool]:
    """The words in front of a number: where they start, the type words ("Kết luận") if
    any, and whether "số"/"Số:" is there. Read with string operations on a short window,
    since every reference needs it."""
    low_bound = max(floor, start - 60)
    before = text[low_bound:start].rstrip()
    if before.endswith(":"):
        before = before[:-1].rstrip()
    lowered = before.lower()
    if len(lowered) != len(before):  # "İ" lowers to two characters: keep offsets aligned
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in before)
    so = lowered.endswith("số") and (len(lowered) == 2 or not lowered[-3].isalnum())
    so_at = low_bound + len(before) - 2
    if so:
        before = before[:-2].rstrip()
        lowered = lowered[: len(before)]
    # The type words are whole words at the end, after white space or the window's start;
    # only the phrases ending with the last word are tried, the longest first.
    tail = lowered.rsplit(None, 1)
    for words in _TYPE_WORDS_BY_LAST.get(tail[-1], ()) if tail else ():
        at = len(lowered) - len(words)
        if lowered.endswith(words) and (at == 0 or lowered[at - 1].isspace()):
            return low_bound + at, before[at:], so
    return (so_at, None, True) if so else (start, None, False)


_TYPE_WORDS_BY_LAST: dict[str, list[str]] = {}
for _words in sorted(vocab.TYPE_WORDS, key=lambda words: -len(words.split())):
    _TYPE_WORDS_BY_LAST.setdefault(_words.split()[-1], []).append(_words)


def _lead_type(words: str, parsed: Parsed) -> str:
    code = vocab.TYPE_WORDS[words.lower()]
    if parsed.system == "state" and code == "QĐi":
        return "QyĐ"
    if parsed.system == "party" and code == "TT":
        return "TT"
    return code


@lru_cache(maxsize=256)  # a few dozen type codes, asked once per reference
def type_name(code: str | None, system: str) -> str | None:
    if code is None:
        return None
    table = vocab.PARTY_TYPES if system == "party" else vocab.STATE_TYPES
    return table.get(code) or vocab.STATE_TYPES.get(code) or vocab.PARTY_TYPES.get(code)


# How every clause after a number begins. Most references are followed by none of these
# (".", "và", "thực hiện"): then the clause patterns are not even tried.
_CLAUSE_STARTS = (
    "ngày",
    "năm",
    "của",
    "do",
    "về",
    "vào",
    "được",
    "ban hành",
    "phê duyệt",
    "quy định",
    "hướng dẫn",
    "thành lập",
    "sửa đổi",
)


def _has_clauses(text: str, end: int) -> bool:
    rest = text[end : end + 16].lstrip(' \t,(“"')
    if rest[:1].isdigit():  # a date in parentheses: "Quy định số 24-QĐ/TW (30-7-2021)"
        return text[end : end + 3].lstrip().startswith("(")
    return rest.lower().startswith(_CLAUSE_STARTS)


def _after(text: str, pos: int, limit: int) -> tuple[date | None, str | None, int]:
    """Date and issuer clauses right after the number, in either order."""
    issued: date | None = None
    issuer: str | None = None
    if year := _YEAR_AFTER.match(text, pos, limit):
        pos = year.end()  # "Quyết định 1846/QĐ-UBND năm 2024 của UBND tỉnh"
    for _ in range(2):
        moved = False
        if issued is None and (dm := _DATE_AFTER.match(text, pos, limit)):
            issued, pos, moved = _date(dm), dm.end(), True
        if issuer is None and (im := _ISSUER_AFTER.match(text, pos, limit)):
            org_end = _org_end(text, im.end("org"), limit)
            issuer, pos, moved = text[im.start("org") : org_end], org_end, True
        if not moved:  # a second round from the same place would find nothing either
            break
    return issued, issuer, pos


def _org_end(text: str, pos: int, limit: int) -> int:
    """Where an organisation's name whose head ends at `pos` ends."""
    previous_capital = True
    while step := _ORG_TAIL.match(text, pos, limit):
        word = step["w"]
        lowered = word.lower()
        if word[0].isupper() or word.isdigit() or lowered in vocab.ORG_WORDS:
            pos, previous_capital = step.end(), word[0].isupper()
            continue
        if previous_capital and lowered in vocab.ORG_SECOND_SYLLABLES:
            pos, previous_capital = step.end(), False
            continue
        pair = _ORG_TAIL.match(text, step.end(), limit)
        bigram = f"{lowered} {pair['w'].lower()}" if pair else ""
        if pair is None or bigram not in vocab.ORG_BIGRAMS:
            break
        pos, previous_capital = pair.end(), False
        if bigram == "lần thứ" and (ordinal := _ORG_TAIL.match(text, pos, limit)):
            pos = ordinal.end()  # "Hội nghị lần thứ tư Ban Chấp hành …"
    paren = _ORG_PAREN.match(text, pos, limit)
    return paren.end() if paren else pos


def _before(text: str, lead: int, prev_end: int) -> tuple[date | None, str | None]:
    """ "Ngày 05/9/2023, Ban Thường vụ Tỉnh ủy ban hành Kết luận số …"."""
    window = max(prev_end, lead - 200)
    issued: date | None = None
    issuer: str | None = None
    # Both forms end with the verb of issuing: most references have none, and then the
    # two searches over the window are skipped.
    if not text[max(window, lead - 16) : lead].rstrip().endswith(_ISSUE_VERB_ENDINGS):
        return None, None
    if dm := _DATE_BEFORE.search(text, window, lead):
        issued = _date(dm)
    # The leftmost head may belong to another body ("Ủy ban Kiểm tra … đã tham mưu Ban
    # Thường vụ Tỉnh ủy ban hành"): try the next head while the name does not run clean.
    for _ in range(4):
        im = _issuer_before(text, window, lead)
        if im is None:
            break
        if _org_end(text, im.end("head"), im.end("org")) >= im.end("org"):
            issuer = im["org"]
            break
        window = im.start("head") + 1
    return issued, issuer


def _issuer_before(text: str, pos: int, end: int) -> re.Match[str] | None:
    """The leftmost _ISSUER_BEFORE match in [pos, end) whose head starts a word. The
    pattern opens with the heads themselves (all capitalised literals), which sre finds by
    their first letters; the word-start test, a look-behind that would have to run at
    every position, is made here on the few matches."""
    while (im := _ISSUER_BEFORE.search(text, pos, end)) is not None:
        start = im.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return im
        pos = start + 1
    return None


def _date(m: re.Match[str]) -> date | None:
    try:
        return date(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"]))
    except ValueError:
        return None


def _title(text: str, pos: int, next_start: int, next_end: int) -> tuple[int, int] | None:
    start_match = _TITLE_START.match(text, pos, next_start)
    if start_match is None:
        return None
    start = start_match.end()
    limit = min(next_start, start + _TITLE_MAX, len(text))
    end_match = _TITLE_END.search(text, start, limit)
    if end_match:
        end = end_match.start()
    elif limit == next_start and next_start < len(text):
        # The title runs into the next reference: "về tiếp tục thực hiện Nghị quyết số
        # 09-NQ/TU" keeps that number (it is what the title is about); otherwise the
        # title ended before the words in front of it.
        lead_at = lead_words(text, next_start, start)[0]
        end = next_end if _TITLE_CUE.search(text, start, lead_at) else lead_at
        if end == lead_at and (joint := _TITLE_JOINT.search(text, start, end)):
            end = joint.start()  # "về thể thức văn bản và Nghị định …": "và" is not the title's
    else:
        end = limit
    # "… các cấp là văn bản của Đảng": a lower-case "là" opens a predicate, not the title
    # ("trước hết là Ủy viên Bộ Chính trị" stays inside).
    cut = _TITLE_IS.search(text, start, end)
    return _trimmed(text, start, cut.start() if cut else end)


def _date_line_above(text: str, lead: int, prev_end: int) -> re.Match[str] | None:
    """The header's date line just above its "Số" line ("Hà Tĩnh, ngày 15 tháng 6 năm
    2021\n\nSố 369-CV/BTGTU"), with no other number between them."""
    lines = list(_DATE_LINE.finditer(text, max(prev_end, lead - 200), lead))
    return lines[-1] if lines else None


def _header_title(text: str, pos: int) -> tuple[int, int] | None:
    """ "KẾ HOẠCH\nthực hiện Kết luận số 224-KL/TU …" under a header's date line."""
    match = _HEADER_TITLE.match(text, pos, min(len(text), pos + 400))
    if match is None or not match["kind"].isupper():
        return None
    if match["kind"].lower() not in vocab.TYPE_WORDS:
        return None
    return _trimmed(text, *match.span("title"))


def _header_issuer(text: str, lead: int) -> str | None:
    match = _HEADER_ISSUER.search(text, max(0, lead - 120), lead)
    return match["org"] if match and match["org"].isupper() else None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in ' \t“"':
        start += 1
    while end > start and text[end - 1] in ' \t,”"':
        end -= 1
    return (start, end) if end > start else None
