"""Meetings in invitations and notices: when and where (issue 17 §3).

"vào lúc 14 giờ 00, ngày 05/3/2026, tại Hội trường …", "Thời gian: 01 buổi, từ 7h30 sáng
thứ Năm (05/3)", "Địa điểm: …", "hoãn … sang 14h00 ngày 10/3/2026". A meeting's start is a
day alone when the text gives no hour; sub-sessions ("từ 7h30 đến 7h40: …; từ 8h30 đến
12h00: …") extend one meeting from the first start to the last end. A day written relative to
the document ("hôm nay (31/3)", "sáng mai", "sáng thứ Năm") and a day without a year are read
against the document's own date (`issued`, or its date line).

The toolkit only proposes: the person checks every meeting before it goes in a calendar.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from tuyengiao.textkit.meetings.rules import document_date, read_meetings

__all__ = ["Meeting", "document_date", "find_meetings"]


@dataclass(frozen=True, slots=True)
class Meeting:
    """`start` is a date alone when the text gives no hour; `end` None when the text gives no
    end, a date alone when it gives the last day of a meeting over several days but no end
    hour; `span` covers the time and the place, in code points of the normalised text."""

    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None
    place: str
    span: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": _iso(self.start),
            "end": _iso(self.end) if self.end is not None else None,
            "place": self.place,
            "span": list(self.span),
        }


def _iso(moment: datetime.datetime | datetime.date) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.isoformat()


def find_meetings(text: str, *, issued: datetime.date | None = None) -> list[Meeting]:
    """The meetings `text` (already `normalize()`d) announces, in text order. `issued` is the
    document's date; without it the date line of its header is read, if any."""
    if issued is None:
        issued = document_date(text)
    return [
        Meeting(start=found.start, end=found.end, place=found.place, span=found.span)
        for found in read_meetings(text, issued)
    ]
