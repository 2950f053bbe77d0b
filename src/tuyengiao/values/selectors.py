"""Reads of rolled-up figures: an indicator over a unit's subtree for any period, and the
same by the units one or more levels below. Every read is an index lookup of `Aggregate`
rows (docs/design/rollups.md); only LAST indicators over a custom date range read values.

Every read takes a `state`: APPROVED (the default: what an office may quote) reads the
approved sums, ENTERED every value entered, approved or not (`values.approval`).
"""

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.collation import tree_sorted
from tuyengiao.values import expressions, guards
from tuyengiao.values.cleaning import SCALE, from_units
from tuyengiao.values.models import Aggregate, Aggregation, DataValue, Indicator, RollupAncestor
from tuyengiao.values.periods import Period, PeriodKind, covering_codes
from tuyengiao.values.rollup import APPROVED, CLOSURE, ENTERED, TABLES

STATES = (APPROVED, ENTERED)
_UNITS = OrgUnit._meta.db_table

# Derived indicators may use derived ones; this bounds a chain that a bad catalogue loops.
_MAX_DERIVATION = 10


@dataclass(frozen=True, slots=True)
class Figure:
    """A rolled-up value and how many reported values it combines."""

    value: Decimal | None
    count: int


def rollup_children(unit: OrgUnit, *, depth: int = 1) -> list[OrgUnit]:
    """The units `depth` levels below `unit` in the roll-up tree (merged units under their
    successor), in tree order."""
    # The ids first: as a subquery PostgreSQL joined them to a scan of the whole unit table.
    # closed_on: the dashboard marks a merged unit; deferred, it was a query per child.
    units = OrgUnit.objects.filter(pk__in=_child_ids(unit, depth)).only(
        "pk", "code", "name", "path", "parent_id", "closed_on"
    )
    return tree_sorted(units.order_by("path"))  # brothers in Vietnamese order


class UnitRow(NamedTuple):
    """A unit as a list of figures names it: the columns `tree_sorted` and a row need."""

    pk: int
    code: str
    name: str
    parent_id: int | None


def rollup_children_rows(unit: OrgUnit, *, depth: int = 1) -> list[UnitRow]:
    """`rollup_children` as plain rows, in the same order, in one statement: under a bloc
    committee of a thousand organisations the model instances and the ORM's `IN` list of
    ids cost several times the read itself (bench/README.md, "aggregate.py")."""
    if connection.vendor == "postgresql":
        # As in `_aggregate_sums_by_unit`: an array of ids, each found through the primary
        # key; as a join or an `IN (SELECT …)` PostgreSQL may scan the whole unit table.
        chosen = (
            f"u.id = ANY(ARRAY(SELECT unit_id FROM {CLOSURE} "
            "WHERE ancestor_id = %s AND distance = %s))"
        )
        sql = f"SELECT u.id, u.code, u.name, u.parent_id FROM {_UNITS} u WHERE {chosen}"
    else:
        sql = (
            f"SELECT u.id, u.code, u.name, u.parent_id FROM {CLOSURE} c "
            f"JOIN {_UNITS} u ON u.id = c.unit_id WHERE c.ancestor_id = %s AND c.distance = %s"
        )
    with connection.cursor() as cursor:
        # By path first, as `rollup_children` reads them: brothers of equal names keep it.
        cursor.execute(sql + " ORDER BY u.path", [unit.pk, depth])
        return tree_sorted(UnitRow(*row) for row in cursor.fetchall())


def _child_ids(unit: OrgUnit, depth: int) -> list[int]:
    closure = RollupAncestor.objects.filter(ancestor=unit, distance=depth)
    return list(closure.values_list("unit_id", flat=True))


def figures(
    *,
    indicator: Indicator,
    unit_ids: list[int],
    period: Period,
    option: str | None = None,
    state: str = APPROVED,
    _depth: int = 0,
) -> dict[int, Figure]:
    """The figure of `indicator` for each unit's roll-up subtree over `period`."""
    _state_check(state)
    if not unit_ids:
        return {}
    if indicator.is_derived:
        return _derived(indicator, unit_ids, period, _depth, state)
    if not indicator.rolls_up:
        return _own_values(indicator, unit_ids, period, option, state)
    sums = _rolled_sums(indicator, unit_ids, period, option, state)
    return {pk: _figure(indicator, *sums.get(pk, (0, 0))) for pk in unit_ids}


def figures_grid(
    *,
    indicator: Indicator,
    unit_ids: list[int],
    periods: list[Period],
    options: list[str],
    state: str = APPROVED,
) -> dict[tuple[int, str, str], Figure]:
    """`figures` for every (unit, period, option) of a grid, keyed by (unit id, period code,
    option): what a page of months × topics shows. Months of an indicator that rolls up are
    read in one statement (a month's roll-up is its own row, whatever the aggregation); any
    other grid asks `figures` cell by cell."""
    _state_check(state)
    if not (unit_ids and periods and options):
        return {}
    months = all(p.kind == PeriodKind.MONTH for p in periods)
    if not (months and indicator.rolls_up and not indicator.is_derived):
        return {
            (pk, period.code, option): figure
            for period in periods
            for option in options
            for pk, figure in figures(
                indicator=indicator, unit_ids=unit_ids, period=period, option=option,
                state=state,
            ).items()
        }  # fmt: skip
    codes, wanted = sorted({p.code for p in periods}), sorted(set(options))
    marks = lambda items: ", ".join(["%s"] * len(items))  # noqa: E731
    sql = (
        f"SELECT orgunit_id, period, option, SUM(total), SUM(count) FROM {TABLES[state]} "
        f"WHERE indicator_id = %s AND orgunit_id IN ({marks(unit_ids)}) "
        f"AND period IN ({marks(codes)}) AND option IN ({marks(wanted)}) "
        "GROUP BY orgunit_id, period, option"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [indicator.pk, *unit_ids, *codes, *wanted])
        sums = {(u, p, o): (int(t), int(c)) for u, p, o, t, c in cursor.fetchall()}
    return {
        (pk, code, option): _figure(indicator, *sums.get((pk, code, option), (0, 0)))
        for pk in unit_ids
        for code in codes
        for option in wanted
    }


def figure_combined(
    *, indicator: Indicator, unit_ids: list[int], period: Period, state: str = APPROVED
) -> Figure:
    """One figure of an indicator that rolls up over several units' subtrees, combined as
    the roll-up combines them (sums and counts added, an average taken once at the end).
    The subtrees must not overlap: a unit inside another's would be counted twice."""
    _state_check(state)
    if not indicator.rolls_up:
        raise ValueError(f"{indicator.code} does not roll up")
    sums = _rolled_sums(indicator, unit_ids, period, None, state).values() if unit_ids else ()
    return _figure(indicator, sum(t for t, _ in sums), sum(c for _, c in sums))


def _state_check(state: str) -> None:
    if state not in STATES:
        raise ValueError(f"state must be one of {STATES}, not {state!r}")


def _rolled_sums(
    indicator: Indicator, unit_ids: list[int], period: Period, option: str | None, state: str
) -> dict[int, tuple[int, int]]:
    if indicator.aggregation == Aggregation.LAST and period.kind == PeriodKind.CUSTOM:
        return _last_in_range(indicator, unit_ids, period, option, state)
    codes = (period.code,) if indicator.aggregation == Aggregation.LAST else covering_codes(period)
    return _aggregate_sums(indicator.pk, unit_ids, codes, option, TABLES[state])


def figures_below(
    *,
    indicator: Indicator,
    unit: OrgUnit,
    period: Period,
    depth: int = 1,
    option: str | None = None,
    state: str = APPROVED,
    _depth: int = 0,
) -> dict[int, Figure]:
    """The figure of every unit `depth` levels below `unit` that has one: for an indicator
    that rolls up, one statement through the closure, the ids never leaving the database."""
    _state_check(state)
    table = TABLES[state]
    if indicator.is_derived:
        return _derived_below(indicator, unit, period, depth, state, _depth)
    if not indicator.rolls_up or (
        indicator.aggregation == Aggregation.LAST and period.kind == PeriodKind.CUSTOM
    ):
        ids = _child_ids(unit, depth)
        found = figures(
            indicator=indicator, unit_ids=ids, period=period, option=option, state=state
        )
        return {pk: figure for pk, figure in found.items() if figure.count}
    codes = (period.code,) if indicator.aggregation == Aggregation.LAST else covering_codes(period)
    if connection.vendor == "postgresql":
        # PostgreSQL plans the closure join below as a scan of the indicator's rows; the
        # children as an array, then their rows through the index by unit, are far faster
        # (bench/README.md, "The values core's reads and import").
        children = (unit.pk, depth)
        sums = _aggregate_sums_by_unit(indicator.pk, children, codes, option, table)
        return {pk: _figure(indicator, *sums[pk]) for pk in sums if sums[pk][1]}
    codes = _codes_in_use(indicator.pk, codes, table)
    if not codes:
        return {}
    periods = ", ".join(["%s"] * len(codes))
    # Grouped by the closure's unit, which its index returns in order: no sort.
    sql = (
        f"SELECT c.unit_id, SUM(a.total), SUM(a.count) FROM {CLOSURE} c "
        f"JOIN {table} a ON a.orgunit_id = c.unit_id "
        f"AND a.indicator_id = %s AND a.period IN ({periods})"
        + (" AND a.option = %s" if option is not None else "")
        + " WHERE c.ancestor_id = %s AND c.distance = %s GROUP BY c.unit_id"
    )
    params: list[int | str] = [indicator.pk, *codes]
    if option is not None:
        params.append(option)
    params += [unit.pk, depth]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {pk: _figure(indicator, int(total), int(count)) for pk, total, count in rows if count}


def _codes_in_use(indicator_id: int, codes: tuple[str, ...], table: str) -> tuple[str, ...]:
    """The codes that hold rows of the indicator, one probe each: the join below probes
    every (unit, code) pair, and a year's quarters, halves and the year itself usually hold
    none (bench/README.md, "The values core's reads and import")."""
    if len(codes) == 1:
        return codes
    candidates = " UNION ALL ".join(["SELECT %s AS code"] * len(codes))
    sql = (
        f"SELECT code FROM ({candidates}) WHERE EXISTS (SELECT 1 FROM "
        f"{table} WHERE indicator_id = %s AND period = code)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*codes, indicator_id])
        return tuple(code for (code,) in cursor.fetchall())


def _aggregate_sums(
    indicator_id: int,
    unit_ids: list[int],
    codes: tuple[str, ...],
    option: str | None,
    table: str = Aggregate._meta.db_table,
) -> dict[int, tuple[int, int]]:
    """The hot path of every roll-up read, in plain SQL: the ORM's query building costs more
    than the index lookup itself (bench/README.md, "The values core's reads and import")."""
    if connection.vendor == "postgresql":
        return _aggregate_sums_by_unit(indicator_id, unit_ids, codes, option, table)
    units = ", ".join(["%s"] * len(unit_ids))
    periods = ", ".join(["%s"] * len(codes))
    sql = (
        f"SELECT orgunit_id, SUM(total), SUM(count) FROM {table} "
        f"WHERE orgunit_id IN ({units}) AND indicator_id = %s AND period IN ({periods})"
        + (" AND option = %s" if option is not None else "")
        + " GROUP BY orgunit_id"
    )
    params: list[int | str] = [*unit_ids, indicator_id, *codes]
    if option is not None:
        params.append(option)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {unit: (int(total), int(count)) for unit, total, count in cursor.fetchall()}


def _aggregate_sums_by_unit(
    indicator_id: int,
    units: list[int] | tuple[int, int],
    codes: tuple[str, ...],
    option: str | None,
    table: str = Aggregate._meta.db_table,
) -> dict[int, tuple[int, int]]:
    """PostgreSQL, through the index by (indicator, year, unit, period, option) that holds
    the sums too (values 0011): one descent per unit and year, no table page read. `units`
    are ids, or (ancestor, depth) for the units that far below it in the closure.

    The codes go to the index as a range, the smallest to the largest; as an `IN` list the
    planner would descend once per (unit, code) pair again. Codes inside the range that are
    not wanted (a quarter's range holds the months after it) are filtered out after the
    scan, `OFFSET 0` keeping the filter out of the index's conditions. The year is the
    index's expression, written as it is there: `left(period, 4)::smallint`."""
    if isinstance(units, tuple):
        chosen = f"ARRAY(SELECT unit_id FROM {CLOSURE} WHERE ancestor_id = %s AND distance = %s)"
        unit_params: list = list(units)
    else:
        chosen, unit_params = "%s", [units]
    lo, hi = min(codes), max(codes)
    years = list(range(int(lo[:4]), int(hi[:4]) + 1))
    params: list = [indicator_id, years, *unit_params, lo, hi]
    wanted = []
    if not _range_holds_only(codes):
        wanted.append("period = ANY(%s)")
        params.append(list(codes))
    if option is not None:
        wanted.append("option = %s")
        params.append(option)
    sql = (
        f"SELECT orgunit_id, SUM(total), SUM(count) FROM (SELECT orgunit_id, period, option, "
        f"total, count FROM {table} WHERE indicator_id = %s "
        f"AND left(period, 4)::smallint = ANY(%s) "
        f"AND orgunit_id = ANY({chosen}) AND period BETWEEN %s AND %s OFFSET 0) AS rows "
        + (f"WHERE {' AND '.join(wanted)} " if wanted else "")
        + "GROUP BY orgunit_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {unit: (int(total), int(count)) for unit, total, count in cursor.fetchall()}


@functools.lru_cache(maxsize=1024)
def _range_holds_only(codes: tuple[str, ...]) -> bool:
    """Whether every fixed period between the smallest and the largest of `codes` is one of
    them (a month, a year: yes; a quarter: no, its months come before the next ones)."""
    lo, hi = min(codes), max(codes)
    years = range(int(lo[:4]), int(hi[:4]) + 1)
    between = {c for y in years for c in covering_codes(Period.year(y)) if lo <= c <= hi}
    return between <= set(codes)


def _figure(indicator: Indicator, total: int, count: int) -> Figure:
    if not count:
        return Figure(None, 0)
    if indicator.aggregation == Aggregation.AVERAGE:
        return Figure((Decimal(total) / SCALE / count).quantize(Decimal("0.0001")), count)
    return Figure(from_units(total), count)


def _own_values(
    indicator: Indicator, unit_ids: list[int], period: Period, option: str | None, state: str
) -> dict[int, Figure]:
    """NONE and TEXT indicators: the unit's own value for exactly that period (approved:
    unless a form collects it and its report is not approved)."""
    rows = DataValue.objects.filter(
        orgunit_id__in=unit_ids, indicator=indicator, period=period.code
    ).exclude(value__isnull=True)
    if option is not None:
        rows = rows.filter(option=option)
    # Text values have no number, so the filter above already leaves them out.
    found = {unit: Figure(value, 1) for unit, value in rows.values_list("orgunit_id", "value")}
    if state == APPROVED and found:
        collected = guards.cells_collected({(u, indicator.pk, period.code) for u in found})
        found = {
            u: f for u, f in found.items() if collected.get((u, indicator.pk, period.code), True)
        }
    return {pk: found.get(pk, Figure(None, 0)) for pk in unit_ids}


def _last_in_range(
    indicator: Indicator, unit_ids: list[int], period: Period, option: str | None, state: str
) -> dict[int, tuple[int, int]]:
    """Each unit's latest value inside a custom range, summed over each subtree; approved:
    each unit's latest approved value."""
    marks = ", ".join(["%s"] * len(unit_ids))
    codes = covering_codes(period)
    periods = ", ".join(["%s"] * len(codes))
    option_sql = "AND v.option = %s" if option is not None else ""
    option_params: list[int | str] = [option] if option is not None else []
    if state == APPROVED:
        pending = _pending_in_range(indicator, unit_ids, codes)
        if pending:
            pairs = ", ".join(["(CAST(%s AS BIGINT), %s)"] * len(pending))
            option_sql += f" AND (v.orgunit_id, v.period) NOT IN (VALUES {pairs})"
            option_params += [part for pair in sorted(pending) for part in pair]
    sql = (
        f"SELECT c.ancestor_id, SUM(CAST(ROUND(latest.value * {SCALE}) AS BIGINT)), COUNT(*) "
        f"FROM (SELECT v.orgunit_id, v.value, ROW_NUMBER() OVER (PARTITION BY v.orgunit_id, "
        f"v.option ORDER BY v.period_end DESC, v.period_start DESC) AS rn "
        f"FROM {DataValue._meta.db_table} v "
        f"WHERE v.indicator_id = %s AND v.period IN ({periods}) "
        f"AND v.value IS NOT NULL {option_sql} AND v.orgunit_id IN "
        f"(SELECT unit_id FROM {CLOSURE} WHERE ancestor_id IN ({marks}))) AS latest "
        f"JOIN {CLOSURE} c ON c.unit_id = latest.orgunit_id "
        f"WHERE latest.rn = 1 AND c.ancestor_id IN ({marks}) GROUP BY c.ancestor_id"
    )
    params: list[int | str] = [indicator.pk, *codes, *option_params, *unit_ids, *unit_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {unit: (int(total), count) for unit, total, count in cursor.fetchall()}


def _pending_in_range(
    indicator: Indicator, unit_ids: list[int], codes: tuple[str, ...]
) -> set[tuple[int, str]]:
    """(unit, period) of the subtrees' values in `codes` that a form collects and whose
    report is not approved yet."""
    below = RollupAncestor.objects.filter(ancestor_id__in=unit_ids).values("unit_id")
    cells = DataValue.objects.filter(
        indicator=indicator, period__in=codes, orgunit_id__in=below, value__isnull=False
    ).values_list("orgunit_id", "period")
    collected = guards.cells_collected({(u, indicator.pk, code) for u, code in cells})
    return {(u, code) for (u, _i, code), approved in collected.items() if not approved}


def _derived(
    indicator: Indicator, unit_ids: list[int], period: Period, depth: int, state: str
) -> dict[int, Figure]:
    """A formula over other indicators, evaluated on their rolled-up figures: a ratio of
    sums, never a sum of ratios. Its count is the number of values read for it."""
    if depth >= _MAX_DERIVATION:
        raise ValueError(f"Chỉ tiêu {indicator.code}: công thức lồng nhau quá sâu")
    expr = expressions.parse(indicator.formula)
    inputs: dict[str, dict[int, Figure]] = {}
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=_codes(expr))}
    for name in expr.variables():
        code, _, option = name.partition(".")
        source = by_code.get(code)
        if source is None:
            inputs[name] = {pk: Figure(None, 0) for pk in unit_ids}
            continue
        inputs[name] = figures(
            indicator=source,
            unit_ids=unit_ids,
            period=period,
            option=option or None,
            state=state,
            _depth=depth + 1,
        )
    result: dict[int, Figure] = {}
    for pk in unit_ids:
        values = {name: found[pk].value for name, found in inputs.items()}
        value = expressions.evaluate(expr, values)
        number = value.quantize(Decimal("0.0001")) if isinstance(value, Decimal) else None
        result[pk] = Figure(number, sum(found[pk].count for found in inputs.values()))
    return result


def _derived_below(
    indicator: Indicator, unit: OrgUnit, period: Period, depth: int, state: str, nested: int
) -> dict[int, Figure]:
    """`figures_below` of a derived indicator: its inputs read below `unit` as any other's
    (through the closure), the formula evaluated only for the units that have one of them.
    The others have no count, which `figures_below` leaves out: under a bloc committee of a
    thousand organisations, evaluating it for each cost more than the reads."""
    if nested >= _MAX_DERIVATION:
        raise ValueError(f"Chỉ tiêu {indicator.code}: công thức lồng nhau quá sâu")
    expr = expressions.parse(indicator.formula)
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=_codes(expr))}
    inputs: dict[str, dict[int, Figure]] = {}
    for name in expr.variables():
        code, _, option = name.partition(".")
        source = by_code.get(code)
        inputs[name] = {}
        if source is not None:
            inputs[name] = figures_below(
                indicator=source, unit=unit, period=period, depth=depth,
                option=option or None, state=state, _depth=nested + 1,
            )  # fmt: skip
    empty = Figure(None, 0)
    result: dict[int, Figure] = {}
    for pk in set().union(*inputs.values()):
        found = [(name, below.get(pk, empty)) for name, below in inputs.items()]
        value = expressions.evaluate(expr, {name: figure.value for name, figure in found})
        number = value.quantize(Decimal("0.0001")) if isinstance(value, Decimal) else None
        result[pk] = Figure(number, sum(figure.count for _, figure in found))
    return result


def _codes(expr: expressions.Expr) -> set[str]:
    return {name.partition(".")[0] for name in expr.variables()}
