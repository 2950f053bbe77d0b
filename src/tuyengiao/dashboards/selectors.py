"""Reads for a unit's dashboard: one indicator over the unit's subtree for a period, the
same by the units one level below (to drill down), over the periods inside it or before it,
and the completeness of the form that collects it. Every figure is a roll-up read
(`selectors`) of one state: the approved figures (the default), or every value entered,
current the moment it is saved; either way the units whose figures are not all approved
yet are marked."""

import datetime
from functools import cached_property

from django.utils import timezone

from tuyengiao.accounts.scope import openable_ids
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.dues import completeness as form_completeness
from tuyengiao.reporting.dues import form_recent_periods
from tuyengiao.reporting.models import FormItem, ReportForm
from tuyengiao.ui.formats import name_in_language
from tuyengiao.values.models import Indicator
from tuyengiao.values.periods import Period, PeriodKind, period_for, periods_between
from tuyengiao.values.rollup import APPROVED, ENTERED
from tuyengiao.values.selectors import Figure, figures, figures_below, rollup_children

SERIES_LENGTH = 12


class Dashboard:
    """One indicator for a unit and period; each part is read when first asked for, so a
    chart's own request reads only what it draws."""

    def __init__(
        self, *, user, unit: OrgUnit, indicator: Indicator, period: Period, state: str = APPROVED
    ) -> None:
        self.user, self.unit, self.indicator, self.period = user, unit, indicator, period
        self.state = state

    @property
    def approved_only(self) -> bool:
        return self.state == APPROVED

    @property
    def indicator_name(self) -> str:
        return name_in_language(self.indicator.name, self.indicator.name_en)

    def _figures(self, state: str) -> dict[int, Figure]:
        unit_id = self.unit.pk
        return figures(
            indicator=self.indicator, unit_ids=[unit_id], period=self.period, state=state
        )

    @cached_property
    def total(self) -> Figure:
        return self._figures(self.state)[self.unit.pk]

    @cached_property
    def total_pending(self) -> bool:
        """Whether some figure of the subtree is entered but not approved yet."""
        other = ENTERED if self.state == APPROVED else APPROVED
        return self._figures(other)[self.unit.pk] != self.total

    @cached_property
    def below(self) -> list[tuple[OrgUnit, Figure]]:
        found = self._below(self.state)
        return [
            (child, found.get(child.pk, Figure(None, 0))) for child in rollup_children(self.unit)
        ]

    def _below(self, state: str) -> dict[int, Figure]:
        return figures_below(
            indicator=self.indicator, unit=self.unit, period=self.period, state=state
        )

    @cached_property
    def pending(self) -> set[int]:
        """The units below whose figures for the period are not all approved: what they
        entered differs from what is approved (a report not yet approved, or returned)."""
        entered, approved = self._below(ENTERED), self._below(APPROVED)
        return {
            pk for pk in entered.keys() | approved.keys() if entered.get(pk) != approved.get(pk)
        }

    @cached_property
    def openable(self) -> set[int]:
        """The units below that the user may open: the roll-up tree puts a merged unit
        under its successor, though it still lies (and is scoped) under its former parent."""
        return openable_ids(self.user, [child for child, _figure in self.below])

    @cached_property
    def series(self) -> list[tuple[Period, Figure]]:
        unit_id = self.unit.pk
        return [
            (
                p,
                figures(indicator=self.indicator, unit_ids=[unit_id], period=p, state=self.state)[
                    unit_id
                ],
            )
            for p in series_periods(self.period)
        ]

    @cached_property
    def form(self) -> ReportForm | None:
        return form_for(self.indicator, self.unit)

    @cached_property
    def completeness(self) -> list[tuple[Period, float]]:
        """The share of units that sent the collecting form, over its recent periods."""
        if self.form is None:
            return []
        return [
            (
                p,
                form_completeness(
                    user=self.user, form=self.form, period=p, under=self.unit
                ).sent_percent,
            )
            for p in reversed(form_recent_periods(self.form, timezone.localdate()))
        ]


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
