"""The aggregates counted again from the values, set-based in SQL: the repair
(`rollup.aggregates_rebuild`), the operator's recount (`verifying.aggregates_verify`, into
copies of the tables) and the approved rows of the indicators whose forms changed
(`approval.approved_rebuild`).

The rules are those the writes follow one value at a time (docs/design/rollups.md):

- SUM and AVERAGE: each unit's own rows from its values, then, from the deepest level up,
  each level's rows added into its roll-up parent's;
- LAST: for each unit's series and each fixed period containing one of its values, the
  value of the latest period reported in it (by end, then start: a month before its
  quarter), summed over the units of every roll-up chain through the closure;
- approved: the entered SUM and AVERAGE rows less the values whose cells wait for approval
  (a form collects them, no report of theirs is approved: `guards.pending_sql`, which the
  forms app gives as SQL), and the LAST rows from the other values alone.

A national database (11.6 million values) was recounted with the approval rule asked in
Python batches and LAST worked out value by value in 37 minutes; here everything is a few
statements (bench/README.md, "aggregate.py").
"""

import datetime
from collections.abc import Collection, Iterable

from django.db import DatabaseError, connection, transaction

from tuyengiao.values import guards
from tuyengiao.values.models import SCALE, DataValue, Indicator
from tuyengiao.values.periods import PeriodKind, containing_periods, periods_between
from tuyengiao.values.rollup import AGG, APPROVED, CLOSURE, TABLES

VALUES, INDICATORS = DataValue._meta.db_table, Indicator._meta.db_table
COLUMNS = "indicator_id, period, orgunit_id, option, total, count"
KEY = "indicator_id, period, orgunit_id, option"
PENDING, CONTAINERS = "tg_pending", "tg_containers"  # temporary tables of one recount
_UNITS = f"CAST(ROUND(v.value * {SCALE}) AS BIGINT)"  # a value in 1/SCALE units
# The values each rule counts (`v` a value, `i` its indicator).
_SUMMED = (
    "i.formula = '' AND i.value_type != 'text' AND i.aggregation IN ('sum', 'average') "
    "AND v.value IS NOT NULL"
)
_LAST = "i.formula = '' AND i.aggregation = 'last' AND v.value IS NOT NULL"
_WAITING = (
    f"EXISTS (SELECT 1 FROM {PENDING} p WHERE p.indicator_id = v.indicator_id "
    f"AND p.period = v.period AND p.orgunit_id = v.orgunit_id)"
)
_CELLS_ASKED = 50_000  # cells a question to a collector without SQL


def _upsert(table: str, select: str) -> str:
    """Add the rows of `select` into `table` (the SELECT needs a WHERE: SQLite's parser)."""
    return (
        f"INSERT INTO {table} ({COLUMNS}) {select} ON CONFLICT ({KEY}) DO UPDATE SET "
        f"total = {table}.total + excluded.total, count = {table}.count + excluded.count"
    )


def _among(indicator_ids: Collection[int] | None, column: str = "v.indicator_id") -> str:
    """A condition keeping the indicators given (ints, written into the SQL), or none."""
    if indicator_ids is None:
        return ""
    return f"AND {column} IN ({', '.join(str(int(pk)) for pk in indicator_ids) or 'NULL'})"


def aggregates_recount(*, entered: str = AGG, approved: str = TABLES[APPROVED]) -> None:
    """Write every aggregate row again from the values, in both states, into `entered` and
    `approved`: the tables themselves, or copies with their columns and key."""
    with connection.cursor() as cursor:
        _work_tables(cursor, indicator_ids=None)
        _sums_recount(cursor, entered)
        _last_recount(cursor, entered, where="")
        _approved_recount(cursor, approved, entered=entered, indicator_ids=None)
        _work_tables_drop(cursor)


def approved_recount(indicator_ids: Collection[int] | None = None) -> None:
    """Write the approved rows again (all, or those of `indicator_ids`) from the entered ones
    and the values."""
    if indicator_ids is not None and not indicator_ids:
        return
    with connection.cursor() as cursor:
        _work_tables(cursor, indicator_ids=indicator_ids)
        _approved_recount(cursor, TABLES[APPROVED], entered=AGG, indicator_ids=indicator_ids)
        _work_tables_drop(cursor)


# PostgreSQL keeps temporary tables in each session's own buffers, 8 MB unless told: the
# recount's copies (a hundred bytes a row) then go to disk and back at every level. The
# setting holds only until the session first touches a temporary table (the pool keeps
# the size it had then); after that the copies work as they can. Every recount asks.
_TEMP_BUFFERS = "1GB"


def temporary_buffers() -> None:
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL temp_buffers = '{_TEMP_BUFFERS}'")
    except DatabaseError:
        pass


def _analyze(cursor, *tables: str) -> None:
    # PostgreSQL plans the joins below from statistics, which tables just filled (and
    # temporary ones, never) lack: without them a level join ran many times slower.
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {', '.join(tables)}")


# --- SUM and AVERAGE ----------------------------------------------------------------------


def _sums_recount(cursor, table: str) -> None:
    cursor.execute(f"DELETE FROM {table}")
    cursor.execute(
        f"INSERT INTO {table} ({COLUMNS}) "
        f"SELECT v.indicator_id, v.period, v.orgunit_id, v.option, SUM({_UNITS}), COUNT(*) "
        f"FROM {VALUES} v JOIN {INDICATORS} i ON i.id = v.indicator_id WHERE {_SUMMED} "
        f"GROUP BY v.orgunit_id, v.indicator_id, v.period, v.option"
    )
    _analyze(cursor, table, CLOSURE)
    cursor.execute(f"SELECT MAX(distance) FROM {CLOSURE}")
    (deepest,) = cursor.fetchone()
    level = f"SELECT unit_id FROM {CLOSURE} GROUP BY unit_id HAVING MAX(distance) = %s"
    for depth in range(deepest or 0, 0, -1):
        cursor.execute(
            _upsert(
                table,
                f"SELECT a.indicator_id, a.period, c.ancestor_id, a.option, "
                f"SUM(a.total), SUM(a.count) FROM {table} a "
                f"JOIN {CLOSURE} c ON c.unit_id = a.orgunit_id AND c.distance = 1 "
                f"WHERE a.orgunit_id IN ({level}) "
                f"GROUP BY c.ancestor_id, a.indicator_id, a.period, a.option",
            ),
            [depth],
        )


# --- LAST ---------------------------------------------------------------------------------


def _last_recount(cursor, table: str, *, where: str) -> None:
    """Add the LAST rows of the values that `where` keeps (a condition on `v`) into `table`,
    which holds none of them. Each value stands for every fixed period containing its own
    (`CONTAINERS`); the latest in each is its unit's; the closure sums them up every chain
    (a unit not linked into the tree yet has no chain, and counts nowhere)."""
    cursor.execute(
        f"INSERT INTO {table} ({COLUMNS}) "
        f"SELECT l.i, l.p, c.ancestor_id, l.o, SUM(l.t), COUNT(*) FROM ("
        f"SELECT v.orgunit_id AS u, v.indicator_id AS i, k.container AS p, v.option AS o, "
        f"{_UNITS} AS t, ROW_NUMBER() OVER (PARTITION BY v.orgunit_id, v.indicator_id, "
        f"v.option, k.container ORDER BY v.period_end DESC, v.period_start DESC) AS r "
        f"FROM {VALUES} v JOIN {INDICATORS} i ON i.id = v.indicator_id "
        f"JOIN {CONTAINERS} k ON k.code = v.period WHERE {_LAST} {where}) l "
        f"JOIN {CLOSURE} c ON c.unit_id = l.u WHERE l.r = 1 "
        f"GROUP BY c.ancestor_id, l.i, l.p, l.o"
    )


def _containers(years: Iterable[int]) -> list[tuple[str, str]]:
    """(code, container) for every fixed period of `years` and each fixed period holding it,
    itself included (`containing_periods`)."""
    pairs: list[tuple[str, str]] = []
    for year in years:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
            for period in periods_between(kind, first, last):
                pairs.extend((period.code, holder.code) for holder in containing_periods(period))
    return pairs


def _year(day) -> int:
    return day.year if isinstance(day, datetime.date) else int(str(day)[:4])


# --- approved -----------------------------------------------------------------------------


def _approved_recount(
    cursor, table: str, *, entered: str, indicator_ids: Collection[int] | None
) -> None:
    """The approved rows (all, or of `indicator_ids`) from the entered rows and the values:
    the SUM and AVERAGE rows copied less the values waiting (through the closure, as a
    write takes a value out); the LAST rows from the values not waiting."""
    chosen = _among(indicator_ids, "indicator_id")
    cursor.execute(f"DELETE FROM {table} WHERE 1 = 1 {chosen}")
    cursor.execute(
        f"INSERT INTO {table} ({COLUMNS}) SELECT {COLUMNS} FROM {entered} "
        f"WHERE indicator_id IN (SELECT id FROM {INDICATORS} "
        f"WHERE aggregation IN ('sum', 'average')) {chosen} ORDER BY {KEY}"
    )
    cursor.execute(
        _upsert(
            table,
            f"SELECT v.indicator_id, v.period, c.ancestor_id, v.option, -SUM({_UNITS}), "
            f"-COUNT(*) FROM {PENDING} p JOIN {VALUES} v ON v.indicator_id = p.indicator_id "
            f"AND v.period = p.period AND v.orgunit_id = p.orgunit_id "
            f"JOIN {INDICATORS} i ON i.id = v.indicator_id "
            f"JOIN {CLOSURE} c ON c.unit_id = v.orgunit_id WHERE {_SUMMED} "
            f"GROUP BY c.ancestor_id, v.indicator_id, v.period, v.option",
        )
    )
    _last_recount(cursor, table, where=f"AND NOT {_WAITING} {_among(indicator_ids)}")


# --- the recount's own tables -------------------------------------------------------------


def _work_tables(cursor, *, indicator_ids: Collection[int] | None) -> None:
    """`PENDING`, the cells waiting for approval among the values of `indicator_ids` (or
    all), and `CONTAINERS`, the fixed periods holding each fixed period of the years that
    LAST values cover."""
    temporary_buffers()
    _work_tables_drop(cursor)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {PENDING} (indicator_id BIGINT NOT NULL, "
        f"period VARCHAR(17) NOT NULL, orgunit_id BIGINT NOT NULL, "
        f"PRIMARY KEY (indicator_id, period, orgunit_id))"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE {CONTAINERS} (code VARCHAR(17) NOT NULL, "
        f"container VARCHAR(17) NOT NULL, PRIMARY KEY (code, container))"
    )
    cursor.execute(
        f"SELECT MIN(v.period_start), MAX(v.period_end) FROM {VALUES} v "
        f"JOIN {INDICATORS} i ON i.id = v.indicator_id WHERE {_LAST} {_among(indicator_ids)}"
    )
    first, last = cursor.fetchone()
    if first is not None:
        pairs = _containers(range(_year(first), _year(last) + 1))
        cursor.executemany(f"INSERT INTO {CONTAINERS} (code, container) VALUES (%s, %s)", pairs)
    _pending_fill(cursor, indicator_ids)
    _analyze(cursor, PENDING, CONTAINERS)


def _work_tables_drop(cursor) -> None:
    for name in (PENDING, CONTAINERS):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def _pending_fill(cursor, indicator_ids: Collection[int] | None) -> None:
    # Only the values of indicators some form holds may wait: a database without forms
    # asks about none.
    asked = guards.indicators_collected()
    if asked is not None and indicator_ids is not None:
        asked &= set(indicator_ids)
    if asked is not None and not asked:
        return
    source = f"{VALUES} v JOIN {INDICATORS} i ON i.id = v.indicator_id"
    where = f"(({_SUMMED}) OR ({_LAST})) {_among(asked)} {_among(indicator_ids)}"
    found = guards.pending_sql(
        cursor=cursor, source=source, where=where, indicator_ids=indicator_ids
    )
    if found is not None:
        cursor.execute(f"INSERT INTO {PENDING} (indicator_id, period, orgunit_id) {found}")
        return
    # A collector without SQL is asked in batches, as the writes ask it.
    with connection.cursor() as reading:
        reading.execute(
            f"SELECT DISTINCT v.orgunit_id, v.indicator_id, v.period FROM {source} WHERE {where}"
        )
        while batch := reading.fetchmany(_CELLS_ASKED):
            collected = guards.cells_collected({tuple(cell) for cell in batch})
            waiting = [(i, p, u) for (u, i, p), approved in collected.items() if not approved]
            cursor.executemany(
                f"INSERT INTO {PENDING} (indicator_id, period, orgunit_id) VALUES (%s, %s, %s)",
                waiting,
            )
