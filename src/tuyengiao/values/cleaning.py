"""Reading one reported value as people and files write it, checked against its indicator
(its number or text, its breakdown option, its period).

A grid cell, an .xlsx cell, a CSV field and a JSON value all come through `value_clean`, so
"1.234", "1234", 1234 and "1.234,0" mean the same everywhere, and every refusal says in
Vietnamese what is wrong and what would be right.
"""

import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuyengiao.ui.formats import format_number
from tuyengiao.values.models import DECIMAL_PLACES, SCALE, DataValue, Indicator, ValueType
from tuyengiao.values.periods import Period, PeriodKind

# A single value stays under 10^12 (a nghìn tỷ đồng) so that the sum of a whole country's
# values, kept in 1/SCALE units, fits a 64-bit integer.
MAX_ABS = Decimal(10) ** 12
MAX_TEXT = 2000
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")  # "1.234.567": dots group thousands
_YES = frozenset({"1", "có", "co", "x", "yes", "true", "đạt", "dat"})
_NO = frozenset({"0", "không", "khong", "no", "false", "chưa", "chua"})


def parse_number(raw: str) -> Decimal:
    """ "1.234,5" (Vietnamese), "1234.5" (a computer's) and "1.234" (thousands) → Decimal."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "").removesuffix("%")
    if "," in text:
        # Vietnamese: dots group thousands, the comma marks the decimals.
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED.fullmatch(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("“%(raw)s” không phải là số (viết như 1.234 hoặc 12,5).") % {"raw": raw}
        ) from None
    if not number.is_finite():
        raise ValidationError(_("“%(raw)s” không phải là số.") % {"raw": raw})
    return number


def value_clean(indicator: Indicator, raw: object) -> tuple[Decimal | None, str]:
    """(number, text) for `raw`; (None, "") clears the cell. ValidationError otherwise."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, ""
    if type(raw) is int and indicator.value_type != ValueType.TEXT:
        # The common case of files and the API, and whole by nature: bounds only.
        number = Decimal(raw)
        if indicator.value_type == ValueType.YES_NO:
            return _yes_no(raw), ""
        _check_bounds(indicator, number)
        return number, ""
    if indicator.value_type == ValueType.TEXT:
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            raise ValidationError(_("Nội dung dài quá %(max)s ký tự.") % {"max": MAX_TEXT})
        return None, text
    if indicator.value_type == ValueType.YES_NO:
        return _yes_no(raw), ""
    number = _number(raw)
    _check_number(indicator, number)
    return number.quantize(_QUANTUM), ""


def _yes_no(raw: object) -> Decimal:
    if isinstance(raw, bool):
        return Decimal(int(raw))
    word = str(raw).strip().lower()
    if word in _YES:
        return Decimal(1)
    if word in _NO:
        return Decimal(0)
    raise ValidationError(_("“%(raw)s”: hãy ghi “có” hoặc “không” (1 hoặc 0).") % {"raw": raw})


def _number(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise ValidationError(_("Cần một số, không phải đúng/sai."))
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValidationError(_("Giá trị không phải là số."))
        return Decimal(repr(raw))
    return parse_number(str(raw))


def _check_number(indicator: Indicator, number: Decimal) -> None:
    # Bounds first: they also keep a huge number away from quantize, which would overflow.
    _check_bounds(indicator, number)
    kind = indicator.value_type
    if number != number.quantize(_QUANTUM):
        raise ValidationError(
            _("Tối đa %(places)s chữ số sau dấu phẩy.") % {"places": DECIMAL_PLACES}
        )
    if kind in (ValueType.COUNT, ValueType.MONEY) and number != number.to_integral_value():
        raise ValidationError(
            _("Số đếm phải là số nguyên.")
            if kind == ValueType.COUNT
            else _("Số tiền phải là số đồng nguyên.")
        )


def _check_bounds(indicator: Indicator, number: Decimal) -> None:
    if abs(number) >= MAX_ABS:
        raise ValidationError(_("Giá trị quá lớn (phải nhỏ hơn 1.000.000.000.000)."))
    minimum, maximum = _bounds(indicator)
    if minimum is not None and number < minimum:
        raise ValidationError(
            _("Giá trị không được nhỏ hơn %(min)s.") % {"min": format_number(minimum)}
        )
    if maximum is not None and number > maximum:
        raise ValidationError(
            _("Giá trị không được lớn hơn %(max)s.") % {"max": format_number(maximum)}
        )


def _bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    """The indicator's own bounds, or those its kind implies (no negative count, sum or
    percentage; no percentage over 100)."""
    kind = indicator.value_type
    minimum = indicator.minimum
    maximum = indicator.maximum
    if minimum is None and kind in (ValueType.COUNT, ValueType.MONEY, ValueType.PERCENT):
        minimum = Decimal(0)
    if maximum is None and kind == ValueType.PERCENT:
        maximum = Decimal(100)
    return minimum, maximum


def whole_range(indicator: Indicator) -> tuple[int, int] | None:
    """(lowest, highest): the whole numbers (Python ints) `value_clean` takes unchanged for
    this indicator, so that an import checks such a value with two comparisons; None for
    text and yes/no, which read whole numbers otherwise."""
    if indicator.value_type in (ValueType.TEXT, ValueType.YES_NO):
        return None
    minimum, maximum = _bounds(indicator)
    low, high = 1 - int(MAX_ABS), int(MAX_ABS) - 1
    if minimum is not None:
        low = max(low, math.ceil(minimum))
    if maximum is not None:
        high = min(high, math.floor(maximum))
    return low, high


def to_units(number: Decimal | int | None) -> int:
    """A value in the whole 1/SCALE units `Aggregate.total` adds."""
    return 0 if number is None else int(number * SCALE)


def from_units(total: int) -> Decimal:
    return (Decimal(total) / SCALE).quantize(_QUANTUM)


def display(value: DataValue) -> str:
    """A value as the grid and its history show it."""
    return value.text_value or format_number(value.value)


def value_period(code: str) -> Period:
    """The period of a value: a fixed kind only (a custom range is read, never reported)."""
    try:
        period = Period.parse(code)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if period.kind == PeriodKind.CUSTOM:
        raise ValidationError(
            _("Số liệu được báo cáo theo tháng, quý, 6 tháng hoặc năm, không theo khoảng ngày.")
        )
    return period


def option_check(indicator: Indicator, option: str) -> str:
    option = (option or "").strip()
    breakdown = indicator.disaggregation
    if breakdown is None:
        if option:
            raise ValidationError(
                _("Chỉ tiêu %(code)s không có phân tổ.") % {"code": indicator.code}
            )
        return ""
    codes = {o.code for o in breakdown.options.all()}
    if option not in codes:
        raise ValidationError(
            _("Mục phân tổ “%(option)s” không có trong chỉ tiêu %(code)s (chọn: %(choices)s).")
            % {"option": option, "code": indicator.code, "choices": ", ".join(sorted(codes))}
        )
    return option


def indicator_check_enterable(indicator: Indicator) -> None:
    if indicator.is_derived:
        raise ValidationError(
            _("Chỉ tiêu %(code)s được tính theo công thức, không nhập trực tiếp.")
            % {"code": indicator.code}
        )
    if not indicator.is_active:
        raise ValidationError(_("Chỉ tiêu %(code)s đã ngừng sử dụng.") % {"code": indicator.code})
