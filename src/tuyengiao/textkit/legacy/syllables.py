"""How Vietnamese a decoded text looks: the share of its words that are possible syllables.

A wrong decoding of legacy bytes turns letters into other letters, symbols or stray combining
marks; almost none of the resulting words fit the shape of a Vietnamese syllable (onset, vowel
nucleus, coda, at most one tone). So the right decoding is the one with the most plausible
syllables. The grammar is generic: it lists phonotactic pieces, not words.
"""

import re
from collections import Counter

from tuyengiao.textkit.legacy.tables import TONES, VOWELS, letter

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
# Rhymes without a final consonant (vowels, diphthongs and vowel + glide).
_OPEN = (
    "a e ê i o ô ơ u ư y ia ya ua ưa oa oe uê uy uya uơ ai ao au ay âu ây eo êu iu oi ôi ơi "
    "ui ưi ưu iêu yêu uôi ươi ươu oai oay oao oeo uây uyu"
)
# Nuclei that take a final consonant, with the finals each one takes ("ic", "êng", "ơc" do
# not occur: the wrong reading of legacy bytes often produces them).
_CLOSED = {
    "a": "c ch m n ng nh p t", "ă": "c m n ng p t", "â": "c m n ng p t", "e": "c m n ng p t",
    "ê": "ch m n nh p t", "i": "ch m n nh p t", "o": "c m n ng p t", "ô": "c m n ng p t",
    "ơ": "m n p t", "u": "c m n ng p t", "ư": "c m n ng t", "iê": "c m n ng p t",
    "yê": "m n ng t", "uô": "c m n ng t", "ươ": "c m n ng p t", "oa": "c ch m n ng nh p t",
    "oă": "c m n ng t", "oe": "n t", "uâ": "n ng t", "uê": "ch nh n", "uy": "ch nh n p t",
    "uyê": "n t", "oo": "c ng",
}  # fmt: skip


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_RHYMES = [*_OPEN.split()] + [n + c for n, codas in _CLOSED.items() for c in codas.split()]
SYLLABLE_RE = re.compile(rf"{_ONSET}(?:{_alternation(_RHYMES)})")

# Toned vowel → the same vowel without its tone; counting the removed tones bounds them to one.
_UNTONE: dict[int, str] = {}
for _vowel in VOWELS:
    for _tone in range(1, len(TONES)):
        _UNTONE[ord(letter(_vowel, _tone))] = _vowel
        _UNTONE[ord(letter(_vowel.upper(), _tone))] = _vowel.upper()
_TONED_RE = re.compile("[" + "".join(chr(c) for c in _UNTONE) + "]")
# Syllables closed by a stop (c, ch, p, t) carry the acute or the dot-below tone, never none,
# grave, hook or tilde ("kết", "việc"; never "kêt", "kết" read wrongly as "kÕt").
_STOP_TONES = {letter(v, t) for v in VOWELS + tuple(v.upper() for v in VOWELS) for t in (4, 5)}
_STOP_END_RE = re.compile(r"(?:c|ch|p|t)$", re.IGNORECASE)

# Pieces of text worth judging: runs between spaces, ASCII punctuation, digits and typographic
# punctuation, that hold at least one non-ASCII character (pure ASCII reads the same in every
# encoding, so it carries no evidence).
_SEP = r"\s\x00-\x40\x5b-\x60\x7b-\x7f“”‘’–—…•«»"
# Runs are found first and those with a non-ASCII character kept after: one pattern asking
# for that character inside the run retries from every position of a long ASCII run, which
# is quadratic (bench/README.md, "The syllable-run pattern").
_RUN_RE = re.compile(rf"[^{_SEP}]+")


def is_syllable(word: str) -> bool:
    """Whether `word` (NFC) has the shape of one Vietnamese syllable, in any letter case."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False  # "tHe": a wrong reading turned a byte into a capital mid-word
    tones = _TONED_RE.findall(word)
    if len(tones) > 1:
        return False
    if _STOP_END_RE.search(word) and not (tones and tones[0] in _STOP_TONES):
        return False
    return SYLLABLE_RE.fullmatch(word.translate(_UNTONE).lower()) is not None


# Letters that are rare in Vietnamese text (tilde and hook on rare vowels): a tie-breaker when
# two readings are equally plausible word by word.
_RARE_RE = re.compile("[ẵẳẫẽẻẹỗỡỹỷỳỵũĩõữẴẲẪẼẺẸỖỠỸỶỲỴŨĨÕỮ]")


def rarity(text: str) -> int:
    """How many rare letters `text` holds."""
    return len(_RARE_RE.findall(text))


def plausibility(text: str) -> tuple[int, int]:
    """(plausible syllables, pieces judged) over the non-ASCII pieces of `text`."""
    # Words repeat: judge each form once.
    pieces = Counter(run for run in _RUN_RE.findall(text) if not run.isascii())
    good = sum(count for piece, count in pieces.items() if is_syllable(piece))
    return good, pieces.total()
