"""The rules behind `find_meetings`: clusters of time atoms, which are meetings, and how
they join.

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

from tuyengiao.textkit.meetings.atoms import Atom, find_atoms
from tuyengiao.textkit.meetings.places import PLACE_CUE, find_place, sentence_tail

__all__ = ["Found", "document_date", "read_meetings"]

_I = re.IGNORECASE
_GAP = re.compile(
    r"(?:[\s,()\-–—:]|ngày|vào|lúc|hồi|từ|đến|tới|hết|và|buổi|năm|cùng|mùng|mồng)*", _I
)
_RANGE_MARK = re.compile(r"(?:đến|tới|[-–—])", _I)
_GAP_MAX = 30
_CLAUSE_BREAK = re.compile(r"[,;()]")
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
_NOT_START_TAIL = frozenset({"ngày", "lúc", "là"})
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
_CHANGE_WORDS = ("hoãn", "lùi", "dời", "thay", "điều", "chuyển")  # a quick test before _CHANGE
_CHANGE = re.compile(r"(?<!\w)(?:hoãn|lùi|dời|thay\s+đổi|điều\s+chỉnh|chuyển)(?!\w)", _I)
_CHANGE_TO = re.compile(r"(?<!\w)(?:sang|thành)(?!\w)", _I)
# How far before a changed meeting's new time its old plan may stand ("Theo đó, Hội nghị sẽ
# tổ chức vào ngày 26-27/3 … quyết định chuyển thời gian … sang ngày 08-09/4").
_OLD_PLAN_REACH = 600
_END_CUE = re.compile(r"(?:kết\s+thúc|bế\s+mạc)(?:\s+(?:vào|lúc|hồi))?\s*:?\s*$", _I)


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
    end: datetime.datetime | datetime.date | None
    place: str
    span: tuple[int, int]


@dataclass(slots=True)
class _Cluster:
    span: tuple[int, int]
    atoms: list[Atom]
    day: datetime.date | None = None
    end_day: datetime.date | None = None
    start: datetime.time | None = None
    end: datetime.time | None = None
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
        place, place_span = find_place(text, meeting.spans[0][0], meeting.first.span[1], low, high)
        spans = [*meeting.spans, place_span] if place_span else meeting.spans
        span = (min(s for s, _ in spans), max(e for _, e in spans))
        end = _after(meeting.start, meeting.end) or _last_day(meeting)
        found.append(Found(meeting.start, end, place, span))
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


def _last_day(meeting: _Meeting) -> datetime.date | None:
    """ "từ ngày 14/4/2026 đến ngày 15/4/2026", no end hour: the meeting ends on its last day."""
    if meeting.end is None and meeting.end_day is not None and meeting.end_day > meeting.day:
        return meeting.end_day
    return None


# --- clusters -----------------------------------------------------------------


def _clusters(text: str, issued: datetime.date | None) -> list[_Cluster]:
    groups: list[list[Atom]] = []
    previous: Atom | None = None
    for atom in find_atoms(text):
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


def _joined(text: str, left: Atom, right: Atom) -> bool:
    start, end = left.span[1], right.span[0]
    if end - start > _GAP_MAX:
        return False
    return _GAP.fullmatch(text, start, end) is not None


def _rel_allowed(text: str, atom: Atom, atoms: list[Atom]) -> bool:
    # "mai" is a day only after "ngày" or a session word ("sáng mai"), never a name; "kia"
    # only after "ngày"; "nay" only after a session word ("chiều nay", not "ngày nay").
    word = text[atom.span[0] : atom.span[1]].lower()
    if word not in ("mai", "kia", "nay"):
        return True
    if word != "nay" and text[max(0, atom.span[0] - 5) : atom.span[0]].lower().rstrip() == "ngày":
        return True
    i = atoms.index(atom)
    return word != "kia" and i > 0 and atoms[i - 1].kind == "session"


def _read(text: str, atoms: list[Atom], issued: datetime.date | None) -> _Cluster:
    cluster = _Cluster((atoms[0].span[0], atoms[-1].span[1]), atoms)
    weekday = relative = None
    for i, atom in enumerate(atoms):
        kind, value = atom.kind, atom.value
        cluster.ranging = cluster.ranging or atom.after_range
        if kind == "time":
            moment = datetime.time(*value)
            if _session_of(text, atoms, i) in ("chiều", "tối"):
                moment = _afternoon(moment)
            if atom.after_range and cluster.start is not None:
                cluster.end = max(moment, cluster.end or moment)
            elif cluster.start is None:
                cluster.start = moment
        elif kind in ("date", "days"):
            _read_day(cluster, atom, issued)
        elif kind == "weekday":
            weekday = value
        elif kind == "rel":
            relative = value
    cluster.is_end = bool(_END_CUE.search(text, max(0, cluster.span[0] - 30), cluster.span[0]))
    if cluster.day is None and issued is not None:
        if relative is not None:
            cluster.day = issued + datetime.timedelta(days=relative)
        elif weekday is not None:
            ahead = (int(weekday) - issued.weekday()) % 7
            cluster.day = issued + datetime.timedelta(days=ahead)
    return cluster


def _session_of(text: str, atoms: list[Atom], i: int) -> str | None:
    """The session word of the time `atoms[i]`: its neighbour with no comma or bracket between
    them ("sáng từ 7h30, chiều từ 13h30", "7h30 sáng, 13h30 chiều"), else the nearest one
    before it in the cluster ("chiều thứ Năm, lúc 2 giờ"), else after it ("từ 2 giờ đến 5 giờ
    chiều")."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(atoms) and atoms[j].kind == "session":
            low, high = sorted((atoms[i].span, atoms[j].span))
            if not _CLAUSE_BREAK.search(text, low[1], high[0]):
                return str(atoms[j].value)
    before = [a.value for a in atoms[:i] if a.kind == "session"]
    after = [a.value for a in atoms[i + 1 :] if a.kind == "session"]
    return str(before[-1]) if before else str(after[0]) if after else None


def _read_day(cluster: _Cluster, atom: Atom, issued: datetime.date | None) -> None:
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
        cluster.day = resolved[0]
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


def _afternoon(moment: datetime.time) -> datetime.time:
    if moment.hour < 12:
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
    words = before[-30:].lower().replace(":", " ").split()
    if words and words[-1] in _NOT_START_TAIL:  # "trước ngày", "chậm nhất là", "vào lúc"
        words.pop()
    words = [word.strip("(,-–") for word in words[-2:]]
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
        folded = sentence.lower()
        quick = any(word in folded for word in _CHANGE_WORDS)
        changes = list(_CHANGE.finditer(sentence)) if quick else []
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
    return cluster.start is None or not PLACE_CUE.search(text, after_first, cluster.span[0])


def _own_place(text: str, meeting: _Meeting, cluster: _Cluster) -> bool:
    """ "8 giờ 00 ngày 21/5: …, tại Phòng họp số 1. 14 giờ 00 cùng ngày: …, tại Phòng họp số
    2": an hour with a place of its own, after the meeting's place, opens another meeting."""
    if cluster.start is None:
        return False
    after = cluster.span[1]
    return bool(
        PLACE_CUE.search(text, meeting.first.span[1], cluster.span[0])
        and PLACE_CUE.search(text, after, sentence_tail(text, after))
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
