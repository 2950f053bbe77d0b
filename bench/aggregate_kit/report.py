"""What `aggregate.py` prints, and its verdict: every figure beside its goal."""

import statistics
from pathlib import Path

from aggregate_design import p95

from aggregate_kit.reference import storage as duckdb_storage
from aggregate_kit.tree import FAMILIES, LEVELS

IMPORT_GOAL = {"SQLite": 50_000.0, "PostgreSQL": 20_000.0}
SAVE_GOAL_MS = 10.0
QUERY_GOAL_MS = 50.0
SHAPES = [(what, kind) for what in ("total", "below") for kind in ("month", "quarter", "year")]


def pooled(times: dict, who: str, **wanted) -> float:
    """p95 of every request of `who` matching `wanted` (shape, kind, level, family)."""
    names = ("shape", "kind", "level", "family")
    found = [
        ms
        for key, values in times.items()
        if key[0] == who
        and all(wanted.get(n) in (None, v) for n, v in zip(names, key[1:], strict=True))
        for ms in values
    ]
    return p95(found) if found else float("nan")


def reads(times: dict) -> None:
    print(
        "\nRoll-up p95 (ms) through the API, ours / DuckDB behind the same app (ratio DuckDB/ours):"
    )
    _table(times, "ours", "DuckDB")
    print(
        "\nIn process, no goal: the selectors the view calls / DuckDB's bare query "
        "(ratio DuckDB/ours):"
    )
    _table(times, "function", "DuckDB bare")
    print("\nBy family of indicator (all levels and periods), p95 ms ours / DuckDB, requests:")
    for what in ("total", "below"):
        cells = [
            f"{f} {pooled(times, 'ours', shape=what, family=f):.2f}/"
            f"{pooled(times, 'DuckDB', shape=what, family=f):.2f}"
            for f in FAMILIES
        ]
        print(f"  {what:<6} " + ", ".join(cells))


def _table(times: dict, ours_key: str, theirs_key: str) -> None:
    print(f"  {'shape':<15}" + "".join(f"{level:>22}" for level in LEVELS))
    for what, kind in SHAPES:
        cells = []
        for level in LEVELS:
            ours = pooled(times, ours_key, shape=what, kind=kind, level=level)
            theirs = pooled(times, theirs_key, shape=what, kind=kind, level=level)
            cells.append("—" if ours != ours else f"{ours:.2f}/{theirs:.2f} ({theirs / ours:.2f})")
        print(f"  {what + ' ' + kind:<15}" + "".join(f"{c:>22}" for c in cells))


def storage(duck, duck_path: Path) -> dict:
    """Bytes on disk and rows, ours (the database, its tables) and the reference's."""
    from django.db import connection

    from tuyengiao.reporting.models import Submission
    from tuyengiao.values import models

    figures: dict = {"ours tables": {}}
    kept = (models.DataValue, models.DataValueChange, models.Aggregate, models.ApprovedAggregate)
    tables = [m._meta.db_table for m in (*kept, models.RollupAncestor, Submission)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
            figures["ours tables"][table] = [cursor.fetchone()[0], None]
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            name = Path(connection.settings_dict["NAME"])
            figures["ours bytes"] = sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))
            try:
                cursor.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
                sizes = dict(cursor.fetchall())
            except Exception:  # dbstat is an optional part of SQLite
                sizes = {}
            for table, row in figures["ours tables"].items():
                row[1] = sum(s for n, s in sizes.items() if n == table or table in n) or None
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            (figures["ours bytes"],) = cursor.fetchone()
            for table, row in figures["ours tables"].items():
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
                (row[1],) = cursor.fetchone()
    figures["DuckDB bytes"], figures["DuckDB rows"] = duckdb_storage(duck, duck_path)
    return figures


def _storage_print(found: dict) -> None:
    ours, theirs = found["ours bytes"] / 1e6, found["DuckDB bytes"] / 1e6
    print(
        f"\nStorage: ours {ours:,.1f} MB on disk (all tables), "
        f"DuckDB {theirs:,.1f} MB, {found['DuckDB rows']:,} rows"
    )
    for table, (rows, size) in found["ours tables"].items():
        shown = f"{size / 1e6:,.1f} MB" if size else "?"
        print(f"  {table:<32}{rows:>14,} rows {shown:>12} (with its indexes)")


def writes_print(writes: dict, month) -> None:
    n = writes["values"]
    print(f"\nWrites of {month.period.code} ({n:,} values, {len(month.locked):,} units locked):")
    for label, ours, theirs in (
        ("import (new values)", writes["import"], writes["DuckDB import"]),
        ("re-import (every value changed)", writes["re-import"], writes["DuckDB re-import"]),
    ):
        print(
            f"  {label:<34} ours {ours:,.2f} s ({n / ours:,.0f} values/s), "
            f"DuckDB {theirs:,.2f} s ({n / theirs:,.0f} values/s)"
        )
    for who, key in (("ours", "saves"), ("DuckDB", "DuckDB saves")):
        found = writes[key]
        print(
            f"  single saves, {who:<6} {len(found)}: median {statistics.median(found):.2f} ms, "
            f"p95 {p95(found):.2f} ms"
        )


def verdict(*, backend, times, writes, month, verify, storage, wrong, checked) -> int:
    _storage_print(storage)
    seconds, mismatches = verify
    print(
        f"\n`tuyengiao values verify` (aggregates_verify) over the whole database: "
        f"{seconds:,.1f} s, {mismatches} mismatches (no goal)"
    )
    n, goal = writes["values"], IMPORT_GOAL[backend]
    rows = [
        ("import, new values (values/s)", n / writes["import"], goal, ">="),
        ("re-import, updates (values/s)", n / writes["re-import"], goal, ">="),
        ("single save p95 (ms)", p95(writes["saves"]), SAVE_GOAL_MS, "<="),
    ]
    for what, kind in SHAPES:
        for level in LEVELS:
            ours = pooled(times, "ours", shape=what, kind=kind, level=level)
            if ours != ours:
                continue  # cells: nothing below
            theirs = pooled(times, "DuckDB", shape=what, kind=kind, level=level)
            rows.append((f"{what} {kind} {level} p95 (ms)", ours, QUERY_GOAL_MS, "<="))
            rows.append((f"  DuckDB/ours {what} {kind} {level}", theirs / ours, 1.0, ">="))
    print(f"\nGoals ({backend}):")
    missed = 0
    for name, value, goal, sense in rows:
        met = value >= goal if sense == ">=" else value <= goal
        missed += not met
        print(
            f"  {name:<40}{value:>12,.2f}   goal {sense} {goal:<10,.1f}{'met' if met else 'MISSED'}"
        )
    for failure in writes["failures"]:
        print(f"  write not refused: {failure}")
    print(f"  answers that disagree with DuckDB {wrong} (re-checked after the writes: {checked})")
    print(f"  goals missed {missed} of {len(rows)}")
    ok = not missed and not wrong and not writes["failures"] and not mismatches
    return 0 if ok else 1
