"""What the results of a contest are made of, free of any database."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from tuyengiao.reports.party_docx import Style
from tuyengiao.reports.party_docx.text import clean

# The levels of a contest's prizes, best first: the code a contest keeps and the prize's name,
# as the decision and the certificates write it and the contests' pages show it (their
# `PrizeLevel` takes these names; reports may not import contests). Marked for the pages'
# translation only: the documents are Vietnamese.
LEVELS: dict[str, str] = {
    "A": gettext_noop("Giải A"),
    "B": gettext_noop("Giải B"),
    "C": gettext_noop("Giải C"),
    "KK": gettext_noop("Giải khuyến khích"),
}
_PRIZE = "Giải "
_A, _B, _C, _MERIT = (name.removeprefix(_PRIZE) for name in LEVELS.values())
# Levels as a contest names them, in the order a list gives them: the codes above by their
# names, and the names contests of other kinds give (giải Đặc biệt, Nhất, Nhì, Ba).
_LEVELS = {name.lower(): name for name in ("Đặc biệt", _A, "Nhất", _B, "Nhì", _C, "Ba", _MERIT)}
_LEVELS |= {code.lower(): LEVELS[code].removeprefix(_PRIZE) for code in LEVELS}
_RANKS = {name: rank for rank, name in enumerate(dict.fromkeys(_LEVELS.values()))}


@dataclass
class Organiser:
    """The body that organises a contest and signs its results.

    Names in their usual case ("Ban Tuyên giáo và Dân vận"): the header writes them in upper
    case, the text as given.
    """

    parent_body: str  # "Tỉnh ủy Hòa Lâm", "UBND tỉnh Hòa Lâm"; empty for a committee
    body: str  # "Ban Tuyên giáo và Dân vận", "Sở Văn hóa, Thể thao và Du lịch"
    style: Style  # "party" or "state"
    place: str  # "Hòa Lâm"
    authority: str  # "T/M Ban Thường vụ", "TM. Ủy ban nhân dân", or empty
    signer_title: str  # "Trưởng ban", "KT. Chủ tịch\nPhó Chủ tịch"
    signer: str  # the signer's name, may be empty
    # The line above the bases in a State decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÒA LÂM",
    # "GIÁM ĐỐC SỞ …"); empty for none, as is usual in a Party decision.
    deciding: str = ""


@dataclass
class Prize:
    """One prize: a work, its authors and their unit; `amount` in đồng when there is money."""

    level: str  # a code of LEVELS ("A", "KK"), or a name: "khuyến khích", "Nhất", "Nhì", "Ba"
    work: str
    authors: list[str]
    unit: str
    amount: int | None = None


@dataclass
class Awards:
    """The results of a contest, as the organiser's decision on prizes gives them."""

    contest: str  # "Cuộc thi viết chính luận về bảo vệ nền tảng tư tưởng của Đảng năm 2026"
    organiser: Organiser
    number: str  # "45-QĐ/BTGDVTU", "12/QĐ-UBND"; the symbol alone leaves the number blank
    date: datetime.date
    plan_number: str  # the launching plan: "05-KH/BTGDVTU"
    plan_date: datetime.date | None
    # Who proposed the prizes, as the decision cites it: "Hội đồng giám khảo Cuộc thi tại Tờ
    # trình số 03/TTr-HĐGK ngày 28 tháng 11 năm 2026".
    proposal: str
    prizes: list[Prize]
    bases: list[str] = field(default_factory=list)  # further "Căn cứ …" before the plan
    executors: str = "Ban Tổ chức Cuộc thi, Hội đồng giám khảo"  # charged in Điều 3
    recipients: list[str] = field(default_factory=list)  # empty: "Như Điều 3", the archive
    draft: bool = False


def level_name(level: str) -> str:
    """ "B", "khuyến khích": a level as the decision and the certificate write it, after
    "giải"; a level it does not know, as given."""
    text = clean(level).strip()
    key = unicodedata.normalize("NFC", " ".join(text.lower().split()))
    return _LEVELS.get(key.removeprefix("giải ").strip(), text)


def ranked(prizes: list[Prize]) -> list[Prize]:
    """The prizes from the highest level down, in the given order within a level; levels the
    list does not know come last, in the order given."""
    return sorted(prizes, key=lambda prize: _RANKS.get(level_name(prize.level), len(_RANKS)))
