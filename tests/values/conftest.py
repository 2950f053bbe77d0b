"""Indicators for the values tests, and an independent recount of any roll-up.

`recount` sums the values again from `DataValue` over a subtree worked out afresh from the
tree's parent and successor links, never from `Aggregate` or `RollupAncestor`, so that a
test compares the write-through totals with what they must equal.
"""

import datetime
from decimal import Decimal

import pytest

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import (
    Aggregation,
    DataValue,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    ValueType,
)
from tuyengiao.values.periods import Period
from tuyengiao.values.rollup import chains_from_links


def make_indicator(code: str, **fields) -> Indicator:
    fields.setdefault("name", f"Chỉ tiêu {code}")
    fields.setdefault("value_type", ValueType.COUNT)
    return Indicator.objects.update_or_create(code=code, defaults=fields)[0]


@pytest.fixture
def count(db) -> Indicator:
    return make_indicator("T_HOI_NGHI", name="Số hội nghị thử")


@pytest.fixture
def stock(db) -> Indicator:
    return make_indicator(
        "T_BAO_CAO_VIEN", name="Số báo cáo viên thử", aggregation=Aggregation.LAST
    )


@pytest.fixture
def rate(db) -> Indicator:
    return make_indicator(
        "T_TY_LE", name="Tỷ lệ thử", value_type=ValueType.PERCENT, aggregation=Aggregation.AVERAGE
    )


@pytest.fixture
def by_level(db) -> Indicator:
    breakdown = Disaggregation.objects.create(code="T_CAP", name="Cấp thử")
    for order, code in enumerate(("SO_CAP", "CAO_CAP")):
        DisaggregationOption.objects.create(
            disaggregation=breakdown, code=code, name=code, sort_order=order
        )
    return make_indicator("T_LOP", name="Số lớp thử", disaggregation=breakdown)


def subtree_ids(unit: OrgUnit) -> set[int]:
    links = {
        pk: successor or parent
        for pk, parent, successor in OrgUnit.objects.values_list("pk", "parent_id", "successor_id")
    }
    return {pk for pk, chain in chains_from_links(links).items() if unit.pk in chain}


def recount(indicator: Indicator, unit: OrgUnit, period: Period) -> tuple[Decimal | None, int]:
    """(value, count) of `indicator` over `unit`'s roll-up subtree for `period`, recounted."""
    values = DataValue.objects.filter(
        indicator=indicator,
        orgunit_id__in=subtree_ids(unit),
        period_start__gte=period.start,
        period_end__lte=period.end,
        value__isnull=False,
    )
    if indicator.aggregation == Aggregation.LAST:
        latest: dict[tuple, tuple[datetime.date, datetime.date, Decimal]] = {}
        for v in values:
            key = (v.orgunit_id, v.option)
            candidate = (v.period_end, v.period_start, v.value)
            if key not in latest or candidate[:2] > latest[key][:2]:
                latest[key] = candidate
        numbers = [value for *_, value in latest.values()]
    else:
        numbers = [v.value for v in values]
    if not numbers:
        return None, 0
    total = sum(numbers, Decimal(0))
    if indicator.aggregation == Aggregation.AVERAGE:
        return (total / len(numbers)).quantize(Decimal("0.0001")), len(numbers)
    return total, len(numbers)


@pytest.fixture
def monthly_form(tree, count, by_level):
    """A monthly form of the province that every commune reports; open for this month."""
    from django.utils import timezone

    from tuyengiao.reporting.models import FormItem, FormSection, ReportForm
    from tuyengiao.reporting.workflow import form_current_period

    form = ReportForm.objects.create(
        code="BM_THU", name="Báo cáo tháng thử", period_kind="month", owner=tree.province,
        opens_before_end_days=40, closes_after_end_days=5,
    )  # fmt: skip
    form.unit_kinds.add(tree.commune_a.kind)
    first = FormSection.objects.create(form=form, title="I. Hội nghị", sort_order=1)
    second = FormSection.objects.create(form=form, title="II. Lớp học", sort_order=2)
    FormItem.objects.create(form=form, section=first, indicator=count, sort_order=1)
    FormItem.objects.create(form=form, section=second, indicator=by_level, sort_order=1)
    form.current = form_current_period(form, timezone.localdate())
    return form


def import_rows(*, user, rows, **options):
    """Rows written through the values core as a file import writes them."""
    from tuyengiao.values.models import SourceKind
    from tuyengiao.values.services import Source, datavalues_write

    source = Source(SourceKind.IMPORT, note="thu.xlsx")
    return datavalues_write(rows, user=user, source=source, **options)
