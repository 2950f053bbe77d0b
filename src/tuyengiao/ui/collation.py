"""Names in Vietnamese alphabetical order, the same on PostgreSQL, SQLite and in Python.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y: "Đồi Nắng" comes
after "Dương", not after "Vũ" as a code-point sort puts it. Tones only break ties between
otherwise equal words (a à ả ã á ạ), then case (lower first), and runs of digits compare
as numbers ("Thôn 2" before "Thôn 10").

PostgreSQL uses the ICU collation `vi_icu` (created by this app's migration); SQLite gets a
Python collation of the same name on every connection (see `apps.py`), built on `sort_key`,
which orders exactly as ICU's `vi-VN-u-kn-true` does for names. Queries order with
`order_by(collated("name"))`; lists built in Python sort with `key=sort_key`.
"""

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.db.models import F
from django.db.models.functions import Collate

__all__ = ["COLLATION", "collated", "register_sqlite_collation", "sort_key", "tree_sorted"]

COLLATION = "vi_icu"
ICU_LOCALE = "vi-VN-u-kn-true"  # Vietnamese, digits compared as numbers

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tones, and the marks that make a new letter (ă â ê ô ơ ư), by their combining code points.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # à ả ã á ạ
_COMPOSE = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

# Classes of primary weights: blanks and punctuation, then numbers, then letters.
_OTHER, _NUMBER, _LATIN, _FOREIGN = 0, 1, 2, 3

Key = tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]


@functools.lru_cache(maxsize=65536)  # the tree's few thousand names, sorted again and again
def sort_key(text: str) -> Key:
    """A key that orders strings as Vietnamese dictionaries do (see the module)."""
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    cases: list[int] = []
    digits = ""
    for char in unicodedata.normalize("NFD", text or ""):
        if char.isdecimal() and char.isascii():
            digits += char
            continue
        if digits:
            primary.append((_NUMBER, int(digits)))
            digits = ""
        if unicodedata.combining(char):
            if char in _TONES and tones:
                tones[-1] = _TONES[char]
            elif primary and primary[-1][0] == _LATIN:
                base = _ALPHABET[primary[-1][1]]
                composed = _COMPOSE.get((base, char))
                if composed:
                    primary[-1] = (_LATIN, _LETTER[composed])
            continue
        lower = char.lower()
        if lower in _LETTER:
            primary.append((_LATIN, _LETTER[lower]))
            tones.append(0)
            cases.append(0 if char == lower else 1)
        elif char.isalpha():
            primary.append((_FOREIGN, ord(lower)))
            tones.append(0)
            cases.append(0 if char == lower else 1)
        else:
            primary.append((_OTHER, ord(char)))
    if digits:
        primary.append((_NUMBER, int(digits)))
    return tuple(primary), tuple(tones), tuple(cases)


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    if a == b:
        # A deterministic order for strings equal under the key (NFC and NFD forms, say).
        return (left > right) - (left < right)
    return -1 if a < b else 1


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """On SQLite, give a new connection the `vi_icu` collation (PostgreSQL has it as ICU)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)


def collated(field: str) -> Collate:
    """`order_by(collated("name"))`: a field in Vietnamese order on either database."""
    return Collate(F(field), COLLATION)


def tree_sorted(units: Iterable[Any]) -> list[Any]:
    """Units (with `pk`, `parent_id` and a name) in tree order, brothers in Vietnamese
    order: each unit right after its parent, as an indented choice list reads. A unit
    whose parent is not in `units` starts a tree of its own."""
    units = list(units)
    by_pk = {unit.pk: unit for unit in units}
    children: dict[object, list[Any]] = {}
    for unit in units:
        parent = getattr(unit, "parent_id", None)
        children.setdefault(parent if parent in by_pk else None, []).append(unit)
    for brothers in children.values():
        brothers.sort(key=lambda unit: sort_key(unit.name))
    ordered: list[Any] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(children.get(unit.pk, [])))
    return ordered
