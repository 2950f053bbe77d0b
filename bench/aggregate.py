"""Roll-ups at national scale through the application, as users meet them (issues 5 and 20).

Builds a throw-away migrated database (SQLite in a temporary data directory, or the
PostgreSQL server given) with the dataset of `aggregate_kit/tree.py`: the design study's tree
(centre, 34 provinces, communes, grassroots organisations, cells; some merged into a
neighbour) plus bloc committees and communes of 1,000 organisations each; 50 indicators of
every aggregation (sums of counts and of decimals, averages, stocks, four with a breakdown)
and 3 derived rates; 24 months (01/2024–12/2025) of values, at least 10 million. Units and
values go in by raw inserts; a monthly report form, its approved history and today's locks
by `aggregate_writes.forms_create`; the closure and aggregates by `closure_rebuild` and
`aggregates_rebuild` (timed, no goal). Then, with the database as the application runs it:

- reads: `GET /api/aggregates/` (total, and `by=level` for the units below) through the
  test client with every middleware, as viewers scoped to their province, connections
  kept as the settings keep them; 100 queries per level (centre, province, commune, wide
  node of 1,000, grassroots, cell) and kind of period (month, quarter, year), indicators of
  every family; wall clock, p95 over every request (`aggregate_kit/http.py`);
- DuckDB, the reference (`aggregate_kit/reference.py`): the same roll-ups over the raw values,
  one thread, rows clustered by subtree, served behind the same web app
  (`aggregate_kit/duck_api.py`: same middleware, login, scope check and JSON) and timed
  through the same client, in turn with ours; every answer checked equal to ours; its bare
  query and our selectors timed in process too, printed apart (no goal);
- writes (`aggregate_kit/writes.py`): the open month imported by an editor of the centre
  through `datavalues_write` under the form's window and locks, the same month imported
  again with every value changed (updates), 300 single saves by a province's editor; the
  same writes applied to DuckDB, timed; locked, closed and out-of-scope writes refused;
- after the writes, the open month's roll-ups read again (`state=entered`) and checked
  against DuckDB, and `aggregates_verify` (`tuyengiao values verify`) timed over it all;
- storage: bytes on disk and rows, ours and DuckDB's.

Goals: import ≥ 50,000 values/s on SQLite, ≥ 20,000 on PostgreSQL (new values, and the
re-import of the month); single save p95 ≤ 10 ms; read p95 ≤ 50 ms and DuckDB's p95 /
ours ≥ 1, each for every level and every shape (total or below × month, quarter, year).
Exit 1 on a miss, on an answer that disagrees with DuckDB, a write not refused, or a
mismatch found by the verify; 2 without duckdb.

With TUYENGIAO_BENCH_DATABASE_URL (or DATABASE_URL) set, as `make bench` passes it, the
same run follows on that PostgreSQL server in a throw-away database (`--pg-database`).

Run: .venv/bin/python bench/aggregate.py [--scale 0.02] [--seed N] [--postgresql URL]
"""

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aggregate_design import MONTHS, VALUES_AT_FULL_SCALE, Tree, month_code
from aggregate_kit import http as aggregate_http
from aggregate_kit import reference as aggregate_reference
from aggregate_kit import report as aggregate_report
from aggregate_kit import writes as aggregate_writes
from aggregate_kit.tree import indicators_create, tree_build, unit_rows, value_rows

# Queries per level and kind of period. Each cell's p95 is gated against DuckDB's at a ratio
# of 1: with 40 a p95 was the second-slowest request and moved by ±10 % between quiet runs;
# with 100 it is the fifth-slowest, steadier in both directions.
SAMPLES = 100
CHECKS = 8  # after the writes, per level and kind
SAVES = 300
BATCH = 100_000
BENCH_DATABASE = "tuyengiao_bench_aggregate"


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


# --- the dataset --------------------------------------------------------------------------

UNIT_COLUMNS = (
    "id, code, name, short_name, kind_id, parent_id, path, level, opened_on, closed_on, "
    "successor_id, search_key"
)
VALUE_COLUMNS = (
    "orgunit_id, indicator_id, option, period, period_start, period_end, value, text_value, "
    "version, created_at, updated_at"
)


def _batches(rows, size: int = BATCH):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_sqlite(raw, units, values) -> None:
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
    # Column lists are constants; every value is a parameter (likewise below).
    marks = ", ".join(["?"] * 12)
    raw.executemany(f"INSERT INTO orgunits_orgunit ({UNIT_COLUMNS}) VALUES ({marks})", units)  # noqa: S608
    marks = ", ".join(["?"] * 11)
    sql = f"INSERT INTO reporting_datavalue ({VALUE_COLUMNS}) VALUES ({marks})"  # noqa: S608
    for batch in _batches(values):
        raw.executemany(sql, batch)
    for _, sql in indexes:
        raw.execute(sql)
    raw.execute("COMMIT")


def load_postgresql(raw, units, values) -> None:
    """COPY, with the plain indexes of the two big tables rebuilt afterwards."""
    with raw.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('reporting_datavalue', 'orgunits_orgunit') AND indexdef NOT LIKE '%UNIQUE%'"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        with cursor.copy(f"COPY orgunits_orgunit ({UNIT_COLUMNS}) FROM STDIN") as copy:
            for row in units:
                copy.write_row(row)
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('orgunits_orgunit', 'id'), "
            "(SELECT max(id) FROM orgunits_orgunit))"
        )
        with cursor.copy(f"COPY reporting_datavalue ({VALUE_COLUMNS}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        for _, sql in indexes:
            cursor.execute(sql)
    raw.commit()


def dataset_build(rng: random.Random, scale: float, out: Path) -> tuple:
    from django.db import connection, transaction

    from tuyengiao.orgunits.models import UnitKind
    from tuyengiao.values.rollup import aggregates_rebuild, closure_rebuild

    figures: dict[str, float] = {}
    indicators_create()
    kind = UnitKind.objects.create(code="k", name="k", sort_order=1).pk
    connection.ensure_connection()
    start = time.perf_counter()
    tree, wide = tree_build(rng, scale)
    live: list[tuple] = []
    with (out / "values.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit", "indicator", "option", "month", "value"])
        values = value_rows(tree, rng, int(VALUES_AT_FULL_SCALE * scale), writer, live)
        load = load_sqlite if connection.vendor == "sqlite" else load_postgresql
        load(connection.connection, unit_rows(tree, kind), values)
    figures["generate, insert and index values (s)"] = time.perf_counter() - start
    live_units = sorted({u for u, _ in live})
    month = aggregate_writes.forms_create(
        kind_id=kind, months=[month_code(m) for m in range(MONTHS)], rng=rng, live_units=live_units
    )
    for name, step in (("closure_rebuild", closure_rebuild), ("aggregates_rebuild", None)):
        start = time.perf_counter()
        # In a transaction, as its callers run it (the verify, the migration).
        with transaction.atomic():
            figures["aggregate rows"] = step() if step else aggregates_rebuild()
        figures[f"{name} (s)"] = time.perf_counter() - start
    with connection.cursor() as cursor:
        # PostgreSQL: the visibility map too, as autovacuum sets it soon after a bulk load.
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM reporting_datavalue")
        (figures["values"],) = cursor.fetchone()
    if connection.vendor == "sqlite":
        connection.connection.execute("PRAGMA journal_mode = WAL")
        # Built with synchronous=OFF, part of the file may still be in the operating
        # system's write cache; a database in use has no such backlog.
        os.sync()
    figures["units"] = len(tree)
    figures["wide nodes (1,000 children)"] = len(wide)
    figures["merged units"] = sum(1 for s in tree.successor if s)
    return tree, wide, live, month, figures


def chains_read() -> dict[int, list[int]]:
    """Every unit's roll-up chain, root first, from the application's closure."""
    from tuyengiao.values.models import RollupAncestor

    pairs: dict[int, list[tuple[int, int]]] = {}
    closure = RollupAncestor.objects.values_list("unit_id", "distance", "ancestor_id")
    for unit, distance, ancestor in closure.iterator(chunk_size=20_000):
        pairs.setdefault(unit, []).append((distance, ancestor))
    return {unit: [a for _, a in sorted(p, reverse=True)] for unit, p in pairs.items()}


# --- the run ------------------------------------------------------------------------------


def writes_run(rng, duck, width: int, out: Path, tree: Tree, live, month, users) -> dict:
    """The writes, ours then DuckDB's, and the refusals; figures and failures."""
    series = [(u, i) for u, i in live if u not in month.locked]
    figures: dict = {"failures": aggregate_writes.refusals_check(users, month, series)}
    cells, reference = aggregate_writes.month_rows(rng, series, month)
    figures["import"] = aggregate_writes.import_run(cells, users["importer"], updates=False)[0]
    figures["DuckDB import"] = aggregate_reference.month_write(
        duck, out, reference, update=False, width=width
    )
    old = {(u, i, o): v for u, i, o, _m, v in reference}
    cells, reference = aggregate_writes.month_rows(rng, series, month, old)
    figures["re-import"] = aggregate_writes.import_run(cells, users["importer"], updates=True)[0]
    figures["DuckDB re-import"] = aggregate_reference.month_write(
        duck, out, reference, update=True, width=width
    )
    figures["values"] = len(cells)
    province = aggregate_writes_province(tree)
    mine = [(u, i) for u, i in series if tree_province(tree, u) == province]
    saves, saved = aggregate_writes.saves_run(rng, users["province"], mine, month, SAVES)
    figures["saves"] = saves
    figures["DuckDB saves"] = [
        aggregate_reference.cell_save(duck, u, i, o, month.index, v) for u, i, o, v in saved
    ]
    return figures


def aggregate_writes_province(tree: Tree) -> int:
    return next(u for u in range(2, len(tree) + 1) if tree.level[u] == 1)


def tree_province(tree: Tree, unit: int) -> int:
    while tree.level[unit] > 1:
        unit = tree.successor[unit] or tree.parent[unit]
    return unit


def run(args, duckdb, data_dir: Path) -> int:
    from django.db import connection

    rng = random.Random(args.seed)
    backend = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    print(f"Roll-ups through the API, scale {args.scale}, {backend}, DuckDB {duckdb.__version__}")
    tree, wide, live, month, figures = dataset_build(rng, args.scale, data_dir)
    chains = chains_read()
    duck, figures["DuckDB load (s)"], width = aggregate_reference.duckdb_load(
        duckdb, data_dir, chains
    )
    for name, value in figures.items():
        print(f"  {name:<40}{value:>14,.1f}")
    users = aggregate_writes.users_create(aggregate_writes_province(tree))
    reader = aggregate_http.Reader(tree, chains, duck)
    queries = aggregate_http.sample(rng, tree, wide, SAMPLES)
    times, wrong = aggregate_http.measure(reader, duck, queries)
    aggregate_report.reads(times)
    writes = writes_run(rng, duck, width, data_dir, tree, live, month, users)
    aggregate_report.writes_print(writes, month)  # before the verify, which takes long
    checks = aggregate_http.sample(rng, tree, wide, CHECKS, months=[month.index])
    after, wrong_after = aggregate_http.measure(reader, duck, checks, state="entered")
    verify_s, mismatches = aggregate_writes.verify_run()
    storage = aggregate_report.storage(duck, data_dir / "reference.duckdb")
    for line in wrong[:10] + wrong_after[:10]:
        print(f"  disagree: {line}")
    return aggregate_report.verdict(
        backend=backend,
        times=times,
        writes=writes,
        month=month,
        verify=(verify_s, mismatches),
        storage=storage,
        wrong=len(wrong) + len(wrong_after),
        checked=sum(len(v) for k, v in after.items() if k[0] == "ours"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=20251125)
    parser.add_argument(
        "--postgresql", metavar="URL", help="run against this server only (a throw-away database)"
    )
    parser.add_argument("--pg-database", default=BENCH_DATABASE, help="its throw-away database")
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
    started = time.perf_counter()
    try:
        status = run(args, duckdb, data_dir)
    finally:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"  SQLite run: {time.perf_counter() - started:,.0f} s, load average {_load()}")
    if server:
        # Django is set up for SQLite in this process: PostgreSQL runs in a fresh one.
        command = [sys.executable, __file__, "--scale", str(args.scale), "--seed", str(args.seed),
                   "--postgresql", server, "--pg-database", args.pg_database]  # fmt: skip
        status = max(status, subprocess.run(command, check=False).returncode)  # noqa: S603
    return status


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_postgresql(args, duckdb) -> int:
    import psycopg

    # The server's own database for CREATE and DROP: the one named may not exist yet.
    server, name = args.postgresql.rsplit("/", 1)[0], args.pg_database
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    data_dir = configure(f"{server}/{name}")
    started = time.perf_counter()
    try:
        return run(args, duckdb, data_dir)
    finally:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
        print(f"  PostgreSQL run: {time.perf_counter() - started:,.0f} s, load average {_load()}")


if __name__ == "__main__":
    sys.exit(main())
