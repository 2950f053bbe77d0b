"""The numbers themselves: Party (`88-KL/TU`), State legal (`25/2024/TT-BTC`) and State
administrative (`477/CT-UBND`) forms, found by one compiled scan and made canonical
(`TƯ` → `TW`, `Ð`/`D` → `Đ`, no spaces, official case)."""

import re
from dataclasses import dataclass

from tuyengiao.textkit import vocab
from tuyengiao.textkit.frozen import fast_init

# Hyphens as typed: ASCII, en dash, Unicode hyphen. One optional space either side.
_HY = r" ?[-–‐] ?"
_SL = r" ?/ ?"
# A hyphen the page wrapped: "16 -\nHD/BTCTW", "199/2013/NĐ\n- CP" (one line feed at most).
_HYW = r"[ \n]?[-–‐][ \n]?"
_L = r"A-Za-zĐđÐðƯư"  # letters of codes: D-with-stroke variants and Ư (in "TƯ")

# The pattern opens with one class, the number's first digit ("d0"), so that sre skips
# from digit to digit without trying the pattern in between; the look-behind then tests
# the character before that digit. pn, ln, an hold the number's other digits.
# A page copied from a PDF may glue the number to "số" ("Kết luận số60-KL/TW"): that letter
# before the digit is let through.
NUMBER_START = r"(?P<d0>[0-9])(?:(?<![\w/.,\-–].)|(?<=[sS][ốỐ].))"
REFERENCE_REST = (
    # Every form goes on with the rest of the number and a hyphen or a slash (or, in a Party
    # number typed without its hyphen, "28 NQ/TW", a code and a slash): tested once.
    rf"(?=\d*+(?: ?[-–‐/]| [{_L}]{{1,4}}/))(?:"
    # Party: number-TYPE/ISSUER; the old State form number-ISSUER/TYPE (37-BYT/QĐ) and the
    # old orders (3-LCT/HĐNN7) share its shape and are told apart when parsed.
    rf"(?P<pn>\d{{0,3}})(?:{_HYW}| )(?P<pt>[{_L}]{{1,4}}){_SL}(?P<pi>[{_L}]{{1,12}}\d?)"
    # State legal: number/year/TYPE-ISSUER or number/year/QH15
    rf"|(?P<ln>\d{{0,3}}){_SL}(?P<ly>(?:19|20)\d\d){_SL}(?P<lc>[{_L}]{{1,6}}\d{{0,2}})"
    rf"(?:{_HYW}(?P<li>[{_L}]{{1,12}}\d{{0,2}}(?:-[{_L}]{{1,12}})*))?"
    # State administrative: number/TYPE-ISSUER or number/ISSUER-UNIT (công văn); a space
    # may stand around the slash or the hyphen ("2033 /QĐ-UBND", "16/TTr- STTTT").
    rf"|(?P<an>\d{{0,4}}){_SL}(?P<ac>[A-ZĐÐ][{_L}]{{0,7}}){_HY}(?P<ai>[A-ZĐÐ][{_L}0-9]{{0,11}}"
    rf"(?:-[A-ZĐÐ][{_L}0-9]{{0,11}})*)"
    # Old State numbers, before the type went into the number: 28/CP, 58-CP, 18-HĐBT.
    rf"|(?P<on>\d{{0,4}})(?P<os>[-/])(?P<oc>CP|HĐBT|HDBT|ĐBT|HĐCP|TTg)"
    # The number ends there; a page copied from a PDF may glue "ngày" to it ("70-TB/TWngày").
    rf")(?!(?!ngày)[\w/])"
)
REFERENCE = re.compile(NUMBER_START + REFERENCE_REST)

_D_ISSUERS = frozenset({"ĐU", "ĐUK", "ĐTN", "HĐND", "BGDĐT", "ĐUQSTW", "ĐCSVN", "ĐHQG"})


@fast_init
@dataclass(frozen=True, slots=True)
class Parsed:
    symbol: str
    system: str
    type_code: str | None
    number: str
    year: int | None
    issuer_code: str | None


def canonical_symbol(raw: str) -> str | None:
    """The canonical form of a typed number (`35 - nq/tư` → `35-NQ/TW`), or None."""
    match = REFERENCE.fullmatch(raw.strip())
    parsed = parse(match) if match else None
    return parsed.symbol if parsed else None


def _code(raw: str) -> str:
    code = raw.upper().replace("Ð", "Đ").replace("TƯ", "TW").replace("Ư", "W")
    return vocab.MIXED_CASE_CODES.get(code, code)


def _type_code(raw: str, known: dict[str, str]) -> str | None:
    code = _code(raw)
    if code in known:
        return code
    # "QD", "ND": a plain D typed for Đ.
    swapped = _code(code.replace("D", "Đ"))
    return swapped if swapped in known else None


def _issuer_code(raw: str) -> str:
    code = _code(raw)
    if "D" in code and "Đ" not in code:
        swapped = code.replace("D", "Đ")
        if swapped in _D_ISSUERS or swapped.startswith(("ĐU", "HĐ")):
            return swapped
    return code


# The same numbers are cited again and again ("35-NQ/TW"): their parse, a pure function
# of the matched text, is kept. Bounded: cleared when full.
_PARSED: dict[str, Parsed | None] = {}
_PARSED_MAX = 4096


def parse(m: re.Match[str]) -> Parsed | None:
    raw = m.group()
    try:
        return _PARSED[raw]
    except KeyError:
        pass
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.clear()
    parsed = _PARSED[raw] = _parse(m)
    return parsed


def _parse(m: re.Match[str]) -> Parsed | None:
    if m["pn"] is not None:
        type_code = _type_code(m["pt"], vocab.PARTY_TYPES)
        if type_code is None or m["pi"][-1].isdigit():
            return _parse_old_pair(m)
        issuer = _issuer_code(m["pi"])
        number = m["d0"] + m["pn"]
        return Parsed(f"{number}-{type_code}/{issuer}", "party", type_code, number, None, issuer)
    if m["ln"] is not None:
        return _parse_legal(m)
    if m["on"] is not None:
        return _parse_old(m)
    return _parse_admin(m)


# The old State form number-ISSUER/TYPE ("37-BYT/QĐ", "500-BYT/QĐ": a ministry's decision)
# and the old orders of the State Council's chairman ("3-LCT/HĐNN7"): kept as written.
_OLD_TYPES = frozenset({"QĐ", "CT", "TT", "NĐ", "TTLB", "TTLT"})
_OLD_ORDERS = frozenset({"LCT", "L"})


def _parse_old_pair(m: re.Match[str]) -> Parsed | None:
    number, first, second = m["d0"] + m["pn"], _code(m["pt"]), _code(m["pi"])
    if second in _OLD_TYPES and len(first) >= 2:
        return Parsed(f"{number}-{first}/{second}", "state", second, number, None, first)
    if first in _OLD_ORDERS and second.startswith("HĐNN"):
        return Parsed(f"{number}-{first}/{second}", "state", None, number, None, second)
    return None


def _parse_old(m: re.Match[str]) -> Parsed:
    number, code = m["d0"] + m["on"], _issuer_code(m["oc"])
    if code == "ĐBT":
        code = "HĐBT"
    return Parsed(f"{number}{m['os']}{code}", "state", None, number, None, code)


def _parse_legal(m: re.Match[str]) -> Parsed:
    number, year, first = m["d0"] + m["ln"], int(m["ly"]), _code(m["lc"])
    if m["li"] is None:
        # The National Assembly and its Standing Committee sign without a type: 202/2025/QH15.
        issuer = _issuer_code(m["lc"])
        return Parsed(f"{number}/{year}/{issuer}", "state", None, number, year, issuer)
    type_code = _type_code(m["lc"], vocab.STATE_TYPES) or first
    issuer = "-".join(_issuer_code(part) for part in re.split(r" ?[-–‐] ?", m["li"]))
    symbol = f"{number}/{year}/{type_code}-{issuer}"
    return Parsed(symbol, "state", type_code, number, year, issuer)


def _parse_admin(m: re.Match[str]) -> Parsed:
    number = m["d0"] + m["an"]
    first = m["ac"]
    rest = [_issuer_code(part) for part in m["ai"].split("-")]
    type_code = _type_code(first, vocab.STATE_TYPES)
    if type_code is None:
        # A công văn carries no type: 123/UBND-VX is the UBND's, drafted by unit VX.
        issuer = _issuer_code(first)
        symbol = "-".join([f"{number}/{issuer}", *rest])
        return Parsed(symbol, "state", "CV", number, None, issuer)
    symbol = "-".join([f"{number}/{type_code}", *rest])
    return Parsed(symbol, "state", type_code, number, None, rest[0])
