"""The recount an operator can run (`tuyengiao values verify [--repair]`): every aggregate,
entered and approved, against what its values add up to.

The recount (`rebuilding.aggregates_recount`, the rebuild's own SQL) is written into
temporary copies of the two tables; each table is compared with its copy by key in SQL,
and only the rows that differ come to Python. The stored tables are not touched, unless
`repair`: then the rows that differ, and those alone, are written again from the recount.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from tuyengiao.values.rebuilding import COLUMNS, KEY, aggregates_recount, temporary_buffers
from tuyengiao.values.rollup import APPROVED, ENTERED, TABLES


@dataclass(frozen=True)
class Mismatch:
    """An aggregate row whose stored total (or count) differs from its recount; None for a
    row missing on one side. Totals are in the core's scaled integers (`rollup.SCALE`)."""

    state: str
    orgunit_id: int
    indicator_id: int
    period: str
    option: str
    stored: tuple[int, int] | None
    recounted: tuple[int, int] | None


def aggregates_verify(*, repair: bool = False) -> list[Mismatch]:
    """Every aggregate row that differs from its recount, in both states; with `repair`, the
    rows that differ are written again."""
    copies = {state: f"verify_{state}" for state in TABLES}
    with transaction.atomic():
        temporary_buffers()
        with connection.cursor() as cursor:
            for copy in copies.values():
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f"CREATE TEMPORARY TABLE {copy} ({_COPY_COLUMNS}){_clustered()}")
        aggregates_recount(entered=copies[ENTERED], approved=copies[APPROVED])
        found = [
            mismatch
            for state in (ENTERED, APPROVED)
            for mismatch in _differences(state, TABLES[state], copies[state])
        ]
        if repair:
            for state in (ENTERED, APPROVED):
                _repair(TABLES[state], [m for m in found if m.state == state])
        with connection.cursor() as cursor:
            for copy in copies.values():
                cursor.execute(f"DROP TABLE {copy}")
    return found


# The aggregate tables' columns and key: the recount adds levels into their parents' rows
# by it, and the comparison looks rows up by it. On SQLite the rows are the key's B-tree,
# as the tables' own: one tree in memory (temp_store) a copy, not a table and its index.
_COPY_COLUMNS = (
    "indicator_id BIGINT NOT NULL, period VARCHAR(17) NOT NULL, orgunit_id BIGINT NOT NULL, "
    f"option VARCHAR(40) NOT NULL, total BIGINT NOT NULL, count INTEGER NOT NULL, "
    f"PRIMARY KEY ({KEY})"
)


def _clustered() -> str:
    return " WITHOUT ROWID" if connection.vendor == "sqlite" else ""


# A row of no value and no count is the same as no row: the rebuild leaves such rows where
# it took every value out (a form's figures not approved yet), a write never makes them.
def _some(alias: str) -> str:
    return f"({alias}.total <> 0 OR {alias}.count <> 0)"


_SAME_KEY = " AND ".join(f"b.{column} = a.{column}" for column in KEY.split(", "))


def _differences(state: str, table: str, copy: str) -> list[Mismatch]:
    """The rows of `table` (stored) and `copy` (recounted) that differ, each side's rows
    looked up in the other by key: a scan of each and an index lookup a row, where a set
    difference would sort both."""
    stored = dict(_one_side(table, copy))
    recounted = dict(_one_side(copy, table))
    keys = sorted(stored.keys() | recounted.keys(), key=lambda k: (k[2], k[0], k[1], k[3]))
    return [
        Mismatch(state, unit, indicator, period, option, stored.get(key), recounted.get(key))
        for key in keys
        for indicator, period, unit, option in [key]
    ]


def _one_side(table: str, other: str) -> Iterator[tuple[tuple, tuple[int, int]]]:
    """The rows of `table` that `other` lacks or holds with another total or count."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.indicator_id, a.period, a.orgunit_id, a.option, a.total, a.count "
            f"FROM {table} a LEFT JOIN {other} b ON {_SAME_KEY} WHERE {_some('a')} "
            f"AND (b.total IS NULL OR b.total <> a.total OR b.count <> a.count)"
        )
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield tuple(row[:4]), (int(row[4]), int(row[5]))


def _repair(table: str, found: list[Mismatch]) -> None:
    """Each differing row of `table` deleted, and written as recounted where it counts."""
    where = " AND ".join(f"{column} = %s" for column in KEY.split(", "))
    keys = [(m.indicator_id, m.period, m.orgunit_id, m.option) for m in found]
    rows = [(*key, *m.recounted) for key, m in zip(keys, found, strict=True) if m.recounted]
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {table} WHERE {where}", keys)
        marks = ", ".join(["%s"] * 6)
        cursor.executemany(f"INSERT INTO {table} ({COLUMNS}) VALUES ({marks})", rows)
