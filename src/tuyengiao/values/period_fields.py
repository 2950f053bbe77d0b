"""How people choose and read a period: never as a code.

`period_label` is the one label ("Quý IV/2026", "6 tháng cuối năm 2026"; "Q4 2026" in
English), shown by the `period_label` template filter and by every page, export and message.
`PeriodField` is the one picker: a list of labelled periods (the code stays the value sent,
so links and the API are unchanged), which also reads what a person or a script types: a code
("2026Q4") or a Vietnamese label ("quý 4/2026", "6 tháng cuối năm 2026", "tháng 11/2026").
"""

import contextlib
import datetime
from collections.abc import Iterable, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tuyengiao.values.periods import Period, PeriodKind, parse_label, period_for, periods_between

__all__ = [
    "PeriodField",
    "PeriodSelect",
    "parse_period",
    "period_label",
    "recent_periods",
    "span_period",
]

KIND_NAMES = {
    PeriodKind.MONTH: gettext_lazy("Tháng"),
    PeriodKind.QUARTER: gettext_lazy("Quý"),
    PeriodKind.HALF: gettext_lazy("6 tháng"),
    PeriodKind.YEAR: gettext_lazy("Năm"),
    PeriodKind.CUSTOM: gettext_lazy("Khoảng ngày"),
}


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def period_label(value: "Period | str | None") -> str:
    """ "Quý IV/2026" (or "Q4 2026" on an English page) for a period or its code; a text
    that is not a period code is returned as it is."""
    if value is None or value == "":
        return ""
    if not isinstance(value, Period):
        try:
            value = Period.parse(str(value))
        except ValueError:
            return str(value)
    return value.label(_language())


def parse_period(text: str, *, kinds: Iterable[PeriodKind | str] = ()) -> Period:
    """The period a code or a Vietnamese label names, limited to `kinds` when given.
    ValidationError in the page's language otherwise."""
    try:
        period = parse_label(text or "")
    except ValueError:
        raise ValidationError(
            _(
                "Không đọc được kỳ “%(text)s”: chọn trong danh sách hoặc viết như "
                "Tháng 11/2026, Quý IV/2026, 6 tháng cuối năm 2026, Năm 2026."
            )
            % {"text": text},
            code="invalid",
        ) from None
    allowed = [PeriodKind(kind) for kind in kinds]
    if allowed and period.kind not in allowed:
        raise ValidationError(
            _("Kỳ %(period)s không dùng được ở đây: chọn kỳ theo %(kinds)s.")
            % {
                "period": period_label(period),
                "kinds": ", ".join(str(KIND_NAMES[kind]).lower() for kind in allowed),
            },
            code="kind",
        )
    return period


def span_period(start: datetime.date, end: datetime.date) -> Period:
    """The period from `start` to `end`: a fixed one when the days are its bounds (01/07 to
    31/12 is "6 tháng cuối năm"), else a custom range."""
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
        fixed = period_for(kind, start)
        if (fixed.start, fixed.end) == (start, end):
            return fixed
    return Period.custom(start, end)


def recent_periods(
    kinds: Sequence[PeriodKind | str], *, today: datetime.date, years: int = 2
) -> list[Period]:
    """The periods of `kinds` from `years` back to the one holding `today`, newest first."""
    since = datetime.date(today.year - years + 1, 1, 1)
    found: list[Period] = []
    for kind in kinds:
        found.extend(reversed(periods_between(kind, since, today)))
    return found


class PeriodSelect(forms.Select):
    """A list of periods by their labels, grouped by kind when several kinds are offered.
    Labels are made at render time, in the language of the page."""

    def __init__(self, attrs=None, periods: Sequence[Period] = (), empty_label: str = "") -> None:
        super().__init__(attrs)
        self.periods = list(periods)
        self.empty_label = empty_label

    def get_context(self, name, value, attrs):
        self.choices = _grouped(self.periods, value)
        if self.empty_label:
            self.choices.insert(0, ("", self.empty_label))
        return super().get_context(name, value, attrs)

    def format_value(self, value):
        return [value.code] if isinstance(value, Period) else super().format_value(value)


def _grouped(periods: Sequence[Period], value) -> list:
    chosen = value.code if isinstance(value, Period) else (value or "")
    offered = list(periods)
    if chosen and chosen not in {p.code for p in offered}:
        # A period typed or linked to, not in the list: shown first, and kept chosen.
        with contextlib.suppress(ValueError):
            offered.insert(0, parse_label(str(chosen)))
    kinds = list(dict.fromkeys(p.kind for p in offered))
    if len(kinds) < 2:
        return [(p.code, period_label(p)) for p in offered]
    return [
        (str(KIND_NAMES[kind]), [(p.code, period_label(p)) for p in offered if p.kind == kind])
        for kind in kinds
    ]


class PeriodField(forms.Field):
    """A period picked in a list (`periods`), or typed as a code or a Vietnamese label;
    cleaned to a `Period`. `kinds` limits the kinds accepted (all when empty)."""

    widget = PeriodSelect

    def __init__(
        self,
        *,
        periods: Sequence[Period] = (),
        kinds: Iterable[PeriodKind | str] = (),
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.kinds = list(kinds)
        self.periods = periods

    @property
    def periods(self) -> list[Period]:
        return self._periods

    @periods.setter
    def periods(self, periods: Sequence[Period]) -> None:
        # The widget lists them (a copy of it per form: Django deep-copies fields).
        self._periods = list(periods)
        if isinstance(self.widget, PeriodSelect):
            self.widget.periods = self._periods

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.periods = self._periods
        return copy

    def to_python(self, value) -> Period | None:
        if isinstance(value, Period):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        return parse_period(str(value), kinds=self.kinds)

    def prepare_value(self, value):
        return value.code if isinstance(value, Period) else value
