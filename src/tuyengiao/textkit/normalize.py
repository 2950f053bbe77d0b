"""Normalisation of Vietnamese text: NFC for storage, keys for matching.

- `normalize`: the text every span points into (NFC, Đ look-alikes, odd spaces, newlines).
- `fold` / `match_key`: lower case, no diacritics, single spaces (search keys).
- `tone_key`: keeps diacritics, puts each tone mark in one place ("hoà" → "hòa").
"""

import re
import unicodedata

# Đ/đ do not decompose under NFD; Ð (U+00D0, Icelandic eth) is often typed for Đ.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})


def nfc(text: str) -> str:
    """Text in Unicode NFC, the form every stored string uses."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """A matching key: lower case, no diacritics, single spaces.

    Removing every mark makes old and new tone placement ("hoà"/"hòa", "uỷ"/"ủy") and
    diacritic-free typing ("xa tan uyen") all land on the same key.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# --- normalize: the one form every span points into -------------------------------------
# Steps that change the length (each documented, all applied before NFC so that removing a
# character never leaves two pieces that NFC would then have to join):
#   1. CR LF and lone CR → LF (Windows and old Mac line ends);
#   2. zero-width characters, BOM and soft hyphen are removed (invisible, break words);
#   3. NFC (composes NFD input: "a" + U+0301 → "á").
# Same-length steps: Ð/ð (Icelandic eth) and Ɖ/ɖ (African D) → Đ/đ; odd spaces → " ";
# other line breaks (VT, FF, NEL, U+2028, U+2029) → LF.
_REPLACEMENTS = {
    "\r": "\n",
    "\r\n": "\n",
    # Word's manual line break (VT) and page break (FF), Unicode line/paragraph separators.
    **dict.fromkeys("\x0b\x0c\x85\u2028\u2029", "\n"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
    "Ð": "Đ",
    "ð": "đ",
    "Ɖ": "Đ",
    "ɖ": "đ",
    **dict.fromkeys("\u00a0\u1680\u202f\u205f\u3000", " "),
    **{chr(c): " " for c in range(0x2000, 0x200B)},
}
# One scan finds every character to replace; str.translate would visit each character in turn.
# It opens with one character class, which lets sre skip to candidates without trying the
# pattern at each position; "\r\n" is the one two-character replacement.
_ODD_RE = re.compile("[" + "".join(k for k in _REPLACEMENTS if len(k) == 1) + "](?:(?<=\r)\n)?")


_ASCII_ODD_RE = re.compile("[\r\x0b\x0c]")


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


# Characters that NFC keeps as they are and that never join a character before them
# (NFC_Quick_Check = Yes): ASCII, the Latin blocks Vietnamese is written with, common
# punctuation and symbols. A line made only of them is already NFC, so only lines holding
# anything else (a combining mark, another script) are passed to unicodedata: most text is
# NFC already, and NFC's own check walks every character. `tests/textkit/test_normalize.py`
# checks this list against the Unicode database.
_NFC_STABLE_RANGES = (
    (0x00, 0x2FF),  # ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ạ ả ấ … ỹ)
    (0x2010, 0x205E),  # punctuation: dashes, quotes, …, ‰
    (0x20A0, 0x20C0),  # currency signs (₫)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x225F),  # mathematical operators before the negated ones (≠ ≮ … compose)
    (0x2500, 0x25FF),  # box drawing, blocks, geometric shapes (bullets)
)


def _stable(code: int) -> bool:
    ch = chr(code)
    return unicodedata.normalize("NFC", ch) == ch and not unicodedata.combining(ch)


_NFC_STABLE = "".join(
    re.escape(chr(c)) for a, b in _NFC_STABLE_RANGES for c in range(a, b + 1) if _stable(c)
)
_NEEDS_NFC = re.compile(f"[^{_NFC_STABLE}]")
# Either kind of work (a character to replace, or one NFC may change) in one class: most
# texts need neither, and then one scan decides; otherwise the two steps run only from the
# line of the first such character (what is before it is already normal).
_ODD_SINGLES = frozenset(k for k in _REPLACEMENTS if len(k) == 1)
_NEEDS_WORK = re.compile(
    "[^"
    + "".join(
        re.escape(chr(c))
        for a, b in _NFC_STABLE_RANGES
        for c in range(a, b + 1)
        if _stable(c) and chr(c) not in _ODD_SINGLES
    )
    + "]"
)


def normalize(text: str) -> str:
    """The normalised form of `text`: NFC, Đ for its look-alikes, plain spaces, LF newlines.

    Idempotent. Tone placement ("hoà"/"hòa") is kept as written: use `tone_key` to compare.
    """
    if text.isascii() and _ASCII_ODD_RE.search(text) is None:
        return text
    first = _NEEDS_WORK.search(text)
    if first is None:
        return text
    # A line feed never composes and is not replaced: the lines before the first character
    # that needs work stay as they are.
    head = text.rfind("\n", 0, first.start()) + 1
    tail = _nfc_lines(_ODD_RE.sub(_replace, text[head:] if head else text))
    return text[:head] + tail if head else tail


def _nfc_lines(text: str) -> str:
    """NFC of `text`, computed only for the lines that may change. A line feed never
    composes with its neighbours, so NFC of the whole is NFC of each line."""
    odd = _NEEDS_NFC.search(text)
    if odd is None:
        return text
    parts: list[str] = []
    done = 0
    while odd is not None:
        start = text.rfind("\n", done, odd.start()) + 1 or done
        end = text.find("\n", odd.end())
        end = len(text) if end < 0 else end
        parts.append(text[done:start])
        parts.append(unicodedata.normalize("NFC", text[start:end]))
        done = end
        odd = _NEEDS_NFC.search(text, end)
    parts.append(text[done:])
    return "".join(parts)


# --- tone placement -----------------------------------------------------------------------
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_QUALITY = set("ăâêôơưĂÂÊÔƠƯ")
_TONED = "".join(unicodedata.normalize("NFC", v + t) for v in sorted(_VOWELS) for t in _TONE_MARKS)
_ANY_VOWEL = "".join(sorted(_VOWELS)) + _TONED
# Only words where a toned vowel touches another vowel can have the tone in two places: the
# scan skips every other word without a Python call.
_WORD_RE = re.compile(rf"[^\W\d_]*(?:[{_ANY_VOWEL}][{_TONED}]|[{_TONED}][{_ANY_VOWEL}])[^\W\d_]*")


def tone_key(text: str) -> str:
    """`normalize(text)` with every tone mark moved to one fixed place in its syllable.

    Two spellings meet: DOMAIN.md calls "hoà", "uỷ", "thuý" old and "hòa", "ủy", "thúy"
    new (the form of today's administrative texts, "Ủy ban", "Cộng hòa"); the key uses the
    new one. Rules: a vowel with a quality mark (ơ, ê, â…) takes the tone ("thuyết",
    "người"); else, in a closed syllable the last vowel ("hoàng", "toán"); else the
    first vowel of two ("hòa", "thủy", "múa") or the middle one of three ("khoái").
    "qu" and "gi" before a vowel are onsets ("quý", "già"). Letter case is kept.
    """
    return _WORD_RE.sub(_retone_word, normalize(text))


def _retone_word(match: re.Match[str]) -> str:
    word = match.group()
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", decomposed.replace(tones[0], ""))
    target = _tone_position(bare)
    if target is None:
        return word
    return unicodedata.normalize("NFC", bare[: target + 1] + tones[0] + bare[target + 1 :])


def _tone_position(bare: str) -> int | None:
    """Index in `bare` (NFC, untoned) of the vowel that carries the tone, or None."""
    lower = bare.lower()
    start = 0
    while start < len(bare) and bare[start] not in _VOWELS:
        start += 1
    # "qu" + vowel and "gi" + vowel: the u / i belongs to the onset.
    onset_glide = 0 < start < len(bare) - 1 and lower[start - 1 : start + 1] in ("qu", "gi")
    if onset_glide and bare[start + 1] in _VOWELS:
        start += 1
    end = start
    while end < len(bare) and bare[end] in _VOWELS:
        end += 1
    nucleus = range(start, end)
    if not nucleus:
        return None
    marked = [i for i in nucleus if bare[i] in _QUALITY]
    if marked:
        return marked[-1]
    if end < len(bare):  # a final consonant follows
        return end - 1
    return start if len(nucleus) <= 2 else start + 1


def match_key(text: str) -> str:
    """The matching key: `fold` of the text. Dropping every mark also makes old and new tone
    placement equal ("hoà" and "hòa" both give "hoa"); `tone_key` compares with diacritics."""
    return fold(text)
