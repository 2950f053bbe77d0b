"""The words that state a relation (DOMAIN.md §1) and the clause grammar around them.

A cue is a verb ("thực hiện", "sửa đổi, bổ sung", "thay thế"…); the relation it states runs
from the cue's subject (the acting document) to its object (the document named after it).
What this module answers is where a clause starts and which noun phrase is a cue's subject:
the nearest document on the left, unless a coordinator or a new noun phrase stands between
them ("Thực hiện Nghị quyết X và triển khai Nghị quyết Y": X is no subject of "triển khai").
"""

import re
from collections import deque
from collections.abc import Iterator

from tuyengiao.textkit import vocab

KINDS = ("continues", "concretizes", "implements", "guides", "repeals", "amends", "replaces")

_S = r"\s+"  # words of one cue may be split by a wrapped line
# The cue words, most specific first; a group name is the relation kind. One cue gives one
# relation: "hướng dẫn thực hiện" is guides, "tiếp tục thực hiện" continues.
CUES = (
    rf"(?P<continues>tiếp{_S}tục(?:\s+(?:lãnh{_S}đạo|chỉ{_S}đạo|đẩy{_S}mạnh|thực{_S}hiện"
    rf"|triển{_S}khai|quán{_S}triệt|tổ{_S}chức|,)){{1,4}})"
    rf"|(?P<concretizes>cụ{_S}thể{_S}h(?:óa|oá))"
    rf"|(?P<guides>hướng{_S}dẫn(?:\s+(?:thực{_S}hiện|triển{_S}khai|việc{_S}thực{_S}hiện"
    rf"|thi{_S}hành))?)"
    rf"|(?P<repeals>bãi{_S}bỏ|hủy{_S}bỏ|huỷ{_S}bỏ)"
    rf"|(?P<amends>sửa{_S}đổi(?:,?\s+bổ{_S}sung)?|bổ{_S}sung)"
    rf"|(?P<replaces>thay(?:{_S}thế|{_S}cho)?(?!\s+(?:đổi|mặt|vì|đổi)(?!\w)))"
    rf"|(?P<implements>triển{_S}khai(?:{_S}thực{_S}hiện)?|thực{_S}hiện|thi{_S}hành)"
)
_CUES_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", CUES)  # the cues without their group names
# Words between a cue and its object ("một số điều của", "có hiệu quả"), never a word that
# turns the object into a mere reference ("theo", "với", "tại", "như", "được").
_NOT_FILLER = r"theo|với|so|tại|như|được|bị|là|căn|cứ|gắn|bởi|bằng"
_FILLER_WORD = rf"\s+(?!(?:{_NOT_FILLER})(?!\w))[^\s,.;:()“”|]+"
# Adverbs in a list may put one comma among them ("thực hiện nghiêm túc, có hiệu quả X"),
# not a coordinator that opens another clause ("…, đồng thời quán triệt X").
_AFTER_COMMA = (
    rf"\s+(?!(?:{_NOT_FILLER}|và|cùng|đồng|hoặc)(?!\w))(?!{_CUES_PLAIN})"
    r"[^\s,.;:()“”|]+"
)
_FILLER = rf"(?:{_FILLER_WORD}){{0,6}}?(?:,(?:{_AFTER_COMMA}){{1,3}}?)?"
# An unnumbered document named by the one it was issued with ("Quy định ban hành kèm theo
# Quyết định số Y"): a cue acting on it acts on Y.
_ISSUED_WITH = r"(?:\s+(?:được\s+|đã\s+được\s+)?ban\s+hành\s+(?:kèm\s+theo|tại|theo|bằng))?"
# A plural object announced before its members: "thay thế các Quyết định: số …, số …".
_PLURAL_HEAD = r"(?:\s+(?:các|những)\s+[^\s,.;:()]+(?:\s+[^\s,.;:()]+)?\s*:)?"
# A cue at the end of the words in front of a document: the document is its object.
CUE_BEFORE = re.compile(
    rf"(?<!\w)(?:{CUES}){_FILLER}{_ISSUED_WITH}{_PLURAL_HEAD}(?:\s*,)?\s*[(“\"]?\s*$",
    re.IGNORECASE,
)
# A cue at the start of the words after a coordinator: "và triển khai Nghị quyết …".
CUE_START = re.compile(rf"\s*(?:{CUES})(?!\w)", re.IGNORECASE)
ANY_CUE = re.compile(rf"(?<!\w)(?:{CUES})(?!\w)", re.IGNORECASE)
_TYPE_WORDS = (
    r"(?:" + "|".join(sorted(map(re.escape, vocab.TYPE_WORDS), key=len, reverse=True)) + r")"
)
# The passive: "X được thay thế bởi Y", "X đã được cụ thể hóa bằng Y", "X được Tỉnh ủy cụ
# thể hóa bằng Y" (an agent between), "X bị bãi bỏ theo Y": Y is the source. "theo" and
# "theo" names the source only for the acts of law (repeals, amends, replaces): "X được
# thực hiện theo Y" says X follows Y.
_BY = r"(?:bởi|bằng|tại|thành|thông\s+qua|theo)"
# Verbs coordinated before the last ("bị bãi bỏ, thay thế bởi Y"): the one next to the
# preposition names the relation.
PASSIVE = re.compile(
    rf"(?<!\w)(?:được|bị)(?:\s+[^\s,.;:()]+){{0,5}}?{_S}(?:(?:{_CUES_PLAIN}),?\s+)*(?:{CUES})"
    rf"(?:\s+(?!{_BY}(?!\w))[^\s,.;:()]+){{0,4}}?\s+(?P<by>{_BY})"
    rf"(?:\s+{_TYPE_WORDS}(?:\s+[^\s\d,.;:]+){{0,2}})?\s*:?\s*$",
    re.IGNORECASE,
)
_LAW_ACTS = frozenset({"repeals", "amends", "replaces"})


def passive_kind(match: re.Match[str], source_type: str | None) -> str | None:
    """The kind a passive states, or None when its preposition names no source."""
    kind = kind_of(match, source_type)
    if match["by"].lower() == "theo" and kind not in _LAW_ACTS:
        return None
    return kind


# What comes right before a cue when the cue speaks of a review, not of the acting
# document: "Báo cáo … kết quả 5 năm thực hiện Nghị quyết X" does not implement X. "về việc"
# is a title's "concerning" ("Kết luận X về việc tiếp tục thực hiện Y"), not a review.
_REVIEW = re.compile(
    r"(?<!\w)(?:kết\s+quả|tình\s+hình|sơ\s+kết|tổng\s+kết|đánh\s+giá|kiểm\s+tra|giám\s+sát"
    r"|khảo\s+sát|rà\s+soát|năm|quá\s+trình|sau|qua|trong|(?<!về )(?<!về\n)việc)"
    r"(?:\s+(?:\d+|[\w]+)\s+(?:năm|tháng))?\s*$",
    re.IGNORECASE,
)
COORDINATOR = re.compile(r"(?:[,;]|(?<!\w)(?:và|cùng|đồng\s+thời|hoặc)(?!\w))", re.IGNORECASE)
TYPE_WORD = re.compile(rf"(?<!\w){_TYPE_WORDS}(?!\w)", re.IGNORECASE)


# A cue, the words between it and its object, and a comma fit in this many characters.
CUE_REACH = 140
# The cues' stems: a window holding none of them needs no regex search (most windows).
_STEMS = ("tiếp", "cụ", "hướng", "bãi", "hủy", "huỷ", "sửa", "bổ", "thay", "triển", "thực", "thi")


# The words after a cue naming an unnumbered document, then a coordinator: "thực hiện Nghị
# quyết Đại hội XIII của Đảng và [Nghị quyết số …]".
_UNNUMBERED_OBJECT = re.compile(
    rf"\s+(?:các\s+)?(?P<type>{_TYPE_WORDS})(?:\s+(?!(?:và|cùng|số)(?!\w))[^\s,.;:()]+){{1,16}}?"
    r"\s*(?:,|và|cùng)\s*$",
    re.IGNORECASE,
)


def cue_over_unnumbered(text: str, lo: int, hi: int) -> tuple[re.Match[str], str] | None:
    """A cue whose first object has no number and is coordinated with the document at `hi`:
    the cue and that object's type code."""
    cue = last_match(ANY_CUE.finditer(text, lo, hi))
    code = None if cue is None else unnumbered_object(text, cue.end(), hi)
    return None if cue is None or code is None else (cue, code)


def unnumbered_object(text: str, lo: int, hi: int) -> str | None:
    """The type code of the unnumbered document text[lo:hi] names before a coordinator."""
    named = _UNNUMBERED_OBJECT.fullmatch(text, lo, hi)
    if named is None or ANY_CUE.search(text, lo, hi):
        return None
    return vocab.TYPE_WORDS[" ".join(named["type"].lower().split())]


def cue_before(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """A cue at the end of text[lo:hi] (with the words to its object). The cue and its
    filler are a few words long: only the last words are searched."""
    lo = _last_words(text, lo, hi)
    window = text[lo:hi].lower()
    if not any(stem in window for stem in _STEMS):
        return None
    return CUE_BEFORE.search(text, lo, hi)


def _last_words(text: str, lo: int, hi: int, words: int = 14) -> int:
    """Where the last `words` space-separated words of text[lo:hi] begin (or `lo`)."""
    parts = text[lo:hi].rsplit(" ", words)
    return lo + len(parts[0]) + 1 if len(parts) > words else lo


# An act of law on a part of a document, the part's noun phrase before the document:
# "thay thế phần danh mục … tại Quyết định số X", "bãi bỏ khoản 2 Điều 5 của Nghị định X"
# (the document acts on X). The part may be long; no sentence or clause ends inside it.
_PARTITIVE = re.compile(
    r"(?<!\w)(?:(?P<replaces>thay\s+thế)|(?P<repeals>bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ)"
    r"|(?P<amends>sửa\s+đổi(?:,?\s+bổ\s+sung)?|bổ\s+sung))"
    r"\s+(?:toàn\s+bộ\s+|một\s+số\s+|các\s+|một\s+phần\s+)?"
    r"(?:phần|nội\s+dung|danh\s+mục|điều|khoản|điểm|chương|mục|phụ\s+lục|quy\s+định)(?!\w)"
    r"[^.;:!?\n()]{0,260}?\s(?:tại|của|trong|thuộc|(?:ban\s+hành\s+)?kèm\s+theo)\s*$",
    re.IGNORECASE,
)
PARTITIVE_REACH = 320


def partitive_before(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """An act of law on a part of the document at `hi`, ending right before it."""
    tail = text[max(lo, hi - 12) : hi]
    if not any(word in tail for word in ("tại", "của", "trong", "thuộc", "theo")):
        return None
    # Literal checks before the regex: most windows hold no act word at all.
    at = max(
        text.rfind("bỏ", lo, hi),
        text.rfind("đổi", lo, hi),
        text.rfind("sung", lo, hi),
        text.rfind("thay", lo, hi),
        text.rfind("Thay", lo, hi),
    )
    if at < 0:
        return None
    return _PARTITIVE.search(text, max(lo, at - 12), hi)


def passive_before(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """A passive cue and its agent's preposition at the end of text[lo:hi]."""
    window = text[lo:hi].lower()
    if "được" not in window and "bị" not in window:
        return None
    return PASSIVE.search(text, lo, hi)


def kind_of(match: re.Match[str], source_type: str | None) -> str:
    """The kind a cue states; a guidance document that "implements" guides."""
    groups = match.groupdict()
    kind = next(name for name in KINDS if groups.get(name))
    if kind == "implements" and source_type == "HD":
        return "guides"
    return kind


def is_review(text: str, lo: int, cue_start: int) -> bool:
    return _REVIEW.search(text, max(lo, cue_start - 40), cue_start) is not None


# ---------------------------------------------------------------------------- clause breaks

CANDIDATE = re.compile(r"[.!?;:|\n]")
# What opens a new block on the next line: a list mark, an article, a heading, a new
# sentence of the administrative kind.
_BLOCK_START = re.compile(
    r"[ \t]*(?:$|[-+•*–|]|\d{1,2}[.)/]\s|[a-zđ]\)|[IVXLC]{1,4}[.\-]\s|Điều\s+\d|Chương\s+[IVXLC\d]"
    r"|Căn cứ|Xét |Theo đề nghị|Nơi nhận|Kính gửi|V/v|Thực hiện|Triển khai|Để |Nhằm |Trên cơ sở"
    r"|Ngày \d|QUYẾT ĐỊNH|QUYẾT NGHỊ)",
    re.MULTILINE,
)


def is_break(text: str, i: int, *, soft: bool = True) -> bool:
    """Whether the character at `i` ends a clause. A line feed ends one only where a
    line ends a sentence or a heading, or the next opens a block: published texts are often
    wrapped mid-sentence. `soft=False` lets ";" and ":" pass (a list inside a sentence)."""
    char = text[i]
    if char in ".!?":
        return i + 1 == len(text) or text[i + 1].isspace()
    if char == "|":
        return True
    if char in ";:":
        return soft and (char == ";" or text[i + 1 : i + 2] in ("\n", ""))
    j = i - 1
    while j >= 0 and text[j] in " \t\r":
        j -= 1
    if j < 0 or text[j] in "\n.!?|" or (soft and text[j] in ";:"):
        return True
    if _BLOCK_START.match(text, i + 1):
        return True
    line = text[text.rfind("\n", 0, j) + 1 : j + 1]
    return line.isupper()


def broken(text: str, lo: int, hi: int, *, soft: bool = True) -> bool:
    # The breaks that need no second look are found in one scan; only line feeds and
    # colons are looked at one by one.
    if (SURE_BREAK if soft else _SURE_HARD).search(text, lo, hi):
        return True
    return any(is_break(text, m.start(), soft=soft) for m in _UNSURE.finditer(text, lo, hi))


# ". ", "|", ";", a blank line. Each opens with one class of every first character, so that
# sre skips to them (an alternation of classes gets no skip: it is tried at every position).
SURE_BREAK = re.compile(r"[.!?|;\n](?:(?<=[.!?])(?=\s)|(?<=[|;])|(?<=\n)[ \t\r]*\n)")
_SURE_HARD = re.compile(r"[.!?|\n](?:(?<=[.!?])(?=\s)|(?<=\|)|(?<=\n)[ \t\r]*\n)")
_UNSURE = re.compile(r"[\n:.!?]")


def clause_start(text: str, pos: int, *, soft: bool = True, reach: int = 600) -> int:
    """Where the clause holding `pos` starts (after the last break before it). Read
    backwards, break candidate by candidate: the nearest one usually ends the search."""
    lo = max(0, pos - reach)
    while (last := _LAST_CANDIDATE.match(text, lo, pos)) is not None:
        pos = last.end() - 1
        if is_break(text, pos, soft=soft):
            return pos + 1
    return lo


# Greedy: the match ends just after the last break candidate of the window.
_LAST_CANDIDATE = re.compile(r".*[.!?;:|\n]", re.DOTALL)


# The openers a clause may carry before its subject: a list mark, "Điều 2.", "Căn cứ",
# an adverbial of time ending with a comma.
_OPENERS = re.compile(
    r"(?:\s+|[-+•*–]|\d{1,2}[.)]|[a-zđ]\)|Điều\s+\d+\s*[.:]?|Căn cứ|Theo đó,?|Đồng thời,?"
    r"|(?:Kể từ|Từ|Ngày|Đến|Tính đến)[^,.;\n]{0,40},)*",
    re.IGNORECASE,
)


def is_head(text: str, start: int, lead: int) -> bool:
    """Whether a document cited at `lead` is the subject its clause opens with."""
    opener = _OPENERS.match(text, start, lead)
    return opener is not None and opener.end() >= lead


def coordinated_tail(gap: str) -> str | None:
    """The words after the last coordinator in `gap`, or None without one."""
    last = last_match(COORDINATOR.finditer(gap))
    return None if last is None else gap[last.end() :]


def last_match(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = deque(matches, maxlen=1)
    return found[0] if found else None
