"""Document references: Party (`88-KL/TU`), State legal (`25/2024/TT-BTC`) and State
administrative (`477/CT-UBND`) numbers, with the type, date, issuer and title around them.

Every reference is found by one compiled scan; the clauses around it (words in front, date,
issuer, title) are read with anchored matches at the reference's edges only, so the cost
grows with the number of references, not with the length of the text.
"""

import re
from bisect import bisect_right

from tuyengiao.textkit import vocab
from tuyengiao.textkit.docnum.clauses import describe
from tuyengiao.textkit.docnum.model import DocScan, DocumentRef, Draft, Mention
from tuyengiao.textkit.docnum.symbols import (
    NUMBER_START,
    REFERENCE_REST,
    canonical_symbol,
    parse,
)

__all__ = [
    "DocScan",
    "DocumentRef",
    "Mention",
    "canonical_symbol",
    "find_documents",
    "scan_documents",
]

_TYPE_ALTERNATION = "|".join(sorted(map(re.escape, vocab.TYPE_WORDS), key=len, reverse=True))
_LAST_SYLLABLES = frozenset({words.split()[-1] for words in vocab.TYPE_WORDS} | {"số"})


def _cased(letters: set[str]) -> str:
    """Every character whose lower case is one of `letters` (in the Latin blocks and
    letterlike symbols, where all of them are), as a class."""
    ranges = (range(0x300), range(0x1E00, 0x1F00), range(0x2100, 0x2150))
    chars = (chr(c) for r in ranges for c in r if chr(c).lower() in letters)
    return "[" + "".join(map(re.escape, chars)) + "]"


# A short back-reference after the full number appeared: "Nghị quyết 35", "Kết luận số 88".
# Only a number right after white space that follows a type word's last syllable (or "số")
# can be one: one look-behind (the syllable's last two letters, each from the set of
# letters found there, or a run of white space) keeps the scan from handing every figure
# of the text to Python.
_PENULTIMATE = _cased({syllable[-2] for syllable in _LAST_SYLLABLES})
_ULTIMATE = _cased({syllable[-1] for syllable in _LAST_SYLLABLES})
_SHORT_REST = rf"(?:(?<={_PENULTIMATE}{_ULTIMATE}\s.)|(?<=\s\s.))\d{{0,3}}(?![\w/\-–]|[.,]\d)"
# "[0-9]" first: sre skips from digit to digit; the look-behinds then see past it.
_SHORT_NUMBER = re.compile(r"[0-9](?<![\w/.,\-–].)" + _SHORT_REST)
# Full numbers and short ones in one scan of the digits, the full number tried first (the
# two start alike: a digit not glued to what is before it). Neither can start inside the
# other (inside a full number every digit follows a letter, a digit, "/" or " / "), so the
# full numbers found are REFERENCE's and the short ones _SHORT_NUMBER's, except a short
# one at a full number's own start, which `_short_at` tests.
_NUMBERS = re.compile(NUMBER_START + f"(?:{REFERENCE_REST}|(?P<short>{_SHORT_REST}))")
_BACKREF_LEAD = re.compile(rf"(?<!\w)(?P<tw>{_TYPE_ALTERNATION})\s+(?:số\s+)?$", re.IGNORECASE)

_QD_FAMILY = frozenset({"QĐ", "QĐi", "QyĐ"})


def find_documents(text: str) -> list[DocumentRef]:
    """Every document the text cites, in order of first mention."""
    return scan_documents(text).documents


def scan_documents(text: str) -> DocScan:
    """Documents and every mention of them, full numbers and short back-references."""
    docs: list[Draft] = []
    spans: list[list[tuple[int, int]]] = []  # each document's mentions, set on it at the end
    mentions: list[Mention] = []
    by_key: dict[str, int] = {}
    # The body named as issuing right before the previous number ("Ban Thường vụ ban hành
    # Kế hoạch số X"): a number coordinated with it ("và Chương trình số Y") shares it.
    issued_by: str | None = None
    hits: list[re.Match[str]] = []
    shorts: list[re.Match[str]] = []
    for match in _NUMBERS.finditer(text):
        (shorts if match.lastgroup == "short" else hits).append(match)
    for i, match in enumerate(hits):
        parsed = parse(match)
        if parsed is None:
            continue
        next_start = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        next_end = hits[i + 1].end() if i + 1 < len(hits) else len(text)
        prev_end = mentions[-1].end if mentions else 0
        found, lead, issued_by = describe(
            text, match, parsed, (prev_end, next_start, next_end), prev_issuer=issued_by
        )
        index = _merge(docs, by_key, found)
        if index == len(spans):
            spans.append([])
        spans[index].append(match.span())
        mentions.append(Mention(index, match.start(), match.end(), lead, True))
    if docs:
        mentions = _add_backrefs(text, docs, mentions, spans, _shorts(text, hits, shorts))
    frozen = [doc.freeze(found) for doc, found in zip(docs, spans, strict=True)]
    return DocScan(frozen, mentions)


# ---------------------------------------------------------------- one document, many mentions


def _merge(docs: list[Draft], by_key: dict[str, int], found: Draft) -> int:
    index = by_key.get(found.symbol)
    if index is not None:
        known = docs[index]
        # Party numbering restarts each term: the same number with another date is
        # another document.
        if known.date is None or found.date is None or known.date == found.date:
            _combine(known, found)
            return index
    by_key[found.symbol] = len(docs)
    docs.append(found)
    return len(docs) - 1


def _combine(known: Draft, found: Draft) -> None:
    """What a later mention adds: the type from words in front, issuer, date, title."""
    if found.type_code != known.type_code and known.type_code in (None, _symbol_type(known)):
        known.type_code, known.type_name = found.type_code, found.type_name
    known.issuer = known.issuer or found.issuer
    known.date = known.date or found.date
    if not known.title:
        known.title, known.title_span = found.title, found.title_span


def _symbol_type(doc: Draft) -> str | None:
    if doc.system == "party":
        return doc.symbol.split("-", 1)[1].split("/", 1)[0]
    if "/" not in doc.symbol:
        return None  # an old number, 58-CP: no type in it
    tail = doc.symbol.rsplit("/", 1)[1]
    return tail.split("-", 1)[0] if "-" in tail else None


def _compatible(code: str, doc: Draft) -> bool:
    codes = {doc.type_code, _symbol_type(doc)}
    if code in codes:
        return True
    return code in _QD_FAMILY and bool(codes & _QD_FAMILY)


def _shorts(
    text: str, hits: list[re.Match[str]], shorts: list[re.Match[str]]
) -> list[re.Match[str]]:
    """Every match of _SHORT_NUMBER, in text order: those of the shared scan and those at a
    full number's start ("35 ‐NQ/TW" holds a short "35" too)."""
    at_hits = [short for hit in hits if (short := _SHORT_NUMBER.match(text, hit.start()))]
    if not at_hits:
        return shorts
    return sorted(shorts + at_hits, key=lambda match: match.start())


def _add_backrefs(
    text: str,
    docs: list[Draft],
    mentions: list[Mention],
    spans: list[list[tuple[int, int]]],
    shorts: list[re.Match[str]],
) -> list[Mention]:
    """Short back-references ("Nghị quyết 35") to documents already cited in full.

    Only the short numbers equal to a cited number get a look at the few words in front of
    them."""
    by_number: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        by_number.setdefault(int(docs[mention.doc].number), []).append((mention.start, mention.doc))
    leads = [m.lead for m in mentions]
    extra: list[Mention] = []
    floor = mentions[0].end
    for match in shorts:
        if match.start() < floor:
            continue
        cited = by_number.get(int(match.group()))
        if cited is None or match.start() < cited[0][0]:
            continue
        words = text[max(0, match.start() - 12) : match.start()].lower().split()
        if not words or words[-1] not in _LAST_SYLLABLES:
            continue  # "có 12 lớp": no type word in front, no need for the pattern
        lead = _BACKREF_LEAD.search(text, max(0, match.start() - 40), match.start())
        if lead is None or _inside_full(lead.start(), leads, mentions):
            continue
        index = _latest_before(docs, cited, match.start(), vocab.TYPE_WORDS[lead["tw"].lower()])
        if index is None:
            continue
        start, end = lead.start(), match.end()
        extra.append(Mention(index, start, end, start, False))
        spans[index].append((start, end))
    if not extra:
        return mentions
    return sorted(mentions + extra, key=lambda m: m.start)


def _inside_full(pos: int, leads: list[int], mentions: list[Mention]) -> bool:
    i = bisect_right(leads, pos) - 1
    return i >= 0 and mentions[i].end > pos


def _latest_before(
    docs: list[Draft], cited: list[tuple[int, int]], pos: int, code: str
) -> int | None:
    """The document most recently cited before `pos` under this number and a matching type."""
    for start, index in reversed(cited[: bisect_right(cited, (pos, len(docs)))]):
        if start < pos and _compatible(code, docs[index]):
            return index
    return None
