"""DuckDB, the reference of `aggregate.py`: the same values in one table, each row carrying its
unit's roll-up ancestors as columns a0…a5, sorted by (indicator, a1…a5, unit, option, month)
so that a subtree's rows are contiguous and its zone maps skip the rest; one thread, as one
request of ours has one. Each roll-up is the `WHERE … GROUP BY` a competent user would write
for its aggregation: sums and counts (SUM, AVERAGE), each unit's latest value in the period
(`arg_max`, LAST), both sums of a rate in one scan (`FILTER`). Its writes (the imported
month appended, the re-imported month updated, single cells updated) are timed too, and its
file measured, beside ours.
"""

import csv
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from aggregate_kit.tree import BY_CODE, BY_ID, Spec

# A derived rate as the reference computes it: numerator, denominator (indicator, option),
# and the factor, as in the formula (`aggregate_tree.SPECS`).
RATES = {
    "R01": (("I01", None), ("I02", None), Decimal(100)),
    "R02": (("I31", None), ("I03", None), Decimal(1)),
    "R03": (("I47", "O1"), ("I47", None), Decimal(100)),
}
QUANTUM = Decimal("0.0001")


@dataclass
class Query:
    """One roll-up: the subtree of `unit` (roll-up depth `depth`, level name `level`), an
    indicator and an option (None: all), months `first`…`last` (0 = 01/2024), named by
    `period` ("202403", "2024Q1", "2024") of `kind`."""

    unit: int
    depth: int
    level: str
    spec: Spec
    option: str | None
    kind: str
    first: int
    last: int
    period: str


def duckdb_load(duckdb, out: Path, chains: dict[int, list[int]]):
    """The reference database in `out/reference.duckdb`; returns it and its load time."""
    width = max(len(c) for c in chains.values())
    with (out / "units.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit"] + [f"a{d}" for d in range(width)])
        for unit, chain in chains.items():
            writer.writerow([unit, *chain, *[""] * (width - len(chain))])
    path = out / "reference.duckdb"
    duck = duckdb.connect(str(path))
    start = time.perf_counter()
    types = ", ".join(f"'a{d}': 'INTEGER'" for d in range(width))
    duck.execute(
        f"CREATE TABLE units AS SELECT * FROM read_csv(?, header = true, "  # noqa: S608
        f"columns = {{'unit': 'INTEGER', {types}}})",
        (str(out / "units.csv"),),
    )
    duck.execute(
        f"CREATE TABLE dv AS SELECT {_select(width)} FROM {_read('?')} v "  # noqa: S608
        f"JOIN units u USING (unit) ORDER BY v.indicator, "
        + ", ".join(f"u.a{d} NULLS FIRST" for d in range(1, width))
        + ", v.unit, option, v.month",
        (str(out / "values.csv"),),
    )
    duck.execute("CHECKPOINT")
    seconds = time.perf_counter() - start
    duck.execute("SET threads = 1")
    return duck, seconds, width


def _read(source: str) -> str:
    return (
        f"read_csv({source}, header = true, columns = {{'unit': 'INTEGER', "
        f"'indicator': 'INTEGER', 'option': 'VARCHAR', 'month': 'INTEGER', "
        f"'value': 'DECIMAL(18,4)'}})"
    )


def _select(width: int) -> str:
    ancestors = ", ".join(f"u.a{d}" for d in range(width))
    return f"v.indicator, coalesce(v.option, '') AS option, v.month, v.value, v.unit, {ancestors}"


def storage(duck, path: Path) -> tuple[int, int]:
    """(bytes on disk, rows) of the reference."""
    duck.execute("CHECKPOINT")
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    (rows,) = duck.execute("SELECT count(*) FROM dv").fetchone()
    return size, rows


# --- reads ------------------------------------------------------------------------------


def answer(duck, q: Query, *, below: bool) -> list[tuple]:
    """[(child or None, value, count)], children with a count only."""
    if q.spec.formula:
        return _rate(duck, q, below=below)
    return [
        (child, _figure(q.spec, total, count), count)
        for child, total, count in _sums(duck, q, q.spec.id, q.option, below=below)
        if count
    ]


def _where(q: Query, below: bool) -> tuple[str, str, str]:
    column, child = f"a{q.depth}", f"a{q.depth + 1}"
    where = f"month BETWEEN ? AND ? AND {column} = ?" + (
        f" AND {child} IS NOT NULL" if below else ""
    )
    return where, (child if below else "NULL"), child


def _sums(duck, q: Query, indicator: int, option: str | None, *, below: bool) -> list[tuple]:
    where, key, child = _where(q, below)
    params: list = [indicator, q.first, q.last, q.unit]
    if option is not None:
        where += " AND option = ?"
        params.append(option)
    group = f" GROUP BY {child}" if below else ""
    if BY_ID[indicator].aggregation == "last":
        sql = (
            f"SELECT {'c' if below else 'NULL'}, sum(v), count(*) FROM "  # noqa: S608
            f"(SELECT {key} AS c, arg_max(value, month) AS v "
            f"FROM dv WHERE indicator = ? AND {where} GROUP BY {key}, unit, option)"
            + (" GROUP BY c" if below else "")
        )
    else:
        sql = (
            f"SELECT {key}, sum(value), count(value) FROM dv WHERE indicator = ? AND {where}{group}"  # noqa: S608
        )
    return duck.execute(sql, params).fetchall()


def _figure(spec: Spec, total, count: int) -> Decimal | None:
    if not count:
        return None
    if spec.aggregation == "average":
        return (Decimal(total) / count).quantize(QUANTUM)
    return Decimal(total).quantize(QUANTUM)


def _rate(duck, q: Query, *, below: bool) -> list[tuple]:
    (top, top_option), (bottom, bottom_option), factor = RATES[q.spec.code]
    where, key, child = _where(q, below)

    top, bottom = BY_CODE[top].id, BY_CODE[bottom].id

    def wanted(indicator: int, option: str | None) -> str:
        return f"indicator = {indicator}" + (f" AND option = '{option}'" if option else "")

    sql = (
        f"SELECT {key}, sum(value) FILTER (WHERE {wanted(top, top_option)}), "  # noqa: S608
        f"count(value) FILTER (WHERE {wanted(top, top_option)}), "
        f"sum(value) FILTER (WHERE {wanted(bottom, bottom_option)}), "
        f"count(value) FILTER (WHERE {wanted(bottom, bottom_option)}) "
        f"FROM dv WHERE indicator IN ({top}, {bottom}) AND {where}"
        + (f" GROUP BY {child}" if below else "")
    )
    rows = []
    for c, a, na, b, nb in duck.execute(sql, [q.first, q.last, q.unit]).fetchall():
        if not (na or nb):
            continue
        value = None
        if na and nb and b != 0:
            value = (Decimal(a) / Decimal(b) * factor).quantize(QUANTUM)
        rows.append((c, value, na + nb))
    return rows


# --- writes -----------------------------------------------------------------------------


def month_write(duck, out: Path, rows: list[tuple], *, update: bool, width: int) -> float:
    """The month's rows (unit, indicator, option, month, value) appended, or, `update`, set
    on the rows there; the seconds of the statement (writing the CSV is not counted)."""
    path = out / "month.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "indicator", "option", "month", "value"])
        writer.writerows(rows)
    start = time.perf_counter()
    if update:
        duck.execute(
            f"UPDATE dv SET value = n.value FROM (SELECT unit, indicator, "  # noqa: S608
            f"coalesce(option, '') AS option, month, value FROM {_read('?')}) n "
            f"WHERE dv.indicator = n.indicator AND dv.unit = n.unit AND dv.option = n.option "
            f"AND dv.month = n.month",
            (str(path),),
        )
    else:
        duck.execute(
            f"INSERT INTO dv SELECT {_select(width)} FROM {_read('?')} v "  # noqa: S608
            f"JOIN units u USING (unit)",
            (str(path),),
        )
    return time.perf_counter() - start


def cell_save(duck, unit: int, indicator: int, option: str, month: int, value) -> float:
    """One cell updated in its own transaction; milliseconds."""
    start = time.perf_counter()
    duck.execute(
        "UPDATE dv SET value = ? WHERE indicator = ? AND unit = ? AND option = ? AND month = ?",
        (Decimal(str(value)), indicator, unit, option, month),
    )
    return (time.perf_counter() - start) * 1000
