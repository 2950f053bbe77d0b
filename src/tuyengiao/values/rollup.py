"""The roll-up tree and the aggregates over it: the only code that writes `Aggregate`, its
approved twin `ApprovedAggregate` and `RollupAncestor` (docs/design/rollups.md; which
values count as approved: `values.approval`).

A unit's roll-up chain is its ancestors from the root down to itself, following `parent`,
except that a merged unit hangs under its `successor`. `RollupAncestor` stores every chain
as a closure. Each value write adds its change (a delta of total and count) to the rows of
every unit in the chain, in the caller's transaction, by `INSERT … ON CONFLICT DO UPDATE`
that adds in SQL: two saves under the same commune never overwrite each other's sum, on
SQLite or PostgreSQL. When a unit moves or merges, its rows (its whole subtree's totals)
leave the ancestors it no longer has and join the new ones, once, so every read stays a
plain index lookup.
"""

import functools
import threading
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.orgunits.signals import units_changed
from tuyengiao.values import bulk_sql
from tuyengiao.values.models import (
    Aggregate,
    ApprovedAggregate,
    RollupAncestor,
)

AGG = Aggregate._meta.db_table
# The two states the aggregates are kept in: every value entered, and the approved ones
# (`values.approval` says which values those are).
ENTERED, APPROVED = "entered", "approved"
TABLES = {ENTERED: AGG, APPROVED: ApprovedAggregate._meta.db_table}
CLOSURE = RollupAncestor._meta.db_table
# Rows per statement: 6 parameters each stays under SQLite's 32,766 and PostgreSQL's 65,535.
_CHUNK = 4000


class Delta(NamedTuple):
    """A change to the sums of one unit's own values: `total` in 1/SCALE units. A tuple:
    an import makes one per value."""

    unit_id: int
    indicator_id: int
    period: str
    option: str
    total: int
    n: int  # the change in the number of values ("count" would shadow tuple.count)


class RollupCycleError(ValueError):
    pass


def chain_of(unit_id: int) -> list[int]:
    """The roll-up chain of a unit, root first, the unit last (empty if not yet linked)."""
    return chains_of([unit_id]).get(unit_id, [])


def chains_of(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    chains: dict[int, list[tuple[int, int]]] = {}
    for unit_id, ancestor_id, distance in bulk_sql.select_in(
        f"SELECT unit_id, ancestor_id, distance FROM {CLOSURE} WHERE unit_id IN ({{marks}})",
        set(unit_ids),
    ):
        chains.setdefault(unit_id, []).append((distance, ancestor_id))
    return {pk: [a for _, a in sorted(pairs, reverse=True)] for pk, pairs in chains.items()}


# --- aggregates ---------------------------------------------------------------------------


_COLUMNS = "indicator_id, period, orgunit_id, option, total, count"


def _upsert_sql(select: str, table: str = AGG) -> str:
    return (
        f"INSERT INTO {table} ({_COLUMNS}) "
        f"{select} "
        f"ON CONFLICT (indicator_id, period, orgunit_id, option) DO UPDATE SET "
        f"total = {table}.total + excluded.total, count = {table}.count + excluded.count"
    )


def aggregates_apply(
    deltas: Iterable[tuple[int, int, str, str, int, int]],
    *,
    chain: bool = True,
    state: str = ENTERED,
) -> None:
    """Add each delta (a `Delta`, or a plain tuple in its order) to the aggregate rows of its
    unit's whole roll-up chain (with `chain=False`, to the unit's own row only: a move hands
    each ancestor its own delta), in the table of `state` (ENTERED or APPROVED).

    A few deltas are grouped by the database, through the closure, in one statement. More
    are added up here, once for all, in NumPy: each delta repeated for every
    unit of its chain, sorted by row, summed by row. An import of a national month writes
    each of its 750,000 rows once; grouping them in SQL through the closure, or in Python
    dicts, took two to three times as long (docs/design/rollups.md). Rows are written in
    one order (series, then unit), which keeps two concurrent writers from locking the same
    rows in opposite orders, and which is the table's key order within a series.
    """
    target = TABLES[state]
    grouped: tuple | None = getattr(_grouped, "last", None)
    _grouped.last = None
    if grouped is not None and grouped[0] is deltas and chain:
        _upsert_rows(grouped[1], target)
        return
    given, deltas = deltas, [d for d in deltas if d[4] or d[5]]
    if len(deltas) <= _FEW:
        _apply_few(deltas, chain=chain, table=target)
        return
    units, indicators, periods, options, totals, counts = zip(*deltas, strict=True)
    names = sorted(set(zip(indicators, periods, options, strict=True)))
    index = {name: position for position, name in enumerate(names)}
    series = np.fromiter(
        map(index.__getitem__, zip(indicators, periods, options, strict=True)),
        np.int64,
        len(deltas),
    )
    # Exact sums: int64 while no sum can leave its range (a row adds each delta at most
    # once), Python's integers beyond.
    largest = max(max(totals), -min(totals)) * len(deltas)
    kind = np.int64 if largest < 2**63 else object
    at, unit_ids = _chain_rows(np.array(units, np.int64), chain=chain)
    if not len(at):
        return
    row = (series[at] << _UNIT_BITS) | unit_ids
    order = np.argsort(row)  # equal rows are summed: their order does not matter
    row = row[order]
    firsts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    sums = np.add.reduceat(np.array(totals, kind)[at][order], firsts)
    ns = np.add.reduceat(np.array(counts, np.int64)[at][order], firsts)
    keep = (sums != 0) | (ns != 0)
    row, sums, ns = row[firsts][keep], sums[keep], ns[keep]
    table = np.empty((len(row), 6), dtype=object)
    table[:, [0, 1, 3]] = np.array(names, dtype=object)[row >> _UNIT_BITS][:, [0, 1, 2]]
    table[:, 2] = (row & ((1 << _UNIT_BITS) - 1)).tolist()
    table[:, 4] = sums.tolist()
    table[:, 5] = ns.tolist()
    params = table.ravel().tolist()
    if state == ENTERED and chain:
        _grouped.last = (given, params)
    _upsert_rows(params, target)


# The rows of the last grouping of many deltas into the entered rows, for the very next
# call only: a write hands the same list to the approved rows when all of it is final
# (`approval.approved_follow`), and it is grouped once. Any other call drops it.
_grouped = threading.local()


def _upsert_rows(params: list, target: str) -> None:
    step = 6 * _CHUNK
    with connection.cursor() as cursor:
        if bulk_sql.copying(len(params) // 6):
            # Copied in the order given, which the upsert keeps (see `aggregates_apply`);
            # once for both states when they take the same rows.
            rows = (params[start : start + 6] for start in range(0, len(params), 6))
            like = f"SELECT {_COLUMNS} FROM {AGG}"
            table = bulk_sql.copy_in_once(cursor, "tg_rollup", like, rows, source=params)
            cursor.execute(_upsert_sql(f"SELECT {_COLUMNS} FROM {table}", target))
            return
        for start in range(0, len(params), step):
            chunk = params[start : start + step]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * (len(chunk) // 6))
            bulk_sql.execute(cursor, _upsert_sql(f"VALUES {values}", target), chunk)


_UNIT_BITS = 40  # a row's sort key: its series' place, then its unit's id in 40 bits
# Up to this many deltas (a save, a LAST indicator's periods), one statement that joins
# the closure costs a round trip; NumPy's setup would add a quarter of a millisecond.
_FEW = 32


def _apply_few(
    deltas: list[tuple[int, int, str, str, int, int]], *, chain: bool, table: str
) -> None:
    if not deltas:
        return
    through = f"JOIN {CLOSURE} c ON c.unit_id = d.u" if chain else ""
    unit = "c.ancestor_id" if chain else "d.u"
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(deltas))
    # SQLite and PostgreSQL both name a VALUES list's columns column1, column2…
    select = (
        f"SELECT d.i, d.p, {unit}, d.o, SUM(d.t), SUM(d.n) "
        f"FROM (SELECT CAST(column1 AS BIGINT) AS u, CAST(column2 AS BIGINT) AS i, "
        f"CAST(column3 AS VARCHAR(17)) AS p, CAST(column4 AS VARCHAR(40)) AS o, "
        f"CAST(column5 AS BIGINT) AS t, CAST(column6 AS INTEGER) AS n "
        f"FROM (VALUES {values}) AS v) AS d {through} "
        f"WHERE 1 = 1 GROUP BY d.i, d.p, d.o, {unit} HAVING SUM(d.t) <> 0 OR SUM(d.n) <> 0 "
        f"ORDER BY d.i, d.p, d.o, {unit}"
    )
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(select, table), [p for d in deltas for p in d])


def _chain_rows(units: "np.ndarray", *, chain: bool) -> tuple["np.ndarray", "np.ndarray"]:
    """(delta's position, unit) for every unit a delta is added to: its unit's whole chain
    (none for a unit not yet linked into the roll-up tree), or its unit alone. The chains
    are climbed a level at a time from each unit's parent: two closure rows a unit of the
    chains, against five a unit for the units' whole closures."""
    positions = np.arange(len(units))
    if not chain:
        return positions, units
    parents = _parents(set(units.tolist()))
    known = np.array(sorted(parents), np.int64)
    above = np.array([parents[unit] for unit in known.tolist()], np.int64)
    linked = np.isin(units, known)
    positions, units = positions[linked], units[linked]
    at, chains = [], []
    while len(units):
        at.append(positions)
        chains.append(units)
        units = above[np.searchsorted(known, units)]
        positions, units = positions[units != 0], units[units != 0]
    return np.concatenate(at), np.concatenate(chains)


def _parents(unit_ids: set[int]) -> dict[int, int]:
    """Each linked unit's roll-up parent (0 for a root), for the units and all above them,
    in one statement a chunk: a single save reads its chain in one round trip."""
    parents: dict[int, int] = {}
    for unit_id, ancestor_id, distance in bulk_sql.select_in(
        f"SELECT unit_id, ancestor_id, distance FROM {CLOSURE} WHERE distance <= 1 "
        f"AND unit_id IN (SELECT ancestor_id FROM {CLOSURE} WHERE unit_id IN ({{marks}}))",
        unit_ids,
    ):
        if distance:
            parents[unit_id] = ancestor_id
        else:
            parents.setdefault(unit_id, 0)
    return parents


def aggregate_series() -> list[tuple[int, str]]:
    """Every (indicator, period) that has aggregate rows, in key order, by a loose index
    scan: one seek per pair, however many units each holds. A unit's rows are found by
    these pairs, since the key puts the unit third."""
    pairs: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT indicator_id, period FROM {AGG} ORDER BY indicator_id, period LIMIT 1"
        )
        row = cursor.fetchone()
        while row is not None:
            pairs.append((row[0], row[1]))
            cursor.execute(
                f"SELECT indicator_id, period FROM {AGG} WHERE (indicator_id, period) > (%s, %s) "
                f"ORDER BY indicator_id, period LIMIT 1",
                [row[0], row[1]],
            )
            row = cursor.fetchone()
    return pairs


def _unit_rows(unit_id: int, series: list[tuple[int, str]], table: str) -> list[tuple]:
    """The unit's aggregate rows (its whole subtree's totals) in `table`, read by key."""
    rows: list[tuple] = []
    step = _CHUNK // 2  # two parameters a pair
    with connection.cursor() as cursor:
        for start in range(0, len(series), step):
            pairs = series[start : start + step]
            marks = ", ".join(["(%s, %s)"] * len(pairs))
            bulk_sql.execute(
                cursor,
                f"SELECT a.indicator_id, a.period, a.option, a.total, a.count FROM {table} a "
                f"JOIN (SELECT CAST(column1 AS BIGINT) AS i, CAST(column2 AS VARCHAR(17)) AS p "
                f"FROM (VALUES {marks}) AS v) AS k ON a.indicator_id = k.i AND a.period = k.p "
                f"WHERE a.orgunit_id = %s",
                [*(p for pair in pairs for p in pair), unit_id],
            )
            rows.extend(cursor.fetchall())
    return rows


def _move_aggregates(
    unit_id: int, *, leave: list[int], join: list[int], series: list[tuple[int, str]]
) -> None:
    """The unit's rows (its subtree's totals) leave some ancestors and join others, in
    both states. The approved rows' (indicator, period) pairs are among the entered ones:
    every approved value is an entered one."""
    for state, table in TABLES.items():
        rows = _unit_rows(unit_id, series, table)
        aggregates_apply(
            [
                Delta(ancestor, indicator, period, option, sign * int(total), sign * int(count))
                for ancestor, sign in [(a, -1) for a in leave] + [(a, 1) for a in join]
                for indicator, period, option, total, count in rows
            ],
            chain=False,
            state=state,
        )


# --- the closure --------------------------------------------------------------------------


def rollup_refresh(unit_ids: Iterable[int]) -> None:
    """Bring the closure and the aggregates in line with the units' current parent and
    successor. Idempotent; the tree's writes call it through signals.

    Units are linked one step at a time, each under its roll-up parent's chain as it stands
    then, so the state is a consistent tree after every step whatever the order. New units
    (no chain yet) are inserted in layers, those whose parent is ready first.
    """
    links = {
        pk: successor or parent
        for pk, parent, successor in OrgUnit.objects.filter(pk__in=set(unit_ids)).values_list(
            "pk", "parent_id", "successor_id"
        )
    }
    pending = dict(links)
    # Read once, when the first unit moves: moves carry rows between units, never add a pair.
    series = functools.cache(aggregate_series)
    while pending:
        chains = chains_of([*pending, *(up for up in pending.values() if up is not None)])
        ready = [
            pk for pk, up in pending.items() if up is None or (up in chains and up not in pending)
        ]
        if not ready:
            # Every remaining unit waits for another: their links form a loop.
            raise RollupCycleError(f"Vòng lặp trong cây tổng hợp: {sorted(pending)}")
        new_rows: list[RollupAncestor] = []
        for pk in ready:
            up = pending.pop(pk)
            target = ([] if up is None else chains[up]) + [pk]
            if pk in target[:-1]:
                raise RollupCycleError(f"Đơn vị {pk} sẽ nằm dưới chính nó trong cây tổng hợp")
            current = chains.get(pk, [])
            if not current:
                new_rows.extend(_rows_for(pk, target))
            elif current != target:
                _relink(pk, current=current, target=target, series=series())
                # Chains below it changed: read them afresh for the next units.
                chains = chains_of([*pending, *(u for u in pending.values() if u is not None)])
        RollupAncestor.objects.bulk_create(new_rows, batch_size=1000)


def _rows_for(pk: int, chain: list[int]) -> list[RollupAncestor]:
    depth = len(chain) - 1
    return [
        RollupAncestor(unit_id=pk, ancestor_id=ancestor, distance=depth - index)
        for index, ancestor in enumerate(chain)
    ]


def _relink(
    pk: int, *, current: list[int], target: list[int], series: list[tuple[int, str]]
) -> None:
    """Move the unit and its roll-up subtree from under `current[:-1]` to `target[:-1]`."""
    old_above, new_above = current[:-1], target[:-1]
    _move_aggregates(
        pk,
        leave=[a for a in old_above if a not in new_above],
        join=[a for a in new_above if a not in old_above],
        series=series,
    )
    members = f"SELECT unit_id FROM {CLOSURE} WHERE ancestor_id = %s"
    with connection.cursor() as cursor:
        if old_above:
            marks = ", ".join(["%s"] * len(old_above))
            cursor.execute(
                f"DELETE FROM {CLOSURE} WHERE ancestor_id IN ({marks}) AND unit_id IN ({members})",
                [*old_above, pk],
            )
        for index, ancestor in enumerate(new_above):
            cursor.execute(
                f"INSERT INTO {CLOSURE} (unit_id, ancestor_id, distance) "
                f"SELECT unit_id, %s, distance + %s FROM {CLOSURE} WHERE ancestor_id = %s",
                [ancestor, len(new_above) - index, pk],
            )


def chains_from_links(links: dict[int, int | None]) -> dict[int, list[int]]:
    """Every unit's chain from a map of unit → roll-up parent (successor, else parent)."""
    chains: dict[int, list[int]] = {}
    for start in links:
        path: list[int] = []
        pk: int | None = start
        while pk is not None and pk not in chains:
            if pk in path:
                raise RollupCycleError(f"Vòng lặp trong cây tổng hợp: {path}")
            path.append(pk)
            pk = links.get(pk)
        above = chains[pk] if pk is not None else []
        for member in reversed(path):
            above = [*above, member]
            chains[member] = above
    return chains


def closure_rebuild(closure_model=RollupAncestor, unit_model=OrgUnit) -> int:
    """Write the whole closure again from the tree (a repair, and the first migration)."""
    links = {
        pk: successor or parent
        for pk, parent, successor in unit_model.objects.values_list(
            "pk", "parent_id", "successor_id"
        )
    }
    closure_model.objects.all().delete()
    rows = [
        closure_model(unit_id=pk, ancestor_id=ancestor, distance=len(chain) - 1 - index)
        for pk, chain in chains_from_links(links).items()
        for index, ancestor in enumerate(chain)
    ]
    closure_model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# One transaction whoever calls it (a savepoint inside the caller's): readers never see the
# tables emptied half-way, and PostgreSQL's copied rows live in a table dropped at commit.
@transaction.atomic
def aggregates_rebuild() -> int:
    """Write every aggregate row again from the values, in both states (a repair; never a
    step users wait for), set-based in SQL (`values.rebuilding`). Returns the number of
    entered rows."""
    from tuyengiao.values.rebuilding import aggregates_recount  # it builds on this module

    aggregates_recount()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {AGG}, {TABLES[APPROVED]}")
    return Aggregate.objects.count()


@receiver(post_save, sender=OrgUnit, dispatch_uid="reporting_rollup_unit_saved")
def _unit_saved(sender, instance: OrgUnit, raw: bool = False, **kwargs) -> None:
    if not raw:
        rollup_refresh([instance.pk])


@receiver(units_changed, dispatch_uid="reporting_rollup_units_changed")
def _units_changed(sender, unit_ids: list[int], **kwargs) -> None:
    rollup_refresh(unit_ids)
