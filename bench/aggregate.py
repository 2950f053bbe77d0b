"""Roll-ups at national scale through the application's own code (issue 5), on SQLite.

Builds a throw-away database (a temporary data directory, migrated) with the tree of
`aggregate_design.py`: the centre, 34 provinces, 70–130 communes each, their grassroots
organisations and cells (at least 50,000 units, some communes and organisations merged into
a neighbour), 50 SUM indicators and 24 months (01/2024–12/2025) of values, at least 10
million. The units go in through raw inserts, the roll-up closure through `closure_rebuild`
and the aggregates through `aggregates_rebuild` (both timed, neither a goal). Then, with the
database as the application runs it (WAL, synchronous=NORMAL):

- bulk import: the next month (01/2026) for every series of the country, as a list of
  {"indicator", "orgunit", "period", "value"} rows through `datavalues_write` (every row
  checked, scope included, then written with its roll-up in one transaction);
- single save: `datavalue_save` of one cell by a province's editor, its own transaction,
  roll-up included;
- roll-up reads: `selectors.figures` for (indicator, subtree, period) at every level, for a
  month, a quarter and a year, and the same by the level below (`rollup_children`);
- DuckDB, the reference: the same values, each row carrying its roll-up ancestors as
  columns, the same roll-ups as `WHERE … GROUP BY` over the raw table; its answers are
  checked equal to ours.

Goals: import ≥ 50,000 values/s, save p95 ≤ 10 ms, (indicator, subtree, year) p95 ≤ 50 ms
at every level, total and by the level below, and DuckDB's p95 / ours ≥ 1. Exit 1 on a miss
or a disagreement, 2 without duckdb.

With DATABASE_URL (or TUYENGIAO_BENCH_DATABASE_URL, as `make bench` passes it) set, the
same dataset and measurements run again on that PostgreSQL server, in a throw-away database
(`tuyengiao_bench_aggregate`), with the same goals except the import rate, reported there.

Run: .venv/bin/python bench/aggregate.py [--scale 0.05] [--seed N] [--postgresql URL]
"""

import argparse
import csv
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aggregate_design import (
    INDICATORS,
    LEVELS,
    MONTHS,
    VALUES_AT_FULL_SCALE,
    Tree,
    below_duckdb,
    month_code,
    p95,
    series_counts,
    total_duckdb,
    tree_generate,
)
from aggregate_design import duckdb_load as design_duckdb_load

IMPORT_GOAL = 50_000.0
SAVE_GOAL_MS = 10.0
QUERY_GOAL_MS = 50.0
SAMPLES = 20
SAVES = 300
BATCH = 100_000


def configure(database_url: str | None = None) -> Path:
    """A temporary data directory, and SQLite there, or the PostgreSQL database given."""
    data_dir = Path(tempfile.mkdtemp(prefix="tuyengiao-bench-aggregate-"))
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["TUYENGIAO_DATA_DIR"] = str(data_dir)
    # As in production: DEBUG would keep every SQL statement and its parameters.
    os.environ["TUYENGIAO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - start) * 1000, result


def month_bounds(m: int) -> tuple[str, str]:
    first = datetime.date(2024 + m // 12, m % 12 + 1, 1)
    following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first.isoformat(), (following - datetime.timedelta(days=1)).isoformat()


# --- the dataset --------------------------------------------------------------------------


UNIT_COLUMNS = (
    "id, code, name, short_name, kind_id, parent_id, path, level, opened_on, closed_on, "
    "successor_id, search_key"
)
VALUE_COLUMNS = (
    "orgunit_id, indicator_id, option, period, period_start, period_end, value, text_value, "
    "version, created_at, updated_at"
)


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


def value_rows(tree: Tree, rng: random.Random, target: int, out: Path, live: list[tuple]):
    """The values, written to a CSV for DuckDB as they go; `live` gets the series still
    reported in the last month."""
    counts = series_counts(rng, tree, target)
    now = "2026-01-05 08:00:00"
    bounds = [month_bounds(m) for m in range(MONTHS)]
    with (out / "values.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "indicator", "month", "value"])
        for unit in range(2, len(tree) + 1):
            months = tree.merge_month[unit]
            for indicator in sorted(rng.sample(range(1, INDICATORS + 1), counts[unit])):
                for m in range(months):
                    value = rng.randrange(500)
                    writer.writerow((unit, indicator, m, value))
                    yield (unit, indicator, "", month_code(m), *bounds[m], value, "", 1, now, now)
                if months == MONTHS:
                    live.append((unit, indicator))


def _batches(rows, size: int = BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_sqlite(raw, tree: Tree, rng: random.Random, target: int, out: Path) -> list[tuple]:
    # Generation is not measured: no journal, no index upkeep until the rows are in.
    raw.execute("PRAGMA journal_mode = OFF")
    raw.execute("PRAGMA synchronous = OFF")
    indexes = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('reporting_datavalue', 'orgunits_orgunit')"
    ).fetchall()
    raw.execute("BEGIN")
    for name, _ in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    raw.execute(
        "INSERT INTO orgunits_unitkind (code, name, name_en, sort_order) VALUES ('k', 'k', '', 1)"
    )
    (kind,) = raw.execute("SELECT id FROM orgunits_unitkind WHERE code = 'k'").fetchone()
    marks = ", ".join(["?"] * 12)
    # Column lists are constants; every value is a parameter (likewise below).
    units_sql = f"INSERT INTO orgunits_orgunit ({UNIT_COLUMNS}) VALUES ({marks})"  # noqa: S608
    raw.executemany(units_sql, unit_rows(tree, kind))
    live: list[tuple] = []
    marks = ", ".join(["?"] * 11)
    values_sql = f"INSERT INTO reporting_datavalue ({VALUE_COLUMNS}) VALUES ({marks})"  # noqa: S608
    for batch in _batches(value_rows(tree, rng, target, out, live)):
        raw.executemany(values_sql, batch)
    for _, sql in indexes:
        raw.execute(sql)
    raw.execute("COMMIT")
    return live


def load_postgresql(raw, tree: Tree, rng: random.Random, target: int, out: Path) -> list[tuple]:
    """COPY, with the plain indexes of the two big tables rebuilt afterwards."""
    live: list[tuple] = []
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('reporting_datavalue', 'orgunits_orgunit') AND indexdef NOT LIKE '%UNIQUE%'"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(
            "INSERT INTO orgunits_unitkind (code, name, name_en, sort_order) "
            "VALUES ('k', 'k', '', 1) RETURNING id"
        )
        (kind,) = cursor.fetchone()
        with cursor.copy(f"COPY orgunits_orgunit ({UNIT_COLUMNS}) FROM STDIN") as copy:
            for row in unit_rows(tree, kind):
                copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('orgunits_orgunit', 'id'), "
            "(SELECT max(id) FROM orgunits_orgunit))"
        )
        with cursor.copy(f"COPY reporting_datavalue ({VALUE_COLUMNS}) FROM STDIN") as copy:
            for row in value_rows(tree, rng, target, out, live):
                copy.write_row(row)
        for _, sql in indexes:
            cursor.execute(sql)
    raw.commit()
    return live


def dataset_build(rng: random.Random, scale: float, out: Path) -> tuple[Tree, list[tuple], dict]:
    from django.db import connection

    from tuyengiao.values.models import Indicator
    from tuyengiao.values.rollup import aggregates_rebuild, closure_rebuild

    figures: dict[str, float] = {}
    Indicator.objects.all().delete()
    Indicator.objects.bulk_create(
        Indicator(pk=i, code=f"I{i:02d}", name=f"Chỉ tiêu {i}", value_type="count")
        for i in range(1, INDICATORS + 1)
    )
    connection.ensure_connection()
    raw = connection.connection
    start = time.perf_counter()
    tree = tree_generate(rng, scale)
    load = load_sqlite if connection.vendor == "sqlite" else load_postgresql
    live = load(raw, tree, rng, int(VALUES_AT_FULL_SCALE * scale), out)
    figures["generate, insert and index values (s)"] = time.perf_counter() - start
    start = time.perf_counter()
    closure_rebuild()
    figures["closure_rebuild (s)"] = time.perf_counter() - start
    start = time.perf_counter()
    figures["aggregate rows"] = aggregates_rebuild()
    figures["aggregates_rebuild (s)"] = time.perf_counter() - start
    with connection.cursor() as cursor:
        # PostgreSQL: the visibility map too, as autovacuum sets it soon after a bulk load;
        # index-only reads of the aggregate rows depend on it.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    if connection.vendor == "sqlite":
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA synchronous = NORMAL")
        # Built with synchronous=OFF, part of the file may still be in the operating
        # system's write cache, and the import's first checkpoint (an fsync) would wait for
        # it. A database in use has no such backlog. (0.8 s to sync here on 2026-12-03.)
        start = time.perf_counter()
        os.sync()
        figures["sync the built database to disk (s)"] = time.perf_counter() - start
    figures["units"] = len(tree)
    figures["merged units"] = sum(1 for s in tree.successor if s)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reporting_datavalue")
        (figures["values"],) = cursor.fetchone()
    return tree, live, figures


def duckdb_load(duckdb, out: Path):
    """The raw values with each unit's roll-up ancestors a0…a5 as columns, the chains read
    from the application's closure, loaded as the design study loads them."""
    from tuyengiao.values.models import RollupAncestor

    pairs: dict[int, list[tuple[int, int]]] = {}
    closure = RollupAncestor.objects.values_list("unit_id", "distance", "ancestor_id")
    for unit, distance, ancestor in closure.iterator(chunk_size=20_000):
        pairs.setdefault(unit, []).append((distance, ancestor))
    chains = {unit: [a for _, a in sorted(p, reverse=True)] for unit, p in pairs.items()}
    width = max(len(c) for c in chains.values())
    with (out / "units.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit"] + [f"a{d}" for d in range(width)])
        for unit, chain in chains.items():
            writer.writerow([unit, *chain, *[""] * (width - len(chain))])
    return design_duckdb_load(duckdb, out)


# --- the measurements ---------------------------------------------------------------------


class Query:
    def __init__(self, unit: int, depth: int, indicator: int, kind: str, month: int) -> None:
        from tuyengiao.values.periods import Period

        self.unit, self.depth, self.indicator, self.kind = unit, depth, indicator, kind
        year, number = 2024 + month // 12, month % 12 + 1
        self.period = {
            "month": Period.month(year, number),
            "quarter": Period.quarter(year, (number - 1) // 3 + 1),
            "year": Period.year(year),
        }[kind]
        base = (year - 2024) * 12
        self.first = base + self.period.start.month - 1
        self.last = base + self.period.end.month - 1


def queries_sample(rng: random.Random, tree: Tree) -> list[Query]:
    sample = []
    for level in range(len(LEVELS)):
        units = [
            u for u in range(1, len(tree) + 1) if tree.level[u] == level and not tree.successor[u]
        ]
        for kind in ("month", "quarter", "year"):
            for _ in range(SAMPLES):
                sample.append(
                    Query(
                        rng.choice(units),
                        level,
                        rng.randint(1, INDICATORS),
                        kind,
                        rng.randrange(MONTHS),
                    )
                )
    return sample


def ours_total(indicators, q: Query):
    from tuyengiao.values.selectors import figures

    found = figures(indicator=indicators[q.indicator], unit_ids=[q.unit], period=q.period)[q.unit]
    return [(found.value, found.count)]


def ours_below(indicators, q: Query):
    from tuyengiao.orgunits.models import OrgUnit
    from tuyengiao.values.selectors import figures_below

    found = figures_below(
        indicator=indicators[q.indicator], unit=OrgUnit(pk=q.unit), period=q.period
    )
    return sorted((pk, f.value, f.count) for pk, f in found.items())


def same(ours, theirs) -> bool:
    def norm(rows):
        return sorted(tuple(int(x or 0) for x in row) for row in rows if row[-1])

    return norm(ours) == norm(theirs)


def queries_measure(duck, sample: list[Query]) -> tuple[dict, int]:
    """Each roll-up through ours and DuckDB in turn, so a busy machine slows both alike."""
    from tuyengiao.values.models import Indicator

    indicators = Indicator.objects.in_bulk()
    times: dict[tuple, list[float]] = {}
    wrong = 0
    for q in sample:
        for what, ours, theirs in (
            ("total", ours_total, total_duckdb),
            ("below", ours_below, below_duckdb),
        ):
            if what == "below" and q.depth == len(LEVELS) - 1:
                continue  # cells have nothing below
            ours_ms, ours_rows = timed(ours, indicators, q)
            duck_ms, duck_rows = timed(theirs, duck, q)
            times.setdefault(("ours", what, q.kind, q.depth), []).append(ours_ms)
            times.setdefault(("DuckDB", what, q.kind, q.depth), []).append(duck_ms)
            if not same(ours_rows, duck_rows):
                wrong += 1
                print(
                    f"  disagree: {what} unit {q.unit} I{q.indicator} {q.period}: "
                    f"{ours_rows} / {duck_rows}"
                )
    return times, wrong


def import_measure(rng: random.Random, live: list[tuple], user) -> tuple[int, float]:
    from tuyengiao.values.models import SourceKind
    from tuyengiao.values.services import Source, datavalues_write

    rows = [
        {
            "indicator": f"I{i:02d}",
            "orgunit": f"U{u}",
            "period": month_code(MONTHS),
            "value": rng.randrange(500),
        }
        for u, i in live
    ]
    written: list[float] = []  # when each chunk of values was written
    start = time.perf_counter()
    report = datavalues_write(
        rows,
        user=user,
        source=Source(SourceKind.IMPORT, note="bench"),
        progress=lambda done, total: written.append(time.perf_counter()),
    )
    seconds = time.perf_counter() - start
    if not report.ok or report.created != len(rows):
        raise SystemExit(f"import failed: {report.errors[:5]}")
    # Where the time went, for the next one who wants it shorter (docs/design/rollups.md).
    print(
        f"  import: rows checked and first chunk written {written[0] - start:.2f} s, "
        f"the other values {written[-1] - written[0]:.2f} s, "
        f"roll-up and commit {start + seconds - written[-1]:.2f} s"
    )
    return len(rows), seconds


def saves_measure(rng: random.Random, live: list[tuple], tree: Tree) -> list[float]:
    """A province editor saves cells of their province, each in its own transaction."""
    from tuyengiao.accounts.models import Role, RoleAssignment, User
    from tuyengiao.orgunits.models import OrgUnit
    from tuyengiao.values.models import Indicator
    from tuyengiao.values.periods import Period
    from tuyengiao.values.services import CellKey, datavalue_save

    province = 2
    editor = User.objects.create(username="bench.editor")
    RoleAssignment.objects.create(user=editor, orgunit_id=province, role=Role.EDITOR)
    paths = dict(OrgUnit.objects.values_list("pk", "path"))
    mine = [(u, i) for u, i in live if paths[u].startswith(f"/1/{province}/")]
    indicators = Indicator.objects.in_bulk()
    units = OrgUnit.objects.in_bulk({u for u, _ in mine})
    december = Period.month(2025, 12)
    times = []
    for _ in range(SAVES):
        unit, indicator = rng.choice(mine)
        key = CellKey(units[unit], indicators[indicator], december)
        ms, _saved = timed(datavalue_save, user=editor, key=key, raw=rng.randrange(500))
        times.append(ms)
    return times


def pooled(times: dict, who: str, what: str, kind: str, depth: int | None = None) -> float:
    samples = [
        t
        for (w, x, k, d), values in times.items()
        if (w, x, k) == (who, what, kind) and depth in (None, d)
        for t in values
    ]
    return p95(samples) if samples else float("nan")


def report(times: dict) -> None:
    print("\nRoll-up p95 (ms), ours / DuckDB:")
    header = ["query", "period", *LEVELS, "all"]
    print("  " + "".join(f"{h:>16}" for h in header))
    for what in ("total", "below"):
        for kind in ("month", "quarter", "year"):
            cells = [
                f"{pooled(times, 'ours', what, kind, d):.2f}/"
                f"{pooled(times, 'DuckDB', what, kind, d):.2f}"
                for d in [*range(len(LEVELS)), None]
            ]
            print("  " + "".join(f"{c:>16}" for c in [what, kind, *cells]))


BENCH_DATABASE = "tuyengiao_bench_aggregate"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument(
        "--postgresql", metavar="URL", help="run against this server only (a throw-away database)"
    )
    args = parser.parse_args(argv)
    try:
        import duckdb
    except ModuleNotFoundError:
        print("duckdb is not installed: `.venv/bin/pip install duckdb`", file=sys.stderr)
        return 2
    if args.postgresql:
        return run_postgresql(args, duckdb)
    # `make bench` hides DATABASE_URL from the SQLite runs and passes it on in this one.
    server = os.environ.get("TUYENGIAO_BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    data_dir = configure()
    try:
        status = run(args, duckdb, data_dir)
    finally:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    if server:
        # Django is set up for SQLite in this process: PostgreSQL runs in a fresh one.
        command = [sys.executable, __file__, "--scale", str(args.scale), "--seed", str(args.seed),
                   "--postgresql", server]  # fmt: skip
        status = max(status, subprocess.run(command, check=False).returncode)  # noqa: S603
    return status


def run_postgresql(args, duckdb) -> int:
    import psycopg

    # The server's own database for CREATE and DROP: the one named may not exist yet.
    server = args.postgresql.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    url = f"{server}/{BENCH_DATABASE}"
    data_dir = configure(url)
    try:
        return run(args, duckdb, data_dir)
    finally:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


def run(args, duckdb, data_dir: Path) -> int:
    from django.db import connection

    from tuyengiao.accounts.models import User

    rng = random.Random(args.seed)
    backend = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    print(
        f"Roll-ups through the application, scale {args.scale}, {backend}, "
        f"DuckDB {duckdb.__version__}"
    )
    tree, live, figures = dataset_build(rng, args.scale, data_dir)
    duck, figures["DuckDB load (s)"] = duckdb_load(duckdb, data_dir)
    for name, value in figures.items():
        print(f"  {name:<40}{value:>14,.1f}")
    times, wrong = queries_measure(duck, queries_sample(rng, tree))
    report(times)
    admin = User.objects.create(username="bench.admin", is_superuser=True)
    imported, seconds = import_measure(rng, live, admin)
    rate = imported / seconds
    print(f"\nBulk import of 01/2026: {imported:,} values in {seconds:.2f} s")
    saves = saves_measure(rng, live, tree)
    print(f"Single saves: {SAVES}, median {statistics.median(saves):.2f} ms")
    year_total = max(pooled(times, "ours", "total", "year", d) for d in range(len(LEVELS)))
    year_below = max(pooled(times, "ours", "below", "year", d) for d in range(len(LEVELS) - 1))
    # The write goals are the embedded mode's; on PostgreSQL (each commit waits for its WAL
    # to reach the disk) they are reported, and the roll-up reads are held to their goals.
    checks = [
        ("bulk import (values/s)", rate, IMPORT_GOAL, rate >= IMPORT_GOAL),
        ("single save p95 (ms)", p95(saves), SAVE_GOAL_MS, p95(saves) <= SAVE_GOAL_MS),
    ]
    if backend != "SQLite":
        print(
            f"  on PostgreSQL: import {rate:,.0f} values/s, save p95 {p95(saves):.2f} ms (no goal)"
        )
        checks = []
    checks += [
        (
            "year total p95, worst level (ms)",
            year_total,
            QUERY_GOAL_MS,
            year_total <= QUERY_GOAL_MS,
        ),
        (
            "year below p95, worst level (ms)",
            year_below,
            QUERY_GOAL_MS,
            year_below <= QUERY_GOAL_MS,
        ),
    ]
    for what in ("total", "below"):
        for kind in ("month", "quarter", "year"):
            ratio = pooled(times, "DuckDB", what, kind) / pooled(times, "ours", what, kind)
            checks.append((f"DuckDB p95 / ours, {what} {kind}", ratio, 1.0, ratio >= 1.0))
    print()
    for name, value, goal, met in checks:
        print(f"  {name:<40}{value:>14,.2f}   goal {goal:>10,.1f}   {'met' if met else 'MISSED'}")
    print(f"  answers that disagree with DuckDB{wrong:>21}")
    return 0 if wrong == 0 and all(met for *_, met in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
