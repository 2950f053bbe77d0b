"""Relations read from the clauses of running text: neighbouring documents with a cue
between them (a sentence that opens with a cue is read in `openings`)."""

import re
from itertools import pairwise

from tuyengiao.textkit.docnum import Mention
from tuyengiao.textkit.relations import cues

Found = tuple[int, int, str, int, int]  # source doc, target doc, kind, start, end

# The verb that makes the next document the acting one: "… ban hành Kế hoạch số Y".
# The type may be abbreviated in press copy: "ban hành KH số 12-KH/TU".
ISSUE_VERB = re.compile(
    r"(?<!\w)(?:ban\s+hành|xây\s+dựng|đã\s+ban\s+hành|ra|có|thành|bằng)"
    rf"(?:\s+(?:{cues.TYPE_WORD.pattern}|(?-i:[A-ZĐ]{{2,5}}))(?:\s+[^\s\d,.;:]+){{0,2}})?\s*$",
    re.IGNORECASE,
)
COORDINATED = re.compile(r"\s*(?:,|và|cùng)\s*$", re.IGNORECASE)


def breaks(text: str, mentions: list[Mention]) -> tuple[list[bool], list[bool]]:
    """For each mention, whether a clause break (`;` included) and whether a sentence break
    stands between it and the previous one."""
    clause, sentence = [True], [True]
    for prev, cur in pairwise(mentions):
        if cur.lead < prev.end:
            clause.append(True)
            sentence.append(False)
            continue
        # Most neighbours are sentences apart: the first sure break answers both.
        sure = cues.SURE_BREAK.search(text, prev.end, cur.lead)
        if sure is not None and sure.group() != ";":
            clause.append(True)
            sentence.append(True)
            continue
        hard = cues.broken(text, prev.end, cur.lead, soft=False)
        clause.append(hard or sure is not None or cues.broken(text, prev.end, cur.lead))
        sentence.append(hard)
    return clause, sentence


# ----------------------------------------------------------------------- neighbouring pairs


def pair_relations(
    text: str, mentions: list[Mention], types: list[str | None], apart: list[bool]
) -> list[Found]:
    stated: list[list[tuple[int, int, str]] | None] = [None]
    for i in range(1, len(mentions)):
        prev, cur = mentions[i - 1], mentions[i]
        if apart[i]:
            stated.append(_after_semicolon(text, prev, cur, i))
            continue
        pairs = _between(text, mentions, i, types)
        if pairs is None and ISSUE_VERB.search(text, max(prev.end, cur.lead - 60), cur.lead):
            pairs = _front(text, mentions, i, types)
        stated.append(pairs or ([] if pairs is not None else None))
    found: list[Found] = []
    incoming: dict[int, tuple[int, str]] = {}  # mention index → (source mention, kind)
    outgoing: dict[int, tuple[int, str]] = {}  # mention index → (target mention, kind)
    for i in range(1, len(mentions)):
        pairs = stated[i] or []
        prev, cur = mentions[i - 1], mentions[i]
        coordinated = (
            stated[i] is None
            and not apart[i]
            and COORDINATED.search(text, prev.end, cur.lead)
            and (not _acts(stated, i) or _law_list_member(text, mentions, incoming, i))
        ) or _semicolon_member(text, mentions, stated, incoming, i, apart[i])
        if coordinated and i - 1 in incoming:
            # "thực hiện Nghị quyết X và Kết luận Y": Y shares X's relation.
            pairs = [(incoming[i - 1][0], i, incoming[i - 1][1])]
        elif coordinated and i - 1 in outgoing:
            # "… ban hành Kế hoạch X và Chương trình Y": Y answers the same document.
            pairs = [(i, outgoing[i - 1][0], outgoing[i - 1][1])]
        for source, target, kind in pairs:
            if source == SAME_SUBJECT:
                if i - 1 not in incoming:
                    continue
                source = incoming[i - 1][0]
            incoming[target] = (source, kind)
            outgoing[source] = (target, kind)
            a, b = mentions[source], mentions[target]
            found.append((a.doc, b.doc, kind, min(a.lead, b.lead), max(a.end, b.end)))
    return found


def _law_list_member(
    text: str, mentions: list[Mention], incoming: dict[int, tuple[int, str]], i: int
) -> bool:
    """Whether document `i`, coordinated after the object of an act of law, is one more
    object though a verb follows it: named with its date or issuer first, the verb is its
    title's ("thay thế Nghị định A … và Nghị định B ngày … của Chính phủ sửa đổi, bổ sung
    Nghị định A": B is replaced too), not a new clause's ("… và Kế hoạch Y thực hiện B")."""
    if i - 1 not in incoming or incoming[i - 1][1] not in _LAW_ACTS or i + 1 >= len(mentions):
        return False
    return _NAMED_FIRST.match(text, mentions[i].end, mentions[i + 1].lead) is not None


def _semicolon_member(
    text: str,
    mentions: list[Mention],
    stated: list[list[tuple[int, int, str]] | None],
    incoming: dict[int, tuple[int, str]],
    i: int,
    apart: bool,
) -> bool:
    """Whether document `i`, right after a ";" that ends the title of an act of law's object
    ("Chỉ thị này thay thế Chỉ thị số A, ngày … về …; Kết luận số B, ngày … về …"), is the
    next object of that act: the list goes on, no subject or verb opens a new clause."""
    if not apart or stated[i] or i - 1 not in incoming or incoming[i - 1][1] not in _LAW_ACTS:
        return False
    prev, cur = mentions[i - 1], mentions[i]
    semi = text.rfind(";", prev.end, cur.lead)
    if semi < 0 or text[semi + 1 : cur.lead].strip() or cues.broken(text, prev.end, semi):
        return False
    return not _acts(stated, i) or _law_list_member(text, mentions, incoming, i)


# A document's date or issuer right after its number: what follows is its title.
_NAMED_FIRST = re.compile(r"\s*,?\s*(?:ngày|của)(?!\w)", re.IGNORECASE)


def passive_lists(text: str, mentions: list[Mention], types: list[str | None]) -> list[Found]:
    """ "X … được sửa đổi, bổ sung bởi:" and a list: each item's first document is a source;
    "X thay thế các quyết định sau:" and a list: each is a target."""
    found: list[Found] = []
    for i in range(len(mentions) - 1):
        colon = text.find(":", mentions[i].end, mentions[i + 1].lead)
        if colon < 0 or not _COLON_EOL.match(text, colon):
            continue
        lo = max(mentions[i].end, colon - cues.CUE_REACH)
        passive = cues.passive_before(text, lo, colon + 1)
        if passive is not None:
            subject = mentions[_subject(text, mentions, i)]
            for item in _list_items(text, mentions, i + 1, colon):
                kind = cues.passive_kind(passive, types[item.doc])
                if kind:
                    found.append((item.doc, subject.doc, kind, subject.lead, item.end))
            continue
        # The active: "Quyết định này thay thế các quyết định sau:" and a list.
        active = cues.cue_before(text, lo, colon)
        head = mentions[i]
        if active is None or not cues.is_head(text, cues.clause_start(text, head.lead), head.lead):
            continue
        kind = cues.kind_of(active, types[head.doc])
        for item in _list_items(text, mentions, i + 1, colon):
            found.append((head.doc, item.doc, kind, head.lead, item.end))
    return found


_COLON_EOL = re.compile(r":[ \t\r]*\n")
_LIST_END = re.compile(r"\n[ \t\r]*\n|\n[ \t]*(?:Căn cứ|Điều \d|Xét|Theo đề nghị)")
_ITEM = re.compile(r"\n[ \t]*(?:\d{1,2}[.)]|[-+•*–]|[a-zđ]\))")
_LIST_REACH = 1500


def _list_items(text: str, mentions: list[Mention], first: int, colon: int) -> list[Mention]:
    """The first document of each list item after `colon`."""
    items: list[Mention] = []
    end = _LIST_END.search(text, colon, colon + _LIST_REACH)
    stop = end.start() if end else min(len(text), colon + _LIST_REACH)
    marks = [m.end() for m in _ITEM.finditer(text, colon, stop)]
    if not marks:
        return items  # no list marks: not a list this reads
    for mark, next_mark in zip(marks, [*marks[1:], stop], strict=True):
        inside = [m for m in mentions[first:] if mark <= m.lead < next_mark]
        if inside:
            items.append(inside[0])
    return items


def _acts(stated: list[list[tuple[int, int, str]] | None], i: int) -> bool:
    """Whether the document at `i` has an object of its own right after it ("… Kế hoạch X
    thực hiện A và Chương trình Y thực hiện B"): then it shares nothing with X."""
    after = stated[i + 1] if i + 1 < len(stated) else None
    return bool(after) and any(i in (source, target) for source, target, _ in after or ())


# "Chương trình hành động của Chính phủ thực hiện Nghị quyết X (ban hành kèm theo Nghị quyết
# số Y)": the unnumbered document is the one the parenthesis names.
_ISSUED_AS = re.compile(
    r"\s*\(\s*(?:được\s+|đã\s+được\s+)?ban\s+hành\s+(?:tại|kèm\s+theo|theo|bằng)\s*$",
    re.IGNORECASE,
)


def _between(
    text: str, mentions: list[Mention], i: int, types: list[str | None]
) -> list[tuple[int, int, str]] | None:
    """The relations the words between two neighbouring documents state: a list (possibly
    empty when a cue is there but is not the previous document's), or None without a cue."""
    prev, cur = mentions[i - 1], mentions[i]
    lo = max(prev.end, cur.lead - cues.CUE_REACH)
    if passive := cues.passive_before(text, lo, cur.lead):
        kind = cues.passive_kind(passive, types[cur.doc])
        return [(i, _subject(text, mentions, i - 1), kind)] if kind else []
    cue = cues.cue_before(text, lo, cur.lead) or cues.partitive_before(
        text, max(prev.end, cur.lead - cues.PARTITIVE_REACH), cur.lead
    )
    if cue is None:
        cue = _over_unnumbered(text, mentions, i, types)
    if cue is None:
        return None
    if cues.is_review(text, lo, cue.start()):
        return []
    tail = cues.coordinated_tail(text[prev.end : cue.start()])
    if tail is not None and cues.TYPE_WORD.search(tail):
        # "X … và Chương trình hành động … thực hiện Y": the cue is the new noun phrase's,
        # known by number only if a parenthesis names it.
        return [
            (j, i, cues.kind_of(cue, types[mentions[j].doc])) for j in _named(text, mentions, i)
        ]
    # "X …, thay thế Y" is X's only when X opens the clause; "Thực hiện X … và triển khai Y"
    # belongs to the sentence's acting document.
    if tail is not None and not tail.strip() and not _subject_of_next_verb(text, prev):
        # The verb shares the subject of the verb whose object X is: "Nghị định Z thay thế
        # X và bãi bỏ Y" (resolved by the caller; nothing when that subject is no document).
        return [(SAME_SUBJECT, i, cues.kind_of(cue, None))]
    if tail and tail.strip() and _agent_between(text, prev, tail):
        return []  # "Thực hiện X, Ban Tuyên giáo bổ sung Y": the agent acts, not X
    if _delegated(text, prev.end, cue.start()):
        return []  # "Kế hoạch X …, trong đó giao các sở thực hiện Y": the agent acts
    if _passive_without_source(text, lo, cue.start()):
        return []  # "X được Tỉnh ủy cụ thể hóa thành Chương trình …": read as passive or not at all
    kind = cues.kind_of(cue, types[prev.doc])
    if kind == "implements" and about(text, lo, cue.start(), types[prev.doc]):
        return []  # a report about implementing X does not implement X
    return [(i - 1, i, kind)]


def _over_unnumbered(
    text: str, mentions: list[Mention], i: int, types: list[str | None]
) -> re.Match[str] | None:
    """The cue of "X thực hiện Nghị quyết Đại hội … và Nghị quyết số Y": Y is coordinated
    with the cue's unnumbered first object, when it has that object's type or no verb of its
    own follows it ("… và Chương trình số Y thực hiện Z" makes Y a new subject)."""
    prev, cur = mentions[i - 1], mentions[i]
    found = cues.cue_over_unnumbered(text, max(prev.end, cur.lead - 200), cur.lead)
    if found is None:
        return None
    cue, code = found
    if code == types[cur.doc]:
        return cue
    stop = mentions[i + 1].lead if i + 1 < len(mentions) else min(len(text), cur.end + 160)
    if cues.ANY_CUE.search(text, cur.end, min(stop, cur.end + 160)):
        return None
    return cue


# A verb that hands a task to an agent: "giao các sở", "yêu cầu các cấp ủy".
_DELEGATING = re.compile(
    r"(?<!\w)(?:giao|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|phân\s+công|đôn\s+đốc)(?!\w)", re.IGNORECASE
)


def _delegated(text: str, lo: int, cue_start: int) -> bool:
    """Whether a delegating verb and its agent stand between a document and a cue: the cue
    is the agent's task, not the document's act ("chỉ đạo triển khai X", with no agent
    between, is the document's)."""
    verb = cues.last_match(_DELEGATING.finditer(text, lo, cue_start))
    return verb is not None and bool(text[verb.end() : cue_start].split())


_ABOUT = re.compile(r"(?<!\w)về\s+việc\s*$", re.IGNORECASE)


def about(text: str, lo: int, cue_start: int, source_type: str | None) -> bool:
    """Whether the document before an "implements" cue only speaks about implementing: a
    report ("Báo cáo X … thực hiện Y"), or a letter whose subject line it is ("Công văn X …
    về việc triển khai thực hiện Y"); a conclusion or plan "về việc …" acts."""
    if source_type == "BC":
        return True
    return (
        source_type == "CV" and _ABOUT.search(text, max(lo, cue_start - 20), cue_start) is not None
    )


# The words of a number's attributes and title: its date, its issuer, "về (việc)".
_OWN_WORDS = re.compile(r"(?<!\w)(?:về|ngày|của|tại|năm)", re.IGNORECASE)


def _agent_between(text: str, prev: Mention, tail: str) -> bool:
    """Whether a subject other than document `prev` stands before the cue: `prev` is itself
    a cue's object ("Thực hiện X, Ban Tuyên giáo bổ sung Y") and the words after the last
    coordinator are not its attributes or title ("triển khai X, ngày …, của Ban Bí thư về
    việc tiếp tục …")."""
    if _OWN_WORDS.search(tail):
        return False
    return cues.cue_before(text, max(0, prev.lead - cues.CUE_REACH), prev.lead) is not None


_LAW_ACTS = frozenset({"repeals", "amends", "replaces"})
_SEMICOLON_REACH = 200  # the attributes and title of `prev` before its clause's ";"


def _after_semicolon(
    text: str, prev: Mention, cur: Mention, i: int
) -> list[tuple[int, int, str]] | None:
    """ "Z bãi bỏ A; thay thế B": a clause after ";" that opens with an act of law and no
    subject shares the subject of the clause before (resolved by the caller)."""
    semi = text.rfind(";", prev.end, cur.lead)
    if semi < 0 or semi < cur.lead - cues.CUE_REACH or semi - prev.end > _SEMICOLON_REACH:
        return None  # the cue stands right after ";", which ends the clause of `prev`
    if cues.broken(text, prev.end, semi, soft=False):
        return None
    if cues.SURE_BREAK.search(text, semi + 1, cur.lead):
        return None
    cue = cues.cue_before(text, semi + 1, cur.lead)
    if cue is None or text[semi + 1 : cue.start()].strip() not in ("", "và"):
        return None
    kind = cues.kind_of(cue, None)
    return [(SAME_SUBJECT, i, kind)] if kind in _LAW_ACTS else None


SAME_SUBJECT = -1  # a source to be read from the previous relation
# "được"/"bị" and the passive's verb before a cue; a purpose word ends the passive: in "Kế
# hoạch Y được ban hành nhằm triển khai X", Y is issued to implement X (Y is the subject).
_PASSIVE_MARK = re.compile(
    r"(?<!\w)(?:được|bị)(?:\s+(?!(?:nhằm|để)(?!\w))[^\s,.;:()]+){0,5}?\s*$", re.IGNORECASE
)


# "Kế hoạch Y được ban hành thay cho Kế hoạch X": the passive is the issuing verb's; the cue
# after it is what the issued document does.
_ISSUED_PASSIVE = re.compile(r"(?<!\w)(?:được|đã\s+được)\s+ban\s+hành\s*$", re.IGNORECASE)


def _passive_without_source(text: str, lo: int, cue_start: int) -> bool:
    if _ISSUED_PASSIVE.search(text, max(lo, cue_start - 30), cue_start):
        return False
    return _PASSIVE_MARK.search(text, max(lo, cue_start - 60), cue_start) is not None


def _subject_of_next_verb(text: str, prev: Mention) -> bool:
    """Whether a verb coordinated after document `prev` ("X …, thay thế Y") has X as its
    subject: X opens its clause or was just issued ("ban hành Quyết định X …, thay thế Y");
    not when X is itself a cue's object ("Thực hiện X … và triển khai Y")."""
    if ISSUE_VERB.search(text, max(0, prev.lead - 60), prev.lead):
        return True
    if cues.cue_before(text, max(0, prev.lead - cues.CUE_REACH), prev.lead):
        return False
    return cues.is_head(text, cues.clause_start(text, prev.lead), prev.lead)


def _named(text: str, mentions: list[Mention], i: int) -> list[int]:
    """The documents a parenthesis right after mention `i` says the subject was issued as."""
    named: list[int] = []
    j = i + 1
    while j < len(mentions):
        gap = text[mentions[j - 1].end : mentions[j].lead]
        if not named and (len(gap) > 160 or not _ISSUED_AS.search(gap)):
            break
        if named and not COORDINATED.search(gap):
            break
        named.append(j)
        j += 1
    return named


def _subject(text: str, mentions: list[Mention], j: int) -> int:
    """The passive's subject: the document its clause opens with, else the nearest. A clause
    coordinated after an earlier passive's agent opens with its own subject: in "X bị bãi
    bỏ bởi Y và Z được sửa đổi bởi W", Z (not X) is what W amends."""
    start = cues.clause_start(text, mentions[j].lead)
    first = j
    while first > 0 and mentions[first - 1].lead >= start:
        first -= 1
    for k in range(j, first, -1):
        if _AFTER_AGENT.search(text, mentions[k - 1].end, mentions[k].lead) and _AGENT.search(
            text,
            max(mentions[k - 2].end if k >= 2 else 0, mentions[k - 1].lead - 40),
            mentions[k - 1].lead,
        ):
            return k
    if first != j and cues.is_head(text, start, mentions[first].lead):
        return first
    return j


# A new coordinated clause's subject right after the previous document ("… bởi Y và Z …"),
# its attributes (date, issuer) between; and the agent's preposition before that document.
_AFTER_AGENT = re.compile(
    r"(?:\s+ngày\s+[\d/.\-]+)?(?:\s+của(?:\s+[^\s\d,.;:()]+){1,6}?)?\s*(?:,\s*|;\s*)?(?:và|còn|đồng\s+thời)\s*$",
    re.IGNORECASE,
)
_AGENT = re.compile(r"(?<!\w)(?:bởi|bằng)(?:\s+\w+){0,3}\s*$", re.IGNORECASE)


def _front(
    text: str, mentions: list[Mention], i: int, types: list[str | None]
) -> list[tuple[int, int, str]] | None:
    """ "Huyện ủy cụ thể hóa Kết luận X thành Kế hoạch Y": the cue stands before the first
    document of the clause, the second was issued to answer it."""
    prev = mentions[i - 1]
    start = cues.clause_start(text, prev.lead)
    if i >= 2 and mentions[i - 2].end > start:
        return None  # not the clause's first document: it may sit in another's title
    cue = cues.cue_before(text, max(start, prev.lead - 160), prev.lead)
    if cue is None or cues.is_review(text, start, cue.start()):
        return None
    return [(i, i - 1, cues.kind_of(cue, types[mentions[i].doc]))]
