"""Dates and periods in Vietnamese text (DOMAIN.md §1–2).

Forms read: "05/9/2023", "5-9-2023", "01-10-1997", "1.1.2016", "05 tháng 9 năm 2023" (the
word "ngày" in front is context, not part of the mention); "tháng 10/2023", "tháng 10 năm
2023"; "Quý III/2023", "quý 3 năm 2023"; "6 tháng đầu năm 2022", "nửa cuối năm 2022",
"9 tháng đầu năm 2023"; "năm 2022"; ranges "từ tháng 10/2021 đến tháng 5/2023", "từ ngày
01/01 đến ngày 30/6/2023", "giai đoạn 2021 - 2025", "từ ... đến nay"; terms "nhiệm kỳ
2020-2025" (kind "term": a range, but not a date a figure belongs to).

Not dates: invalid days (31/2/2023), document numbers ("25/2024/TT-BTC", "202/2025/QH15"),
ratios ("5/10 xã"), decimals ("16,22"), a bare 4-digit number without a year word in front
("năm", "giai đoạn", "nhiệm kỳ", "từ", "đến"…), anything without a year (it cannot be placed).

One compiled regex finds every atomic form in one scan; ranges are then built by looking only
at the short gaps between neighbouring matches. Spans are code-point offsets into the text
given, which should be `normalize()`d.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from tuyengiao.textkit.frozen import fast_init

__all__ = ["DateMention", "find_dates"]


@fast_init
@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or period: `value` is the exact day when there is one; `start`/`end` the days the
    mention covers (inclusive; `end` None for "đến nay"). `kind`: day, month, quarter, half,
    months_first, months_last, year, range, days ("14 và 15/6/2025"), term."""

    text: str
    span: tuple[int, int]
    value: datetime.date | None
    start: datetime.date | None
    end: datetime.date | None
    kind: str


_Y = r"(?:1[89]|20)\d\d"
# After a year: not more digits, not a document number's "/…", not a decimal, not "-TT".
_Y_END = r"(?![\w/]|[.,]\d|-[^\W\d_])"
_B = r"(?<![^\W\d_])"  # a keyword starts a word
_NUM_START = r"(?<![\w/.,])"  # a number not glued to a word or number before it
_DASH = r"[-–—]"


def _ci(words: str) -> str:
    r"""`words` in either case, letter by letter, spaces as `\s+`.

    The pattern does without re.IGNORECASE: sre cannot test a case-folded literal quickly,
    while `[Nn]` at the head of a branch lets it skip the branch after one class test."""
    out = []
    for ch in words:
        if ch == " ":
            out.append(r"\s+")
        elif ch.lower() != ch.upper():
            out.append(f"[{ch.lower()}{ch.upper()}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _any(*words: str) -> str:
    return "(?:" + "|".join(map(_ci, words)) + ")"


_NAM, _THANG, _DEN_TOI = _ci("năm"), _ci("tháng"), _any("đến", "tới")
_SIDE = _any("đầu", "cuối")
# Branches are grouped by what they start with (a digit, or a keyword at a word start), so
# that at most positions one class test and one look-behind decide that nothing starts
# there; inside a group the branches keep their order, which decides between them.
_DIGIT_LED = rf"""
    {_B}(?P<pn>\d{{1,2}})\s+{_THANG}\s+(?P<pside>{_SIDE})\s+{_NAM}\s+(?P<py>{_Y}){_Y_END}
  | {_NUM_START}(?:
      (?P<dl>\d{{1,2}})\s+{_THANG}\s+(?P<ml>\d{{1,2}})
        \s*(?:{_NAM}|,\s*{_NAM}|[/-])\s*(?P<yl>{_Y}){_Y_END}
    | (?P<dd>\d{{1,2}})(?P<sep>[/.-])(?P<mm>\d{{1,2}})(?P=sep)(?P<yy>{_Y}){_Y_END}
    | (?P<pd>\d{{1,2}})(?P<psep>[/.-])(?P<pm>\d{{1,2}})(?![\w/.,-])
    | (?P<pdn>\d{{1,2}})
        (?=\s*(?:{_ci("và")}|{_DASH})\s*\d{{1,2}}(?P<pdsep>[/.-])\d{{1,2}}(?P=pdsep){_Y})
    )
"""
_WORD_LED = rf"""
    (?:{_any("giai đoạn", "nhiệm kỳ", "thời kỳ", "năm học")}|{_ci("niên kh")}[óoÓO][áÁ]?
      |{_any("từ năm", "năm")})
        \s+(?P<yr1>{_Y})\s*(?:{_DASH}|/|{_DEN_TOI})\s*(?:{_NAM}\s+)?(?P<yr2>{_Y}){_Y_END}
  | {_ci("nửa")}\s+(?P<hside>{_SIDE})\s+{_NAM}\s+(?P<hy>{_Y}){_Y_END}
  | {_ci("quý")}\s+(?P<q>[Ii][Vv]|[Ii]{{1,3}}|[1-4])\s*(?:[/-]|{_NAM})\s*(?P<qy>{_Y}){_Y_END}
  | {_THANG}\s+(?P<mo>\d{{1,2}})\s*(?:[/.-]|{_NAM})\s*(?P<moy>{_Y}){_Y_END}
  | {_NAM}\s+(?P<y>{_Y}){_Y_END}
  | {_any("từ", "đến", "tới", "trước", "sau", "tầm nhìn")}\s+(?P<yc>{_Y}){_Y_END}
        (?=\s*(?:[^\w\s]|$|{_any("và", "tầm", "định", "trở", "đến", "tới")}\b))
  | {_THANG}\s+(?P<pmo>\d{{1,2}})(?![\w/.,-])
  | {_ci("ngày")}\s+(?P<pdo>\d{{1,2}})(?![\w/.,-]|\s+{_THANG})
"""
# The first two letters of every keyword above: most words that start with g, n, q, t,
# đ or s are dismissed by this one test instead of by each branch in turn.
_KEYWORD_HEAD = r"(?=[Gg][Ii]|[Nn][HhĂăIiỬửGg]|[Tt][HhỪừỚớRrẦầ]|[Qq][Uu]|[Đđ][Ếế]|[Ss][Aa])"
_PATTERN = re.compile(
    # Cheap first test: every form starts with a digit or one of these keyword letters.
    rf"(?=[\dgnqtđsGNQTĐS])(?:(?=\d)(?:{_DIGIT_LED})|{_B}{_KEYWORD_HEAD}(?:{_WORD_LED}))",
    re.VERBOSE,
)
_GAP_RE = re.compile(rf"\s*(?:(?P<dash>{_DASH})|đến|tới|(?P<and>và))\s*(?:ngày\s+)?", re.IGNORECASE)
_FROM_RE = re.compile(r"(?<![^\W\d_])từ\s+(?:ngày\s+)?$", re.IGNORECASE)
_UNTIL_NOW_RE = re.compile(r"\s*(?:đến|tới)\s+nay(?![^\W\d_])", re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_TERM_WORDS = ("nhiệm", "niên")


@dataclass(slots=True)
class _Atom:
    """A match before ranges are built; `partial` atoms (no year) live only inside ranges."""

    span: tuple[int, int]
    kind: str
    start: datetime.date
    end: datetime.date
    value: datetime.date | None = None
    partial: bool = False  # no year of its own: takes the year of the range's end
    alone: bool = True  # may stand on its own outside a range


# Every mention holds a 4-digit year (year-less parts only count inside a range that has one),
# so the many-branched pattern only runs near years: a literal-led scan finds them much faster.
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
# The same years found by two literal-led scans: sre finds a literal prefix ("20", "1")
# with a tight loop, about five times faster than the class "[12]" it needs for _YEAR_RE.
# Each consumes its first two characters only, so that it finds every position where a
# year starts, overlaps included ("19202012" holds 1920, 2020 and 2012).
_YEAR_20 = re.compile(r"20(?=\d\d)")
_YEAR_1X = re.compile(r"1[89](?=\d\d)")
_BEFORE_YEAR = 80  # the longest reach of a mention before its first year ("từ ngày 01/01 đến…")
_AFTER_YEAR = 24  # room for the look-ahead after a year


def find_dates(text: str) -> list[DateMention]:
    """Every date and period in `text`, sorted by span and never overlapping."""
    atoms = [
        atom
        for start, end in _segments(text)
        for m in _PATTERN.finditer(text, start, end)
        if (atom := _atom(m)) is not None
    ]
    return _join_ranges(text, atoms) if atoms else []


def _segments(text: str) -> list[tuple[int, int]]:
    """Disjoint stretches of `text` around its year-like numbers, in order (the scan may
    pass the text's end: finditer stops there)."""
    segments: list[tuple[int, int]] = []
    low = high = -1
    reach = _BEFORE_YEAR + 4 + _AFTER_YEAR  # a year is four digits
    for start in _year_starts(text):
        if start - _BEFORE_YEAR > high:
            if high >= 0:
                segments.append((low, high))
            low = _after_barrier(text, max(0, start - _BEFORE_YEAR), start)
        high = start - _BEFORE_YEAR + reach
    if high >= 0:
        segments.append((low, high))
    return segments


def _year_starts(text: str) -> list[int]:
    """The starts of _YEAR_RE's matches: every position where a year starts, from the two
    literal-led scans, in order, a year that overlaps the one kept before it dropped (as
    finditer does: every match is four characters long)."""
    twenty = [m.start() for m in _YEAR_20.finditer(text)]
    older = [m.start() for m in _YEAR_1X.finditer(text)]
    starts: list[int] = []
    after = -1  # where the last year kept ends
    for start in sorted(twenty + older) if older else twenty:
        if start >= after:
            starts.append(start)
            after = start + 4
    return starts


def _after_barrier(text: str, low: int, year: int) -> int:
    """Where the scan before a stretch's first year may start: after the last "." or ","
    that follows a letter in text[low:year], else at `low`.

    No mention holds such a character (a mention is made of letters, digits, white space
    and "/ . , - – —", and a letter in it is followed by white space, a letter, "/" or "-"),
    so a mention that holds the year starts after it, and what the scan finds before it
    neither reaches past it nor joins a range across it (the gap between a range's two
    parts is white space, a dash, "đến", "tới", "và" or "ngày"): it holds no year, and a
    part without a year is dropped when it stands alone. The mentions found are the same;
    look-behinds see before the scan's start, so nothing changes after it either."""
    barrier = max(text.rfind(",", low, year), text.rfind(".", low, year))
    if barrier > low and text[barrier - 1].isalpha():
        return barrier + 1
    return low


@lru_cache(maxsize=4096)
def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# The same few hundred mentions recur ("năm 2022", "nhiệm kỳ 2020-2025"): what an atom
# reads is a pure function of the matched text and its branch (named by the group it closes
# last), so it is kept, with its span relative to the match's start. Bounded: cleared when
# full.
_FORMS: dict[tuple[str, str | None], _Atom | None] = {}
_FORMS_MAX = 4096


def _atom(m: re.Match[str]) -> _Atom | None:
    key = (m.group(), m.lastgroup)
    try:
        form = _FORMS[key]
    except KeyError:
        if len(_FORMS) >= _FORMS_MAX:
            _FORMS.clear()
        form = _FORMS[key] = _form(m)
    if form is None:
        return None
    at = m.start()
    a, b = form.span
    return _Atom(
        (at + a, at + b), form.kind, form.start, form.end, form.value, form.partial, form.alone
    )


def _form(m: re.Match[str]) -> _Atom | None:
    """The atom of `m` with its span relative to the match's start."""
    try:
        atom = _build(m)
    except ValueError:  # 31/2/2023, month 13…: not a date
        return None
    if atom is not None:
        at = m.start()
        atom.span = (atom.span[0] - at, atom.span[1] - at)
    return atom


def _build(m: re.Match[str]) -> _Atom | None:
    # Each branch of the pattern closes its own group last: that names the form without
    # building a dict of every group for each match.
    last = m.lastgroup
    span = m.span()
    if last == "yy" or last == "yl":
        if last == "yy":
            day = datetime.date(int(m["yy"]), int(m["mm"]), int(m["dd"]))
        else:
            day = datetime.date(int(m["yl"]), int(m["ml"]), int(m["dl"]))
        return _Atom(span, "day", day, day, value=day)
    if last == "yr2":
        first, final = int(m["yr1"]), int(m["yr2"])
        if final <= first:
            raise ValueError("not a period")
        # The match opens with its keyword: "nhiệm kỳ", "niên khóa" name a term.
        kind = "term" if m.group()[:5].lower().startswith(_TERM_WORDS) else "range"
        return _Atom(span, kind, datetime.date(first, 1, 1), datetime.date(final, 12, 31))
    if last == "py" or last == "hy":
        return _part_of_year(m, span)
    if last == "qy":
        quarter = _ROMAN.get(m["q"].lower()) or int(m["q"])
        year = int(m["qy"])
        opening = datetime.date(year, 3 * quarter - 2, 1)
        return _Atom(span, "quarter", opening, _month_end(year, 3 * quarter))
    if last == "moy":
        year, month = int(m["moy"]), int(m["mo"])
        return _Atom(span, "month", datetime.date(year, month, 1), _month_end(year, month))
    if last == "y" or last == "yc":
        year = int(m[last])
        # "từ 1900 đến 2000 người": a bare number after "từ" is a year only in a range.
        alone = last == "y" or not m.group().lower().startswith("từ")
        span = span if last == "y" else m.span("yc")
        jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return _Atom(span, "year", jan1, dec31, alone=alone)
    return _partial(m, span, last)


def _part_of_year(m: re.Match[str], span: tuple[int, int]) -> _Atom:
    half = m["hside"] is not None
    year = int(m["hy"] if half else m["py"])
    months = 6 if half else int(m["pn"])
    if not 1 <= months <= 11:
        raise ValueError("not a part of a year")
    first_part = (m["hside"] if half else m["pside"]).lower() == "đầu"
    kind = "half" if months == 6 else ("months_first" if first_part else "months_last")
    if first_part:
        return _Atom(span, kind, datetime.date(year, 1, 1), _month_end(year, months))
    return _Atom(span, kind, datetime.date(year, 13 - months, 1), datetime.date(year, 12, 31))


def _partial(m: re.Match[str], span: tuple[int, int], last: str | None) -> _Atom:
    # Year 2000 is a leap year, so 29/2 stays possible until the real year is known.
    if last == "pm":
        day = datetime.date(2000, int(m["pm"]), int(m["pd"]))
        return _Atom(span, "day", day, day, value=day, partial=True)
    if last == "pdo" or last == "pdsep":  # "từ ngày 10 đến ngày 12/10/2023", "14 và 15/6/2025"
        group = "pdo" if last == "pdo" else "pdn"
        day = datetime.date(2000, 1, int(m[group]))
        return _Atom(m.span(group), "day_of_month", day, day, partial=True)
    month = int(m["pmo"])
    return _Atom(
        span, "month", datetime.date(2000, month, 1), _month_end(2000, month), partial=True
    )


def _join_ranges(text: str, atoms: list[_Atom]) -> list[DateMention]:
    mentions: list[DateMention] = []
    append = mentions.append
    i, count = 0, len(atoms)
    while i < count:
        first = atoms[i]
        second = atoms[i + 1] if i + 1 < count else None
        # The cheap tests of _range first: most atoms stand alone.
        if (
            second is not None
            and not second.partial
            and first.kind != "term"
            and second.kind not in _NOT_RANGE_ENDS
            and (joined := _safe_range(text, first, second)) is not None
        ):
            append(joined)
            i += 2
            continue
        i += 1
        if first.partial:
            continue
        if _UNTIL_NOW_RE.match(text, first.span[1]) and (until_now := _until_now(text, first)):
            append(until_now)
        elif first.alone:
            start, end = first.span
            append(
                DateMention(
                    text[start:end], first.span, first.value, first.start, first.end, first.kind
                )
            )
    return mentions


_NOT_RANGE_ENDS = frozenset({"range", "term"})


def _safe_range(text: str, first: _Atom, second: _Atom) -> DateMention | None:
    try:
        return _range(text, first, second)
    except ValueError:  # "từ 29/2 đến 1/3/2023": no such day that year
        return None


def _range(text: str, first: _Atom, second: _Atom) -> DateMention | None:
    if second.partial or first.kind == "term" or second.kind in ("range", "term"):
        return None
    gap = _GAP_RE.fullmatch(text, first.span[1], second.span[0])
    if gap is None or (gap["and"] and first.kind != "day_of_month"):
        return None
    start = first.start
    if first.kind == "day_of_month":
        start = first.start.replace(year=second.start.year, month=second.start.month)
    elif first.partial:
        start = _with_year(first.start, second.start.year)
        if start > second.end:
            start = _with_year(first.start, second.start.year - 1)
    if start > second.end:
        return None
    begin = _from_word_start(text, first.span[0])
    if first.partial and begin == first.span[0] and first.kind == "month":
        return None  # "tháng 3 - tháng 5/2023" without "từ": too weak
    if gap["dash"] and begin == first.span[0] and _anniversary(first, second):
        return None  # "(30/4/1975 - 30/4/2025)": two days fifty years apart, not a period
    span = (begin, second.span[1])
    kind = "days" if gap["and"] else "range"
    return DateMention(text[span[0] : span[1]], span, None, start, second.end, kind)


def _anniversary(first: _Atom, second: _Atom) -> bool:
    same_day = (first.start.month, first.start.day) == (second.start.month, second.start.day)
    return first.kind == second.kind == "day" and same_day and not first.partial


def _with_year(day: datetime.date, year: int) -> datetime.date:
    try:
        return day.replace(year=year)
    except ValueError as error:  # 29/2 in a year that has none
        raise ValueError("no such day") from error


def _from_word_start(text: str, position: int) -> int:
    found = _FROM_RE.search(text, max(0, position - 12), position)
    return found.start() if found else position


def _until_now(text: str, atom: _Atom) -> DateMention | None:
    now = _UNTIL_NOW_RE.match(text, atom.span[1])
    if now is None:  # the common case: tested first, with one anchored match
        return None
    begin = _from_word_start(text, atom.span[0])
    if begin == atom.span[0]:
        return None
    span = (begin, now.end())
    return DateMention(text[span[0] : span[1]], span, None, atom.start, None, "range")
