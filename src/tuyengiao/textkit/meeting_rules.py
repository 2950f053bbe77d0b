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
_ATOM = re.compile(
    r"(?<![\w/.,:])(?:"
    # 14h00, 14 giờ 00, 7 giờ 30 phút, 8g30, 14:00
    r"(?P<h>[01]?\d|2[0-3])\s*(?:giờ|h|(?-i:g))(?:\s*(?P<mi>[0-5]\d)(?:\s*(?:phút|'))?)?(?!\w)"
    r"|(?P<hc>[01]?\d|2[0-3]):(?P<mc>[0-5]\d)(?![\w:])"
    # 05-06/3/2026, 05 và 06/3
    r"|(?P<d1>[0-3]?\d)\s*(?:-|–|và)\s*(?P<d2>[0-3]?\d)\s*/\s*(?P<m3>[01]?\d)"
    r"(?:\s*/\s*(?P<y3>(?:19|20)\d\d))?(?![\w/])"
    # 05/3/2026, 05-3-2026, 05/3
    r"|(?P<d>[0-3]?\d)\s*(?P<sep>[/.-])\s*(?P<mo>[01]?\d)(?:\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d))?"
    r"(?![\w/]|[.-]\d)"
    # 05 tháng 3 năm 2026, 05 tháng 3
    r"|(?P<dw>[0-3]?\d)\s+tháng\s+(?P<mw>[01]?\d)(?:\s*,?\s*(?:năm|/)\s*(?P<yw>(?:19|20)\d\d))?"
    r"(?!\w)"
    r")"
    r"|(?<!\w)(?:"
    r"thứ\s+(?P<wd>hai|ba|tư|năm|sáu|b[ảẩ]y|[2-7])(?![\w/])|(?P<cn>chủ\s+nhật)(?!\w)"
    r"|(?:buổi\s+)?(?P<ses>sáng|trưa|chiều|tối)(?!\w)"
    r"|(?P<rel>(?:ngày\s+)?hôm\s+nay|ngày\s+mai|ngày\s+kia|mai)(?!\w)"
    r")",
    _I,
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
_NOT_START = re.compile(
    r"(?:trước|chậm\s+nhất(?:\s+là)?|hạn(?:\s+chót)?|trong\s+vòng|kéo\s+dài|mất|sau)"
    r"(?:\s+(?:ngày|lúc|là))?\s*:?\s*$",
    _I,
)
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
_CHANGE_TO = re.compile(r"(?<!\w)(?:sang|thành|đến|tới|vào)(?!\w)", _I)
_SENTENCE_START = re.compile(r"[.;!?\n](?=[^.;!?\n]*$)")

_PLACE_CUE = re.compile(
    r"(?<![\w])(?:(?<!hiện\s)tại(?!\s+(?:sao|chỗ|đây|Điều|khoản|điểm\s+[a-zđ]\b|mục|Phụ\s+lục"
    r"|(?:Kế\s+hoạch|Công\s+văn|Quyết\s+định|Thông\s+báo|Nghị\s+quyết|Chỉ\s+thị|Kết\s+luận"
    r"|văn\s+bản|Giấy\s+mời|Hướng\s+dẫn|Quy\s+định)\b)|\s*$)\s*:?"
    r"|địa\s+điểm(?:\s+(?:tổ\s+chức|họp|làm\s+việc))?\s*:)[ \t]*",
    _I,
)
_PLACE_REACH = 500
# Where a place ends: a semicolon, a sentence's full stop (not an abbreviation's: "TP. Nha
# Trang"), a bracket that closes what was open before, a time, or a comma opening a clause.
_PLACE_STOP = re.compile(
    r";|\.(?=\s|$)|[“”\"]$"
    r"|,?\s+(?=(?:vào|lúc|hồi|từ)\s+(?:\d|ngày|lúc|sáng|chiều|thứ)|(?:vào|lúc)\s|ngày\s+\d)"
    r"|,\s*(?=[^,.;\n]{0,60}?(?<!\w)(?:tổ\s+chức|chủ\s+trì|tham\s+dự|dự|phát\s+biểu|diễn\s+ra"
    r"|khai\s+mạc|triển\s+khai|tiến\s+hành|đã|sẽ|được|đề\s+nghị|kính\s+mời|trân\s+trọng"
    r"|nhằm|để|do|dưới|với|theo|thời\s+gian|thành\s+phần)(?!\w))",
    _I,
)
_ABBREVIATION = re.compile(r"(?<!\w)(?:TP|Tp|tp|P|Q|TX|TT|H|X|ĐC|Đ/c|đ/c|số|Số|St)$")
_LEADING = re.compile(r"^[\s:,\-–]+")
_TRAILING = " \t,.;:-–—"

_DOC_DATE = re.compile(
    r"(?:^|\n)[ \t]*[^\n,\d]{2,40},\s*ngày\s+(?P<d>\d{1,2})\s*(?:[/.-]\s*(?P<m>\d{1,2})\s*[/.-]"
    r"|\s+tháng\s+(?P<m2>\d{1,2})\s+năm)\s*(?P<y>(?:19|20)\d\d)",
    _I,
)
_HEADER_REACH = 1500


def document_date(text: str) -> datetime.date | None:
    """The date of the header's date line ("Nha Trang, ngày 02 tháng 3 năm 2026"), if any."""
    match = _DOC_DATE.search(text, 0, _HEADER_REACH)
    if match is None:
        return None
    try:
        return datetime.date(int(match["y"]), int(match["m"] or match["m2"]), int(match["d"]))
    except ValueError:
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


@dataclass(slots=True)
class _Meeting:
    first: _Cluster
    day: datetime.date
    start: datetime.datetime | datetime.date
    end: datetime.datetime | None = None
    last: _Cluster | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)


def read_meetings(text: str, issued: datetime.date | None) -> list[Found]:
    clusters = [c for c in _clusters(text, issued) if _is_meeting_time(text, c)]
    meetings = _join(text, clusters)
    found: list[Found] = []
    for i, meeting in enumerate(meetings):
        low = meetings[i - 1].spans[-1][1] if i else 0
        high = meetings[i + 1].first.span[0] if i + 1 < len(meetings) else len(text)
        place, place_span = _place(text, meeting, low, high)
        spans = [*meeting.spans, place_span] if place_span else meeting.spans
        span = (min(s for s, _ in spans), max(e for _, e in spans))
        found.append(Found(meeting.start, meeting.end, place, span))
    return found


# --- atoms and clusters -----------------------------------------------------------------


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _ATOM.finditer(text):
        atom = _atom(text, m)
        if atom is not None:
            atoms.append(atom)
    return atoms


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
            clusters.append(_read(atoms, issued))
    return clusters


def _joined(text: str, left: _Atom, right: _Atom) -> bool:
    start, end = left.span[1], right.span[0]
    if end - start > _GAP_MAX:
        return False
    return _GAP.fullmatch(text, start, end) is not None


def _rel_allowed(text: str, atom: _Atom, atoms: list[_Atom]) -> bool:
    # A bare "mai" is a day only right after a session word ("sáng mai"), never a name.
    if text[atom.span[0] : atom.span[1]].lower() != "mai":
        return True
    i = atoms.index(atom)
    return i > 0 and atoms[i - 1].kind == "session"


def _read(atoms: list[_Atom], issued: datetime.date | None) -> _Cluster:
    cluster = _Cluster((atoms[0].span[0], atoms[-1].span[1]), atoms)
    weekday = relative = None
    evening = False
    for atom in atoms:
        kind, value = atom.kind, atom.value
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
    if cluster.day is not None and atom.after_range:
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
    if _NOT_START.search(before):
        return False
    kinds = {a.kind for a in cluster.atoms}
    if kinds <= {"date", "days"}:
        if not any(a.value[-1] is not None for a in cluster.atoms if a.kind == "date") and not (
            before.rstrip().lower().endswith(("ngày", "("))
        ):
            pass
        if _CITATION.search(before) or _DATE_LINE_PREFIX.search(before):
            return False
        after = text[cluster.span[1] : cluster.span[1] + 100]
        if not (_CUE_BEFORE.search(before) or _CUE_AFTER.search(after)):
            return False
    if kinds == {"session"} or kinds == {"weekday"} or kinds == {"session", "weekday"}:
        return cluster.day is not None or kinds == {"session"}
    return not _superseded(text, cluster)


def _superseded(text: str, cluster: _Cluster) -> bool:
    """The old time of a changed meeting: after "hoãn"/"lùi"/"thay đổi" in its sentence, with
    no "sang"/"thành" between the two."""
    start = cluster.span[0]
    low = max(0, start - 200)
    head = _SENTENCE_START.search(text, low, start)
    sentence = text[head.end() if head else low : start]
    changes = list(_CHANGE.finditer(sentence))
    if not changes:
        return False
    return _CHANGE_TO.search(sentence, changes[-1].end()) is None


# --- meetings ---------------------------------------------------------------------------


def _join(text: str, clusters: list[_Cluster]) -> list[_Meeting]:
    meetings: list[_Meeting] = []
    pending: list[_Cluster] = []  # times seen before any day
    current: _Meeting | None = None
    for cluster in clusters:
        if cluster.day is None:
            if current is not None and cluster.span[0] - current.spans[-1][1] < 1500:
                _extend(current, cluster, current.day)
            elif cluster.start is not None:
                pending.append(cluster)
            continue
        if current is not None and _continues(text, current, cluster):
            _extend(current, cluster, cluster.day)
            continue
        current = _open(cluster, pending)
        pending = []
        meetings.append(current)
    return meetings


def _continues(text: str, meeting: _Meeting, cluster: _Cluster) -> bool:
    if cluster.day == meeting.day or cluster.day == (meeting.last or meeting.first).day:
        last_end = meeting.spans[-1][1]
        return not _PLACE_CUE.search(text, last_end, cluster.span[0]) or cluster.start is None
    return False


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
    meeting = _Meeting(cluster, day, start, spans=spans)
    meeting.end = _end_of(cluster, day)
    meeting.last = cluster
    return meeting


def _extend(meeting: _Meeting, cluster: _Cluster, day: datetime.date) -> None:
    meeting.spans.append(cluster.span)
    meeting.last = cluster if cluster.day is not None else meeting.last
    timed = isinstance(meeting.start, datetime.datetime)
    if not timed and cluster.start is not None and day == meeting.day:
        meeting.start = datetime.datetime.combine(day, cluster.start)
    end = _end_of(cluster, day)
    if end is not None and (meeting.end is None or end > meeting.end):
        meeting.end = end


def _end_of(cluster: _Cluster, day: datetime.date) -> datetime.datetime | None:
    if cluster.end is None:
        return None
    return datetime.datetime.combine(cluster.end_day or cluster.day or day, cluster.end)


# --- places -----------------------------------------------------------------------------


def _place(text: str, meeting: _Meeting, low: int, high: int) -> tuple[str, tuple[int, int] | None]:
    first = meeting.spans[0]
    after = meeting.first.span[1]
    for cue in _PLACE_CUE.finditer(text, after, min(high, after + _PLACE_REACH)):
        place = _place_text(text, cue.end())
        if place is not None:
            return place
    best = None
    for cue in _PLACE_CUE.finditer(text, max(low, first[0] - _PLACE_REACH // 2), first[0]):
        found = _place_text(text, cue.end())
        if found is not None and found[1] is not None:
            best = found
    return best if best is not None else ("", None)


def _place_text(text: str, start: int) -> tuple[str, tuple[int, int] | None] | None:
    end = start
    limit = min(len(text), start + 300)
    while end < limit:
        stop = _PLACE_STOP.search(text, end, limit)
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
