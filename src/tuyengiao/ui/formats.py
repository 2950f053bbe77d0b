"""Numbers and dates as Vietnamese write them: 4.825 and 32,5 %, 30/06/2026.

Every page, export and message that shows a figure goes through `format_number` or
`format_percent`, and every date a person types goes through `parse_date`, so the one style
holds everywhere whatever the language of the page (the data are Vietnamese figures).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

__all__ = ["format_date", "format_number", "format_percent", "name_in_language", "parse_date"]

# What a date box takes: 30/06/2026, 30/6/2026, 30-06-2026, 30.06.2026 and, from an older
# form or a script, 2026-06-30.
_DMY_RE = re.compile(r"(?P<d>[0-9]{1,2})[/.\-](?P<m>[0-9]{1,2})[/.\-](?P<y>[0-9]{4})")
_ISO_RE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # Through str so that a float shows as typed (0.1, not 0.1000000000000000055…).
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _grouped(number: Decimal) -> str:
    """ "1.234,5": dots group thousands, a comma before the decimals, no trailing zeros."""
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")  # through int: "-0" is 0
    text = f"{number:,f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_number(value: object, *, places: int | None = None) -> str:
    """4825 → "4.825", 1234.5 → "1.234,5"; `places` rounds first (half away from zero).
    "" for nothing (None, "") and the value itself for what is not a number."""
    if type(value) is int and places is None:  # the common figure, without a Decimal
        return f"{value:,}".replace(",", ".")
    number = _decimal(value)
    if number is None:
        return "" if value is None or value == "" else str(value)
    if not number.is_finite():
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
    return _grouped(number)


def format_percent(value: object, *, places: int = 1) -> str:
    """32.5 → "32,5 %", 100 → "100 %": a figure already in percent, rounded to `places`
    decimals, with a space before the sign (the Vietnamese and SI style). "—" for nothing."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return "—"
    return f"{format_number(number, places=places)} %"


def format_date(day: datetime.date | None) -> str:
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def parse_date(text: str) -> datetime.date:
    """The day "30/06/2026" (or 30/6/2026, 30-06-2026, 2026-06-30) names. ValueError with a
    Vietnamese message otherwise."""
    raw = (text or "").strip()
    match = _DMY_RE.fullmatch(raw) or _ISO_RE.fullmatch(raw)
    if match is None:
        raise ValueError(
            _("“%(raw)s” không phải ngày: viết theo dạng ngày/tháng/năm, ví dụ 30/06/2026.")
            % {"raw": raw}
        )
    day, month, year = int(match["d"]), int(match["m"]), int(match["y"])
    if not 1 <= month <= 12:
        raise ValueError(
            _("“%(raw)s”: không có tháng %(month)s (tháng từ 1 đến 12).")
            % {"raw": raw, "month": month}
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("“%(raw)s”: tháng %(month)s/%(year)s không có ngày %(day)s.")
            % {"raw": raw, "month": month, "year": year, "day": day}
        ) from None


def name_in_language(name: str, name_en: str) -> str:
    """The English name when the page is in English and there is one, else the Vietnamese.

    Names of data (indicators, unit kinds…) are rows, not msgids, so gettext cannot translate
    them; every page, form and export that shows one goes through here.
    """
    if name_en and (get_language() or "").startswith("en"):
        return name_en
    return name
