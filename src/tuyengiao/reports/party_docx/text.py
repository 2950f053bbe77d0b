"""The words of a Party document: Unicode NFC, dates and numbers written the Party's way.

These are the fixed words of the format (Hướng dẫn 36-HD/VPTW), always Vietnamese whatever the
language of the interface, so they are not marked for translation.
"""

import datetime
import re
import unicodedata

MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
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


def place_and_date(place: str, date: datetime.date) -> str:
    """ "Hòa Lâm, ngày 12 tháng 3 năm 2026": days and months without a leading zero."""
    return f"{clean(place).strip()}, ngày {date.day} tháng {date.month} năm {date.year}"


def number_line(number: str) -> str:
    """ "Số 27-BC/BTGDVTU" (no colon in a Party document).

    A number not yet given ("" or the symbol alone, "-BC/BTGDVTU") leaves a blank before the
    symbol for the office to fill in.
    """
    number = clean(number).strip()
    if not number or number.startswith("-"):
        return f"Số {_BLANK_NUMBER}{number}"
    return f"Số {number}"


def recipient_line(text: str) -> str:
    """ "- Ban Tuyên giáo và Dân vận Trung ương," as listed (the dash added when missing)."""
    text = clean(text).strip()
    return text if text.startswith(("-", "–")) else f"- {text}"
