"""Figures in Vietnamese reports: `trên 2.000 cán bộ`, `16,22%`, `1,5 tỷ đồng`, `5/10 xã`.

One compiled scan finds every figure; each match is then judged by looking only at the few
words on either side: a label in front ("Ảnh 1", "Ban Chỉ đạo 35", "năm 2023") makes it a
name, a span already taken by a date or a document number hides it, and the counted noun
phrase after it (up to a boundary word) is its unit. A figure with no unit is not reported.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from tuyengiao.textkit import vocab
from tuyengiao.textkit.frozen import fast_init

# Vietnamese grouping: "." for thousands, "," for decimals. A dot not followed by exactly
# three digits is not a thousands separator, so "1.5" never reads as one number.
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(
    # The pattern opens with one class, "[0-9]", so that sre skips from digit to digit
    # without trying the pattern in between; the look-behind then tests the character
    # before that digit. The rest is _NUM after its first digit.
    r"(?P<num>[0-9](?<![\w.,/\-–+].)(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?))"
    rf"(?:/(?P<total>{_NUM}))?"
    # Every counted figure has "%" or a word after it (its unit or scale): a figure followed
    # by anything else is dropped by the scan itself, never reaching Python.
    rf"(?:(?P<pct> ?%)|(?=[ \t]+[^\W\d_]))(?![\w/]|[.,\-–]\d)"
)
_SCALE = re.compile(
    r"\s+(?P<scale>" + "|".join(vocab.SCALES) + r")(?!\w)",
)
_WORD = re.compile(r"[^\W\d_]+")
_BOUNDARY_PHRASE = re.compile(
    r"(?:" + "|".join(map(re.escape, vocab.UNIT_BOUNDARY_PHRASES)) + r")(?!\w)", re.IGNORECASE
)


def _by_first_letter(words: list[str]) -> str:
    """An alternation of `words` (each starting with a letter), grouped by that letter in
    lower case: sre tries the branches in turn, case-insensitively, at every line, and a
    line's first letter now rules out all groups but one. In each group the words keep
    their order, and no character matches two groups' letters: the same matches."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0].lower(), []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_CHROME_BODY = (
    r"[ \t|•·»>\-*]*(?:"
    + _by_first_letter(sorted(vocab.CHROME_LINE_HEADS, key=len, reverse=True))
    + r")\b[^\n]{0,80}$"
)
_CHROME_LINE = re.compile(_CHROME_BODY, re.IGNORECASE | re.MULTILINE)  # the first line
# The other lines: the pattern opens with the line feed before the line, a literal that sre
# finds without trying the pattern at every position ("^" in MULTILINE mode does not).
_CHROME_NEXT_LINE = re.compile(r"\n(?P<line>" + _CHROME_BODY + ")", re.IGNORECASE | re.MULTILINE)
_UNIT_MAX_WORDS = 10
_AFTER_COMMA_MAX_WORDS = 4
_MAX_COMMAS = 2
_LOOK = 48  # characters looked at in front of a figure


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A counted figure. `value` is scaled ("1,5 tỷ" → 1_500_000_000); `total` is the
    denominator of a ratio ("5/10 xã")."""

    text: str
    value: int | float
    total: int | float | None
    approx: str  # exact, over, under, about, nearly
    unit: str
    start: int
    end: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def chrome_spans(text: str) -> list[tuple[int, int]]:
    """Lines of web-page chrome ("Hôm nay: 1,996", "Điện thoại: …")."""
    first = _CHROME_LINE.match(text)
    spans = [first.span()] if first else []
    spans.extend(m.span("line") for m in _CHROME_NEXT_LINE.finditer(text))
    return spans


@lru_cache(maxsize=4096)  # the same few hundred figures recur ("1", "12", "100"…)
def parse_number(raw: str) -> int | float:
    """`1.171` → 1171, `16,22` → 16.22."""
    cleaned = raw.replace(".", "").replace(",", ".")
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def find_quantities(
    text: str, *, taken: Iterable[tuple[int, int]] = (), skip_chrome: bool = True
) -> list[Quantity]:
    """Every counted figure outside the `taken` spans (dates, document numbers)."""
    blocked = [*taken, *chrome_spans(text)] if skip_chrome else list(taken)
    found: list[Quantity] = []
    # Scan only the gaps between taken spans: a figure inside a date or a document number
    # never reaches Python.
    for start, end in _gaps(blocked, len(text)):
        for match in _FIGURE.finditer(text, start, end):
            quantity = _judge(text, match)
            if quantity is not None:
                found.append(quantity)
    return found


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of [0, length) that no span covers."""
    gaps = []
    cursor = 0
    for a, b in sorted(spans):
        if a > cursor:
            gaps.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < length:
        gaps.append((cursor, length))
    return gaps


def _judge(text: str, m: re.Match[str]) -> Quantity | None:
    start = m.start()
    window = text[max(0, start - _LOOK) : start]
    before = window.rstrip()
    # The word right in front decides whether a label or a qualifier may end there; only
    # then are the four words in front read (most figures follow a plain word).
    tail = before.rsplit(None, 1)
    last = tail[-1].lower() if tail else ""
    words: list[str] = []
    if last and (last.rstrip(":.") in _LABEL_OR_SO or last in _QUALIFIERS_BY_LAST):
        words = before.lower().rsplit(None, 4)[-4:]
        if _is_label(words):
            return None
    num, total_raw, pct = m.group("num", "total", "pct")
    value = parse_number(num)
    total = parse_number(total_raw) if total_raw else None
    end = m.end()
    if pct:
        unit = "%"
    else:
        if total is None and _looks_like_year(num):
            return None
        scale = _SCALE.match(text, end)
        if scale:
            value = _scaled(value, vocab.SCALES[scale["scale"]])
            end = scale.end()
        # A duration ("sau 2 năm triển khai") is known from the first word, which is the
        # unit's first word or a boundary word (then there is no unit): the unit is not read.
        first_word = _FIRST_WORD.match(text, end)
        if first_word and first_word[1].lower() in vocab.TIME_UNITS:
            return None
        unit, end = _unit(text, end)
        if not unit or unit.split(maxsplit=1)[0].rstrip(",").lower() in vocab.TIME_UNITS:
            # "sau 2 năm triển khai" is a duration, not a counted result.
            return None
    approx, begin = "exact", start
    if words and (phrase := _qualifier(before, words)):
        approx, begin = vocab.QUALIFIERS[phrase], start - (len(window) - len(before)) - len(phrase)
    return Quantity(text[begin:end], value, total, approx, unit, begin, end)


# The words in front are read from a short lower-cased window split on spaces: far cheaper
# than a backward-looking regex alternation at every figure.
_LABELS = frozenset(vocab.LABEL_WORDS) | frozenset(vocab.TYPE_WORDS)
_LABEL_LAST_WORDS = frozenset(label.split()[-1] for label in _LABELS)
# Last words in front of a figure (":" and "." dropped) that may end a label, and "số".
_LABEL_OR_SO = _LABEL_LAST_WORDS | {"số"}
_QUALIFIERS_BY_LAST: dict[str, list[str]] = {}
for _phrase in sorted(vocab.QUALIFIERS, key=len, reverse=True):
    _QUALIFIERS_BY_LAST.setdefault(_phrase.split()[-1], []).append(_phrase)


def _is_label(words: list[str]) -> bool:
    """ "Ảnh 1", "Ban Chỉ đạo 35", "thôn số 3", "năm 2023" — but not "tổng số 120"."""
    if not words:
        return False
    last = words[-1].rstrip(":.")
    if last == "số" and len(words) > 1:
        if words[-2] == "tổng":
            return False
        if _ends_with_label(words[:-1]):
            return True
    if last not in _LABEL_LAST_WORDS:  # the common case, decided by one set lookup
        return False
    return _ends_with_label([*words[:-1], last])


def _ends_with_label(words: list[str]) -> bool:
    if words[-1] not in _LABEL_LAST_WORDS:
        return False
    return any(" ".join(words[-n:]) in _LABELS for n in range(1, min(4, len(words)) + 1))


def _qualifier(before: str, words: list[str]) -> str | None:
    for phrase in _QUALIFIERS_BY_LAST.get(words[-1], ()):
        n = len(phrase)
        if before[-n:].lower() == phrase and (n == len(before) or not before[-n - 1].isalnum()):
            return phrase
    return None


def _looks_like_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100


def _scaled(value: int | float, factor: int) -> int | float:
    result = value * factor
    return int(result) if float(result).is_integer() else result


def _unit(text: str, pos: int) -> tuple[str, int]:
    """The counted noun phrase from `pos`: words up to a boundary word or punctuation. A
    comma continues it into a short lower-case list ("tin, bài", "xã, thị trấn") only when
    that list is closed by punctuation or a boundary word, not by another figure."""
    # Every figure with a unit goes through this loop: it keeps only the first word's start,
    # the last word's end and counts, and reads each word's match once.
    first = last = segment_end = -1
    count = commas = segment = 0
    closed = True
    cursor = pos
    # Most units are a few plain words after single spaces ("đảng viên", "lượt người
    # nghe"): one match takes them, and they are judged from a split, without a match
    # object each. The loop below goes on from where they end (a comma, " - ", "m2"…).
    if run := _PLAIN_RUN.match(text, pos):
        for word in run.group().split():
            lowered = word.lower()
            start = cursor + 1
            if lowered in _BOUNDARY_WORDS or (
                count
                and (
                    not word.islower()
                    or (
                        lowered in _PHRASE_HEADS
                        and _boundary_phrase(text, start, start + len(word))
                    )
                )
            ):
                return _unit_text(text, pos, first, last, count)
            if not count:
                first = start
            count += 1
            last = cursor = start + len(word)
    next_word = _NEXT_WORD.match
    while True:
        step = next_word(text, cursor)
        if step is None:
            closed = _LIST_CLOSE.match(text, cursor) is not None
            break
        comma, word = step.group("comma", "word")
        lowered = word.lower()
        if lowered in _BOUNDARY_WORDS:
            break
        if count and (
            not word.islower()  # units are common nouns: a capital starts a name
            or (lowered in _PHRASE_HEADS and _boundary_phrase(text, step.start(2), step.end()))
        ):
            break
        if comma:
            if not count or commas >= _MAX_COMMAS or _AFTER_COMMA_STOP.match(text, step.start(2)):
                break
            commas, segment, segment_end = commas + 1, count, last
        if count >= _UNIT_MAX_WORDS or (commas and count - segment >= _AFTER_COMMA_MAX_WORDS):
            closed = not commas
            break
        if not count:
            first = step.start(2)
        count += 1
        last = cursor = step.end()
    if commas and not closed:
        count, last = segment, segment_end
    return _unit_text(text, pos, first, last, count)


def _unit_text(text: str, pos: int, first: int, last: int, count: int) -> tuple[str, int]:
    if not count:
        return "", pos
    end = last
    if per := _PER.match(text, end):
        end = per.end()  # "500 nghìn đồng/tháng"
    return text[first:end], end


# The first word after a figure, whole, as _unit reads it (after spaces; a comma before it
# ends the unit), and with no "/" after it ("năm/lần" is read by _unit).
_FIRST_WORD = re.compile(r"[ \t]+([^\W\d_]+)(?![\w/])")
# Verbs that open a new clause after a comma: "5.412 đảng viên, sinh hoạt tại 68 chi bộ".
_AFTER_COMMA_STOP = re.compile(
    r"(?:" + "|".join(map(re.escape, vocab.AFTER_COMMA_STOPS)) + r")(?!\w)", re.IGNORECASE
)
# Up to _UNIT_MAX_WORDS words of letters only, each after one space, not glued to a digit
# or "_" (the loop in _unit reads those).
_PLAIN_RUN = re.compile(rf"(?: [^\W\d_]+(?!\w)){{1,{_UNIT_MAX_WORDS}}}")
_PER = re.compile(r"(?:/[^\W\d_]+)+")
_LIST_CLOSE = re.compile(r"[ \t]*(?:[,.;:)\]!?\n]|$)")
# A word after a figure or after the previous word: at least one space, or ", ".
_NEXT_WORD = re.compile(
    # ", " or " - " ("hỏi - đáp") or spaces, then a word; "m2", "km2", "m3" are words here.
    r"(?:[ \t]*(?P<comma>,)[ \t]*|[ \t]+-[ \t]+(?=[^\W\d_]+\s)|[ \t]+)"
    r"(?P<word>(?:k|c)?m[23](?!\w)|[^\W\d_]+(?![\d]))"
)


_PHRASE_HEADS = frozenset(phrase.split()[0] for phrase in vocab.UNIT_BOUNDARY_PHRASES)
_BOUNDARY_WORDS = vocab.UNIT_BOUNDARY_WORDS


def _boundary_phrase(text: str, start: int, end: int) -> bool:
    """A boundary phrase opens at the word text[start:end] (not the first: right after a
    figure a two-syllable verb is a noun, "68 tổ chức cơ sở đảng")."""
    return bool(_BOUNDARY_PHRASE.match(text, start, end + 12))
