"""Normalisation of Vietnamese text: NFC for storage, a folded key for matching."""

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
