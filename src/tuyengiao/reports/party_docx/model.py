"""What a Party or State document is made of, free of any database: callers map models onto it."""

import datetime
from dataclasses import dataclass, field
from typing import Literal

Style = Literal["party", "state"]


@dataclass
class Heading:
    """A heading of the body in the Party's order: level 0 "I.", 1 "1.", 2 "a)".

    The caller writes the numbering into the text ("I. Kết quả đạt được"); level 0 is shown in
    upper case whatever the case of the text.
    """

    text: str
    level: int


@dataclass
class Paragraph:
    """Body text; each line of the text becomes a paragraph of its own."""

    text: str


@dataclass
class Table:
    """A table of figures: a caption, one header row, then rows of cells as written.

    `widths` are relative (any unit: they are scaled to the width of the text); without them a
    column of figures gets one share and a column of words three. A last row that starts
    "Tổng…" or "Cộng…" is the total and is set in bold.
    """

    caption: str
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None


@dataclass
class Centred:
    """A line of its own in the middle: bold ("QUYẾT ĐỊNH:", the deciding authority, an
    appendix's title) or, `italic`, not bold ("(Kèm theo Quyết định số …)")."""

    text: str
    italic: bool = False


@dataclass
class Article:
    """An article of a decision: its `label` in bold ("Điều 1."), then its text."""

    label: str
    text: str


Block = Heading | Paragraph | Table | Centred | Article


@dataclass
class PartyReport:
    """A document in the format of Hướng dẫn 36-HD/VPTW (DOMAIN.md §6), or with `style`
    "state" in that of Nghị định 30/2020/NĐ-CP for a State body (văn bản hành chính).

    `number` is the number and symbol "27-BC/BTGDVTU" ("12/QĐ-UBND" for a State body); a
    draft not yet numbered may give only the symbol "-BC/BTGDVTU" ("/QĐ-UBND") or nothing,
    and the number is left blank for the office. `signer_title` may hold lines:
    "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH".
    """

    parent_body: str  # "TỈNH ỦY HÒA LÂM"; empty when the body is itself a committee
    body: str  # "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    number: str  # "27-BC/BTGDVTU"
    place: str  # "Hòa Lâm"
    date: datetime.date
    kind: str  # "BÁO CÁO"
    summary: str  # "kết quả công tác tuyên giáo tháng 11 năm 2026"
    blocks: list[Block]
    authority: str  # "T/M BAN THƯỜNG VỤ"
    signer_title: str  # "PHÓ BÍ THƯ"
    signer: str  # the signer's name, may be empty
    recipients: list[str] = field(default_factory=list)  # the last is "Lưu Văn phòng."
    draft: bool = False  # "DỰ THẢO" at the top of page 1
    confidential: bool = False  # "MẬT" under the number
    style: Style = "party"
    appendix: list[Block] = field(default_factory=list)  # after the signature, on a new page
