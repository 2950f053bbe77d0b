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


class Header(NamedTuple):
    text: str  # the text with the "CỦA …" line lifted out of the header
    organ: str  # the issuer named by that line or standing above "Số …", as written


def header_lines(text: str) -> Header:
    head, rest = text[:HEADER_CHARS], text[HEADER_CHARS:]
    lines = head.split("\n")
    organ = ""
    for i in range(len(lines) - 1):
        kind, below = lines[i].strip(), lines[i + 1]
        match = _OF_ORGAN.match(below)
        if kind.isupper() and kind.lower() in vocab.TYPE_WORDS and match and below.isupper():
            organ = match["organ"]
            del lines[i + 1]
            break
    return Header("\n".join(lines) + rest, organ or _organ_above_number(lines))


def _organ_above_number(lines: list[str]) -> str:
    """The upper-case line nearest above the "Số …" line, mottos and stars left out."""
    index = next((i for i, line in enumerate(lines) if _NUMBER_LINE.match(line)), None)
    if index is None:
        return ""
    for line in reversed(lines[:index]):
        name = " ".join(_MOTTOS.sub(" ", line).split())
        if any(ch.isalpha() for ch in name):
            return name if name.isupper() else ""
    return ""
