"""Reporting periods (kỳ báo cáo): month, quarter, half-year, year and custom date ranges.

A period is a value: its kind and the first and last day it covers (inclusive). Every period
has a stable code, the key data values are stored and exchanged under:

    month    202310               "Tháng 10/2023"               "October 2023"
    quarter  2023Q3               "Quý III/2023"                "Q3 2023"
    half     2023S1, 2023S2       "6 tháng đầu năm 2023"        "H1 2023"
    year     2023                 "Năm 2023"                    "2023"
    custom   20230101-20230630    "Từ 01/01/2023 đến 30/06/2023" "01/01/2023 – 30/06/2023"

`S` (semester) is DHIS2's letter for a half-year, so codes exchange with it unchanged. Labels
are produced here rather than through gettext because this module must not import Django; the
Vietnamese ones are the forms people write in reports and `parse_label` reads them back.
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from tuyengiao.textkit.dates import find_dates

__all__ = [
    "Period",
    "PeriodKind",
    "containing_periods",
    "covering_codes",
    "parse_label",
    "period_for",
    "periods_between",
]


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    CUSTOM = "custom"


# Months each fixed kind spans; custom ranges have no fixed length.
_MONTHS_IN = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.YEAR: 12,
}
_ROMAN = ("I", "II", "III", "IV")
_EN_MONTHS = tuple(calendar.month_name[m] for m in range(1, 13))  # C locale: English

_CODE_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:(?P<month>[0-9]{2})|Q(?P<quarter>[0-9])|S(?P<half>[0-9]))?"
    r"|(?P<start>[0-9]{8})-(?P<end>[0-9]{8})"
)
_CODE_EXAMPLES = "202310, 2023Q3, 2023S1, 2023, 20230101-20230630"


_ONE_DAY = datetime.timedelta(days=1)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _ddmmyyyy(day: datetime.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _yyyymmdd(day: datetime.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _kind(kind: str) -> PeriodKind:
    try:
        return PeriodKind(kind)
    except ValueError:
        choices = ", ".join(PeriodKind)
        raise ValueError(f"Loại kỳ không hợp lệ: {kind!r} (chọn một trong: {choices})") from None


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period (kỳ báo cáo): `start` and `end` are both inclusive.

    Fixed kinds must sit on their calendar boundaries (a quarter starts in January, April,
    July or October); build them with `Period.month(2023, 10)` and friends or `period_for`."""

    kind: PeriodKind
    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        kind = _kind(self.kind)
        object.__setattr__(self, "kind", kind)
        if self.start > self.end:
            raise ValueError(
                f"Ngày bắt đầu {_ddmmyyyy(self.start)} sau ngày kết thúc {_ddmmyyyy(self.end)}"
            )
        if kind is not PeriodKind.CUSTOM and _bounds(kind, self.start) != (self.start, self.end):
            raise ValueError(
                f"Kỳ loại {kind} không khớp ranh giới lịch: "
                f"{_ddmmyyyy(self.start)} – {_ddmmyyyy(self.end)}"
            )

    # --- constructors -------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        if not 1 <= month <= 12:
            raise ValueError(f"Tháng không hợp lệ: {month} (phải từ 1 đến 12)")
        return cls(PeriodKind.MONTH, datetime.date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if not 1 <= quarter <= 4:
            raise ValueError(f"Quý không hợp lệ: {quarter} (phải từ 1 đến 4)")
        first = 3 * quarter - 2
        return cls(PeriodKind.QUARTER, datetime.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half not in (1, 2):
            raise ValueError(f"Nửa năm không hợp lệ: {half} (phải là 1 hoặc 2)")
        first = 6 * half - 5
        return cls(PeriodKind.HALF, datetime.date(year, first, 1), _month_end(year, first + 5))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> "Period":
        return cls(PeriodKind.CUSTOM, start, end)

    @classmethod
    def parse(cls, code: str) -> "Period":
        """The period of a stable code; ValueError (in Vietnamese) on anything else."""
        if cls is Period and isinstance(code, str):
            # A write's roll-up parses the same few codes once per value (bench/README.md).
            return _parsed(code)
        return cls._parse(code)

    @classmethod
    def _parse(cls, code: str) -> "Period":
        m = _CODE_RE.fullmatch(code.strip()) if isinstance(code, str) else None
        if m is None:
            raise ValueError(f"Mã kỳ không hợp lệ: {code!r} (ví dụ: {_CODE_EXAMPLES})")
        if m["start"]:
            return cls.custom(_code_day(m["start"], code), _code_day(m["end"], code))
        year = int(m["year"])
        if year < 1:
            raise ValueError(f"Năm không hợp lệ trong mã kỳ {code!r}")
        if m["month"]:
            return cls.month(year, int(m["month"]))
        if m["quarter"]:
            return cls.quarter(year, int(m["quarter"]))
        if m["half"]:
            return cls.half(year, int(m["half"]))
        return cls.year(year)

    # --- codes and labels ---------------------------------------------------------------

    @property
    def code(self) -> str:
        year = f"{self.start.year:04d}"
        match self.kind:
            case PeriodKind.MONTH:
                return f"{year}{self.start.month:02d}"
            case PeriodKind.QUARTER:
                return f"{year}Q{self.number}"
            case PeriodKind.HALF:
                return f"{year}S{self.number}"
            case PeriodKind.YEAR:
                return year
        return f"{_yyyymmdd(self.start)}-{_yyyymmdd(self.end)}"

    @property
    def number(self) -> int:
        """The month, quarter or half within the year (1 for a year and a custom range)."""
        months = _MONTHS_IN.get(self.kind)
        return 1 if months is None else (self.start.month - 1) // months + 1

    def label(self, language: str = "vi") -> str:
        """The label people write: "Quý III/2023" (vi) or "Q3 2023" (en)."""
        if language not in ("vi", "en"):
            raise ValueError(f"Ngôn ngữ không hỗ trợ: {language!r} (chọn 'vi' hoặc 'en')")
        vi = language == "vi"
        year, number = self.start.year, self.number
        match self.kind:
            case PeriodKind.MONTH:
                return f"Tháng {number}/{year}" if vi else f"{_EN_MONTHS[number - 1]} {year}"
            case PeriodKind.QUARTER:
                return f"Quý {_ROMAN[number - 1]}/{year}" if vi else f"Q{number} {year}"
            case PeriodKind.HALF:
                side = "đầu" if number == 1 else "cuối"
                return f"6 tháng {side} năm {year}" if vi else f"H{number} {year}"
            case PeriodKind.YEAR:
                return f"Năm {year}" if vi else str(year)
        start, end = _ddmmyyyy(self.start), _ddmmyyyy(self.end)
        return f"Từ {start} đến {end}" if vi else f"{start} – {end}"

    def __str__(self) -> str:
        return self.code

    # --- arithmetic ---------------------------------------------------------------------

    def next(self) -> "Period":
        """The period of the same kind right after. A custom range moves by its own length in
        days (months would read better for Jan–Jun, but a day-shifted range can land on whole
        months, and then `previous` would no longer undo `next`)."""
        return self._shifted(1)

    def previous(self) -> "Period":
        """The period of the same kind right before (see `next`)."""
        return self._shifted(-1)

    def _shifted(self, step: int) -> "Period":
        try:
            if self.kind is not PeriodKind.CUSTOM:
                day = self.end + _ONE_DAY if step > 0 else self.start - _ONE_DAY
                return period_for(self.kind, day)
            length = (self.end - self.start + _ONE_DAY) * step
            return Period.custom(self.start + length, self.end + length)
        except (OverflowError, ValueError):
            side = "sau" if step > 0 else "trước"
            raise ValueError(f"Không có kỳ {side} kỳ {self.code}") from None

    def contains(self, other: "Period | datetime.date") -> bool:
        """Whether every day of `other` (a period or a day) lies inside this period."""
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        return self.start <= other <= self.end

    def months(self) -> list["Period"]:
        """The month periods this period spans, in order. For a fixed kind they partition it;
        a custom range that starts or ends mid-month also gets the months it only touches."""
        return periods_between(PeriodKind.MONTH, self.start, self.end)


_FIXED_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)


def containing_periods(period: Period) -> list[Period]:
    """The fixed periods that contain a fixed `period`, itself first: a month's quarter,
    half-year and year."""
    return list(_containing(period))


@functools.lru_cache(maxsize=1024)  # asked once per value of a write's LAST indicators
def _containing(period: Period) -> tuple[Period, ...]:
    if period.kind is PeriodKind.CUSTOM:
        raise ValueError("Kỳ tùy chọn không nằm gọn trong một kỳ cố định")
    shortest = _FIXED_KINDS.index(period.kind)
    return tuple(period_for(kind, period.start) for kind in _FIXED_KINDS[shortest:])


@functools.lru_cache(maxsize=4096)
def _parsed(code: str) -> Period:
    return Period._parse(code)


@functools.lru_cache(maxsize=1024)  # a handful of periods are read again and again
def covering_codes(period: Period) -> tuple[str, ...]:
    """Codes of every fixed period that lies inside `period` (itself included): a year's
    halves, quarters and months. Values and roll-ups are stored under these codes, so a read
    over a period is an `IN` of them, which every index keyed by period serves."""
    return tuple(
        p.code
        for kind in _FIXED_KINDS
        for p in periods_between(kind, period.start, period.end)
        if period.contains(p)
    )


def _code_day(digits: str, code: str) -> datetime.date:
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValueError(f"Ngày không hợp lệ {digits!r} trong mã kỳ {code!r}") from None


def period_for(kind: PeriodKind | str, day: datetime.date) -> Period:
    """The period of `kind` that contains `day` (a custom range has no such period)."""
    kind = _kind(kind)
    return Period(kind, *_bounds(kind, day))


def _bounds(kind: PeriodKind, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    months = _MONTHS_IN.get(kind)
    if months is None:
        raise ValueError("Kỳ tùy chọn không xác định được từ một ngày")
    first = (day.month - 1) // months * months + 1
    return datetime.date(day.year, first, 1), _month_end(day.year, first + months - 1)


def periods_between(
    kind: PeriodKind | str,
    start: "datetime.date | Period",
    end: "datetime.date | Period",
) -> list[Period]:
    """The periods of `kind` from the one holding `start` to the one holding `end`, inclusive
    (a period given as `start` counts from its first day, as `end` up to its last)."""
    first_day = start.start if isinstance(start, Period) else start
    last_day = end.end if isinstance(end, Period) else end
    if first_day > last_day:
        return []
    period = period_for(kind, first_day)
    found = [period]
    while period.end < last_day:
        period = period.next()
        found.append(period)
    return found


# Around a label only blanks, light punctuation and a leading "ngày" may remain.
_LABEL_REST_RE = re.compile(r"(?:\s|[.,;:()]|(?<![^\W\d_])ngày(?![^\W\d_]))*", re.IGNORECASE)
_FIXED_MENTIONS = {
    "month": PeriodKind.MONTH,
    "quarter": PeriodKind.QUARTER,
    "half": PeriodKind.HALF,
    "year": PeriodKind.YEAR,
}
_RANGE_MENTIONS = frozenset({"months_first", "months_last", "range", "term", "day"})


def parse_label(text: str) -> Period:
    """The period a Vietnamese label names: "Tháng 10/2023", "tháng 10 năm 2023",
    "Quý III/2023", "quý 3 năm 2023", "6 tháng đầu năm 2023", "nửa cuối năm 2023",
    "Năm 2023", "9 tháng đầu năm 2023" (a custom range), "Từ 01/01/2023 đến 30/06/2023";
    a stable code ("2023Q3") is read too. Labels are read for years 1800–2099, those the text
    toolkit knows as years. ValueError (in Vietnamese) on anything else."""
    try:
        return Period.parse(text)
    except ValueError:
        pass
    mentions = find_dates(text)
    if len(mentions) == 1:
        mention = mentions[0]
        start, end = mention.span
        rest = text[:start] + " " + text[end:]
        if _LABEL_REST_RE.fullmatch(rest) and mention.start and mention.end:
            kind = _FIXED_MENTIONS.get(mention.kind)
            if kind is not None:
                return period_for(kind, mention.start)
            if mention.kind in _RANGE_MENTIONS:
                return Period.custom(mention.start, mention.end)
    raise ValueError(
        f"Không đọc được kỳ báo cáo: {text!r} "
        "(ví dụ: Tháng 10/2023, Quý III/2023, 6 tháng đầu năm 2023, Năm 2023)"
    )
