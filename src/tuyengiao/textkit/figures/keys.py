"""Matching keys of a report's words: folded and tone-keyed, one character for one so that
every offset is one into the normalised text."""

import re
import unicodedata
from functools import lru_cache

from tuyengiao.textkit.normalize import tone_key


@lru_cache(maxsize=2048)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def folded(text: str) -> str:
    """Lower case without marks, one character for one: offsets stay those of `text`."""
    return "".join(_fold_char(ch) if not ch.isascii() else ch.lower() for ch in text)


def toned(text: str) -> str:
    """Lower case with the tone marks in one place ("hoà" → "hòa"), offsets kept. Phrases
    are matched on it: folding every mark away would make "có" and "cơ" one word."""
    key = tone_key(text)
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in key)
    return lowered if len(lowered) == len(text) else folded(text)


WORD = re.compile(r"[^\W\d_]+")


def phrase_parts(phrase: str) -> tuple[tuple[str, ...], ...]:
    """ "quán triệt … lượt" → (("quán", "triệt"), ("lượt",)): words of each part."""
    parts = re.split(r"…|\.\.\.", toned(phrase))
    return tuple(tuple(WORD.findall(part)) for part in parts if WORD.search(part))
