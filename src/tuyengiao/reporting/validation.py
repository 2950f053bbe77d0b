"""Checks of a unit's figures for one form and period, shown while they are typed: the
validation rules that name the form's indicators, and hints where a figure stands far from
the unit's own history (a typo of one digit too many is the usual cause)."""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import FormItem, ReportForm, ValidationRule
from tuyengiao.ui.formats import format_number
from tuyengiao.values import expressions
from tuyengiao.values.models import DataValue, Indicator
from tuyengiao.values.periods import Period, period_for

HISTORY_PERIODS = 12
MIN_HISTORY = 3
# Robust z-score (median and median absolute deviation) above which a figure is hinted:
# 3.5 is the usual cut-off of Iglewicz and Hoaglin.
OUTLIER_Z = Decimal("3.5")


@dataclass(frozen=True)
class Violation:
    rule: ValidationRule
    message: str
    left: Decimal
    right: Decimal

    @property
    def is_serious(self) -> bool:
        return self.rule.importance == ValidationRule.Importance.HIGH


@dataclass(frozen=True)
class Hint:
    indicator: Indicator
    option: str
    message: str


def form_items(form: ReportForm) -> list[FormItem]:
    """The form's rows in order, with their indicators and breakdown options."""
    return list(
        form.items.select_related("section", "indicator__disaggregation")
        .prefetch_related("indicator__disaggregation__options")
        .order_by("section__sort_order", "section_id", "sort_order", "pk")
    )


def form_indicators(form: ReportForm) -> list[Indicator]:
    return [item.indicator for item in form_items(form)]


def unit_values(
    indicators: list[Indicator], unit: OrgUnit, period: Period
) -> dict[str, Decimal | None]:
    """The unit's own figures by expression name (`CODE`, `CODE.OPTION`), derived ones
    evaluated over them; a broken-down indicator's plain code is the sum of its options."""
    values: dict[str, Decimal | None] = {}
    rows = DataValue.objects.filter(
        orgunit=unit, indicator__in=[i for i in indicators if not i.is_derived], period=period.code
    ).values_list("indicator__code", "option", "value")
    for code, option, value in rows:
        if value is None:
            continue
        values[f"{code}.{option}" if option else code] = value
        if option:
            values[code] = (values.get(code) or Decimal(0)) + value
    for indicator in indicators:
        if indicator.is_derived:
            result = expressions.evaluate(expressions.parse(indicator.formula), values)
            if isinstance(result, Decimal):
                values[indicator.code] = result.quantize(Decimal("0.0001"))
    return values


def _rules_for(codes: set[str]) -> list[tuple[ValidationRule, expressions.Binary]]:
    found = []
    for rule in ValidationRule.objects.filter(is_active=True):
        expr = expressions.parse_rule(rule.left, rule.operator, rule.right)
        if {name.partition(".")[0] for name in expr.variables()} <= codes:
            found.append((rule, expr))
    return found


def rules_check(
    *,
    form: ReportForm,
    unit: OrgUnit,
    period: Period,
    values: dict[str, Decimal | None] | None = None,
    indicators: list[Indicator] | None = None,
) -> list[Violation]:
    """The rules over the form's indicators that the unit's figures break. A rule with a
    value not entered yet is not judged. `values` and `indicators`, when the caller has
    read them already."""
    indicators = form_indicators(form) if indicators is None else indicators
    if values is None:
        values = unit_values(indicators, unit, period)
    english = (get_language() or "vi").startswith("en")
    violations = []
    for rule, expr in _rules_for({i.code for i in indicators}):
        verdict = expressions.evaluate(expr, values)
        if verdict is False:
            left = expressions.evaluate(expr.left, values)
            right = expressions.evaluate(expr.right, values)
            assert isinstance(left, Decimal) and isinstance(right, Decimal)
            message = (rule.message_en if english else "") or rule.message
            violations.append(Violation(rule=rule, message=message, left=left, right=right))
    return violations


def _previous(period: Period, count: int) -> list[Period]:
    found = []
    for _step in range(count):
        period = period_for(period.kind, period.start - datetime.timedelta(days=1))
        found.append(period)
    return found


def outlier_hints(
    *, form: ReportForm, unit: OrgUnit, period: Period, indicators: list[Indicator] | None = None
) -> list[Hint]:
    """Figures of this period far from the unit's own last HISTORY_PERIODS periods."""
    indicators = form_indicators(form) if indicators is None else indicators
    indicators = [i for i in indicators if i.is_numeric and not i.is_derived]
    codes = [p.code for p in _previous(period, HISTORY_PERIODS)]
    history: dict[tuple[int, str], list[Decimal]] = {}
    current: dict[tuple[int, str], Decimal] = {}
    rows = DataValue.objects.filter(
        orgunit=unit, indicator__in=indicators, period__in=[period.code, *codes]
    ).exclude(value__isnull=True)
    for indicator_id, option, code, value in rows.values_list(
        "indicator_id", "option", "period", "value"
    ):
        assert value is not None  # excluded above
        if code == period.code:
            current[indicator_id, option] = value
        else:
            history.setdefault((indicator_id, option), []).append(value)
    by_id = {i.pk: i for i in indicators}
    hints = []
    for key, value in current.items():
        past = history.get(key, [])
        if len(past) < MIN_HISTORY or not _is_outlier(value, past):
            continue
        hints.append(
            Hint(
                indicator=by_id[key[0]],
                option=key[1],
                message=_(
                    "%(value)s khác xa các kỳ trước (thường khoảng %(usual)s): hãy kiểm tra lại."
                )
                % {
                    "value": format_number(value),
                    "usual": format_number(statistics.median(past)),
                },
            )
        )
    return hints


def _is_outlier(value: Decimal, past: list[Decimal]) -> bool:
    median = statistics.median(past)
    spread = statistics.median([abs(x - median) for x in past])
    if spread == 0:
        # A series that never moved: flag a change of more than half (and of more than 1).
        return abs(value - median) > max(Decimal(1), abs(median) / 2)
    return abs(Decimal("0.6745") * (value - median) / spread) > OUTLIER_Z
