"""Where a meeting is: after "tại" or "Địa điểm:", up to the end of its clause or line."""

import re

from tuyengiao.textkit.meetings.atoms import any_of, ci

__all__ = ["PLACE_CUE", "find_place", "sentence_tail"]

_I = re.IGNORECASE
_NOT_A_PLACE = any_of(
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
PLACE_CUE = re.compile(
    r"[TtĐđ](?<!\w.)(?:"
    rf"(?<=[Tt])(?<![Hh]iện\s.)(?:ại|ẠI)(?!\w)(?!\s+(?:{_NOT_A_PLACE}|{ci('điểm')}\s+[a-zđ])\b)"
    r"(?!\s*$)\s*:?"
    rf"|(?<=[Đđ]){ci('ịa điểm')}[^:\n]{{0,30}}:\s*(?:{ci('tại')}\s+)?"
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


def find_place(
    text: str, first: int, after: int, low: int, high: int
) -> tuple[str, tuple[int, int] | None]:
    """The place after the time in its sentence, else before it in its sentence ("tổ chức tại
    Hội trường … vào lúc 8h00"), else the nearest after it ("Địa điểm:" on the next line),
    else the nearest before it."""
    # `first`…`after`: the meeting's first time; `low`…`high`: between its neighbours.
    reach_low, reach_high = max(low, first - _PLACE_REACH // 2), min(high, after + _PLACE_REACH)
    cues = [
        cue
        for cue in PLACE_CUE.finditer(text, reach_low, reach_high)
        if not first <= cue.start() < after
    ]
    if not cues:
        return "", None
    head, tail = _sentence_head(text, first), sentence_tail(text, after)
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


def sentence_tail(text: str, position: int) -> int:
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
