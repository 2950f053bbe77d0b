"""Every write of figures: `datavalues_write`, the one service of the values core.

The entry grid (one cell: the n = 1 case), the API, file imports and the command, task
reports, and later activities, channels, narrative reports and surveys all write through it;
no other module writes a data-value or aggregate row. It owns every rule, in one transaction
that writes every cell or none: scope and role (an editor of the cell's unit), each value's
validation (`cleaning`), the entry lock and window (the guards apps above register,
`guards`), optimistic concurrency (the version a person saw), the overlap of period kinds,
history rows with their source, and the roll-up of both states (entered, and what is final
at once: `approval`).

Cells are checked first (`checking`), then written set-based (`storing`), never as a loop of
single saves: new values are inserted a chunk at a time in one statement, the old values of
the cells that already held one read in one join, and the roll-up deltas of the whole write
handed to `rollup.aggregates_apply` in one call. LAST indicators are written the same way;
their roll-up compares each unit's latest values before and after, from one read of them
(`stocks`). On PostgreSQL a write of many cells copies each set of rows
into a temporary table and writes it with one statement (`bulk_sql.copy_in`), and the
values' references are checked once per statement (migration values 0009).
"""

import contextlib
import datetime
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import role_denied
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values import guards
from tuyengiao.values.approval import approved_follow
from tuyengiao.values.checking import Checked, Key, Resolver, RowError, WriteReport, rows_check
from tuyengiao.values.models import Aggregation, DataValue, Indicator, SourceKind
from tuyengiao.values.periods import Period
from tuyengiao.values.rollup import aggregates_apply
from tuyengiao.values.stocks import StockValues
from tuyengiao.values.storing import Source, Writer, chunk_size

__all__ = [
    "CellKey",
    "RowError",
    "Source",
    "StaleValueError",
    "WriteReport",
    "datavalue_save",
    "datavalues_write",
]


def datavalues_write(
    cells: Iterable[Mapping],
    *,
    user,
    source: Source,
    progress: Callable[[int, int], None] | None = None,
    at: datetime.datetime | None = None,
) -> WriteReport:
    """Check every cell, then write them all in one transaction; with any error, write none.

    A cell is a mapping with `indicator`, `orgunit` and `period` codes, `value` (a number or
    text as people write it; empty clears the cell), an optional `option`, and an optional
    `version`: the version the person saw (0 for a cell that was empty); a cell changed since
    is refused (its error's code is "stale") and its current value kept. `progress` is called
    with (cells written, cells to write) as the writing goes. `at` is when the figures were
    typed, if not now (the demo's history).
    """
    rows = list(cells)
    report = WriteReport()
    # Checked inside the transaction that writes: on SQLite it holds the write lock from
    # its start, so no unit, indicator, user or approval can change between the check and
    # the write. That is also why SQLite's checks of foreign keys can be off: every
    # reference was just read under that lock, and the four probes a row cost a national
    # month's import a noticeable share of its time (bench/README.md). Inside a caller's
    # transaction, on PostgreSQL, or for a few cells (the three statements that turn them
    # off and on again cost a save more than its probes), the checks stay on. What the
    # forms' rules read is read once for the write (`guards.write_memo`).
    checks_off: contextlib.AbstractContextManager = contextlib.nullcontext()
    if len(rows) >= MANY:
        checks_off = connection.constraint_checks_disabled()
    with _collector_paused(), checks_off, transaction.atomic(), guards.write_memo():
        resolve = Resolver(user, rows)
        by_hand = source.kind in HAND
        checked = list(rows_check(user, resolve, rows, report, by_hand=by_hand).items())
        if report.ok:
            write = Writer(resolve, user=user, report=report, source=source, at=at)
            _write(resolve, checked, write, progress=progress)
    return report


@dataclass(frozen=True, slots=True)
class CellKey:
    orgunit: OrgUnit
    indicator: Indicator
    period: Period
    option: str = ""


class StaleValueError(ValidationError):
    """The cell changed since the person loaded it; their value was not saved."""

    def __init__(self, message: str, current: DataValue | None) -> None:
        self.current = current
        super().__init__(message, code="stale")


# Cells from which a write turns SQLite's checks of foreign keys off (see `datavalues_write`).
MANY = 200
ENTRY = Source(SourceKind.ENTRY)
# Figures a person types or brings in a file (a task's report asks for figures typed too, and
# those read in a narrative report are accepted by a person, cell by cell):
# the entry window limits them, and a cell that records feed refuses them.
HAND = frozenset(
    {SourceKind.ENTRY, SourceKind.IMPORT, SourceKind.API, SourceKind.TRACKING, SourceKind.REPORT}
)


def datavalue_save(
    *,
    user,
    key: CellKey,
    raw: object,
    expected_version: int | None = None,
    source: Source = ENTRY,
) -> DataValue | None:
    """One cell (`raw` as typed or sent) through `datavalues_write`, for callers that want
    the row back (None for a cell that stays empty) or the refusal as an exception:
    PermissionDenied outside the user's editor scope, StaleValueError (with the current row)
    when `expected_version` is no longer the cell's, ValidationError otherwise. Scope is the
    write's own check: the unit is refused as one outside the user's scope."""
    cell = {
        "orgunit": key.orgunit.code,
        "indicator": key.indicator.code,
        "period": key.period.code,
        "option": key.option,
        "value": raw,
        "version": expected_version,
    }
    report = datavalues_write([cell], user=user, source=source)
    row = _row_read(key)
    if any(error.field == "orgunit" for error in report.errors):
        # The unit exists: the write found it outside the user's editor scope.
        raise role_denied(key.orgunit, role=Role.EDITOR)
    if report.errors:
        messages = [error.message for error in report.errors]
        if any(error.code == "stale" for error in report.errors):
            raise StaleValueError(" ".join(messages), row)
        raise ValidationError(messages, code=report.errors[0].code or None)
    return row


# The cell's row as the ORM would read it, from plain SQL: building the ORM's query took a
# save longer than running it (bench/README.md). `raw` still converts each column.
_ROW_SQL = (
    f"SELECT * FROM {DataValue._meta.db_table} "  # noqa: S608 (our own table name)
    f"WHERE orgunit_id = %s AND indicator_id = %s AND period = %s AND option = %s"
)


def _row_read(key: CellKey) -> DataValue | None:
    params = [key.orgunit.pk, key.indicator.pk, key.period.code, key.option]
    return next(iter(DataValue.objects.raw(_ROW_SQL, params)), None)


def _write(
    resolve: Resolver,
    checked: list[tuple[Key, Checked]],
    write: Writer,
    *,
    progress: Callable[[int, int], None] | None,
) -> None:
    stock = {pk for pk, i in resolve.by_id.items() if i.aggregation == Aggregation.LAST}
    plain = [cell for cell in checked if cell[0].indicator_id not in stock]
    stocks = [cell for cell in checked if cell[0].indicator_id in stock]
    rolling = [cell for cell in stocks if resolve.by_id[cell[0].indicator_id].rolls_up]
    done, size = 0, chunk_size()
    held = StockValues([key for key, _ in rolling], resolve.period_of)
    for cells, roll_up in ((plain, True), (stocks, False)):
        for start in range(0, len(cells), size):
            chunk = cells[start : start + size]
            write(chunk, roll_up=roll_up)
            done += len(chunk)
            if progress is not None:
                progress(done, len(checked))
    # Once for the whole write, LAST indicators' deltas with the others: each ancestor's row
    # is written once, not once a chunk, and the forms are asked once which cells they collect.
    held.write(rolling)
    deltas = write.deltas + held.deltas()
    aggregates_apply(deltas)
    kinds = {pk: indicator.aggregation for pk, indicator in resolve.by_id.items()}
    approved_follow(deltas, kinds=kinds, rows=held.after)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a write runs. An import's rows, keys and
    parameters are millions of small objects that form no cycles, yet their number set off
    hundreds of collections in a national month's import (bench/README.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
