"""A legal registry's page about one document (vbpl.vn, thuvienphapluat.vn and their kind):
the documents related to it, grouped under a heading that names the relation, or in a field
of its properties.

    Quyết định 25/2015/QĐ-UBND về giá đất          (the page's document: the topic)
    Văn bản bị thay thế                           (the topic replaced these)
    1. Quyết định 10/2010/QĐ-UBND ban hành …
    Văn bản sửa đổi, bổ sung                      (these amended the topic)
    1. Quyết định 12/2017/QĐ-UBND sửa đổi …
    Văn bản thay thế: Quyết định 30/2019/QĐ-UBND  (a field: this replaced the topic)

The passive heading ("bị thay thế", "được sửa đổi") lists what the topic acted on; the active
one ("thay thế", "sửa đổi") lists what acted on the topic. Each item line gives the document
it opens with; documents inside an item's title belong to that title. Only the acts of law
are read: a list of guiding or cited documents states no act."""

import re
from bisect import bisect_left
from collections.abc import Iterator

from tuyengiao.textkit.docnum import Mention

# The heading, alone on its line (a count or a colon may follow) or a field's label before
# its value.
_HEADING = re.compile(
    r"(?m)^[ \t|•*+\-–]*Văn bản[ \t]+(?P<passive>(?:được|bị)[ \t]+)?"
    r"(?:(?P<replaces>thay thế)|(?P<repeals>bãi bỏ|hủy bỏ|huỷ bỏ)"
    r"|(?P<amends>sửa đổi(?:,?[ \t]+bổ sung)?|bổ sung))"
    r"(?:[ \t]+(?:1|một)[ \t]+phần)?[ \t]*(?:\(\d+\))?[ \t]*:?[ \t|]*"
)
_KINDS = ("replaces", "repeals", "amends")
# What ends a group: the next heading of any group ("Văn bản căn cứ", "Văn bản hướng dẫn",
# "Lược đồ", "Lịch sử hiệu lực") at a line start.
_GROUP_END = re.compile(r"(?m)^[ \t|•*+\-–]*(?:Văn bản[ \t]|Lịch sử|Lược đồ|Thuộc tính|Nội dung)")
_GROUP_REACH = 4000
# What may open an item line before its document: a list mark, its rank, the type words.
_ITEM_REACH = 40
_TOPIC_LABEL = re.compile(
    r"(?:Số hiệu|Số ký hiệu|Ký hiệu|Lịch sử hiệu lực)[ \t]*:?[ \t|]*", re.IGNORECASE
)
# The heading's words, found by their literal start ("Văn bản"): most pages have none, and
# those that have them are then checked for a heading line.
_HEADING_WORDS = re.compile(
    r"Văn bản[ \t]+(?:(?:được|bị)[ \t]+)?(?:thay thế|bãi bỏ|hủy bỏ|huỷ bỏ|sửa đổi|bổ sung)"
)
_MARKS = " \t|•*+-–"


def _headings(text: str) -> list[re.Match[str]]:
    found = []
    for words in _HEADING_WORDS.finditer(text):
        line_start = text.rfind("\n", 0, words.start()) + 1
        if text[line_start : words.start()].strip(_MARKS):
            continue
        heading = _HEADING.match(text, line_start)
        if heading is not None:
            found.append(heading)
    return found


def registry_relations(
    text: str, mentions: list[Mention], own: int | None
) -> Iterator[tuple[int, int, str]]:
    """(source doc, target doc, kind) stated by the page's related-document groups and by
    its subjectless status lines."""
    yield from _status_lines(text, mentions, own)
    headings = _headings(text)
    if not headings:
        return
    topic = own if own is not None else _topic(text, mentions, headings[0].start())
    if topic is None:
        return
    leads = [m.lead for m in mentions]
    for heading in headings:
        kind = next(name for name in _KINDS if heading[name])
        for item in _items(text, mentions, leads, heading):
            if item.doc == topic:
                continue
            if heading["passive"]:
                yield topic, item.doc, kind
            else:
                yield item.doc, topic, kind


def _items(
    text: str, mentions: list[Mention], leads: list[int], heading: re.Match[str]
) -> list[Mention]:
    """The document each item of the group opens with: on the heading's own line (a field's
    value, "…; …" for several), else on each line down to the next group."""
    line_end = text.find("\n", heading.end())
    line_end = len(text) if line_end < 0 else line_end
    if text[heading.end() : line_end].strip():
        return _on_line(text, mentions, leads, heading.end(), line_end)
    end = _GROUP_END.search(text, line_end + 1, line_end + 1 + _GROUP_REACH)
    stop = end.start() if end else min(len(text), line_end + 1 + _GROUP_REACH)
    items: list[Mention] = []
    pos = line_end + 1
    while pos < stop:
        nl = text.find("\n", pos, stop)
        nl = stop if nl < 0 else nl
        first = _first_mention(mentions, leads, pos, nl)
        if first is not None and first.lead - pos <= _ITEM_REACH:
            items.append(first)
        pos = nl + 1
    return items


def _on_line(
    text: str, mentions: list[Mention], leads: list[int], start: int, end: int
) -> list[Mention]:
    """A field's value: its first document, and the first of each part after ";"."""
    items: list[Mention] = []
    pos = start
    while pos < end:
        stop = text.find(";", pos, end)
        stop = end if stop < 0 else stop
        first = _first_mention(mentions, leads, pos, stop)
        if first is not None and first.lead - pos <= _ITEM_REACH:
            items.append(first)
        pos = stop + 1
    return items


def _first_mention(mentions: list[Mention], leads: list[int], lo: int, hi: int) -> Mention | None:
    i = bisect_left(leads, lo)
    return mentions[i] if i < len(mentions) and mentions[i].lead < hi else None


def _topic(text: str, mentions: list[Mention], first_heading: int) -> int | None:
    """The page's own document: the one a "Số hiệu:" or "Lịch sử hiệu lực:" field names, else
    the first document the page names before its first group."""
    for label in _TOPIC_LABEL.finditer(text, 0, first_heading):
        for mention in mentions:
            if mention.lead >= label.end():
                if mention.lead - label.end() <= _ITEM_REACH:
                    return mention.doc
                break
    if mentions and mentions[0].lead < first_heading:
        return mentions[0].doc
    return None


# A line (or a field's value) that opens with a passive act and its agent and names no
# subject: "Lý do hết hiệu lực: Bị thay thế bởi Nghị định số 129/2015/NĐ-CP", "Tình trạng:
# Đã bị bãi bỏ bởi X". Its subject is the page's document.
_PASSIVE_LINE = re.compile(
    r"[ \t|•*+\-–]*(?:[^\n:|]{0,40}[:|][ \t|]*)?(?:[Đđ]ã[ \t]+)?(?:[Bb]ị|[Đđ]ược)[ \t]+"
    r"(?:(?:thay thế|bãi bỏ|hủy bỏ|huỷ bỏ|sửa đổi|bổ sung)[ \t]*,?[ \t]*)*?"
    r"(?:(?P<replaces>thay thế)|(?P<repeals>bãi bỏ|hủy bỏ|huỷ bỏ)"
    r"|(?P<amends>sửa đổi(?:,?[ \t]+bổ sung)?|bổ sung))"
    r"(?:[ \t]+(?:1|một)[ \t]+phần)?[ \t]+(?:bởi|bằng)[ \t]+"
)


def _status_lines(
    text: str, mentions: list[Mention], own: int | None
) -> Iterator[tuple[int, int, str]]:
    lines = _passive_lines(text)
    if not lines:
        return
    topic = own if own is not None else _topic(text, mentions, lines[0].start())
    if topic is None:
        return
    leads = [m.lead for m in mentions]
    for line in lines:
        agent = _first_mention(mentions, leads, line.end(), line.end() + _ITEM_REACH)
        if agent is None or agent.doc == topic:
            continue
        kind = next(name for name in _KINDS if line[name])
        yield agent.doc, topic, kind


_LINE_REACH = 120  # a status line's label, verb and preposition fit in this many characters


def _passive_lines(text: str) -> list[re.Match[str]]:
    """The status lines: read from each agent's preposition back to its line's start (the
    prepositions are few; most lines hold none)."""
    found: list[re.Match[str]] = []
    done = -1
    for word in (" bởi ", " bằng "):
        at = text.find(word)
        while at >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            if line_start != done and at - line_start <= _LINE_REACH:
                line = _PASSIVE_LINE.match(text, line_start)
                if line is not None and line.end() == at + len(word):
                    found.append(line)
                    done = line_start
            at = text.find(word, at + 1)
    found.sort(key=lambda line: line.start())
    return found
