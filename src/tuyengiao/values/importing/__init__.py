"""Many values at once (`tuyengiao values import`, `POST /api/datavalues/`, .xlsx uploads):
every row checked first (`checking`), then all written (`writing`), in one transaction that
writes them all or none.

Rows are written set-based, never as a loop of single saves: new values are inserted a
chunk at a time in one statement, the old values of the cells that already held one read
in one join, and the roll-up deltas of the whole import handed to `rollup.aggregates_apply`
in one call. LAST indicators are written the same way; their roll-up compares each unit's
latest values before and after (`writing.latest_in_periods`).
"""

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping

from django.db import connection, transaction

from tuyengiao.values.importing.checking import (
    Checked,
    ImportReport,
    Key,
    Resolver,
    RowError,
    rows_check,
)
from tuyengiao.values.importing.writing import CHUNK, Writer, latest_in_periods, stocks_roll_up
from tuyengiao.values.models import Aggregation, SourceKind
from tuyengiao.values.rollup import aggregates_apply

__all__ = ["ImportReport", "RowError", "datavalues_import"]


def datavalues_import(
    *,
    user,
    rows: Iterable[Mapping],
    source: str = SourceKind.IMPORT,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row, then write them all in one transaction; with any error, write none.

    A row is a mapping with `indicator`, `orgunit` and `period` codes, `value` (a number or
    text as people write it; empty clears the cell) and an optional `option`. `progress` is
    called with (rows written, rows to write) as the writing goes.
    """
    rows = list(rows)
    report = ImportReport()
    # Checked inside the transaction that writes: on SQLite it holds the write lock from
    # its start, so no unit, indicator, user or approval can change between the check and
    # the write. That is also why SQLite's checks of foreign keys can be off: every
    # reference was just read under that lock, and the four probes a row cost a national
    # month's import 0.3–0.8 s (docs/design/rollups.md). Inside a caller's transaction, or on
    # PostgreSQL, the checks stay on.
    with _collector_paused(), connection.constraint_checks_disabled(), transaction.atomic():
        resolve = Resolver(user, rows)
        checked = list(rows_check(user, resolve, rows, report).items())
        if report.ok:
            _write(resolve, checked, user=user, report=report, source=source, progress=progress)
    return report


def _write(
    resolve: Resolver,
    checked: list[tuple[Key, Checked]],
    *,
    user,
    report: ImportReport,
    source: str,
    progress: Callable[[int, int], None] | None,
) -> None:
    write = Writer(resolve, user=user, report=report, source=source)
    stock = {pk for pk, i in resolve.by_id.items() if i.aggregation == Aggregation.LAST}
    plain = [cell for cell in checked if cell[0][1] not in stock]
    stocks = [cell for cell in checked if cell[0][1] in stock]
    stocks_rolling = [key for key, _ in stocks if resolve.by_id[key[1]].rolls_up]
    done = 0
    before = latest_in_periods(stocks_rolling, resolve.period_of)
    for cells, roll_up in ((plain, True), (stocks, False)):
        for start in range(0, len(cells), CHUNK):
            chunk = cells[start : start + CHUNK]
            write(chunk, roll_up=roll_up)
            done += len(chunk)
            if progress is not None:
                progress(done, len(checked))
    # Once for the whole import: each ancestor's row is written once, not once a chunk.
    aggregates_apply(write.deltas)
    stocks_roll_up(before, latest_in_periods(stocks_rolling, resolve.period_of))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while an import runs. Its rows, keys and parameters are
    millions of small objects that form no cycles, yet their number set off 889
    collections in a national month's import: 0.1–0.15 s of it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
