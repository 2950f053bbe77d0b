"""Bytes and mis-decoded text in any encoding met in Vietnamese government files → NFC Unicode.

`decode_bytes` reads raw bytes: UTF-8 (with or without BOM), TCVN3 (ABC), VNI-Windows, VISCII or
Windows-1258. `convert_legacy_text` repairs text a tool already decoded as Windows-1252/Latin-1
although it was TCVN3 or VNI ("Tæng kÕt" for "Tổng kết", copied from Word with .VnTime fonts).

Detection decodes a sample with every candidate and keeps the reading whose words are most
often plausible Vietnamese syllables (legacy/syllables.py); the confidence grows with that
share, with the lead over the runner-up and with the amount of evidence. The byte tables and
their known ambiguities (TCVN3 capitals) are documented in legacy/tables.py.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass

from tuyengiao.textkit.legacy.syllables import plausibility, rarity
from tuyengiao.textkit.legacy.tables import (
    decode_cp1258,
    decode_table,
    encode_legacy,
)

__all__ = [
    "ENCODINGS",
    "DecodeError",
    "Decoded",
    "convert_legacy_text",
    "decode_bytes",
    "detect_legacy",
    "encode_legacy",
]

ENCODINGS = ("auto", "utf-8", "tcvn3", "vni", "viscii", "cp1258")
# Tie-break order: the most common legacy encoding in government files comes first.
LEGACY = ("tcvn3", "vni", "cp1258", "viscii")
SAMPLE_BYTES = 32 * 1024  # thousands of words: plenty to tell the encodings apart
MIN_SCORE = 0.5  # below this share of plausible syllables no reading is believed
REPAIR_CONFIDENCE = 0.8  # `decode_bytes(repair=True)` converts mojibake only when this sure

# C0/C1 control characters other than tab, newlines, vertical tab and form feed (Word writes
# \x0b and \x0c for line and page breaks). Text has almost none; binary data is full of them.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# A Latin letter glued to a letter of another script ("ngߢi"): what legacy bytes look like when
# they happen to form valid UTF-8. Vietnamese letters (U+1E00–U+1EFF) and symbols are not other
# scripts.
_OTHER_SCRIPT = "\u0370-\u1dff\u1f00-\u1fff\u2c00-\U0010ffff"
_MIXED_SCRIPT_RE = re.compile(f"[A-Za-z][{_OTHER_SCRIPT}]|[{_OTHER_SCRIPT}][A-Za-z]")
# A line with at least three ASCII capitals and no ASCII lower case (a heading); a word with
# no ASCII lower case and an ASCII capital after its first letter. Possessive quantifiers keep
# both scans linear.
_CAPS_LINE_RE = re.compile(r"^(?=(?:[^A-Za-z\n]*+[A-Z]){3})[^a-z\n]*+$", re.MULTILINE)
_CAPS_WORD_RE = re.compile(
    r"(?<![^\W\d_])[^\W\d_a-z](?=[^\W\d_a-z]*[A-Z])[^\W\d_a-z]++(?![^\W\d_])"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text (NFC), the encoding it was read as and how sure that reading is (0–1)."""

    text: str
    encoding: str
    confidence: float


class DecodeError(ValueError):
    """The bytes could not be read as Vietnamese text in any encoding tried."""


@dataclass(frozen=True, slots=True)
class _Reading:
    encoding: str
    text: str
    good: int
    judged: int
    rare: int = 0

    @property
    def score(self) -> float:
        return self.good / self.judged if self.judged else 0.0


def decode_bytes(
    data: bytes, encoding: str = "auto", *, caps: bool = True, repair: bool = False
) -> Decoded:
    """Decode `data` to NFC text. `encoding` is one of ENCODINGS; "auto" detects it.

    Pure ASCII reads the same in every candidate and is reported as "utf-8" with confidence
    1; UTF-16 is read when it starts with a BOM (auto only; reported as "utf-16"). `caps`
    re-capitalises all-capital TCVN3 words (see legacy/tables.py). With `repair`, UTF-8 text
    that is really TCVN3/VNI mis-decoded as Windows-1252 ("Tæng kÕt", a .VnTime document
    saved as Unicode) is converted too, and the encoding reads "utf-8+tcvn3". Raises
    DecodeError, saying what was tried, when nothing reads as text.
    """
    decoded = _decode_bytes(data, encoding, caps=caps)
    if repair and decoded.encoding == "utf-8" and not decoded.text.isascii():
        found, confidence = detect_legacy(decoded.text)
        if found is not None and confidence >= REPAIR_CONFIDENCE:
            text = convert_legacy_text(decoded.text, found, caps=caps)
            return Decoded(text, f"utf-8+{found}", confidence)
    return decoded


def _decode_bytes(data: bytes, encoding: str, *, caps: bool) -> Decoded:
    if encoding not in ENCODINGS:
        raise DecodeError(f"unknown encoding {encoding!r}: expected one of {', '.join(ENCODINGS)}")
    if encoding != "auto":
        text = _decode_as(data, encoding, caps=caps)
        return Decoded(text, encoding, 1.0)
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_decode_as(data, "utf-8", caps=caps), "utf-8", 1.0)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data)  # Word's "Unicode text" (.txt) is UTF-16 with a BOM
    if b"\x00" in data:
        raise DecodeError(
            f"{len(data)} bytes hold NUL bytes: binary data or UTF-16, not text in UTF-8, "
            "TCVN3, VNI, VISCII or Windows-1258"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _detect_bytes(data, utf8_error=error, caps=caps)
    if _too_many_controls(text):
        raise DecodeError(
            f"{len(data)} bytes are valid UTF-8 but full of control characters: binary data?"
        )
    if data.isascii():
        return Decoded(text, "utf-8", 1.0)
    return _utf8_or_legacy(data, unicodedata.normalize("NFC", text), caps=caps)


def _decode_utf16(data: bytes) -> Decoded:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise DecodeError(f"starts with a UTF-16 BOM but is not valid UTF-16: {error}") from error
    return Decoded(unicodedata.normalize("NFC", text), "utf-16", 1.0)


def _utf8_or_legacy(data: bytes, text: str, *, caps: bool) -> Decoded:
    """Valid UTF-8 is nearly always UTF-8; but a few legacy bytes can form valid UTF-8 by
    chance. When the UTF-8 reading has no plausible Vietnamese and a legacy one clearly has,
    trust the legacy reading."""
    utf8 = _Reading("utf-8", text, *plausibility(text[: SAMPLE_BYTES // 2]))
    if utf8.judged == 0 or utf8.score >= MIN_SCORE:
        return Decoded(text, "utf-8", 0.99)
    best, confidence = _choose(_readings(_sample(data)))
    garbled = _MIXED_SCRIPT_RE.search(text) is not None
    if best is None or best.score < max(0.8, utf8.score + 0.5) or not (garbled or best.judged >= 3):
        return Decoded(text, "utf-8", 0.9)
    return Decoded(_decode_as(data, best.encoding, caps=caps), best.encoding, confidence)


def _decode_as(data: bytes, encoding: str, *, caps: bool) -> str:
    try:
        if encoding == "utf-8":
            return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
        return _decode_legacy(data, encoding, caps=caps)
    except UnicodeDecodeError as error:
        raise DecodeError(
            f"not valid {encoding}: byte 0x{data[error.start]:02X} at offset {error.start}"
        ) from error


def _decode_legacy(data: bytes, encoding: str, *, caps: bool = False) -> str:
    if encoding == "cp1258":
        return decode_cp1258(data)
    if encoding == "tcvn3":
        text = decode_table(data, "tcvn3")
        return recapitalise(text) if caps else text
    return decode_table(data, encoding)


def _too_many_controls(text: str) -> bool:
    return len(_CONTROL_RE.findall(text)) * 200 > len(text)


def _readings(data: bytes) -> list[_Reading]:
    readings = []
    for encoding in LEGACY:
        try:
            # TCVN3 capitals come out as lower case: re-capitalise before judging word shapes.
            text = _decode_legacy(data, encoding, caps=True)
        except UnicodeDecodeError:
            continue
        if not _too_many_controls(text):
            readings.append(_Reading(encoding, text, *plausibility(text), rarity(text)))
    return readings


def _detect_bytes(data: bytes, *, utf8_error: UnicodeDecodeError, caps: bool) -> Decoded:
    readings = _readings(_sample(data))
    best, confidence = _choose(readings)
    if best is None:
        judged = {r.encoding: f"{r.good}/{r.judged} words plausible" for r in readings}
        tried = "; ".join(
            f"{name}: {judged.get(name, 'undefined bytes or control characters')}"
            for name in LEGACY
        )
        raise DecodeError(
            f"cannot decode {len(data)} bytes as Vietnamese text (need {MIN_SCORE:.0%} of words "
            f"plausible). Tried utf-8: invalid byte 0x{data[utf8_error.start]:02X} at offset "
            f"{utf8_error.start}; {tried}. Pass the encoding explicitly if you know it."
        )
    if len(data) > SAMPLE_BYTES or (best.encoding == "tcvn3" and not caps):
        text = _decode_as(data, best.encoding, caps=caps)
    else:
        text = best.text
    return Decoded(text, best.encoding, confidence)


def _sample(data: bytes) -> bytes:
    # Cut at a line end so a VNI base letter is not separated from its mark byte.
    if len(data) <= SAMPLE_BYTES:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE_BYTES)
    return data[: cut if cut > 0 else SAMPLE_BYTES]


def _choose(readings: list[_Reading]) -> tuple[_Reading | None, float]:
    """The most plausible reading and a confidence, or (None, 0) when none is plausible."""
    if not readings:
        return None, 0.0
    # Ties go to the reading with fewer rare letters, then to the LEGACY order (sort is stable).
    ranked = sorted(readings, key=lambda r: (-r.score, r.rare))
    best = ranked[0]
    if best.judged == 0:  # only punctuation beyond ASCII: every reading is the same text
        return best, 0.5
    if best.score < MIN_SCORE:
        return None, 0.0
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    return best, _confidence(best.score, runner_up, best.judged)


def _confidence(score: float, runner_up: float, evidence: int) -> float:
    """Share of plausible words, damped when the runner-up is close or evidence is thin."""
    lead = min(1.0, (score - runner_up) / 0.5)
    return round(score * (1 - 0.5**evidence) * (0.5 + 0.5 * lead), 3)


def recapitalise(text: str) -> str:
    """Upper-case TCVN3 words that were set in a .VnTimeH (capitals) font.

    The bytes say lower case; when a word's ASCII letters after the first are all capitals
    ("TØNH" → "TỈNH") or a whole line's ASCII letters are capitals (a heading), the writer
    meant capitals. A lone title-case word ("Tõ") stays as it is: it is usually title case.
    """
    if text.isascii():
        return text
    text = _CAPS_LINE_RE.sub(_upper, text)
    return _CAPS_WORD_RE.sub(_upper, text)


def _upper(match: re.Match[str]) -> str:
    return match.group().upper()


# --- Text that a tool already decoded as Windows-1252 / Latin-1 ---------------------------


def _mojibake_error(error: UnicodeError) -> tuple[bytes, int]:
    # cp1252 leaves five bytes undefined; tools decode them as Latin-1 C1 controls.
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    if all(0x80 <= ord(ch) <= 0x9F for ch in chunk):
        return chunk.encode("latin-1"), error.end
    raise error


codecs.register_error("tuyengiao-cp1252", _mojibake_error)
# Runs of characters that Windows-1252 (plus Latin-1's C1 range) can hold.
_CP1252_CHARS = "".join(sorted({bytes([b]).decode("cp1252", "ignore") for b in range(256)}))
_CP1252_RUN_RE = re.compile("[" + re.escape(_CP1252_CHARS.replace("\x00", "")) + r"\x00\x80-\x9f]+")


def _to_bytes(run: str) -> bytes:
    return run.encode("cp1252", errors="tuyengiao-cp1252")


def detect_legacy(text: str) -> tuple[str | None, float]:
    """Which legacy encoding `text` (mis-decoded as Windows-1252) is in, with a confidence.

    Returns (None, confidence) when the text reads better as it is: real Unicode Vietnamese,
    plain ASCII, or text in another language.
    """
    sample = text[:SAMPLE_BYTES]
    if sample.isascii():
        return None, 1.0
    as_is = _Reading("unicode", sample, *plausibility(sample))
    raw = b" ".join(_to_bytes(run) for run in _CP1252_RUN_RE.findall(sample))
    readings = [r for r in _readings(raw) if r.judged]
    best, conf = _choose(readings)
    if best is None or best.score <= as_is.score + 0.2:
        rivals = max((r.score for r in readings), default=0.0)
        return None, _confidence(as_is.score, rivals, max(as_is.judged, 1)) if as_is.judged else 0.5
    if as_is.score > 0:
        conf = _confidence(best.score, max(as_is.score, _runner_up(readings, best)), best.judged)
    return best.encoding, conf


def _runner_up(readings: list[_Reading], best: _Reading) -> float:
    return max((r.score for r in readings if r is not best), default=0.0)


def convert_legacy_text(text: str, encoding: str = "auto", *, caps: bool = True) -> str:
    """Repair `text` that was decoded as Windows-1252 but holds `encoding` bytes ("auto" detects).

    Characters Windows-1252 cannot hold (real Unicode already in the text) are kept as they are,
    so a half-converted document comes out whole. Returns NFC text; with "auto" and nothing
    detected, the text is returned in NFC unchanged.
    """
    if encoding == "auto":
        found, _ = detect_legacy(text)
        if found is None:
            return unicodedata.normalize("NFC", text)
        encoding = found
    if encoding not in LEGACY:
        raise ValueError(f"unknown legacy encoding {encoding!r}: expected one of {LEGACY}")

    def convert(match: re.Match[str]) -> str:
        try:
            return _decode_legacy(_to_bytes(match.group()), encoding, caps=caps)
        except UnicodeDecodeError:  # cp1258 has undefined bytes: keep that run as it was
            return match.group()

    return unicodedata.normalize("NFC", _CP1252_RUN_RE.sub(convert, text))
