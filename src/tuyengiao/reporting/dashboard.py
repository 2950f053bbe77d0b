"""Reads for a unit's dashboard: one indicator over the unit's subtree for a period, the
same by the units one level below (to drill down), over the periods inside it or before it,
and the completeness of the form that collects it. Every figure is a roll-up read
(`selectors`), current the moment a value is saved."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.dues import completeness, recent_periods
from tuyengiao.reporting.models import FormItem, Indicator, ReportForm
from tuyengiao.reporting.periods import Period, PeriodKind, period_for, periods_between
from tuyengiao.reporting.selectors import Figure, figures, figures_below, rollup_children

SERIES_LENGTH = 12


@dataclass(frozen=True)
class Dashboard:
    unit: OrgUnit
    indicator: Indicator
    period: Period
    total: Figure
    below: list[tuple[OrgUnit, Figure]]
    series: list[tuple[Period, Figure]]
    form: ReportForm | None
    completeness: list[tuple[Period, float]]

    @property
    def indicator_name(self) -> str:
        english = (get_language() or "vi").startswith("en")
        return (self.indicator.name_en if english else "") or self.indicator.name


def series_periods(period: Period) -> list[Period]:
    """The months inside a longer period, or the SERIES_LENGTH months up to a month."""
    if period.kind == PeriodKind.MONTH:
        start = period.start
        for _step in range(SERIES_LENGTH - 1):
            start = period_for(PeriodKind.MONTH, start - datetime.timedelta(days=1)).start
        return periods_between(PeriodKind.MONTH, start, period.end)
    kind = PeriodKind.MONTH if (period.end - period.start).days < 800 else PeriodKind.YEAR
    return periods_between(kind, period.start, period.end)


def form_for(indicator: Indicator, unit: OrgUnit) -> ReportForm | None:
    """An active form that collects `indicator` and is issued at `unit` or above it."""
    owners = [*unit.ancestor_ids(), unit.pk]
    item = (
        FormItem.objects.filter(indicator=indicator, form__is_active=True, form__owner__in=owners)
        .select_related("form__owner")
        .order_by("-form__owner__level")
        .first()
    )
    return item.form if item else None


def dashboard_build(*, user, unit: OrgUnit, indicator: Indicator, period: Period) -> Dashboard:
    total = figures(indicator=indicator, unit_ids=[unit.pk], period=period)[unit.pk]
    children = rollup_children(unit)
    found = figures_below(indicator=indicator, unit=unit, period=period)
    below = [(child, found.get(child.pk, Figure(None, 0))) for child in children]
    series = [
        (p, figures(indicator=indicator, unit_ids=[unit.pk], period=p)[unit.pk])
        for p in series_periods(period)
    ]
    form = form_for(indicator, unit)
    rates = []
    if form is not None:
        for p in reversed(recent_periods(form, timezone.localdate())):
            rates.append((p, completeness(user=user, form=form, period=p, under=unit).sent_percent))
    return Dashboard(
        unit=unit,
        indicator=indicator,
        period=period,
        total=total,
        below=below,
        series=series,
        form=form,
        completeness=rates,
    )
