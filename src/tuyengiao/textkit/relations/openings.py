"""Relations stated by a sentence that opens with a cue: "Thực hiện X, Y …, Ban Thường vụ
ban hành Kế hoạch số Z" (Z implements X and Y), "Để triển khai X, Kế hoạch Z đề ra …", and
the clauses of a document's own body that open with an act of law ("2. Bãi bỏ X")."""

import re
from collections.abc import Iterator

from tuyengiao.textkit.docnum import Mention
from tuyengiao.textkit.relations import cues, own
from tuyengiao.textkit.relations.clauses import COORDINATED, ISSUE_VERB, Found
from tuyengiao.textkit.relations.lists import listed_members as enumerated

# A sentence that opens with a cue: "Thực hiện …", "Để triển khai …", "Quán triệt và thực
# hiện …" ("quán triệt" alone states nothing).
_OPENING = re.compile(
    rf"[ \t\-–+•*]*(?:\d{{1,2}}[.)]\s*)?(?P<purpose>(?:Để|Nhằm)\s+)?"
    rf"(?:quán\s+triệt\s*(?:,|và)\s*)?(?:{cues.CUES})(?!\w)",
    re.IGNORECASE,
)
_OPENING_KINDS = frozenset({"implements", "concretizes", "continues", "guides"})
# After "Để triển khai X, Kế hoạch Y …": the acting document is the main clause's subject,
# followed by its predicate.
_PREDICATE = re.compile(
    r"[^.;:|\n]{0,120}?(?<!\w)(?:đề\s+ra|xác\s+định|nêu\s+rõ|yêu\s+cầu|đặt\s+ra|đặt\s+mục\s+tiêu"
    r"|tập\s+trung|đưa\s+ra|chỉ\s+rõ|phấn\s+đấu|quy\s+định|gồm|đã\s+cụ\s+thể\s+hóa)(?!\w)",
    re.IGNORECASE,
)
_SENTENCE_REACH = 2500
_OWN_OPENING = 3000  # how far into its body a document may still present itself


def opening_relations(
    text: str,
    mentions: list[Mention],
    types: list[str | None],
    mine: own.Own | None,
    breaks_: tuple[list[bool], list[bool]],
) -> Iterator[Found]:
    """ "Thực hiện X, Y …, Ban Thường vụ ban hành Kế hoạch số Z": Z implements X and Y; in
    the document's own body, "2. Bãi bỏ X" or "…; bãi bỏ X": the document repeals X."""
    clause, sentence = breaks_
    for i, mention in enumerate(mentions):
        in_body = mine is not None and mention.lead >= mine.body
        if not sentence[i]:
            if clause[i] and in_body:  # "Quyết định này có hiệu lực …; bãi bỏ X"
                yield from _own_act(text, mentions, i, cues.clause_start(text, mention.lead), mine)
            if clause[i]:  # "Căn cứ X; thực hiện Y, Ban Thường vụ ban hành Kế hoạch …"
                yield from _basis_then_opening(text, mentions, i, types, mine)
            continue  # otherwise the same sentence as the previous document's
        alone = i + 1 == len(mentions) or sentence[i + 1]
        near_top = mine is not None and mention.lead <= mine.body + _OWN_OPENING
        if alone and not (near_top or in_body):
            continue  # no second document to act or be acted on
        start = cues.clause_start(text, mention.lead, soft=False)
        opening = _OPENING.match(text, start, mention.lead + 1)
        if opening is None:
            continue
        kind = cues.kind_of(opening, None)
        if kind in _OPENING_KINDS and (not alone or near_top):
            end = _sentence_end(text, opening.end())
            inside = [m for m in mentions if opening.end() <= m.lead < end]
            after = next((m for m in mentions[i:] if m.lead >= end), None)
            yield from _opening(text, inside, opening, kind, end, types, mine, after)
        elif in_body:
            yield from _own_act(text, mentions, i, start, mine)


def _basis_then_opening(
    text: str, mentions: list[Mention], i: int, types: list[str | None], mine: own.Own | None
) -> Iterator[Found]:
    """A preamble that names its basis first and then what it implements, in one sentence:
    "Căn cứ Nghị quyết X; thực hiện Kế hoạch Y, Ban Thường vụ … ban hành Kế hoạch …": the
    clause after ";" opens with the cue (X, a basis, gets nothing)."""
    start = cues.clause_start(text, mentions[i].lead, soft=False)
    if not _BASIS.match(text, start):
        return
    opening = _OPENING.match(text, cues.clause_start(text, mentions[i].lead), mentions[i].lead + 1)
    if opening is None or opening["purpose"] is not None:
        return
    kind = cues.kind_of(opening, None)
    if kind not in _OPENING_KINDS:
        return
    end = _sentence_end(text, opening.end())
    inside = [m for m in mentions[i:] if m.lead < end]
    after = next((m for m in mentions[i:] if m.lead >= end), None)
    yield from _opening(text, inside, opening, kind, end, types, mine, after)


_LIST_MARK = re.compile(r"\s*(?:[-+•*–]\s*)?")  # matches everywhere, if only emptily
_BASIS = re.compile(r"[ \t\-–+•*]*(?:Căn\s+cứ|Trên\s+cơ\s+sở)(?!\w)", re.IGNORECASE)


def _own_act(
    text: str, mentions: list[Mention], i: int, start: int, mine: own.Own | None
) -> Iterator[Found]:
    """A clause of the document's own body that opens with an act of law and has no subject
    ("2. Bãi bỏ Quyết định số …") is the document acting."""
    opening = _OPENING.match(text, start, mentions[i].lead + 1)
    if mine is None or opening is None or opening["purpose"] is not None:
        return
    kind = cues.kind_of(opening, None)
    if kind in _OPENING_KINDS:
        return
    others = [m for m in mentions[i:] if m.doc != mine.doc]
    members = enumerated(text, others, opening.end())
    if members:  # "2. Bãi bỏ các văn bản sau:" and its items
        for member in members:
            yield mine.doc, member.doc, kind, opening.start(), member.end
        return
    end = _sentence_end(text, opening.end())
    heads = [m for m in mentions[i:] if m.lead < end and m.doc != mine.doc]
    for target, target_kind, _, stop in own.objects(
        text, heads, opening.end(), mine.type_code, kind=kind, reach=12
    ):
        yield mine.doc, target, target_kind, opening.start(), stop


def _opening(
    text: str,
    inside: list[Mention],
    opening: re.Match[str],
    kind: str,
    end: int,
    types: list[str | None],
    mine: own.Own | None,
    after: Mention | None = None,
) -> Iterator[Found]:
    actors = _actors(text, inside, opening["purpose"] is not None)
    at: int | None = inside[actors[0]].lead if actors else None
    source_type = types[inside[actors[0]].doc] if actors else None
    acting = [inside[i].doc for i in actors]
    if (
        not actors
        and mine is None
        and after is not None
        and _fragment_then_issued(text, opening, end, after)
    ):
        at, acting, source_type = end, [after.doc], types[after.doc]
    if not actors and mine is not None:
        presents = own.presents_itself(text, mine, opening.end(), end)
        if presents is None:
            # "Thực hiện X. Ủy ban nhân dân tỉnh ban hành Kế hoạch … như sau:": a preamble
            # cut by a stray full stop goes on in the next sentence.
            presents = _next_presents(text, mine, end)
        if presents is not None:
            at, acting = min(presents.start(), end), [mine.doc]
            source_type = "HD" if presents["verb"].lower().startswith("hướng") else mine.type_code
        elif own.enacted_after(text, mine, opening.start()):
            # "Thực hiện X;\nTheo đề nghị …,\nQUYẾT ĐỊNH:": a decision's preamble line.
            at, acting, source_type = end, [mine.doc], mine.type_code
    if at is None:
        return
    heads = [m for m in inside if m.lead < at and m.doc not in acting]
    for target, target_kind, _, stop in own.objects(
        text, heads, opening.end(), source_type, kind=kind, reach=8
    ):
        for source in acting:
            yield source, target, target_kind, opening.start(), stop


# A sentence that issues a document, after an adverbial of time: "Ngày 10/12/2019, Ban
# Thường vụ Đảng ủy đã ban hành Kế hoạch số …" (read up to the document's mention).
_ISSUING_SENTENCE = re.compile(
    r"\s*(?:(?:Ngày|Mới\s+đây|Vừa\s+qua|Sau\s+đó)[^,.;:\n]{0,40},\s*)?[^.;:\n]{0,100}?(?<!\w)"
    rf"(?:đã\s+|vừa\s+)?ban\s+hành(?:\s+{cues.TYPE_WORD.pattern}(?:\s+hành\s+động)?(?:\s+số)?)?\s*$",
    re.IGNORECASE,
)
# A main clause after the opening's objects: ", Ban Thường vụ Huyện ủy tổ chức …".
_MAIN_CLAUSE = re.compile(r",\s+(?!(?:ngày|của|về|số|năm)(?!\w))[A-ZĐÂĂÊÔƠƯ]")


def _fragment_then_issued(text: str, opening: re.Match[str], end: int, after: Mention) -> bool:
    """Whether a sentence of the "Thực hiện X; Y." kind has no main clause of its own and the
    next sentence issues a document: the preamble was cut from its sentence by a full stop
    ("Thực hiện X; Y. Ngày …, Ban Thường vụ đã ban hành Kế hoạch số Z …": Z implements X, Y)."""
    if opening["purpose"] is not None or text[end : end + 1] != ".":
        return False
    for match in _MAIN_CLAUSE.finditer(text, opening.end(), end):
        if not cues.TYPE_WORD.match(text, match.end() - 1):
            return False
    return _ISSUING_SENTENCE.fullmatch(text, end + 1, after.lead) is not None


_PREAMBLE_CHAIN = 4  # "Thực hiện A; B.\n\nThực hiện C; D.\n\nUBND tỉnh ban hành Kế hoạch …"


def _next_presents(text: str, mine: own.Own, end: int) -> re.Match[str] | None:
    """The sentence after a preamble's that presents the document; a preamble may hold
    several sentences opening with a cue of the same family, or naming a basis ("- Căn cứ
    …;"), before it, each on a line of its own or marked as a list item."""
    for _ in range(_PREAMBLE_CHAIN):
        mark = _LIST_MARK.match(text, end + 1)
        start = mark.end() if mark else end + 1
        if start >= len(text) or not text[start].isupper():
            return None
        opening = _BASIS.match(text, start) or _OPENING.match(text, start)
        if opening is None:
            return own.presents_itself(text, mine, start, _sentence_end(text, start))
        if opening.re is _OPENING and (
            opening["purpose"] is not None or cues.kind_of(opening, None) not in _OPENING_KINDS
        ):
            return None
        end = _sentence_end(text, opening.end())
        if presents := own.presents_itself(text, mine, opening.end(), end):
            return presents  # "- Thực hiện B,\nBan Thường vụ … xây dựng Kế hoạch như sau:"
    return None


def _actors(text: str, inside: list[Mention], purpose: bool) -> list[int]:
    """The acting documents of a sentence: the object of "ban hành" and those coordinated
    with it, or (after "Để …,") the main clause's subject."""
    for index, mention in enumerate(inside):
        before = text[max(0, mention.lead - 60) : mention.lead]
        issued = ISSUE_VERB.search(before) is not None
        subject = (
            purpose
            and index > 0
            and before.rstrip().endswith(",")
            and _PREDICATE.match(text, mention.end) is not None
        )
        if issued or subject:
            actors = [index]
            for follower in range(index + 1, len(inside)):
                gap = text[inside[follower - 1].end : inside[follower].lead]
                if not COORDINATED.fullmatch(gap):
                    break
                actors.append(follower)
            return actors
    return []


def _sentence_end(text: str, pos: int) -> int:
    limit = min(len(text), pos + _SENTENCE_REACH)
    probe = pos
    while probe < limit:
        hit = cues.CANDIDATE.search(text, probe, limit)
        if hit is None:
            return limit
        if cues.is_break(text, hit.start(), soft=False):
            return hit.start()
        probe = hit.end()
    return limit
