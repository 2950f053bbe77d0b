"""The rules behind `meetings.find_meetings`: time atoms, their clusters, places.

One scan finds the atoms (an hour, a day, a weekday, a session word, "hôm nay"/"mai");
neighbours joined only by small words ("ngày", "vào lúc", "từ … đến", commas, brackets)
form a cluster, which names one moment or one span. A cluster is a meeting's time when it
has an hour, a session, a weekday or a relative day, or a day under a meeting cue
("Thời gian:", "tổ chức", "họp"); a deadline ("trước 16 giờ"), a citation ("số 12-KH/TU
ngày …") and the old time of a postponed meeting are not. Clusters then join into meetings
(sub-sessions extend the meeting before them) and each meeting takes the nearest place.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Found", "document_date", "read_meetings"]

_I = re.IGNORECASE
_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}


def _ci(words: str) -> str:
    r"""`words` in either case, letter by letter (the scan does without re.IGNORECASE: sre
    cannot skip ahead to a case-folded literal, while a class of both cases it can)."""
    return "".join(
        r"\s+" if ch == " " else f"[{ch.lower()}{ch.upper()}]" if ch.lower() != ch.upper() else ch
        for ch in words
    )


def _any(*words: str) -> str:
    return "(?:" + "|".join(map(_ci, words)) + ")"


# Every atom opens with a digit or one of these letters: a first class lets sre skip to them.
_ATOM = re.compile(
    r"(?=[0-9TtCcBbSsHhMmKkNn])(?:(?<![\w/.,:])(?=[0-9])(?:"
    # 14h00, 14 giờ 00, 7 giờ 30 phút, 8g30, 14:00
    rf"(?P<h>[01]?\d|2[0-3])\s*(?:{_ci('giờ')}|[hH]|g)"
    rf"(?:\s*(?P<mi>[0-5]\d)(?:\s*(?:{_ci('phút')}|'))?)?(?!\w)"
    r"|(?P<hc>[01]?\d|2[0-3]):(?P<mc>[0-5]\d)(?![\w:])"
    # 05-06/3/2026, 05 và 06/3
    rf"|(?P<d1>[0-3]?\d)\s*(?:-|–|{_ci('và')}|{_any('đến ngày', 'tới ngày', 'đến', 'tới')})"
    r"\s*(?P<d2>[0-3]?\d)\s*/\s*(?P<m3>[01]?\d)"
    r"(?:\s*/\s*(?P<y3>(?:19|20)\d\d))?(?![\w/])"
    # 05/3/2026, 05-3-2026, 05/3
    r"|(?P<d>[0-3]?\d)\s*(?P<sep>[/.-])\s*(?P<mo>[01]?\d)"
    r"(?:\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d))?(?![\w/]|[.-]\d)"
    # 05 tháng 3 năm 2026, 05 tháng 3
    rf"|(?P<dw>[0-3]?\d)\s+{_ci('tháng')}\s+(?P<mw>[01]?\d)"
    rf"(?:\s*,?\s*(?:{_ci('năm')}|/)\s*(?P<yw>(?:19|20)\d\d))?(?!\w)"
    r")|(?<!\w)(?:"
    rf"{_ci('thứ')}\s+(?P<wd>{_any('hai', 'ba', 'tư', 'năm', 'sáu', 'bảy', 'bẩy')}|[2-7])(?![\w/])"
    rf"|(?P<cn>{_any('chủ nhật')})(?!\w)"
    rf"|(?:{_ci('buổi')}\s+)?(?P<ses>{_any('sáng', 'trưa', 'chiều', 'tối')})(?!\w)"
    rf"|(?P<rel>{_any('hôm nay', 'mai', 'kia', 'nay')})(?!\w)"
    r"))"
)
# Between two atoms of one cluster: punctuation and the small words of a time phrase.
_GAP = re.compile(r"(?:[\s,()\-–—:]|ngày|vào|lúc|hồi|từ|đến|tới|và|buổi|năm|cùng|mùng|mồng)*", _I)
_RANGE_MARK = re.compile(r"(?:đến|tới|[-–—])", _I)
_GAP_MAX = 30
_SESSION_FOLLOW = re.compile(
    r"\s*(?:ngày|nay|mai|hôm|thứ|chủ\s+nhật|mùng|mồng|cùng|\d|\(|,|:|từ|lúc|hồi)", _I
)
_WEEKDAY_BEFORE = re.compile(r"(?:lần|kỳ|họp|khóa|khoá|phiên|hạng|giải|lớp)\s*$", _I)
# Before a time that is not a meeting's: a deadline, a duration, a time to be there by.
_NOT_START = frozenset(
    {
        "trước",
        "chậm nhất",
        "hạn",
        "hạn chót",
        "trong vòng",
        "kéo dài",
        "mất",
        "sau",
        "thay vì",
        "thay cho",
    }
)
_NOT_START_TAIL = re.compile(r"(?:\s+(?:ngày|lúc|là))?\s*:?\s*$")
_CITATION = re.compile(
    r"(?:\d+\s*[-/]\s*[A-ZĐ][\w/\-–]*|ký|ban\s+hành|đề|ngày\s+ký)\s*,?\s*(?:ngày|vào\s+ngày)?\s*$",
    _I,
)
_CUE_BEFORE = re.compile(
    r"(?:thời\s+gian[^:\n]{0,25}:|tổ\s+chức|diễn\s+ra|khai\s+mạc|khai\s+giảng|họp|triệu\s+tập"
    r"|vào|sang|dự\s+kiến)[^.;\n]{0,40}$",
    _I,
)
_CUE_AFTER = re.compile(
    r"^[^.;\n]{0,80}?(?:tổ\s+chức|diễn\s+ra|khai\s+mạc|họp|làm\s+việc)(?!\w)", _I
)
_DATE_LINE_PREFIX = re.compile(r"(?:^|\n)[ \t]*[^\n,]{2,40},\s*ngày\s*$", _I)
_CHANGE = re.compile(r"(?<!\w)(?:hoãn|lùi|dời|thay\s+đổi|điều\s+chỉnh|chuyển)(?!\w)", _I)
_CHANGE_TO = re.compile(r"(?<!\w)(?:sang|thành)(?!\w)", _I)
# How far before a changed meeting's new time its old plan may stand ("Theo đó, Hội nghị sẽ
# tổ chức vào ngày 26-27/3 … quyết định chuyển thời gian … sang ngày 08-09/4").
_OLD_PLAN_REACH = 600
_END_CUE = re.compile(r"(?:kết\s+thúc|bế\s+mạc)(?:\s+(?:vào|lúc|hồi))?\s*:?\s*$", _I)

_NOT_A_PLACE = _any(
    "sao",
    "chỗ",
    "đây",
    "điều",
    "khoản",
    "mục",
    "phụ lục",
    "kế hoạch",
    "công văn",
    "quyết định",
    "thông báo",
    "nghị quyết",
    "chỉ thị",
    "kết luận",
    "văn bản",
    "giấy mời",
    "hướng dẫn",
    "quy định",
)
# "tại …" (not "hiện tại", not "tại Điều 5", "tại Kế hoạch số …") or "Địa điểm …:". Each
# branch opens with one of four letters and the scan does without re.IGNORECASE, so sre
# skips to them; the word start is checked after the first letter.
_PLACE_CUE = re.compile(
    r"[TtĐđ](?<!\w.)(?:"
    rf"(?<=[Tt])(?<![Hh]iện\s.)(?:ại|ẠI)(?!\w)(?!\s+(?:{_NOT_A_PLACE}|{_ci('điểm')}\s+[a-zđ])\b)"
    r"(?!\s*$)\s*:?"
    rf"|(?<=[Đđ]){_ci('ịa điểm')}[^:\n]{{0,30}}:\s*(?:{_ci('tại')}\s+)?"
    r")[ \t]*"
)
_PLACE_REACH = 500
# Where a place ends: a semicolon, a sentence's full stop (not an abbreviation's: "TP. Nha
# Trang"), a bracket that closes what was open before, a time, or a comma opening a clause.
_REMARK = r"\s*\((?=\s*(?:theo|thay\s+vì|như|kèm|có\s+sơ\s+đồ|xem)(?!\w))"
# After a "Địa điểm:" label the place is the rest of its line or sentence.
_LABEL_STOP = re.compile(rf"\.(?=\s|$)|{_REMARK}", _I)
_PLACE_STOP = re.compile(
    r";|\.(?=\s|$)|[“”\"]$"
    r"|,?\s+(?=(?:vào|lúc|hồi|từ|sang)\s+(?:\d|ngày|lúc|sáng|chiều|thứ)|(?:vào|lúc)\s|ngày\s+\d"
    r"|\d{1,2}\s*(?:giờ|h)(?:\s*\d\d)?(?!\w))"
    # a bracket that opens a remark, not a part of the place: "(theo Giấy mời số …)"
    rf"|{_REMARK}"
    r"|,\s*(?=[^,.;\n(]{0,60}?(?<!\w)(?:tổ\s+chức|chủ\s+trì|tham\s+dự|dự|phát\s+biểu|diễn\s+ra"
    r"|khai\s+mạc|triển\s+khai|tiến\s+hành|đã|sẽ|được|đề\s+nghị|kính\s+mời|trân\s+trọng"
    r"|(?<!phòng\s)(?<!cuộc\s)(?<!buổi\s)họp|nghe|làm\s+việc|thảo\s+luận|cho\s+ý\s+kiến"
    r"|nhằm|để|do|dưới|với|theo|thời\s+gian|thành\s+phần)(?!\w))",
    _I,
)
_ABBREVIATION = re.compile(r"(?<!\w)(?:TP|Tp|tp|P|Q|TX|TT|H|X|ĐC|Đ/c|đ/c|số|Số|St)$")
_LEADING = re.compile(r"^[\s:,\-–]+")
_TRAILING = " \t,.;:-–—"

_DOC_DATE = re.compile(
    r",[ \t]*[Nn]gày[ \t]+(?P<d>\d{1,2})[ \t]*(?:[/.-][ \t]*(?P<m>\d{1,2})[ \t]*[/.-]"
    r"|[ \t]+tháng[ \t]+(?P<m2>\d{1,2})[ \t]+năm)[ \t]*(?P<y>(?:19|20)\d\d)"
)
# What stands before the comma on a date line: a place name, no figures.
_DATE_LINE_HEAD = re.compile(r"[ \t]*[^\W\d][^\n,\d]{1,39}")
_HEADER_REACH = 1500


def document_date(text: str) -> datetime.date | None:
    """The date of the header's date line ("Nha Trang, ngày 02 tháng 3 năm 2026"), if any."""
    for match in _DOC_DATE.finditer(text, 0, _HEADER_REACH):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not _DATE_LINE_HEAD.fullmatch(text, line_start, match.start()):
            continue
        try:
            return datetime.date(int(match["y"]), int(match["m"] or match["m2"]), int(match["d"]))
        except ValueError:
            return None
    return None


@dataclass(slots=True)
class Found:
    start: datetime.datetime | datetime.date
    end: datetime.datetime | None
    place: str
    span: tuple[int, int]


@dataclass(slots=True)
class _Atom:
    kind: str  # time, date, days, weekday, session, rel
    span: tuple[int, int]
    value: Any
    after_range: bool = False  # "đến", "-" in the gap before it


@dataclass(slots=True)
class _Cluster:
    span: tuple[int, int]
    atoms: list[_Atom]
    day: datetime.date | None = None
    end_day: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
    dated: bool = False  # a day of its own, not borrowed
    ranging: bool = False  # after "đến"/"-": a day is the end's
    change: str | None = None  # "old"/"new" in a change notice's sentence, "" otherwise
    is_end: bool = False  # "kết thúc vào 16h30": when it ends, not when it starts


@dataclass(slots=True)
class _Meeting:
    first: _Cluster
    day: datetime.date
    start: datetime.datetime | datetime.date
    end: datetime.datetime | None = None
    last: _Cluster | None = None
    end_day: datetime.date | None = None  # the last day of a meeting over several days
    spans: list[tuple[int, int]] = field(default_factory=list)


def read_meetings(text: str, issued: datetime.date | None) -> list[Found]:
    clusters = _without_old_plans(
        text, [c for c in _clusters(text, issued) if _is_meeting_time(text, c)]
    )
    meetings = _join(text, clusters)
    found: list[Found] = []
    for i, meeting in enumerate(meetings):
        low = meetings[i - 1].spans[-1][1] if i else 0
        high = meetings[i + 1].first.span[0] if i + 1 < len(meetings) else len(text)
        place, place_span = _place(text, meeting, low, high)
        spans = [*meeting.spans, place_span] if place_span else meeting.spans
        span = (min(s for s, _ in spans), max(e for _, e in spans))
        found.append(Found(meeting.start, _after(meeting.start, meeting.end), place, span))
    return found


def _after(
    start: datetime.datetime | datetime.date, end: datetime.datetime | None
) -> datetime.datetime | None:
    """The end, when it comes after the start ("từ 14 giờ đến 8 giờ" has none)."""
    if end is None:
        return None
    if isinstance(start, datetime.datetime):
        return end if end > start else None
    return end if end.date() >= start else None


# --- atoms and clusters -----------------------------------------------------------------


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for low, high in _windows(text):
        for m in _ATOM.finditer(text, low, high):
            atom = _atom(text, m)
            if atom is not None:
                atoms.append(atom)
    return atoms


# A meeting's time always has one of these near it: an hour, a "Thời gian" label, a session
# word before a day ("sáng thứ Năm", "chiều 27/2"), "hôm nay", "ngày mai", "vào ngày", a day
# leading a sentence about a meeting. Finding them first (on the lower-cased text, each with
# a literal head that sre searches for quickly) keeps the atom scan to the few hundred
# characters around them: most report text has none.
_HOUR_ANCHOR = re.compile(r"[0-9](?:\s?(?:giờ|GIỜ|Giờ|[hHg](?:\d\d)?(?!\w))|:[0-5]\d)")
_SESSION_NEXT = r"(?=\s+(?:ngày|nay|mai|hôm|thứ|chủ|mùng|mồng|cùng|\d))"
_WORD_ANCHORS = tuple(
    re.compile(pattern)
    for pattern in (
        "thời gian",
        "sáng" + _SESSION_NEXT,
        "chiều" + _SESSION_NEXT,
        "tối" + _SESSION_NEXT,
        "trưa" + _SESSION_NEXT,
        r"hôm nay(?!\s*:)",
        r"ngày (?:mai\b|kia\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*,"
        r"(?=[^.;\n]{0,80}?(?:tổ chức|diễn ra|khai mạc|họp|làm việc)))",
        "vào ngày",
    )
)
_BEFORE_ANCHOR, _AFTER_ANCHOR = 50, 110


def _windows(text: str) -> list[tuple[int, int]]:
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: positions move
        return [(0, len(text))] if text else []
    starts = [m.start() for m in _HOUR_ANCHOR.finditer(text)]
    for anchor in _WORD_ANCHORS:
        starts.extend(m.start() for m in anchor.finditer(low))
    starts.sort()
    windows: list[tuple[int, int]] = []
    for at in starts:
        low_end, high_end = max(0, at - _BEFORE_ANCHOR), at + _AFTER_ANCHOR
        if windows and low_end <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high_end)
        else:
            windows.append((low_end, high_end))
    return windows


def _atom(text: str, m: re.Match[str]) -> _Atom | None:
    span = m.span()
    if m["h"] is not None or m["hc"] is not None:
        hour, minute = (m["h"], m["mi"]) if m["h"] is not None else (m["hc"], m["mc"])
        return _Atom("time", span, (int(hour), int(minute or 0)))
    if m["d1"] is not None:
        return _Atom("days", span, (int(m["d1"]), int(m["d2"]), int(m["m3"]), _int(m["y3"])))
    if m["d"] is not None:
        if m["y"] is None and m["sep"] == ".":
            return None  # "3.5": a decimal more often than a day
        return _Atom("date", span, (int(m["d"]), int(m["mo"]), _int(m["y"])))
    if m["dw"] is not None:
        return _Atom("date", span, (int(m["dw"]), int(m["mw"]), _int(m["yw"])))
    if m["wd"] is not None or m["cn"] is not None:
        if _WEEKDAY_BEFORE.search(text, max(0, span[0] - 12), span[0]):
            return None  # "lần thứ năm", "kỳ họp thứ 5"
        word = (m["wd"] or "").lower()
        return _Atom("weekday", span, 6 if m["cn"] else _WEEKDAYS.get(word, _digit_day(word)))
    if m["ses"] is not None:
        led = m.group().lower().startswith("buổi")
        if not led and not _SESSION_FOLLOW.match(text, span[1]):
            return None  # "sáng tạo", "chiều cao", "tối đa"
        return _Atom("session", span, m["ses"].lower())
    return _Atom("rel", span, _relative(m["rel"]))


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _digit_day(word: str) -> int:
    return int(word) - 2 if word.isdigit() else 0


def _relative(word: str) -> int:
    word = word.lower()
    if word.endswith("kia"):
        return 2
    return 1 if word.endswith("mai") else 0


def _clusters(text: str, issued: datetime.date | None) -> list[_Cluster]:
    groups: list[list[_Atom]] = []
    previous: _Atom | None = None
    for atom in _atoms(text):
        if previous is not None and _joined(text, previous, atom):
            gap = text[previous.span[1] : atom.span[0]]
            atom.after_range = bool(_RANGE_MARK.search(gap))
            groups[-1].append(atom)
        else:
            groups.append([atom])
        previous = atom
    clusters = []
    for atoms in groups:
        atoms = [a for a in atoms if a.kind != "rel" or _rel_allowed(text, a, atoms)]
        if atoms:
            clusters.append(_read(text, atoms, issued))
    return clusters


def _joined(text: str, left: _Atom, right: _Atom) -> bool:
    start, end = left.span[1], right.span[0]
    if end - start > _GAP_MAX:
        return False
    return _GAP.fullmatch(text, start, end) is not None


def _rel_allowed(text: str, atom: _Atom, atoms: list[_Atom]) -> bool:
    # "mai" is a day only after "ngày" or a session word ("sáng mai"), never a name; "kia"
    # only after "ngày"; "nay" only after a session word ("chiều nay", not "ngày nay").
    word = text[atom.span[0] : atom.span[1]].lower()
    if word not in ("mai", "kia", "nay"):
        return True
    if word != "nay" and text[max(0, atom.span[0] - 5) : atom.span[0]].lower().rstrip() == "ngày":
        return True
    i = atoms.index(atom)
    return word != "kia" and i > 0 and atoms[i - 1].kind == "session"


def _read(text: str, atoms: list[_Atom], issued: datetime.date | None) -> _Cluster:
    cluster = _Cluster((atoms[0].span[0], atoms[-1].span[1]), atoms)
    weekday = relative = None
    evening = False
    for atom in atoms:
        kind, value = atom.kind, atom.value
        cluster.ranging = cluster.ranging or atom.after_range
        if kind == "time":
            moment = datetime.time(*value)
            if atom.after_range and cluster.start is not None:
                cluster.end = moment
            elif cluster.start is None:
                cluster.start = moment
        elif kind in ("date", "days"):
            _read_day(cluster, atom, issued)
        elif kind == "weekday":
            weekday = value
        elif kind == "session":
            evening = evening or value in ("chiều", "tối")
        else:
            relative = value
    if evening:
        cluster.start, cluster.end = _afternoon(cluster.start), _afternoon(cluster.end)
    cluster.is_end = bool(_END_CUE.search(text, max(0, cluster.span[0] - 30), cluster.span[0]))
    if cluster.day is None and issued is not None:
        if relative is not None:
            cluster.day, cluster.dated = issued + datetime.timedelta(days=relative), True
        elif weekday is not None:
            ahead = (int(weekday) - issued.weekday()) % 7
            cluster.day, cluster.dated = issued + datetime.timedelta(days=ahead), True
    return cluster


def _read_day(cluster: _Cluster, atom: _Atom, issued: datetime.date | None) -> None:
    if atom.kind == "days":
        first, last, month, year = atom.value
        days = [(first, month, year), (last, month, year)]
    else:
        days = [atom.value]
    resolved = [_day(d, m, y, issued) for d, m, y in days]
    if None in resolved:
        return
    if cluster.day is not None and (atom.after_range or cluster.ranging):
        cluster.end_day = resolved[-1]
    elif cluster.day is None:
        cluster.day, cluster.dated = resolved[0], True
        if len(resolved) > 1:
            cluster.end_day = resolved[-1]


def _day(
    day: int, month: int, year: int | None, issued: datetime.date | None
) -> datetime.date | None:
    if year is None:
        if issued is None:
            return None
        year = issued.year
        # "ngày 05/01" in a letter of late December is next January's.
        if (issued.month - month) > 6:
            year += 1
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _afternoon(moment: datetime.time | None) -> datetime.time | None:
    if moment is not None and moment.hour < 12:
        return moment.replace(hour=moment.hour + 12)
    return moment


# --- which clusters are meetings' times -------------------------------------------------


def _is_meeting_time(text: str, cluster: _Cluster) -> bool:
    start = cluster.span[0]
    before = text[max(0, start - 60) : start]
    kinds = {a.kind for a in cluster.atoms}
    if kinds <= {"date", "days"}:
        # A day alone is a meeting's only under a cue; most days of a report have none.
        after = text[cluster.span[1] : cluster.span[1] + 100]
        if not (_CUE_AFTER.match(after) or _CUE_BEFORE.search(before)):
            return False
        if _CITATION.search(before) or _DATE_LINE_PREFIX.search(before):
            return False
    if _not_a_start(before):
        return False
    if kinds == {"session"} or kinds == {"weekday"} or kinds == {"session", "weekday"}:
        return cluster.day is not None or kinds == {"session"}
    return not _superseded(text, cluster)


def _not_a_start(before: str) -> bool:
    """A deadline ("trước 16 giờ"), a duration ("kéo dài 2 giờ"), the old time ("thay vì …")."""
    tail = _NOT_START_TAIL.search(before)
    words = before[: tail.start() if tail else len(before)].lower().split()[-2:]
    words = [word.strip("(,-–") for word in words]
    return bool(words) and (words[-1] in _NOT_START or " ".join(words) in _NOT_START)


def _superseded(text: str, cluster: _Cluster) -> bool:
    """The old time of a changed meeting: after "hoãn"/"lùi"/"thay đổi" in its sentence, with
    no "sang"/"thành" between the two."""
    return _change(text, cluster) == "old"


def _change(text: str, cluster: _Cluster) -> str:
    """ "old" or "new" when the cluster's sentence changes a meeting's time before it, else
    ""."""
    if cluster.change is None:
        start = cluster.span[0]
        sentence = _sentence_before(text, start)
        changes = list(_CHANGE.finditer(sentence))
        if not changes:
            cluster.change = ""
        else:
            cluster.change = "new" if _CHANGE_TO.search(sentence, changes[-1].end()) else "old"
    return cluster.change


def _sentence_before(text: str, start: int) -> str:
    low = max(0, start - 200)
    head = max(text.rfind(mark, low, start) for mark in ".;!?\n")
    return text[head + 1 if head >= 0 else low : start]


def _without_old_plans(text: str, clusters: list[_Cluster]) -> list[_Cluster]:
    """Drops the plan a change notice replaces: the times shortly before the first new time
    ("… sẽ tổ chức vào ngày 26-27/3/2026. … quyết định chuyển … sang ngày 08-09/4/2026")."""
    new = next((c for c in clusters if _change(text, c) == "new"), None)
    if new is None:
        return clusters
    head = new.span[0] - len(_sentence_before(text, new.span[0]))
    return [c for c in clusters if not head - _OLD_PLAN_REACH <= c.span[0] < head]


# --- meetings ---------------------------------------------------------------------------


def _join(text: str, clusters: list[_Cluster]) -> list[_Meeting]:
    meetings: list[_Meeting] = []
    pending: list[_Cluster] = []  # times seen before any day
    current: _Meeting | None = None
    for cluster in clusters:
        if cluster.is_end and current is not None and cluster.start is not None:
            _close(current, cluster)
            continue
        if cluster.day is None and current is not None and _own_place(text, current, cluster):
            cluster.day = (current.last or current.first).day
        if cluster.day is None:
            if current is not None and cluster.span[0] - current.spans[-1][1] < 1500:
                _extend(current, cluster, current.day, current.end_day)
            elif cluster.start is not None:
                pending.append(cluster)
            continue
        if current is not None and _continues(text, current, cluster):
            _extend(current, cluster, cluster.day, current.end_day)
            continue
        current = _open(cluster, pending)
        pending = []
        meetings.append(current)
    return meetings


def _continues(text: str, meeting: _Meeting, cluster: _Cluster) -> bool:
    """A dated cluster goes on the meeting before it when it falls on one of its days, unless
    a place was named between them and it has an hour of its own (a second meeting)."""
    if cluster.day not in (meeting.day, (meeting.last or meeting.first).day, meeting.end_day):
        return False
    after_first = meeting.first.span[1]
    return cluster.start is None or not _PLACE_CUE.search(text, after_first, cluster.span[0])


def _own_place(text: str, meeting: _Meeting, cluster: _Cluster) -> bool:
    """ "8 giờ 00 ngày 21/5: …, tại Phòng họp số 1. 14 giờ 00 cùng ngày: …, tại Phòng họp số
    2": an hour with a place of its own, after the meeting's place, opens another meeting."""
    if cluster.start is None:
        return False
    after = cluster.span[1]
    return bool(
        _PLACE_CUE.search(text, meeting.first.span[1], cluster.span[0])
        and _PLACE_CUE.search(text, after, _sentence_tail(text, after))
    )


def _close(meeting: _Meeting, cluster: _Cluster) -> None:
    """ "Dự kiến kết thúc vào 16h30 cùng ngày": the meeting's end."""
    assert cluster.start is not None
    day = cluster.day or meeting.end_day or meeting.day
    meeting.spans.append(cluster.span)
    end = datetime.datetime.combine(day, cluster.start)
    if meeting.end is None or end > meeting.end:
        meeting.end = end


def _open(cluster: _Cluster, pending: list[_Cluster]) -> _Meeting:
    day = cluster.day
    assert day is not None
    start_time = cluster.start
    spans = [cluster.span]
    if start_time is None and pending:
        start_time = pending[-1].start
        spans.insert(0, pending[-1].span)
    start: datetime.datetime | datetime.date = (
        datetime.datetime.combine(day, start_time) if start_time is not None else day
    )
    meeting = _Meeting(cluster, day, start, spans=spans, end_day=cluster.end_day)
    meeting.end = _end_of(cluster, day)
    meeting.last = cluster
    return meeting


def _extend(
    meeting: _Meeting,
    cluster: _Cluster,
    day: datetime.date,
    end_day: datetime.date | None = None,
) -> None:
    meeting.spans.append(cluster.span)
    meeting.last = cluster if cluster.day is not None else meeting.last
    timed = isinstance(meeting.start, datetime.datetime)
    if not timed and cluster.start is not None and day == meeting.day:
        meeting.start = datetime.datetime.combine(day, cluster.start)
    end = _end_of(cluster, end_day or day)
    if end is not None and (meeting.end is None or end > meeting.end):
        meeting.end = end


def _end_of(cluster: _Cluster, day: datetime.date) -> datetime.datetime | None:
    if cluster.end is None:
        return None
    return datetime.datetime.combine(cluster.end_day or cluster.day or day, cluster.end)


# --- places -----------------------------------------------------------------------------


def _place(text: str, meeting: _Meeting, low: int, high: int) -> tuple[str, tuple[int, int] | None]:
    """The place after the time in its sentence, else before it in its sentence ("tổ chức tại
    Hội trường … vào lúc 8h00"), else the nearest after it ("Địa điểm:" on the next line),
    else the nearest before it."""
    first = meeting.spans[0][0]
    after = meeting.first.span[1]
    reach_low, reach_high = max(low, first - _PLACE_REACH // 2), min(high, after + _PLACE_REACH)
    cues = [
        cue
        for cue in _PLACE_CUE.finditer(text, reach_low, reach_high)
        if not first <= cue.start() < after
    ]
    if not cues:
        return "", None
    head, tail = _sentence_head(text, first), _sentence_tail(text, after)
    later = [cue for cue in cues if cue.start() >= after]
    earlier = [cue for cue in reversed(cues) if cue.start() < first]
    for group in (
        [cue for cue in later if cue.start() < tail],
        [cue for cue in earlier if cue.start() >= head],
        later,
        earlier,
    ):
        for cue in group:
            found = _place_text(text, cue.end(), _labelled(cue))
            if found is not None and found[1] is not None:
                return found
    return "", None


def _sentence_head(text: str, position: int) -> int:
    low = max(0, position - 300)
    return max(text.rfind(mark, low, position) for mark in ".;!?\n") + 1 or low


def _sentence_tail(text: str, position: int) -> int:
    high = min(len(text), position + 300)
    ends = [text.find(mark, position, high) for mark in (". ", ".\n", ";", "\n")]
    return min((e for e in ends if e != -1), default=high)


def _labelled(cue: re.Match[str]) -> bool:
    return cue.group()[:1] in "đĐ"


def _place_text(text: str, start: int, labelled: bool) -> tuple[str, tuple[int, int] | None] | None:
    end = start
    limit = min(len(text), start + 300)
    stops = _LABEL_STOP if labelled else _PLACE_STOP
    while end < limit:
        stop = stops.search(text, end, limit)
        newline = text.find("\n", end, limit)
        if newline != -1 and (stop is None or newline < stop.start()):
            if _line_goes_on(text, start, newline):
                end = newline + 1
                continue
            end = newline
            break
        if stop is None:
            end = limit
            break
        if stop.group() == "." and _ABBREVIATION.search(text, start, stop.start()):
            end = stop.end()
            continue
        end = stop.start()
        break
    raw = text[start:end]
    lead = len(raw) - len(_LEADING.sub("", raw))
    place = " ".join(raw.split()).strip(_TRAILING)
    if len(place) < 3:
        return None
    span_start = start + lead
    return place, (span_start, span_start + len(raw[lead:].rstrip(_TRAILING + "\n")))


def _line_goes_on(text: str, start: int, newline: int) -> bool:
    """A place broken over two lines: the line ends with a comma, or the next starts in
    lower case."""
    line = text[start:newline].rstrip()
    following = text[newline + 1 : newline + 2]
    return bool(line) and (line.endswith(",") or (following.isalpha() and following.islower()))
