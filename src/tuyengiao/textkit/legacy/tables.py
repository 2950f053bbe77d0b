"""Byte tables of the legacy Vietnamese encodings, and codecs built from them.

Sources, checked by round trips over the whole alphabet and, in the tests, against glibc's
``iconv`` where it is installed:

- TCVN3 ("ABC", the .VnTime fonts) is the VN3 subset of TCVN 5712:1993: one byte per
  precomposed *lower-case* letter in 0xA8–0xFE and only seven capitals (Ă Â Ê Ô Ơ Ư Đ, 0xA1–0xA7).
  Capitals with a tone do not exist in VN3: text set in the upper-case .VnTimeH fonts stores the
  *same bytes as lower case* and only the font draws capitals. Decoding therefore yields lower
  case; `decode_tcvn3(..., caps=True)` re-capitalises words and lines whose ASCII letters are
  all capitals (the usual .VnTimeH headings), which is a guess, not information in the bytes.
  Bytes the VN1 superset gives to toned capitals in 0xA0–0xFF are read as VN1 does; 0x80–0x9F
  are read as Windows-1252 punctuation (curly quotes, dashes, "…"): .VnTime fonts are ANSI
  fonts and Word files use those bytes for punctuation, not for VN1's capitals.
- VNI-Windows (VNI-Times fonts): a base letter followed by a mark byte; ơ ư đ and the toned
  i and ỵ have bytes of their own. Upper-case marks are the lower-case ones minus 0x20.
- VISCII (RFC 1456): one byte per precomposed letter, six of them in the C0 control range.
- Windows-1258: Python's ``cp1258`` codec; it leaves combining tone marks, so NFC follows.
"""

import codecs
import re
import unicodedata

# Tone order used by every row below: none, grave, hook, tilde, acute, dot below.
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")


def letter(vowel: str, tone: int) -> str:
    """The NFC letter for `vowel` (lower or upper case) with tone number `tone` (0–5)."""
    return unicodedata.normalize("NFC", vowel + TONES[tone])


# --- TCVN3 -------------------------------------------------------------------------------
_TCVN3_ROWS = {
    "a": b"a\xb5\xb6\xb7\xb8\xb9",
    "ă": b"\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": b"\xa9\xc7\xc8\xc9\xca\xcb",
    "e": b"e\xcc\xce\xcf\xd0\xd1",
    "ê": b"\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": b"i\xd7\xd8\xdc\xdd\xde",
    "o": b"o\xdf\xe1\xe2\xe3\xe4",
    "ô": b"\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": b"\xac\xea\xeb\xec\xed\xee",
    "u": b"u\xef\xf1\xf2\xf3\xf4",
    "ư": b"\xad\xf5\xf6\xf7\xf8\xf9",
    "y": b"y\xfa\xfb\xfc\xfd\xfe",
}
# đ, and the only capitals the ABC fonts have: the seven letters with a shape of their own.
_TCVN3_OTHER = {
    "đ": 0xAE, "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}  # fmt: skip
# VN1 capitals that sit in 0xA0–0xFF (never produced by the ABC fonts, harmless to read).
_TCVN3_VN1_CAPS = {
    0xAF: "Ằ", 0xBA: "Ẳ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ",
    0xC5: "Ề", 0xCD: "Ể", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xE0: "Ổ", 0xF0: "Ỗ", 0xFF: "Ố",
    0xB0: "\u0300", 0xB1: "\u0309", 0xB2: "\u0303", 0xB3: "\u0301", 0xB4: "\u0323",
}  # fmt: skip


def _cp1252_byte(byte: int) -> str:
    # Bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as Latin-1 controls.
    return bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)


def _tcvn3_decoding() -> list[str]:
    table = [chr(b) if b < 0x80 else _cp1252_byte(b) for b in range(256)]
    for vowel, row in _TCVN3_ROWS.items():
        for tone, byte in enumerate(row):
            table[byte] = letter(vowel, tone)
    for char, byte in _TCVN3_OTHER.items():
        table[byte] = char
    for byte, char in _TCVN3_VN1_CAPS.items():
        table[byte] = char
    return table


TCVN3_DECODE = _tcvn3_decoding()

# --- VNI-Windows -------------------------------------------------------------------------
# Mark bytes (lower case; the upper-case byte is 0x20 less) and what they add to the base.
_VNI_MARKS = {
    0xF9: "\u0301", 0xF8: "\u0300", 0xFB: "\u0309", 0xF5: "\u0303", 0xEF: "\u0323",
    0xE2: "\u0302", 0xE1: "\u0302\u0301", 0xE0: "\u0302\u0300", 0xE5: "\u0302\u0309",
    0xE3: "\u0302\u0303", 0xE4: "\u0302\u0323",
    0xEA: "\u0306", 0xE9: "\u0306\u0301", 0xE8: "\u0306\u0300", 0xFA: "\u0306\u0309",
    0xFC: "\u0306\u0303", 0xEB: "\u0306\u0323",
}  # fmt: skip
# Letters with a byte of their own (lower case; upper case is 0x20 less).
_VNI_LETTERS = {
    0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xEC: "ì", 0xED: "í", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị",
    0xEE: "ỵ",
}  # fmt: skip


def _vni_decoding() -> list[str]:
    table = [chr(b) if b < 0x80 else _cp1252_byte(b) for b in range(256)]
    for byte, marks in _VNI_MARKS.items():
        table[byte] = table[byte - 0x20] = marks
    for byte, char in _VNI_LETTERS.items():
        table[byte] = char
        table[byte - 0x20] = char.upper()
    return table


VNI_DECODE = _vni_decoding()

# --- VISCII (RFC 1456) -------------------------------------------------------------------
_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x80–0x9F
    "ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xA0–0xBF
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xC0–0xDF
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"  # 0xE0–0xFF
)


def _viscii_decoding() -> list[str]:
    table = [chr(b) for b in range(128)] + list(_VISCII_HIGH)
    for byte, char in _VISCII_C0.items():
        table[byte] = char
    return table


VISCII_DECODE = _viscii_decoding()


class _Charmap:
    """A C-speed decoder for `table`: one code point per byte, with entries longer than one
    character (VNI's circumflex or breve plus a tone) parked on private-use code points and
    expanded by one regex pass."""

    def __init__(self, table: list[str]) -> None:
        self.expand = {chr(0xE000 + b): ch for b, ch in enumerate(table) if len(ch) != 1}
        singles = [ch if len(ch) == 1 else chr(0xE000 + b) for b, ch in enumerate(table)]
        self.table = "".join(singles)
        self.pattern = re.compile("[" + "".join(self.expand) + "]") if self.expand else None

    def decode(self, data: bytes) -> str:
        text, _ = codecs.charmap_decode(data, "strict", self.table)
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: self.expand[m.group()], text)
        return text


CHARMAPS = {
    "tcvn3": _Charmap(TCVN3_DECODE),
    "vni": _Charmap(VNI_DECODE),
    "viscii": _Charmap(VISCII_DECODE),
}


def decode_table(data: bytes, encoding: str) -> str:
    """Decode `data` from "tcvn3", "vni" or "viscii", then NFC (VNI and VN1 leave marks)."""
    return unicodedata.normalize("NFC", CHARMAPS[encoding].decode(data))


def decode_cp1258(data: bytes) -> str:
    """Windows-1258 through Python's codec; raises UnicodeDecodeError on undefined bytes."""
    return unicodedata.normalize("NFC", codecs.decode(data, "cp1258"))


# --- Encoders (the reverse tables): used to write test fixtures and to check round trips ---
_TONE_MARKS = frozenset(TONES[1:])


def _reverse(table: list[str]) -> dict[str, int]:
    return {ch: b for b, ch in enumerate(table) if len(ch) == 1 and (ch != chr(b) or b >= 0x80)}


_TCVN3_ENCODE = _reverse(TCVN3_DECODE)
for _byte in _TCVN3_VN1_CAPS:  # write what the .VnTime fonts write, not VN1's capitals
    _TCVN3_ENCODE.pop(TCVN3_DECODE[_byte], None)
_VISCII_ENCODE = _reverse(VISCII_DECODE)
_VNI_LETTER_ENCODE = {ch: b for b, ch in _VNI_LETTERS.items()}
_VNI_LETTER_ENCODE |= {ch.upper(): b - 0x20 for b, ch in _VNI_LETTERS.items()}
# Marks keyed by their canonical (NFD) order, so "ậ" = a + dot + circumflex finds 0xE4.
_VNI_MARK_ENCODE = {unicodedata.normalize("NFD", "a" + m)[1:]: b for b, m in _VNI_MARKS.items()}
_PUNCT_ENCODE = {_cp1252_byte(b): b for b in range(0x80, 0xA0)}


def _encode_char(char: str, encoding: str) -> bytes:
    if char.isascii():
        return char.encode("ascii")
    if encoding == "viscii":
        return bytes([_VISCII_ENCODE[char]])
    if encoding == "tcvn3":
        # .VnTimeH convention: a capital with a tone is stored as the lower-case byte.
        byte = _TCVN3_ENCODE.get(char, _TCVN3_ENCODE.get(char.lower()))
        return bytes([byte if byte is not None else _PUNCT_ENCODE[char]])
    if encoding == "vni":
        return _encode_vni(char)
    return _encode_cp1258(char)


def _encode_vni(char: str) -> bytes:
    if char.isascii():
        return char.encode("ascii")
    if char in _VNI_LETTER_ENCODE:
        return bytes([_VNI_LETTER_ENCODE[char]])
    if char in _PUNCT_ENCODE:
        return bytes([_PUNCT_ENCODE[char]])
    base, marks = _split_horn(unicodedata.normalize("NFD", char))
    if not marks:
        raise KeyError(char)
    mark = _VNI_MARK_ENCODE[marks] - (0x20 if base.isupper() else 0) if marks else None
    return _encode_vni(base) + (bytes([mark]) if mark is not None else b"")


def _split_horn(decomposed: str) -> tuple[str, str]:
    # o/u + horn is a letter of its own in VNI (ơ, ư); the remaining marks follow it.
    if len(decomposed) > 1 and decomposed[1] == "\u031b":
        return unicodedata.normalize("NFC", decomposed[:2]), decomposed[2:]
    return decomposed[0], decomposed[1:]


def _encode_cp1258(char: str) -> bytes:
    try:
        return char.encode("cp1258")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        rest = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        return (rest + tones).encode("cp1258")


def encode_legacy(text: str, encoding: str) -> bytes:
    """`text` in a legacy encoding (tcvn3, vni, viscii, cp1258), for fixtures and round-trip
    tests (a loop per character: not meant for bulk conversion). ValueError when a character
    has no code there."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(_encode_char(char, encoding))
        except (KeyError, UnicodeEncodeError) as error:
            raise ValueError(f"{char!r} (U+{ord(char):04X}) has no code in {encoding}") from error
    return b"".join(out)
