"""The layout of an official document's header, read line by line before the toolkit runs.

Party documents put the issuing organ's statement on its own line between the type and the
title::

    KẾT LUẬN
    CỦA BAN THƯỜNG VỤ TỈNH ỦY
    về tiếp tục thực hiện Nghị quyết số 09-NQ/TU …

The toolkit takes the line under the type for the title; `header_lines` lifts the "CỦA …"
line out (it names the issuer) so that the title and the relation it states are read. The
issuing body also stands above "Số …", under the one above it and a star:
"ĐẢNG BỘ TỈNH SÔNG MÂY / ĐẢNG ỦY XÃ AN BÌNH / * / Số 15-KH/ĐU".
"""

import re
from typing import NamedTuple

from tuyengiao.textkit import vocab

HEADER_CHARS = 1500
_MOTTOS = re.compile(
    r"ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|ĐỘC LẬP\s*-\s*TỰ DO\s*-\s*HẠNH PHÚC"
)
_NUMBER_LINE = re.compile(r"^\s*số\s*:?\s*\d", re.IGNORECASE)
_OF_ORGAN = re.compile(r"^\s*CỦA\s+(?P<organ>.{3,80}?)\s*$")
_KIND_OF_ORGAN = re.compile(r"^\s*(?P<kind>\S.{1,30}?)\s+CỦA\s+(?P<organ>.{3,80}?)\s*$")
# "ỦY BAN NHÂN DÂN / TỈNH SÔNG MÂY": a line that is only a place ends the name above it
# ("TỈNH ỦY SÔNG MÂY" is a body, not a place).
_PLACE_ONLY = re.compile(
    r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+(?!ỦY|UỶ)\S"
)


class Header(NamedTuple):
    text: str  # the text with the "CỦA …" line lifted out of the header
    organ: str  # the issuer named by that line or standing above "Số …", as written
    # The upper-case lines above "Số …", nearest first ("BAN TUYÊN GIÁO VÀ DÂN VẬN", "TỈNH ỦY
    # HÒA LÂM"): the issuer and the bodies it belongs to, to find it in the tree.
    column: tuple[str, ...] = ()


def header_lines(text: str) -> Header:
    head, rest = text[:HEADER_CHARS], text[HEADER_CHARS:]
    lines = head.split("\n")
    organ = ""
    for i, line in enumerate(lines):
        if not line.isupper():
            continue
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if _is_type(line) and (match := _OF_ORGAN.match(below)) and below.isupper():
            organ = match["organ"]
            del lines[i + 1]
            break
        if (match := _KIND_OF_ORGAN.match(line)) and _is_type(match["kind"]):
            organ = match["organ"]
            lines[i] = match["kind"]  # "KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY"
            break
    column = _organ_column(lines)
    return Header("\n".join(lines) + rest, organ or _organ_above_number(column), column)


def _is_type(words: str) -> bool:
    return words.strip().lower() in vocab.TYPE_WORDS


def _organ_column(lines: list[str]) -> tuple[str, ...]:
    """The upper-case lines above the "Số …" line, nearest first, mottos and stars left out;
    a line that is only a place joined to the name above it."""
    index = next((i for i, line in enumerate(lines) if _NUMBER_LINE.match(line)), None)
    if index is None:
        return ()
    names = [" ".join(_MOTTOS.sub(" ", line).split()) for line in lines[:index]]
    names = [name for name in names if any(ch.isalpha() for ch in name)]
    column: list[str] = []
    while names and names[-1].isupper():
        name = names.pop()
        if _PLACE_ONLY.match(name) and names and names[-1].isupper():
            name = f"{names.pop()} {name}"
        column.append(name)
    return tuple(column)


def _organ_above_number(column: tuple[str, ...]) -> str:
    """The upper-case line nearest above the "Số …" line."""
    return column[0] if column else ""
