"""The document that speaks for itself (DOMAIN.md §1): a text that opens with its own header
number ("Số: 41/2019/QĐ-UBND", "Số 91-KH/HU") states its relations in its title or "V/v"
line, in its preamble ("Thực hiện X, … ban hành Kế hoạch này") and in its own clauses
("Quyết định này thay thế X", "Điều 1. Bãi bỏ X"), with its number as the source."""

import re
from bisect import bisect_left
from dataclasses import dataclass

from tuyengiao.textkit import vocab
from tuyengiao.textkit.docnum import DocScan, Mention
from tuyengiao.textkit.relations import cues, lists

# The header's number stands near the top; a registry page may put its list of related
# documents or its properties before it ("- 1Nghị định …", "Số hiệu: …").
_HEADER_REACH = 2500
_HEADER_NUMBER = re.compile(r"(?<!\w)Số\s*(?:ký\s*)?(?:hiệu\s*)?:?[\s|]*$")
# An old title that carries the number: "CHỈ THỊ CỦA THỦ TƯỚNG CHÍNH PHỦ SỐ 16/2001/CT-TTG".
_TITLE_NUMBER = re.compile(
    r"(?m)^[ \t|]*(?:NGHỊ ĐỊNH|QUYẾT ĐỊNH|CHỈ THỊ|THÔNG TƯ(?: LIÊN TỊCH| LIÊN BỘ)?|NGHỊ QUYẾT"
    r"|QUY ĐỊNH|PHÁP LỆNH|LỆNH)\s+CỦA\s+[^\n]{0,80}?\sSỐ\s*:?\s*$"
)
# Where the title block ends and the body begins (a page may wrap "Căn\ncứ").
_BODY = re.compile(
    r"\n[ \t\-–+•*|]*(?:Căn\s+cứ|Thực hiện|Triển khai|Để |Xét |Theo\s+đề\s+nghị|Kính gửi|Trên cơ sở"
    r"|Nhằm |Hội nghị|Ngày \d|Sau khi|I\.|1\.|Điều \d|QUYẾT ĐỊNH:|QUYẾT NGHỊ:|Phần )"
)
_TITLE_REACH = 700
# A heading line holding the type word alone, in capitals.
_BARE_HEADING = re.compile(
    r"\n[ \t|]*(?:KẾ HOẠCH|CHƯƠNG TRÌNH(?: HÀNH ĐỘNG)?|CHỈ THỊ|KẾT LUẬN|HƯỚNG DẪN|NGHỊ QUYẾT"
    r"|QUYẾT ĐỊNH|QUY ĐỊNH|THÔNG BÁO|ĐỀ ÁN|BÁO CÁO)[ \t|]*\n"
)
# A heading line: the document's type in capitals ("CHỈ THỊ", "KẾ HOẠCH", "QUYẾT ĐỊNH").
_HEADING = re.compile(rf"{cues.TYPE_WORD.pattern}(?:\s+[^\s].*)?", re.IGNORECASE)
# "Kế hoạch này", "Quyết định này": the document itself.
# (A literal first: sre finds it by its prefix instead of trying every position.)
_THIS = re.compile(r"này(?!\w)")
# The type words right before "này", the longest that ends there ("Chương trình hành động").
_TYPE_AT_END = re.compile(rf"(?<!\w){cues.TYPE_WORD.pattern}(?:\s+hành\s+động)?\s*$", re.IGNORECASE)
# An article that acts on other documents: "Điều 1. Bãi bỏ các quyết định sau: …".
_ARTICLE = re.compile(
    r"Điều\s+\d+\s*[.:]?\s*(?:Nay\s+)?(?=(?:[Bb]ãi|[Hh]ủy|[Hh]uỷ|[Ss]ửa|[Bb]ổ|[Tt]hay)\s)"
)
# A numbered clause of the document's own articles that acts on a listed set: "2. Bãi bỏ
# các Quyết định sau đây của UBND tỉnh:" and its items.
_CLAUSE_ACT = re.compile(r"\n[ \t]*\d{1,2}[.)][ \t]*(?:Nay\s+)?(?=(?:Bãi|Hủy|Huỷ|Thay)\s)")
_ARTICLE_END = re.compile(r"Điều\s+\d+\s*[.:]|\n\s*Nơi nhận|\n\s*TM\.")
_ARTICLE_REACH = 2500
# The sentence in which the document presents itself: "… ban hành Chương trình hành động
# với những nội dung như sau", "… xây dựng Kế hoạch này", "… hướng dẫn … như sau".
_PRESENT_END = re.compile(r"(?<!\w)(?:này|như\s+sau|sau\s+đây)(?!\w)", re.IGNORECASE)
_PRESENT_VERB = re.compile(
    r"(?<!\w)(?P<verb>ban\s+hành|xây\s+dựng|hướng\s+dẫn|đề\s+ra)(?!\w)", re.IGNORECASE
)
_PRESENT_REACH = 320
_OWN_REACH = 3000  # how far into its body a document may still present itself


@dataclass(frozen=True, slots=True)
class Own:
    doc: int
    header: Mention
    type_code: str | None
    body: int  # where the title block ends


def own_document(text: str, scan: DocScan) -> Own | None:
    """The document whose header number opens the text, if any."""
    for mention in scan.mentions:
        if mention.start > _HEADER_REACH:
            break
        if not mention.full:
            continue
        before = text[max(0, mention.start - 20) : mention.start]
        if ("Số" in before and _HEADER_NUMBER.search(before)) or (
            "SỐ" in before
            and _TITLE_NUMBER.search(text, max(0, mention.start - 160), mention.start)
        ):
            end = min(len(text), mention.end + _TITLE_REACH)
            body = _BODY.search(text, mention.end, end)
            title_line = _titled_line(text, mention.end, end)
            if body and title_line and body.start() + 1 == title_line[0]:
                # "KẾ HOẠCH\nThực hiện Kết luận số X" (no full stop): a title, not a preamble
                body = _BODY.search(text, title_line[1], end)
            stop = body.start() if body else end
            stop = min(stop, _after_caps_title(text, mention.end, stop))
            doc = scan.documents[mention.doc]
            return Own(mention.doc, mention, doc.type_code, stop)
    return None


def _titled_line(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(start, end) of the mixed-case line right under a heading that is the type word alone
    ("KẾ HOẠCH" / "Thực hiện Kết luận số X"), when it ends without a sentence's punctuation:
    it is the title, though it opens with a cue as a preamble does."""
    heading = _BARE_HEADING.search(text, lo, hi)
    if heading is None:
        return None
    start = heading.end()
    stop = text.find("\n", start, hi)
    line = text[start : hi if stop < 0 else stop].rstrip(" \t|")
    if not line or line.upper() == line or line[-1] in ".,;:":
        return None
    return start, start + len(line)


def _after_caps_title(text: str, lo: int, hi: int) -> int:
    """Where an upper-case title block ends: under a heading line that opens with the
    document's type ("CHỈ THỊ", "QUYẾT ĐỊNH"), the upper-case lines that follow are the
    title, and the first line of a sentence in mixed case ("Sau 02 năm triển khai …") opens
    the body, whatever its first word. `hi` when there is no such block."""
    pos, state = lo, 0  # 0: before the heading, 1: heading seen, 2: an upper-case title seen
    while pos < hi:
        stop = text.find("\n", pos, hi)
        stop = hi if stop < 0 else stop
        line = text[pos:stop].strip(" \t|-–*_")
        if any(c.isalpha() for c in line):
            caps = line.upper() == line
            if state == 0 and caps and _HEADING.match(line):
                state = 1 if _HEADING.fullmatch(line) else 2
            elif state and caps:
                state = 2
            elif state == 2 and line[0].isupper():
                return pos
            elif state:
                return hi  # a mixed-case title line: the title's end is read otherwise
        pos = stop + 1
    return hi


def self_mentions(text: str, scan: DocScan, own: Own) -> list[Mention]:
    """The mentions with "Kế hoạch này", "Quyết định này"… added as mentions of the text's
    own document, in text order."""
    extra = [
        Mention(own.doc, lead, end, lead, False)
        for lead, end, _ in _demonstratives(text, own.header.end)
    ]
    if not extra:
        return scan.mentions
    return sorted(scan.mentions + extra, key=lambda m: m.lead)


def demonstrative_mentions(text: str, scan: DocScan) -> list[Mention]:
    """In a text without a header of its own (a news report), "Chỉ thị này", "Quy định
    này"… added as mentions of the latest document of that type named before them: "Ban Bí
    thư ban hành Chỉ thị số Z …. Chỉ thị này thay thế Chỉ thị số Y" (Z replaces Y)."""
    mentions = scan.mentions
    leads = [m.lead for m in mentions]
    extra = []
    for lead, end, word in _demonstratives(text, 0):
        words = " ".join(word.lower().split())
        code = vocab.TYPE_WORDS.get(words) or vocab.TYPE_WORDS.get(words.removesuffix(" hành động"))
        doc = None if code is None else _latest_of_type(text, scan, mentions, leads, lead, code)
        if doc is not None:
            extra.append(Mention(doc, lead, end, lead, False))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.lead)


def _demonstratives(text: str, pos: int) -> list[tuple[int, int, str]]:
    """(lead, end, type word) of each "<type word> này" after `pos`."""
    found = []
    for match in _THIS.finditer(text, pos):
        start = match.start()
        if not text[start - 1].isspace():
            continue
        before = text[max(0, start - 32) : start]
        words = _TYPE_AT_END.search(before)
        if words is None:
            continue
        lead = max(0, start - 32) + words.start()
        found.append((lead, match.end(), words.group().strip()))
    return found


def title_relations(
    text: str, mentions: list[Mention], own: Own, types: list[str | None]
) -> list[tuple[int, str, int, int]]:
    """(target doc, kind, start, end) stated by the title block under the header:
    "KẾ HOẠCH / thực hiện Kết luận số …", "V/v triển khai …", "VỀ VIỆC BÃI BỎ QUYẾT ĐỊNH SỐ …"."""
    inside = [m for m in mentions if own.header.end <= m.lead < own.body and m.doc != own.doc]
    return objects(text, inside, own.header.end, own.type_code)


def article_relations(
    text: str, mentions: list[Mention], own: Own
) -> list[tuple[int, str, int, int]]:
    """What the document's own articles do: "Điều 1. Bãi bỏ Quyết định số …"."""
    found: list[tuple[int, str, int, int]] = []
    for article in _ARTICLE.finditer(text, own.body):
        end_match = _ARTICLE_END.search(text, article.end(), article.end() + _ARTICLE_REACH)
        end = end_match.start() if end_match else min(len(text), article.end() + _ARTICLE_REACH)
        cue = cues.CUE_START.match(text, article.end())
        if cue is None:
            continue
        inside = [m for m in mentions if cue.end() <= m.lead < end and m.doc != own.doc]
        kind = cues.kind_of(cue, own.type_code)
        members = lists.listed_members(text, inside, cue.end())
        if members:  # "Điều 2. Bãi bỏ các văn bản sau:" and its items
            found += [(m.doc, kind, article.start(), m.end) for m in members]
            continue
        found += objects(text, inside, cue.end(), own.type_code, kind=kind, reach=12)
    acts = ("Bãi", "Thay", "Hủy", "Huỷ")
    clauses = _CLAUSE_ACT.finditer(text, own.body) if any(w in text for w in acts) else ()
    for clause in clauses:
        cue = cues.CUE_START.match(text, clause.end())
        if cue is None:
            continue
        end = min(len(text), cue.end() + _ARTICLE_REACH)
        inside = [m for m in mentions if cue.end() <= m.lead < end and m.doc != own.doc]
        kind = cues.kind_of(cue, own.type_code)
        for member in lists.listed_members(text, inside, cue.end()) or ():
            found.append((member.doc, kind, clause.start(), member.end))
    found += _self_set_acts(text, mentions, own)
    return found


# "Quyết định này có hiệu lực … và thay thế các Quyết định: số A …; số B …": the document,
# named by "… này", acts on a set it lists after a colon.
_SELF_ACT = re.compile(
    r"(?<!\w)(?:thay\s+thế|bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ|sửa\s+đổi(?:,?\s+bổ\s+sung)?)(?!\w)"
)
_SELF_ACT_REACH = 160


def _self_set_acts(text: str, mentions: list[Mention], own: Own) -> list[tuple[int, str, int, int]]:
    found: list[tuple[int, str, int, int]] = []
    for mention in mentions:
        if mention.doc != own.doc or mention.full or mention.lead < own.body:
            continue
        act = _SELF_ACT.search(text, mention.end, mention.end + _SELF_ACT_REACH)
        if act is None or cues.broken(text, mention.end, act.start(), soft=False):
            continue
        cue = cues.CUE_START.match(text, act.start())
        if cue is None:
            continue
        inside = [m for m in mentions if m.lead > cue.end() and m.doc != own.doc]
        kind = cues.kind_of(cue, own.type_code)
        for member in lists.listed_members(text, inside, cue.end()) or ():
            found.append((member.doc, kind, mention.lead, member.end))
    return found


def presents_itself(text: str, own: Own, lo: int, hi: int) -> re.Match[str] | None:
    """The verb of "… ban hành Kế hoạch này / … như sau" in [lo, hi), in the text's
    opening part: the last such verb before the closing words."""
    if lo > own.body + 3000:
        return None
    for end in _PRESENT_END.finditer(text, lo, hi):
        reach = max(lo, end.start() - _PRESENT_REACH)
        verb = cues.last_match(_PRESENT_VERB.finditer(text, reach, end.start()))
        if verb is not None and not cues.broken(text, verb.end(), end.start(), soft=False):
            return verb
    return None


# The enacting formula that closes a decision's preamble, on a line of its own.
_ENACTING = re.compile(r"[ \t|]*(?:QUYẾT\s+ĐỊNH|QUYẾT\s+NGHỊ|NGHỊ\s+ĐỊNH)[ \t]*:?[ \t|]*")
# The other lines a preamble holds between a "Thực hiện …" line and that formula.
_PREAMBLE_LINE = re.compile(
    r"(?:[-+•*][ \t]*)?(?:Căn cứ|Theo đề nghị|Xét|Thực hiện|Trên cơ sở|Sau khi)"
)
_ENACTING_REACH = 1500


def enacted_after(text: str, own: Own, line_start: int) -> bool:
    """Whether the preamble line opening at `line_start` belongs to the document's own
    preamble: only preamble lines (and the wrapped rest of a line) stand between it and the
    enacting formula ("QUYẾT ĐỊNH:"), which presents the document as "… ban hành Kế hoạch
    này" does."""
    if line_start > own.body + _OWN_REACH:
        return False
    start = text.find("\n", line_start) + 1
    limit = min(len(text), line_start + _ENACTING_REACH)
    while 0 < start < limit:
        stop = text.find("\n", start)
        line = text[start : stop if stop >= 0 else len(text)]
        if _ENACTING.fullmatch(line):
            return True
        words = line.lstrip(" \t|")
        wrapped = words[:1].islower() or words[:1].isdigit()
        if words and not wrapped and not _PREAMBLE_LINE.match(words):
            return False
        start = stop + 1
    return False


def objects(
    text: str,
    inside: list[Mention],
    start: int,
    source_type: str | None,
    *,
    kind: str | None = None,
    reach: int = 6,
) -> list[tuple[int, str, int, int]]:
    """The documents a cue governs directly, in text order: the first one named after a
    cue (within `reach` words), then those coordinated with it ("… và triển khai Nghị quyết
    Y", "…; số 160/NQ-HĐND"), not those inside another's title ("Kết luận X về tiếp tục
    thực hiện Chỉ thị Y": Y belongs to X). `kind` is the cue's kind when the caller found
    the cue; otherwise each object needs its own cue in front."""
    found: list[tuple[int, str, int, int]] = []
    if kind == "implements" and source_type == "HD":
        kind = "guides"
    base = kind  # the kind of the cue the list hangs on
    current: str | None = None  # the kind of the chain the previous document belongs to
    previous_end = start
    for mention in inside:
        if previous_end == start:
            near = max(start, mention.lead - cues.CUE_REACH)
            cue = cues.cue_before(text, near, mention.lead)
            if cue and cues.is_review(text, near, cue.start()):
                current = None  # "… sơ kết 5 năm thực hiện Kết luận X": a review of X
            elif cue and not cues.passive_before(text, near, mention.lead):
                current = cues.kind_of(cue, source_type)
            elif kind and (
                _few_words(text, start, mention.lead, reach)
                or cues.unnumbered_object(text, start, mention.lead)
            ):
                current = kind  # "Thực hiện Nghị quyết Đại hội … và Nghị quyết số Y"
            elif kind and (part := cues.partitive_before(text, max(0, start - 24), mention.lead)):
                # "Sửa đổi, bổ sung một số điều của Quy chế … ban hành kèm theo Quyết định X"
                current = cues.kind_of(part, source_type)
            else:
                current = None
            base = base or current
        else:
            gap = text[previous_end : mention.lead]
            current = _next_in_list(gap, current, base, source_type)
        if current:
            found.append((mention.doc, current, start, mention.end))
        previous_end = mention.end
    return found


def _few_words(text: str, start: int, end: int, reach: int) -> bool:
    """At most `reach` words and no cue between `start` and `end`."""
    if end - start > 20 * reach:
        return False
    gap = text[start:end]
    return len(gap.split()) <= reach and not cues.ANY_CUE.search(gap)


def _next_in_list(gap: str, current: str | None, base: str | None, source_type: str | None):
    """The kind the next document of a list gets from the words `gap` before it."""
    tail = cues.coordinated_tail(gap)
    if tail is None:
        return None  # inside the previous document's own clauses
    if own_cue := cues.CUE_START.match(tail):
        if _TITLE_VERBS.search(gap, 0, len(gap) - len(tail)):
            return None  # "X … về học tập, quán triệt và triển khai thực hiện Y": X's title
        return cues.kind_of(own_cue, source_type)
    if cues.ANY_CUE.search(tail) or _REFERENCE_WORDS.search(tail):
        return None
    if gap[len(gap) - len(tail) - 1 : len(gap) - len(tail)] == ";":
        return base  # ";" closes whatever title the previous document had
    return current  # a plain list item shares the previous document's place


# A title's list of activities ending with a coordinator: "về nghiên cứu, học tập, quán
# triệt, tuyên truyền và …" (the verb after the coordinator is the title's last activity).
_TITLE_VERBS = re.compile(
    r"(?<!\w)về(?:\s+việc)?(?:\s*,?\s*(?:nghiên\s+cứu|học\s+tập|quán\s+triệt|tuyên\s+truyền"
    r"|phổ\s+biến|tổ\s+chức))+\s*(?:,|và)\s*$",
    re.IGNORECASE,
)
_REFERENCE_WORDS = re.compile(r"(?<!\w)(?:theo|tại|bởi|bằng|kèm theo|được|so với)(?!\w)", re.I)


# A sentence that opens with a bare type word ("Nghị định có hiệu lực … và thay thế …"):
# in a news report, the document of that type the text just named.
_BARE_SUBJECT = re.compile(
    r"[ \t\-–+•*]*(?:Theo\s+đó,\s*)?(?P<word>Nghị\s+định|Thông\s+tư|Quyết\s+định|Chỉ\s+thị"
    r"|Nghị\s+quyết|Kế\s+hoạch|Kết\s+luận|Hướng\s+dẫn|Quy\s+định|Chương\s+trình(?:\s+hành\s+động)?)"
    r"(?=\s+(?!số(?!\w)|này(?!\w)|\d)[a-zà-ỹđ])"
)
_SENTENCE_REACH = 240  # how far back from a cited document its sentence's opening is looked for
_ANAPHOR_REACH = 800  # how far back the named document may stand
_LAW_ACT_WORDS = ("thay thế", "thay cho", "bãi bỏ", "sửa đổi", "bổ sung", "hủy bỏ", "huỷ bỏ")


def anaphoric_mentions(text: str, scan: DocScan, mentions: list[Mention]) -> list[Mention]:
    """`mentions` with each bare type word that opens a sentence acting on another document
    ("Chính phủ ban hành Nghị định số Z …. Nghị định có hiệu lực … và thay thế Nghị định
    số Y") added as a mention of the latest document of that type named before it. Read
    from each cited document back to its sentence's start (few windows, no whole-text scan)."""
    extra: list[Mention] = []
    leads = [m.lead for m in mentions]
    done = -1
    for target in mentions:
        lo = max(0, target.lead - _SENTENCE_REACH)
        stop = max(text.rfind(". ", lo, target.lead) + 2, text.rfind("\n", lo, target.lead) + 1)
        start = stop if stop > 1 else (0 if lo == 0 else -1)
        if start <= done:
            continue  # no sentence start within reach, or this sentence was read
        done = start
        match = _BARE_SUBJECT.match(text, start, target.lead)
        if match is None:
            continue
        if not any(
            text.find(word, match.end(), target.lead) >= 0 for word in _LAW_ACT_WORDS
        ) and not _predicate_cue(text, match.end()):
            continue
        words = " ".join(match["word"].lower().split())
        code = vocab.TYPE_WORDS.get(words) or vocab.TYPE_WORDS[words.removesuffix(" hành động")]
        doc = _latest_of_type(text, scan, mentions, leads, match.start("word"), code)
        if doc is not None:
            begin = match.start("word")
            extra.append(Mention(doc, begin, match.end(), begin, False))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.lead)


# Between a bare subject and its cue: the issuing passive and a purpose word at most.
_PURPOSE = re.compile(r"\s+(?:(?:được\s+(?:ban\s+hành|xây\s+dựng)\s+)?(?:nhằm|để)\s+)?")


def _predicate_cue(text: str, pos: int) -> bool:
    """Whether the bare subject ending at `pos` is a cue's subject with nothing between
    ("Kế hoạch nhằm triển khai X", "Chương trình hành động cụ thể hóa X"); a subject that
    asks others to act ("Kế hoạch yêu cầu các sở triển khai X") states no relation."""
    purpose = _PURPOSE.match(text, pos)
    return purpose is not None and cues.ANY_CUE.match(text, purpose.end()) is not None


def _latest_of_type(
    text: str, scan: DocScan, mentions: list[Mention], leads: list[int], pos: int, code: str
) -> int | None:
    """The latest document of type `code` before `pos` that is not a cue's object (in
    "Z thay thế Y. Nghị định có hiệu lực …", the decree meant is Z, not Y)."""
    i = bisect_left(leads, pos) - 1
    while i >= 0 and mentions[i].lead >= pos - _ANAPHOR_REACH:
        mention = mentions[i]
        if scan.documents[mention.doc].type_code == code and not cues.cue_before(
            text, max(0, mention.lead - 40), mention.lead
        ):
            return mention.doc
        i -= 1
    return None
