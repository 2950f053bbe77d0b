"""The two formats one renderer writes: the Party's (Hướng dẫn 36-HD/VPTW) and the State's
(Nghị định 30/2020/NĐ-CP). They differ in the header, the number line, the date, the rule
under the summary and the recipients; the body and the signature are set alike.
"""

from dataclasses import dataclass

from . import styles
from .model import Style
from .styles import StyleSpec
from .text import MOTTO, NATION, RULE, STAR, STATE_MOTTO


@dataclass(frozen=True)
class Format:
    issuer_parent: StyleSpec
    issuer: StyleSpec
    issuer_mark: tuple[StyleSpec, str]  # under the issuer: the Party's star, the State's rule
    number: StyleSpec
    colon: bool  # "Số: 12/QĐ-UBND" (State) or "Số 27-BC/BTGDVTU" (Party)
    mottos: tuple[tuple[StyleSpec, str], ...]  # the right column's top lines
    place_date: StyleSpec
    leading_zero: bool  # "ngày 05 tháng 02": days below 10 and months 1, 2 (Nghị định 30)
    kind: StyleSpec
    rule: tuple[StyleSpec, str]  # under the summary
    recipients_title: StyleSpec
    recipients: StyleSpec
    # The left column's share of the header: the State's right column holds the nation's
    # name, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 pt bold, about 90 mm).
    header_left: float


PARTY = Format(
    issuer_parent=styles.ISSUER_PARENT,
    issuer=styles.ISSUER,
    issuer_mark=(styles.STAR, STAR),
    number=styles.NUMBER,
    colon=False,
    mottos=((styles.MOTTO, MOTTO),),
    place_date=styles.PLACE_DATE,
    leading_zero=False,
    kind=styles.KIND,
    rule=(styles.RULE, RULE),
    recipients_title=styles.RECIPIENTS_TITLE,
    recipients=styles.RECIPIENTS,
    header_left=0.475,
)
STATE = Format(
    issuer_parent=styles.STATE_ISSUER_PARENT,
    issuer=styles.STATE_ISSUER,
    issuer_mark=(styles.STATE_ISSUER_RULE, ""),
    number=styles.STATE_NUMBER,
    colon=True,
    mottos=((styles.STATE_NATION, NATION), (styles.STATE_MOTTO, STATE_MOTTO)),
    place_date=styles.STATE_PLACE_DATE,
    leading_zero=True,
    kind=styles.STATE_KIND,
    rule=(styles.STATE_RULE, ""),
    recipients_title=styles.STATE_RECIPIENTS_TITLE,
    recipients=styles.STATE_RECIPIENTS,
    header_left=0.4,
)
FORMATS: dict[Style, Format] = {"party": PARTY, "state": STATE}
