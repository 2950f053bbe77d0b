"""Status lines of a registry's history table (vbpl.vn and its kind): one document's life,
one row per event, "ngày | trạng thái | văn bản nguồn":

    Lịch sử hiệu lực: Quyết định 90/2007/QĐ-UBND
    24/09/2007 Văn bản được ban hành 90/2007/QĐ-UBND
    25/10/2008 Được bổ sung 58/2008/QĐ-UBND
    23/07/2011 Bị thay thế 18/2011/QĐ-UBND
    01/11/2013 Bị bãi bỏ 1 phần 53/2013/QĐ-TTg    (a part: still the act, on that document)

A row's passive has no preposition: the row's document is the agent (the source), the
table's document the subject (the target)."""

import re
from collections.abc import Iterator

from tuyengiao.textkit.docnum import Mention
from tuyengiao.textkit.relations import cues

# A row opens with its date, then the status; a literal first ("Được"/"Bị" after the date is
# matched by the pattern, the date by its first digit class).
_ROW = re.compile(
    r"(?m)^[ \t|]*\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}[ \t|]+(?P<status>(?:Được|Bị)\s+[^\d\n|]{2,40}?)"
    r"(?:[ \t]+1[ \t]+phần)?[ \t|]+(?=\d)"
)
_TOPIC = re.compile(r"(?:Lịch sử hiệu lực|Văn bản được ban hành)\s*:?[ \t|]*")
_KINDS = {"repeals", "amends", "replaces"}


def status_relations(text: str, mentions: list[Mention]) -> Iterator[tuple[int, int, str]]:
    """(source doc, target doc, kind) stated by the rows of history tables."""
    if "Văn bản được ban hành" not in text and "Lịch sử hiệu lực" not in text:
        return  # no history table: its rows name the table's document so
    by_start = {m.start: m.doc for m in mentions}
    topic: int | None = None
    for row in _ROW.finditer(text):
        source = by_start.get(row.end())
        if source is None:
            continue
        topic = _topic(text, mentions, row.start(), topic)
        cue = cues.CUE_START.match(row["status"].split(None, 1)[1])
        if cue is None or topic is None or topic == source:
            continue
        kind = cues.kind_of(cue, None)
        if kind in _KINDS:
            yield source, topic, kind


def _topic(text: str, mentions: list[Mention], pos: int, known: int | None) -> int | None:
    """The table's document: the one named by "Lịch sử hiệu lực:" or by the row "Văn bản
    được ban hành X" before `pos`."""
    for match in _TOPIC.finditer(text, max(0, pos - 2000), pos):
        for mention in mentions:
            # "Lịch sử hiệu lực: Nghị định 57/2009/NĐ-CP": the type words lead the number.
            if mention.lead >= match.end() and mention.lead - match.end() <= 2:
                known = mention.doc
                break
    return known
