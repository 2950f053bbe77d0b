"""The dataset of `aggregate.py`: the tree, the indicators and their values (issue 20, item 4).

The tree is the design study's (`aggregate_design.tree_generate`: centre, 34 provinces,
70–130 communes each, their grassroots organisations and cells, some communes and
organisations merged into a neighbour), plus wide nodes: in each of a few provinces a bloc
committee (Đảng ủy khối) and a commune, each with 1,000 grassroots organisations under it
(some with a cell), as the largest real ones have. Those wide nodes are read as a level of
their own ("wide") so that their figures show apart.

The indicators cover every way figures combine: counts added (SUM), decimals added, rates
averaged (AVERAGE, over the values, never an average of averages), stocks (LAST: each unit's
latest value in the period, added over units; some months left unreported), four with a
breakdown (phân tổ, three options: one row per option), and three derived rates whose
formula reads rolled-up sums (one of them an option over its total).
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from aggregate_design import MONTHS, Tree, month_code, series_counts, tree_generate

LEVELS = ("centre", "province", "commune", "wide", "grassroots", "cell")
WIDE_CHILDREN = 1000
OPTIONS = ("O1", "O2", "O3")
NOW = "2026-01-05 08:00:00"
# Ids of the benchmark's indicators: past those the migrations seed (surveys' indicators
# are protected by their questions, so the seeded catalogue stays).
ID_BASE = 10_000


@dataclass(frozen=True)
class Spec:
    """One indicator of the benchmark's catalogue. `family` is how the report groups it."""

    id: int
    code: str
    family: str  # sum, decimal, average, last, breakdown, derived
    value_type: str
    aggregation: str
    breakdown: bool = False
    formula: str = ""


def _specs() -> list[Spec]:
    specs = []
    for i in range(1, 51):
        code = f"I{i:02d}"
        if i <= 30:
            spec = Spec(ID_BASE + i, code, "sum", "count", "sum")
        elif i <= 36:
            spec = Spec(ID_BASE + i, code, "decimal", "decimal", "sum")
        elif i <= 41:
            spec = Spec(ID_BASE + i, code, "average", "percent", "average")
        elif i <= 46:
            spec = Spec(ID_BASE + i, code, "last", "count", "last")
        else:  # breakdowns: two sums, an average of decimals, a stock
            kind = {47: ("count", "sum"), 48: ("count", "sum"), 49: ("decimal", "average")}
            value_type, aggregation = kind.get(i, ("count", "last"))
            spec = Spec(ID_BASE + i, code, "breakdown", value_type, aggregation, breakdown=True)
        specs.append(spec)
    specs += [
        Spec(ID_BASE + 51, "R01", "derived", "percent", "sum", formula="I01 / I02 * 100"),
        Spec(ID_BASE + 52, "R02", "derived", "decimal", "sum", formula="I31 / I03"),
        Spec(ID_BASE + 53, "R03", "derived", "percent", "sum", formula="I47.O1 / I47 * 100"),
    ]
    return specs


SPECS = _specs()
BY_ID = {spec.id: spec for spec in SPECS}
BY_CODE = {spec.code: spec for spec in SPECS}
STORED = [spec for spec in SPECS if not spec.formula]
FAMILIES = ("sum", "decimal", "average", "last", "breakdown", "derived")


def value_draw(rng: random.Random, spec: Spec) -> int | float:
    """A value as a unit reports it: whole counts, decimals with two places."""
    if spec.value_type == "count":
        return rng.randrange(200 if spec.aggregation == "last" else 500)
    if spec.value_type == "percent":
        return rng.randrange(10_000) / 100
    return rng.randrange(50_000) / 100


def tree_build(rng: random.Random, scale: float) -> tuple[Tree, set[int]]:
    """The design study's tree, then the wide nodes (at least one bloc committee and one
    commune of 1,000 organisations whatever the scale); returns the tree and the wide nodes."""
    tree = tree_generate(rng, scale)
    wide: set[int] = set()
    provinces = [u for u in range(1, len(tree) + 1) if tree.level[u] == 1]
    for index in range(max(1, round(2 * scale))):
        province = provinces[index % len(provinces)]
        for _ in ("bloc committee", "commune"):
            node = tree.add(province)
            wide.add(node)
            for _ in range(WIDE_CHILDREN):
                organisation = tree.add(node)
                if rng.random() < 0.3:
                    tree.add(organisation)
    return tree, wide


def level_of(tree: Tree, wide: set[int], unit: int) -> str:
    if unit in wide:
        return "wide"
    return LEVELS[tree.level[unit] + (tree.level[unit] >= 3)]


def month_bounds(m: int) -> tuple[str, str]:
    """First and last day of month `m` (0 = 01/2024)."""
    first = datetime.date(2024 + m // 12, m % 12 + 1, 1)
    following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first.isoformat(), (following - datetime.timedelta(days=1)).isoformat()


def month_index(year: int, month: int) -> int:
    return (year - 2024) * 12 + month - 1


def unit_rows(tree: Tree, kind: int):
    """Units as the tree stores them: path by parent, a merged unit closed with a successor."""
    paths = {1: "/1/"}
    for unit in range(1, len(tree) + 1):
        parent = tree.parent[unit]
        if parent is not None:
            paths[unit] = f"{paths[parent]}{unit}/"
        closed = month_bounds(tree.merge_month[unit])[0] if tree.successor[unit] else None
        name, key = f"Đơn vị {unit}", f"don vi {unit} u{unit}"
        yield (unit, f"U{unit}", name, "", kind, parent, paths[unit], tree.level[unit], None,
               closed, tree.successor[unit], key)  # fmt: skip


def value_rows(tree: Tree, rng: random.Random, target: int, csv_writer, live: list[tuple]):
    """The values as `reporting_datavalue` rows, each also written to the reference's CSV
    (unit, indicator, option, month, value); `live` gets the series (unit, indicator) still
    reported in the last month. LAST indicators leave a quarter of their months empty."""
    counts = series_counts(rng, tree, target)
    bounds = [month_bounds(m) for m in range(MONTHS)]
    codes = [month_code(m) for m in range(MONTHS)]
    for unit in range(2, len(tree) + 1):
        months = tree.merge_month[unit]
        for index in sorted(rng.sample(range(len(STORED)), counts[unit])):
            spec = STORED[index]
            indicator = spec.id
            options = OPTIONS if spec.breakdown else ("",)
            for m in range(months):
                if spec.aggregation == "last" and rng.random() < 0.25:
                    continue
                for option in options:
                    value = value_draw(rng, spec)
                    csv_writer.writerow((unit, indicator, option, m, value))
                    yield (unit, indicator, option, codes[m], *bounds[m], value, "", 1, NOW, NOW)
            if months == MONTHS:
                live.append((unit, indicator))


def indicators_create() -> None:
    """The catalogue in the application: indicators, the breakdown and its options."""
    from tuyengiao.values.models import Disaggregation, DisaggregationOption, Indicator

    breakdown = Disaggregation.objects.create(code="TRINH_DO", name="Trình độ")
    DisaggregationOption.objects.bulk_create(
        DisaggregationOption(disaggregation=breakdown, code=code, name=code, sort_order=n)
        for n, code in enumerate(OPTIONS)
    )
    Indicator.objects.bulk_create(
        Indicator(
            pk=spec.id,
            code=spec.code,
            name=f"Chỉ tiêu {spec.code}",
            value_type=spec.value_type,
            aggregation=spec.aggregation,
            disaggregation=breakdown if spec.breakdown else None,
            formula=spec.formula,
        )
        for spec in SPECS
    )


def quantized(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))
