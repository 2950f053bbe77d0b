"""The recount an operator can run (`tuyengiao values verify [--repair]`): every aggregate,
entered and approved, against what its values add up to.

It recounts with the one rebuild there is (`rollup.aggregates_rebuild`), inside a transaction
that keeps a copy of the stored rows: the differences between the copy and the recount are
the mismatches. Without `repair` the transaction is rolled back and nothing changes; with it,
the recount stays, which rewrites exactly the rows that differ (the others are written with
the values they had).
"""

from dataclasses import dataclass

from django.db import connection, transaction

from tuyengiao.values.rollup import APPROVED, ENTERED, TABLES, aggregates_rebuild

_COLUMNS = "orgunit_id, indicator_id, period, option, total, count"


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
    recount is kept."""
    copies = {state: f"verify_{state}" for state in TABLES}
    with transaction.atomic():
        with connection.cursor() as cursor:
            for state, table in TABLES.items():
                cursor.execute(f"DROP TABLE IF EXISTS {copies[state]}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {copies[state]} AS SELECT {_COLUMNS} FROM {table}"
                )
        aggregates_rebuild()
        found = [
            mismatch
            for state in (ENTERED, APPROVED)
            for mismatch in _differences(state, TABLES[state], copies[state])
        ]
        with connection.cursor() as cursor:
            for copy in copies.values():
                cursor.execute(f"DROP TABLE {copy}")
        if not repair:
            transaction.set_rollback(True)
    return found


# A row of no value and no count is the same as no row: the rebuild leaves such rows where
# it took every value out (a form's figures not approved yet), a write never makes them.
_SOME = "WHERE total <> 0 OR count <> 0"


def _differences(state: str, table: str, copy: str) -> list[Mismatch]:
    stored = _rows(
        f"SELECT {_COLUMNS} FROM {copy} {_SOME} EXCEPT SELECT {_COLUMNS} FROM {table} {_SOME}"
    )
    recounted = _rows(
        f"SELECT {_COLUMNS} FROM {table} {_SOME} EXCEPT SELECT {_COLUMNS} FROM {copy} {_SOME}"
    )
    keys = sorted(stored.keys() | recounted.keys())
    return [
        Mismatch(state, unit, indicator, period, option, stored.get(key), recounted.get(key))
        for key in keys
        for unit, indicator, period, option in [key]
    ]


def _rows(sql: str) -> dict[tuple, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {tuple(row[:4]): (int(row[4]), int(row[5])) for row in cursor.fetchall()}
