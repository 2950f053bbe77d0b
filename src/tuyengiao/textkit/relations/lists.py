"""Enumerations: a document that acts on a set it does not number, and the list that names
the set's members. Each member the list names is the act's object:

    Nghị định số Z bãi bỏ toàn bộ 8 nghị định gồm: Nghị định số A …
    Nghị định số B …                          (Z repeals A and B)

    … ban hành Thông tư số Z về việc bãi bỏ một số văn bản …
    Các văn bản bị bãi bỏ gồm Quyết định số A …; Thông tư số B …   (Z repeals A and B)

The second form is anaphoric: the passive's subject ("các văn bản bị bãi bỏ") is the set an
earlier clause announced, so its agent is the document that announced it."""

import re
from bisect import bisect_left
from collections.abc import Iterator

from tuyengiao.textkit.docnum import Mention
from tuyengiao.textkit.relations import cues

Found = tuple[int, int, str, int, int]  # source doc, target doc, kind, start, end

# What may stand between an acting document's number and its verb: the number's own
# parenthesis, its date, its issuer, a title's "về việc".
# A number's attributes: its parenthesis, its date, its issuer. (Atomic groups: a gap that
# is no such thing fails without trying every split of its words.)
_ATTRIBUTES = (
    r"(?>\s*\([^()\n]{0,80}\))?"
    # "… do Bộ trưởng Bộ Y tế vừa ký ban hành ngày …": who issued it.
    r"(?>\s*,?\s*do(?:\s+[^\s\d,.;:()]+){1,10}?\s+(?:vừa\s+)?(?:ký\s+)?ban\s+hành)?"
    r"(?>\s*,?\s*(?:ban\s+hành\s+)?ngày\s+\d{1,2}(?:[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
    r"(?>\s+của(?:\s+(?!về\s)[^\s\d,.;:()]+){1,6})?"
)
BRIDGE = re.compile(_ATTRIBUTES + r"\s*,?\s*(?:về\s+việc\s+|về\s+)?(?:đã\s+|sẽ\s+)?", re.IGNORECASE)
_BRIDGE_REACH = 110
_ACT = re.compile(rf"(?:{cues.CUES})(?!\w)", re.IGNORECASE)
# A set the text does not number: a quantifier, then the kind of its members (or the bare
# plural "văn bản …").
_SET = re.compile(
    r"\s*(?:toàn\s+bộ|một\s+phần|một\s+số|các|những|hàng\s+loạt|\d+|văn\s+bản)(?!\w)",
    re.IGNORECASE,
)
_MEMBERS = re.compile(rf"(?<!\w)(?:văn\s+bản|{cues.TYPE_WORD.pattern})(?!\w)", re.IGNORECASE)
_COUNT = re.compile(r"(?<!\w)(\d+)\s+(?=\S)")
# The words that open the list, ending the clause: "… gồm:", "… sau:", "… như sau:",
# "… bao gồm".
_OPENER_AT_END = re.compile(
    r"(?<!\w)(?:bao\s+gồm|gồm(?:\s+có)?|sau\s+đây|dưới\s+đây|như\s+sau|sau|cụ\s+thể(?:\s+là)?)"
    r"\s*:?\s*\Z",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.!?](?=\s)|[;:\n]")
_SET_REACH = 160
# The passive whose subject is an announced set: "Các văn bản bị bãi bỏ gồm …".
_SET_PASSIVE = re.compile(
    rf"(?<!\w)(?:các|những|\d+)\s+(?:[^\s.;:]+\s+){{0,8}}?(?:đã\s+|sẽ\s+)?(?:bị|được)\s+"
    rf"(?P<cue>{cues.CUES})(?:\s+[^\s.;:]+){{0,4}}?"
    rf"(?:\s+(?:bao\s+gồm|gồm(?:\s+có)?|là)\s*:?|\s*:)",
    re.IGNORECASE,
)
_ANAPHORA_REACH = 3000
_LAW_ACTS = frozenset({"repeals", "amends", "replaces"})
# What opens a list item before its document: a list mark, an additive connective
# ("Cùng với đó là", "Ngoài ra còn có"), "và".
_ITEM_HEAD = re.compile(
    r"[\s\-–+•*|]*(?:\d{1,2}[.)]\s*|[a-zđ]\)\s*)?"
    r"(?:(?:(?:cùng\s+với\s+đó|bên\s+cạnh\s+đó|ngoài\s+ra|đồng\s+thời)\s*,?\s*"
    r"(?:là|còn\s+có|có)|và)\s+)?",
    re.IGNORECASE,
)
_COORDINATED = re.compile(_ATTRIBUTES + r"\s*(?:,\s*và|,|và|;)\s*", re.IGNORECASE)
_ITEM_END = re.compile(r"[;\n]|[.!?](?=\s)")
_MAX_ITEMS = 60


def enumerations(text: str, mentions: list[Mention], types: list[str | None]) -> list[Found]:
    """(source, target, kind, start, end) stated by enumerations of documents."""
    found: list[Found] = []
    announced: list[tuple[int, int, str]] = []  # (position, acting doc, kind)
    leads = [m.lead for m in mentions]
    for i, actor in enumerate(mentions):
        # Literal checks first (every act word ends with one of these syllables): most
        # numbers have no act word after them, and those cost no regex and no call.
        window = text[actor.end : actor.end + _BRIDGE_REACH]
        if not ("bỏ" in window or "đổi" in window or "sung" in window or "hay" in window):
            continue
        act = _set_act(text, mentions, i, types)
        if act is None:
            continue
        kind, end, opener = act
        if opener is None:
            announced.append((end, actor.doc, kind))
            continue
        count = _COUNT.search(text, actor.end, end)
        limit = int(count.group(1)) if count else _MAX_ITEMS
        for item in _items(text, mentions, leads, opener, limit):
            found.append((actor.doc, item.doc, kind, actor.lead, item.end))
    if announced:
        found += _anaphoric(text, mentions, leads, announced, types)
    return found


def _set_act(
    text: str, mentions: list[Mention], i: int, types: list[str | None]
) -> tuple[str, int, int | None] | None:
    """When the document at `i` is the subject of a cue whose object is an unnumbered set of
    documents: the cue's kind, where the set ends, and where its list begins (None when the
    clause names no list)."""
    actor = mentions[i]
    cue = _first_act(text, actor.end)
    if cue is None or not _SET.match(text, cue.end()):
        return None
    kind = cues.kind_of(cue, types[actor.doc])
    if kind not in _LAW_ACTS:
        return None
    stop = _CLAUSE_END.search(text, cue.end(), cue.end() + _SET_REACH)
    end = stop.start() if stop else min(len(text), cue.end() + _SET_REACH)
    following = mentions[i + 1].lead if i + 1 < len(mentions) else len(text)
    inline = following < end  # "… gồm Nghị định số A": the list opens inside the clause
    if not inline and stop is not None and text[end] == ":":
        end += 1
    opener = _OPENER_AT_END.search(
        text, max(cue.end(), (following if inline else end) - 24), following if inline else end
    )
    if inline and opener is None:
        return None  # the object is the number itself, read elsewhere
    if not _MEMBERS.search(text, cue.end(), opener.start() if opener else end):
        return None
    if opener is not None:
        return kind, opener.start(), opener.end()
    return kind, end, None


def _first_act(text: str, pos: int) -> re.Match[str] | None:
    """The act word that follows the number ending at `pos`, its attributes between them."""
    window = text[pos : pos + _BRIDGE_REACH]
    # The act word begins one word before its second syllable ("bãi bỏ", "sửa đổi",
    # "bổ sung"), or at the "t" of "thay".
    second = [at for at in (window.find("bỏ"), window.find("đổi"), window.find("sung")) if at > 0]
    starts = [window.rfind(" ", 0, min(second) - 1) + 1] if second else []
    thay = window.find("hay")
    if thay >= 1:
        starts.append(thay - 1)
    for start in sorted(starts):
        cue = _ACT.match(text, pos + start)
        if cue is not None:
            return cue if BRIDGE.fullmatch(text, pos, cue.start()) else None
    return None


def _anaphoric(
    text: str,
    mentions: list[Mention],
    leads: list[int],
    announced: list[tuple[int, int, str]],
    types: list[str | None],
) -> Iterator[Found]:
    """ "Các văn bản bị bãi bỏ gồm A; B": the set an earlier clause announced."""
    for match in _SET_PASSIVE.finditer(text, announced[0][0]):
        kind = cues.kind_of(match, None)
        if not _MEMBERS.search(text, match.start(), match.start("cue")):
            continue
        source = _announcer(announced, match.start(), kind)
        if source is None:
            continue
        for item in _items(text, mentions, leads, match.end(), _MAX_ITEMS):
            if item.doc != source:
                yield source, item.doc, kind, match.start(), item.end


def _announcer(announced: list[tuple[int, int, str]], pos: int, kind: str) -> int | None:
    """The document whose announced set of this kind is the nearest before `pos`."""
    for end, doc, said in reversed(announced):
        if end <= pos and said == kind:
            return doc if pos - end <= _ANAPHORA_REACH else None
    return None


def _items(
    text: str, mentions: list[Mention], leads: list[int], start: int, limit: int
) -> list[Mention]:
    """The document each item of the list at `start` opens with. An item runs to ";", a line
    end or a sentence end; the list ends at the first item that does not open with a
    document (documents inside an item's title are not members)."""
    items: list[Mention] = []
    pos = start
    while len(items) < limit:
        i = bisect_left(leads, pos)
        if i == len(mentions):
            break
        member = mentions[i]
        head = _ITEM_HEAD.match(text, pos, member.lead)
        if head is None or head.end() != member.lead:
            break
        items.append(member)
        # Numbers coordinated right after it (its attributes between) are members too:
        # "gồm Thông tư số A ngày 1/3/2019 và Thông tư số B".
        while i + 1 < len(mentions) and len(items) < limit:
            if not _COORDINATED.fullmatch(text, mentions[i].end, mentions[i + 1].lead):
                break
            i += 1
            items.append(mentions[i])
        end = _ITEM_END.search(text, mentions[i].end)
        if end is None:
            break
        pos = end.end()
    return items


def listed_members(text: str, mentions: list[Mention], cue_end: int) -> list[Mention] | None:
    """The members of the unnumbered set a cue of the text's own document announces and
    lists after a colon or "sau:": "Điều 2. Bãi bỏ các văn bản sau:\n1. Quyết định số A …\n2.
    Quyết định số B …" (the document acts on A and B). None when no such list follows."""
    if not _SET.match(text, cue_end):
        return None
    stop = _CLAUSE_END.search(text, cue_end, cue_end + _SET_REACH)
    if stop is None or text[stop.start()] != ":":
        return None
    end = stop.start()
    if not _MEMBERS.search(text, cue_end, end):
        return None
    count = _COUNT.search(text, cue_end, end)
    limit = int(count.group(1)) if count else _MAX_ITEMS
    leads = [m.lead for m in mentions]
    items = _items(text, mentions, leads, end + 1, limit)
    return items or None
