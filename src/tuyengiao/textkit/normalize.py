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
_ODD_RE = re.compile(
    r"\r\n?|[" + "".join(k for k in _REPLACEMENTS if len(k) == 1 and k != "\r") + "]"
)


_ASCII_ODD_RE = re.compile("[\r\x0b\x0c]")


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


def normalize(text: str) -> str:
    """The normalised form of `text`: NFC, Đ for its look-alikes, plain spaces, LF newlines.

    Idempotent. Tone placement ("hoà"/"hòa") is kept as written: use `tone_key` to compare.
    """
    if text.isascii() and _ASCII_ODD_RE.search(text) is None:
        return text
    text = _ODD_RE.sub(_replace, text)
    return unicodedata.normalize("NFC", text)


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
