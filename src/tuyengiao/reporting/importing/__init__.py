"""Many values at once (`tuyengiao values import`, `POST /api/datavalues/`, .xlsx uploads):
every row checked first (`checking`), then all written in one transaction, or none
(`writing`).

Rows are written set-based, never as a loop of single saves: new values are inserted a
chunk at a time in one statement, the old values of the cells that already held one read
in one join, and the roll-up deltas of the whole import handed to `rollup.aggregates_apply`
in one call. LAST indicators are written the same way; their roll-up compares each unit's
latest values before and after (`writing.latest_in_periods`).
"""

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction

from tuyengiao.reporting.importing.checking import ImportReport, Resolver, RowError, rows_check
from tuyengiao.reporting.importing.writing import CHUNK, Writer, latest_in_periods, stocks_roll_up
from tuyengiao.reporting.models import Aggregation, DataValueChange
from tuyengiao.reporting.rollup import aggregates_apply

__all__ = ["ImportReport", "RowError", "datavalues_import"]


def datavalues_import(
    *,
    user,
    rows: Iterable[Mapping],
    source: str = DataValueChange.Source.IMPORT,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row, then write them all in one transaction; with any error, write none.

    A row is a mapping with `indicator`, `orgunit` and `period` codes, `value` (a number or
    text as people write it; empty clears the cell) and an optional `option`. `progress` is
    called with (rows written, rows to write) as the writing goes.
    """
    rows = list(rows)
    report = ImportReport()
    resolve = Resolver(user, rows)
    checked = list(rows_check(user, resolve, rows, report).items())
    if not report.ok:
        return report
    write = Writer(resolve, user=user, report=report, source=source)
    stock = {pk for pk, i in resolve.by_id.items() if i.aggregation == Aggregation.LAST}
    plain = [cell for cell in checked if cell[0][1] not in stock]
    stocks = [cell for cell in checked if cell[0][1] in stock]
    stocks_rolling = [key for key, _ in stocks if resolve.by_id[key[1]].rolls_up]
    done = 0
    with transaction.atomic():
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
    return report
