"""Time atoms: an hour, a day, a span of days, a weekday, a session word, "hôm nay"/"mai".

A scan for anchors (an hour, "thời gian", a session word before a day…) marks the few
stretches of a text a meeting's time can be in; the atom scan runs only there.
"""

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Atom", "any_of", "ci", "find_atoms"]

_I = re.IGNORECASE
_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}


def ci(words: str) -> str:
    r"""`words` in either case, letter by letter (the scan does without re.IGNORECASE: sre
    cannot skip ahead to a case-folded literal, while a class of both cases it can)."""
    return "".join(
        r"\s+" if ch == " " else f"[{ch.lower()}{ch.upper()}]" if ch.lower() != ch.upper() else ch
        for ch in words
    )


def any_of(*words: str) -> str:
    return "(?:" + "|".join(map(ci, words)) + ")"


# Every atom opens with a digit or one of these letters: the first lookahead turns other
# positions away before the alternatives are tried (sre takes no skip prefix from it).
_ATOM = re.compile(
    r"(?=[0-9TtCcBbSsHhMmKkNn])(?:(?<![\w/.,:])"
    # what may follow a day's or an hour's one or two digits: most figures stop here
    r"(?=[0-9]{1,2}\s*[gGhH:/.\-–vVđĐtT])(?:"
    # 14h00, 14 giờ 00, 7 giờ 30 phút, 8g30, 14:00
    rf"(?P<h>[01]?\d|2[0-3])\s*(?:{ci('giờ')}|[hH]|g)"
    rf"(?:\s*(?P<mi>[0-5]\d)(?:\s*(?:{ci('phút')}|'))?)?(?!\w)"
    r"|(?P<hc>[01]?\d|2[0-3]):(?P<mc>[0-5]\d)(?![\w:])"
    # 05-06/3/2026, 05 và 06/3
    rf"|(?P<d1>[0-3]?\d)\s*(?:-|–|{ci('và')}|{any_of('đến ngày', 'tới ngày', 'đến', 'tới')})"
    r"\s*(?P<d2>[0-3]?\d)\s*/\s*(?P<m3>[01]?\d)"
    r"(?:\s*/\s*(?P<y3>(?:19|20)\d\d))?(?![\w/])"
    # 05/3/2026, 05-3-2026, 05/3
    r"|(?P<d>[0-3]?\d)\s*(?P<sep>[/.-])\s*(?P<mo>[01]?\d)"
    r"(?:\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d))?(?![\w/]|[.-]\d)"
    # 05 tháng 3 năm 2026, 05 tháng 3
    rf"|(?P<dw>[0-3]?\d)\s+{ci('tháng')}\s+(?P<mw>[01]?\d)"
    rf"(?:\s*,?\s*(?:{ci('năm')}|/)\s*(?P<yw>(?:19|20)\d\d))?(?!\w)"
    r")|(?<!\w)(?:"
    rf"{ci('thứ')}\s+(?P<wd>{any_of('hai', 'ba', 'tư', 'năm', 'sáu', 'bảy', 'bẩy')}|[2-7])(?![\w/])"
    rf"|(?P<cn>{any_of('chủ nhật')})(?!\w)"
    rf"|(?:{ci('buổi')}\s+)?(?P<ses>{any_of('sáng', 'trưa', 'chiều', 'tối')})(?!\w)"
    rf"|(?P<rel>{any_of('hôm nay', 'mai', 'kia', 'nay')})(?!\w)"
    r"))"
)
# Between two atoms of one cluster: punctuation and the small words of a time phrase.
_SESSION_FOLLOW = re.compile(
    r"\s*(?:ngày|nay|mai|hôm|thứ|chủ\s+nhật|mùng|mồng|cùng|\d|\(|,|:|từ|lúc|hồi)", _I
)
_WEEKDAY_BEFORE = re.compile(r"(?:lần|kỳ|họp|khóa|khoá|phiên|hạng|giải|lớp)\s*$", _I)


@dataclass(slots=True)
class Atom:
    kind: str  # time, date, days, weekday, session, rel
    span: tuple[int, int]
    value: Any
    after_range: bool = False  # "đến", "-" in the gap before it


def find_atoms(text: str) -> list[Atom]:
    atoms: list[Atom] = []
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
# The lookahead turns most digits (figures, days) away before the alternatives are tried.
_HOUR_ANCHOR = re.compile(r"[0-9](?=\s?[gh:])(?:\s?(?:giờ|[hg](?:\d\d)?(?!\w))|:[0-5]\d)")
_SESSION_NEXT = r"(?=\s+(?:ngày|nay|mai|hôm|thứ|chủ|mùng|mồng|cùng|\d))"
# Each word anchor is (word, what must follow it, how many of its first letters to skip):
# the scan opens with the rest of the word, from a letter rarer than its first ("ời gian",
# "ều"), which sre finds with a tight loop, and a look-behind checks the whole word. A
# match starts `skip` characters before the scan's (no two matches of one anchor overlap,
# so the scan finds the same words).
_WORD_ANCHORS = tuple(
    (re.compile(f"{word[skip:]}(?<={word}){follow}"), skip)
    for word, follow, skip in (
        ("thời gian", "", 2),
        ("sáng", _SESSION_NEXT, 1),
        ("chiều", _SESSION_NEXT, 3),
        ("tối", _SESSION_NEXT, 1),
        ("trưa", _SESSION_NEXT, 2),
        ("hôm nay", r"(?!\s*:)", 1),
        (
            "ngày ",
            r"(?:mai\b|kia\b|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*,"
            r"(?=[^.;\n]{0,80}?(?:tổ chức|diễn ra|khai mạc|họp|làm việc)))",
            2,
        ),
        ("vào ngày", "", 1),
    )
)
_BEFORE_ANCHOR, _AFTER_ANCHOR = 50, 110


def _windows(text: str) -> list[tuple[int, int]]:
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: positions move
        return [(0, len(text))] if text else []
    starts = _hour_anchors(low)
    for anchor, skip in _WORD_ANCHORS:
        starts.extend(m.start() - skip for m in anchor.finditer(low))
    starts.sort()
    windows: list[tuple[int, int]] = []
    for at in starts:
        low_end, high_end = max(0, at - _BEFORE_ANCHOR), at + _AFTER_ANCHOR
        if windows and low_end <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high_end)
        else:
            windows.append((low_end, high_end))
    return windows


# The hour anchors' candidates, found from the character after the digit: sre finds a single
# literal ("h", "g", ":") with a tight loop, several times faster than it skips to a class
# such as "[0-9]"; the look-behind then gives the digit (right before, or one space before).
_HOUR_MARKS = tuple(
    re.compile(f"{mark}(?:(?<=[0-9]{mark})|(?<=[0-9]\\s{mark}))") for mark in ("h", "g", ":")
)


def _hour_anchors(low: str) -> list[int]:
    """The starts of _HOUR_ANCHOR.finditer(low): each match starts at the digit right
    before (or one white space before) its "g", "h" or ":", which tells the digit."""
    candidates = sorted(
        m.start() - (1 if low[m.start() - 1].isdigit() else 2)
        for mark in _HOUR_MARKS
        for m in mark.finditer(low)
    )
    starts: list[int] = []
    after = 0  # finditer goes on from the end of the match before
    for at in candidates:
        if at >= after and (m := _HOUR_ANCHOR.match(low, at)):
            starts.append(at)
            after = m.end()
    return starts


def _atom(text: str, m: re.Match[str]) -> Atom | None:
    span = m.span()
    if m["h"] is not None or m["hc"] is not None:
        hour, minute = (m["h"], m["mi"]) if m["h"] is not None else (m["hc"], m["mc"])
        return Atom("time", span, (int(hour), int(minute or 0)))
    if m["d1"] is not None:
        return Atom("days", span, (int(m["d1"]), int(m["d2"]), int(m["m3"]), _int(m["y3"])))
    if m["d"] is not None:
        if m["y"] is None and m["sep"] == ".":
            return None  # "3.5": a decimal more often than a day
        return Atom("date", span, (int(m["d"]), int(m["mo"]), _int(m["y"])))
    if m["dw"] is not None:
        return Atom("date", span, (int(m["dw"]), int(m["mw"]), _int(m["yw"])))
    if m["wd"] is not None or m["cn"] is not None:
        if _WEEKDAY_BEFORE.search(text, max(0, span[0] - 12), span[0]):
            return None  # "lần thứ năm", "kỳ họp thứ 5"
        word = (m["wd"] or "").lower()
        return Atom("weekday", span, 6 if m["cn"] else _WEEKDAYS.get(word, _digit_day(word)))
    if m["ses"] is not None:
        led = m.group().lower().startswith("buổi")
        if not led and not _SESSION_FOLLOW.match(text, span[1]):
            return None  # "sáng tạo", "chiều cao", "tối đa"
        return Atom("session", span, m["ses"].lower())
    return Atom("rel", span, _relative(m["rel"]))


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _digit_day(word: str) -> int:
    return int(word) - 2 if word.isdigit() else 0


def _relative(word: str) -> int:
    word = word.lower()
    if word.endswith("kia"):
        return 2
    return 1 if word.endswith("mai") else 0
