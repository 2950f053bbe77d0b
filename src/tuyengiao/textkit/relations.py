"""Relations between cited documents, as the text states them (DOMAIN.md §1).

Only neighbouring mentions inside one sentence are compared, and only the words between
them (or in front of the first) are read: "Kết luận số 88-KL/TU về tiếp tục thực hiện
Nghị quyết số 09-NQ/TU" gives 88-KL/TU continues 09-NQ/TU; "Thực hiện Nghị quyết X, …
ban hành Kế hoạch số Y" gives Y implements X.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from tuyengiao.textkit.docnum import DocScan, Mention
from tuyengiao.textkit.frozen import fast_init

KINDS = ("continues", "concretizes", "implements", "guides", "repeals", "amends", "replaces")

# The cue words, most specific first; a group name is the relation kind.
_CUES = (
    r"(?P<continues>tiếp tục(?:\s+(?:lãnh đạo|chỉ đạo|đẩy mạnh|thực hiện|triển khai|quán triệt"
    r"|tổ chức|,)){1,4})"
    r"|(?P<concretizes>cụ thể h(?:óa|oá))"
    r"|(?P<guides>hướng dẫn(?:\s+(?:thực hiện|triển khai|việc thực hiện))?)"
    r"|(?P<repeals>bãi bỏ)"
    r"|(?P<amends>sửa đổi(?:,?\s+bổ sung)?|bổ sung)"
    r"|(?P<replaces>thay thế)"
    r"|(?P<implements>triển khai(?:\s+thực hiện)?|thực hiện|thi hành)"
)
_FILLER = r"(?:\s+[^\s,.;:()“”]+){0,6}?"  # "có hiệu quả", "một số điều của"
# A cue at the end of the words between two mentions: source is the first.
_CUE_BETWEEN = re.compile(rf"(?<!\w)(?:{_CUES}){_FILLER}\s*[(“\"]?\s*$", re.IGNORECASE)
# The passive: "X được thay thế bởi Y" — source is the second.
_PASSIVE = re.compile(
    r"(?<!\w)(?:được|bị)\s+(?:(?P<repeals>bãi bỏ)|(?P<amends>sửa đổi(?:,?\s+bổ sung)?)"
    r"|(?P<replaces>thay thế))\s+(?:bởi|bằng|theo|tại)\s*$",
    re.IGNORECASE,
)
_ISSUE_VERB = re.compile(
    r"(?<!\w)(?:ban hành|xây dựng|đã ban hành|ra|có|thành|bằng)\s*$", re.IGNORECASE
)
_COORDINATE = re.compile(r"^[^.;:\n]*?(?:,|\s)\s*(?:và|cùng|,)\s*$")
# ". " or a line feed; one class first, so that sre skips to candidates.
_SENTENCE_BREAK = re.compile(r"[.!?;\n](?:(?<=\n)|\s|$)")


@fast_init
@dataclass(frozen=True, slots=True)
class Relation:
    source: str
    target: str
    kind: str
    start: int  # the stretch of text that states it
    end: int


def find_relations(text: str, scan: DocScan) -> list[Relation]:
    """Relations stated between the documents of `scan`, without duplicates."""
    symbols = [doc.symbol for doc in scan.documents]
    types = [doc.type_code for doc in scan.documents]
    found: dict[tuple[str, str, str], Relation] = {}
    mentions = scan.mentions
    incoming: dict[int, tuple[int, str]] = {}  # mention index → (source mention, kind)
    outgoing: dict[int, tuple[int, str]] = {}  # mention index → (target mention, kind)
    for i in range(1, len(mentions)):
        prev, cur = mentions[i - 1], mentions[i]
        if _SENTENCE_BREAK.search(text, prev.end, cur.lead):
            continue
        stated = _between(text, mentions, i, types)
        if stated is None and _ISSUE_VERB.search(text, prev.end, cur.lead):
            stated = _front(text, mentions, i, types)
        coordinated = stated is None and _COORDINATE.match(text[prev.end : cur.lead])
        if coordinated and i - 1 in incoming:
            # "thực hiện Nghị quyết X và Kết luận Y": Y shares X's relation.
            stated = (incoming[i - 1][0], i, incoming[i - 1][1])
        elif coordinated and i - 1 in outgoing:
            # "… ban hành Kế hoạch X và Chương trình Y": Y answers the same document.
            stated = (i, outgoing[i - 1][0], outgoing[i - 1][1])
        if stated is None:
            continue
        source, target, kind = stated
        incoming[target] = (source, kind)
        outgoing[source] = (target, kind)
        a, b = mentions[source], mentions[target]
        key = (symbols[a.doc], symbols[b.doc], kind)
        if a.doc != b.doc and key not in found:
            lo, hi = min(a.lead, b.lead), max(a.end, b.end)
            found[key] = Relation(*key, lo, hi)
    for relation in _from_titles(text, scan):
        found.setdefault((relation.source, relation.target, relation.kind), relation)
    return list(found.values())


def _from_titles(text: str, scan: DocScan) -> list[Relation]:
    """A title under a header names what the document answers: "KẾ HOẠCH / thực hiện
    Kết luận số 224-KL/TU" (the title is not in the number's sentence)."""
    found: list[Relation] = []
    leads = [m.lead for m in scan.mentions]
    for index, doc in enumerate(scan.documents):
        if doc.title_span is None:
            continue
        start, end = doc.title_span
        for mention in scan.mentions[bisect_left(leads, start) :]:
            if mention.lead >= end:
                break
            if mention.doc == index or mention.end > end:
                continue
            cue = _CUE_BETWEEN.search(text, start, mention.lead)
            if cue:
                target = scan.documents[mention.doc].symbol
                kind = _kind(cue, doc.type_code)
                found.append(Relation(doc.symbol, target, kind, start, mention.end))
            break  # only the first document a title names
    return found


def _kind(match: re.Match[str], source_type: str | None) -> str:
    groups = match.groupdict()
    kind = next(name for name in KINDS if groups.get(name))
    if kind == "implements" and source_type == "HD":
        return "guides"
    return kind


def _between(
    text: str, mentions: list[Mention], i: int, types: list[str | None]
) -> tuple[int, int, str] | None:
    prev, cur = mentions[i - 1], mentions[i]
    lo = max(prev.end, cur.lead - 400)
    if passive := _PASSIVE.search(text, lo, cur.lead):
        return i, i - 1, _kind(passive, types[cur.doc])
    if cue := _CUE_BETWEEN.search(text, lo, cur.lead):
        return i - 1, i, _kind(cue, types[prev.doc])
    return None


def _front(
    text: str, mentions: list[Mention], i: int, types: list[str | None]
) -> tuple[int, int, str] | None:
    """The cue stands before the first mention; the second was issued to answer it."""
    prev = mentions[i - 1]
    floor = max(mentions[i - 2].end if i >= 2 else 0, prev.lead - 160)
    clause = text[floor : prev.lead]
    breaks = list(_SENTENCE_BREAK.finditer(clause))
    if breaks:
        clause = clause[breaks[-1].end() :]
    cue = _CUE_BETWEEN.search(clause)
    if cue is None:
        return None
    return i, i - 1, _kind(cue, types[mentions[i].doc])
