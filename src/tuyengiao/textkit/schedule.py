"""When a task is due and how often it reports, as a directive's item says it (issue 15,
item 14).

"Hoàn thành trước ngày 30/6/2026", "chậm nhất ngày 15-7-2026", "Thời hạn: tháng 10/2026",
"trong quý I/2026" give a deadline: the day, or the last day of the month, quarter, half
or year named. A date with no such word in front ("phấn đấu đến năm 2025 có trên 92%…", "Nghị
quyết số 09-NQ/TU, ngày 18/10/2021") is a target or a citation, not a deadline. "Hằng quý",
"hàng tháng", "định kỳ 6 tháng", "mỗi năm" give a recurrence: the values are the reporting
period kinds ("month", "quarter", "half", "year"). "6 tháng đầu năm" names a period, not a
recurrence.

The toolkit only proposes: the person checks every deadline before it is saved.
"""

import datetime
import re

from tuyengiao.textkit.dates import find_dates
from tuyengiao.textkit.normalize import fold, normalize

__all__ = ["deadline_find", "recurrence_find"]

# Folded words right before a date that make it a deadline ("trước ngày", "chậm nhất là",
# "thời hạn:", "hoàn thành trong"). "trong" alone only before a period ("trong quý I/2026").
_CUE = re.compile(
    r"(?:^|[^\w])(?P<cue>truoc|cham nhat(?: la)?|han chot|thoi han(?: hoan thanh)?"
    r"|thoi gian(?: thuc hien| hoan thanh)?|hoan thanh(?: trong)?|xong(?: trong)?|trong)"
    r"(?: ngay)?\s*:?\s*$"
)
_PERIOD_KINDS = frozenset({"month", "quarter", "half", "months_first", "months_last", "year"})
_LOOK_BACK = 40  # characters before a date searched for its cue
# "trước ngày 30/6" with no year: read with the year of the text it comes from.
_DAY_MONTH = re.compile(
    r"(?:^|[^\w])(?:truoc|cham nhat(?: la)?|han chot|thoi han)(?: ngay)? ?:? ?"
    r"(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)(?![/.-]?\d)"
)

# Folded recurrence phrases, checked in this order; "6 tháng" only as a repeat.
_RECURRENCES = (
    ("quarter", re.compile(r"(?<!\w)(?:hang quy|moi quy|theo quy|quy mot lan)(?!\w)")),
    (
        "half",
        re.compile(
            r"(?<!\w)(?:(?:dinh ky|hang|moi) (?:6|sau) thang|(?:6|sau) thang (?:mot lan|/ ?lan))"
            r"(?!\w)"
        ),
    ),
    ("month", re.compile(r"(?<!\w)(?:hang thang|moi thang|thang mot lan)(?!\w)")),
    ("year", re.compile(r"(?<!\w)(?:hang nam|moi nam|nam mot lan)(?!\w)")),
)


def deadline_find(text: str, *, year: int | None = None) -> datetime.date | None:
    """The first deadline `text` states, or None.

    A day is its own deadline; a month, quarter, half or year ends on its last day. With
    `year` (the directive's), "trước ngày 30/6" is read in that year.
    """
    text = normalize(text)
    for mention in find_dates(text):
        start = mention.span[0]
        cue = _CUE.search(fold(text[max(0, start - _LOOK_BACK) : start]))
        if cue is None:
            continue
        if mention.kind == "day" and mention.value is not None:
            return mention.value
        if mention.kind in _PERIOD_KINDS and mention.end is not None:
            return mention.end
        if cue["cue"] != "trong" and mention.kind == "range" and mention.end is not None:
            return mention.end  # "hoàn thành trong giai đoạn 2026-2027": by its end
    if year is not None and (match := _DAY_MONTH.search(fold(text))):
        try:
            return datetime.date(year, int(match["month"]), int(match["day"]))
        except ValueError:
            return None
    return None


def recurrence_find(text: str) -> str:
    """How often `text` says the work repeats: "month", "quarter", "half", "year" or ""."""
    folded = fold(normalize(text))
    found = [
        (match.start(), kind)
        for kind, pattern in _RECURRENCES
        if (match := pattern.search(folded)) is not None
    ]
    return min(found)[1] if found else ""
