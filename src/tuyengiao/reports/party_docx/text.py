"""The words of a Party or State document: Unicode NFC, dates and numbers as each writes them.

These are the fixed words of the formats (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP),
always Vietnamese whatever the language of the interface, so they are not marked for
translation.
"""

import datetime
import re
import unicodedata

MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ
DRAFT = "DỰ THẢO"
CONFIDENTIAL = "MẬT"
STAR = "*"
RULE = "-----"
RECIPIENTS = "Nơi nhận:"
# Room for the number the office writes in when it issues the document.
_BLANK_NUMBER = "\u00a0" * 8
# Characters XML 1.0 cannot hold; Word's soft line break (vertical tab) becomes a line break.
_NOT_XML = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """NFC (TCVN 6909:2001 is Unicode composed), without characters a .docx cannot hold."""
    return _NOT_XML.sub("", unicodedata.normalize("NFC", text).replace("\x0b", "\n"))


def upper(text: str) -> str:
    return clean(text).upper()


def lines(text: str) -> list[str]:
    """The non-empty lines of a text, each stripped."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def place_and_date(place: str, date: datetime.date, *, leading_zero: bool = False) -> str:
    """ "Hòa Lâm, ngày 12 tháng 3 năm 2026": days and months without a leading zero.

    With `leading_zero` (Nghị định 30/2020 for State documents) days below 10 and the months
    1 and 2 carry one: "ngày 05 tháng 02 năm 2026".
    """
    return f"{clean(place).strip()}, {date_words(date, leading_zero=leading_zero)}"


def date_words(date: datetime.date, *, leading_zero: bool = False) -> str:
    """ "ngày 12 tháng 3 năm 2026"; `leading_zero` as in `place_and_date`."""
    day, month = str(date.day), str(date.month)
    if leading_zero:
        day, month = f"{date.day:02d}", f"{date.month:02d}" if date.month < 3 else month
    return f"ngày {day} tháng {month} năm {date.year}"


def number_line(number: str, *, colon: bool = False) -> str:
    """ "Số 27-BC/BTGDVTU" (no colon in a Party document), "Số: 12/QĐ-UBND" (State, `colon`).

    A number not yet given ("" or the symbol alone, "-BC/BTGDVTU", "/QĐ-UBND") leaves a blank
    before the symbol for the office to fill in.
    """
    number = clean(number).strip()
    label = "Số:" if colon else "Số"
    if not number or number.startswith(("-", "/")):
        return f"{label} {_BLANK_NUMBER}{number}"
    return f"{label} {number}"


def recipient_line(text: str) -> str:
    """ "- Ban Tuyên giáo và Dân vận Trung ương," as listed (the dash added when missing)."""
    text = clean(text).strip()
    return text if text.startswith(("-", "–")) else f"- {text}"
