"""A write's checked cells stored: new values inserted, changed ones updated with their
history, each with the write's source, and the roll-up deltas kept for one
`aggregates_apply` at the end."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from tuyengiao.ui.formats import format_number
from tuyengiao.values import bulk_sql
from tuyengiao.values.checking import Checked, Key, Resolver, WriteReport
from tuyengiao.values.cleaning import to_units
from tuyengiao.values.models import DataValue, DataValueChange
from tuyengiao.values.rollup import Delta

VALUES = DataValue._meta.db_table
CHANGES = DataValueChange._meta.db_table
_NEW = (
    "orgunit_id, indicator_id, option, period, period_start, period_end, value, text_value, "
    "version, created_by_id, created_at, updated_by_id, updated_at, source, source_note, "
    "source_type_id, source_id"
)  # a new value's columns
_COLUMNS = 17  # a new value's parameters
CHUNK = 1900  # 17 parameters a row: 32,300, under SQLite's limit of 32,766
# Copied in (PostgreSQL), a chunk has no limit on parameters: each costs its temporary
# table's creation, and progress is still told every few seconds.
COPIED_CHUNK = 25_000


def chunk_size() -> int:
    """The cells a write stores at a time."""
    return COPIED_CHUNK if bulk_sql.copying(COPIED_CHUNK) else CHUNK


# Up to this many cells (a save, a page of the grid), a write reads the old values first:
# one statement, where inserting them all as new first costs three when one held a value.
FEW = 32

type _Old = tuple[int, Decimal | int | None, str, int]  # (id, number, text, version)


@dataclass(frozen=True, slots=True)
class Source:
    """Where the figures of a write come from: the path (`SourceKind`), a note (the file's
    name, the API token's name, the span of text), and the object they came from, which the
    history of a cell links to."""

    kind: str
    note: str = ""
    ref: models.Model | None = None

    def columns(self) -> tuple[str, str, int | None, int | None]:
        """(source, source_note, source_type_id, source_id), as `Provenance` stores them."""
        if self.ref is None:
            return self.kind, self.note[:200], None, None
        return (
            self.kind,
            self.note[:200],
            ContentType.objects.get_for_model(self.ref).pk,
            self.ref.pk,
        )


class Writer:
    """Writes checked cells a chunk at a time. Each chunk's cells (more than `FEW`) are
    first inserted as new, the common case of an import (a new period), which reads nothing
    back. If some already held a value, that insert is undone and the chunk's old values are
    read, to insert the new cells and update the others; the next chunks then begin by
    reading too, until one finds no old value (a re-import is updates throughout)."""

    def __init__(
        self, resolve: Resolver, *, user, report: WriteReport, source: Source, at=None
    ) -> None:
        ops = connection.ops
        self.report = report
        self.source = source.columns()
        self.user_id = user.pk if user is not None else None
        self.when = ops.adapt_datetimefield_value(at or timezone.now())
        self.days = {
            code: (ops.adapt_datefield_value(p.start), ops.adapt_datefield_value(p.end))
            for code, p in resolve.period_of.items()
        }
        self.rolling = {pk: i.rolls_up for pk, i in resolve.by_id.items()}
        self.deltas: list[Delta] = []
        self.fresh = True  # whether the last chunk held no value yet

    def __call__(self, chunk: list[tuple[Key, Checked]], *, roll_up: bool) -> None:
        filled = [(key, cell) for key, cell in chunk if not cell.is_empty]
        if self.fresh and len(filled) == len(chunk) > FEW and self._insert_all_new(chunk):
            new, changed = chunk, []
        else:
            old = _old_values([key for key, _ in chunk])
            self.fresh = not old
            new = [(key, cell) for key, cell in filled if key not in old]
            self._insert(new, skip_existing=False)
            changed = self._update([(key, cell) for key, cell in chunk if key in old], old)
        self.report.created += len(new)
        self.report.unchanged += len(chunk) - len(new) - len(changed)
        if roll_up:
            self._roll_up(new, changed)

    def _roll_up(
        self,
        new: list[tuple[Key, Checked]],
        changed: list[tuple[Key, Decimal | int | None, Decimal | int | None]],
    ) -> None:
        rolling, deltas = self.rolling, self.deltas
        for (unit_id, indicator_id, code, option), cell in new:
            if cell.number is not None and rolling[indicator_id]:
                deltas.append(Delta(unit_id, indicator_id, code, option, to_units(cell.number), 1))
        for (unit_id, indicator_id, code, option), old, number in changed:
            if rolling[indicator_id]:
                n = (number is not None) - (old is not None)
                total = to_units(number) - to_units(old)
                deltas.append(Delta(unit_id, indicator_id, code, option, total, n))

    def _insert_all_new(self, chunk: list[tuple[Key, Checked]]) -> bool:
        """Insert the chunk as new values if none of its cells holds one yet; else nothing."""
        savepoint = transaction.savepoint_create()
        if self._insert(chunk, skip_existing=True) == len(chunk):
            transaction.savepoint_commit(savepoint)
            return True
        transaction.savepoint_rollback(savepoint)
        return False

    def _insert(self, cells: list[tuple[Key, Checked]], *, skip_existing: bool) -> int:
        """Insert the cells as new values; the number inserted. With `skip_existing`, a
        cell that holds a value already is left as it is."""
        if not cells:
            return 0
        user_id, when, days, source = self.user_id, self.when, self.days, self.source
        params: list = []
        for (unit_id, indicator_id, code, option), (number, text, _row) in cells:
            start, end = days[code]
            params += (unit_id, indicator_id, option, code, start, end, number, text, 1,
                       user_id, when, user_id, when, *source)  # fmt: skip
        skip = " ON CONFLICT (indicator_id, period, orgunit_id, option) DO NOTHING"
        with connection.cursor() as cursor:
            if bulk_sql.copying(len(cells)):
                rows = (params[at : at + _COLUMNS] for at in range(0, len(params), _COLUMNS))
                bulk_sql.copy_in(cursor, "tg_values", f"SELECT {_NEW} FROM {VALUES}", rows)
                select = f"SELECT {_NEW} FROM tg_values"
                cursor.execute(f"INSERT INTO {VALUES} ({_NEW}) {select}{skip * skip_existing}")
                return cursor.rowcount
            bulk_sql.execute(
                cursor,
                f"INSERT INTO {VALUES} ({_NEW}) VALUES "
                + ", ".join([f"({', '.join(['%s'] * _COLUMNS)})"] * len(cells))
                + (skip if skip_existing else ""),
                params,
            )
            return cursor.rowcount

    def _update(
        self, cells: list[tuple[Key, Checked]], old: dict[Key, _Old]
    ) -> list[tuple[Key, Decimal | int | None, Decimal | int | None]]:
        """Cells that hold a value already, updated where the content differs, with a line
        of history each; (key, old number, new number) of those changed."""
        updates, history, changed = [], [], []
        for key, (number, text, _row) in cells:
            pk, old_number, old_text, version = old[key]
            if (old_number, old_text) == (number, text):
                continue
            updates.append((number, text, version + 1, self.user_id, self.when, pk))
            shown = (old_text or format_number(old_number), text or format_number(number))
            history.append((pk, *shown, version + 1, *self.source, self.user_id, self.when))
            changed.append((key, old_number, number))
        if not updates:
            return changed
        if bulk_sql.copying(len(updates)):
            _update_copied(updates, history)
            self.report.updated += len(updates)
            return changed
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {VALUES} SET value = %s, text_value = %s, version = %s, "
                f"updated_by_id = %s, updated_at = %s WHERE id = %s",
                updates,
            )
            cursor.executemany(
                f"INSERT INTO {CHANGES} (datavalue_id, old_value, new_value, version, source, "
                f"source_note, source_type_id, source_id, changed_by_id, changed_at) "
                f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                history,
            )
        self.report.updated += len(updates)
        return changed


_HISTORY = (
    "old_value, new_value, version, source, source_note, source_type_id, source_id, "
    "changed_by_id, changed_at"
)


def _update_copied(updates: list[tuple], history: list[tuple]) -> None:
    """`_update`'s two statements for many cells, on PostgreSQL: each cell's new content
    and its line of history copied in together, then one UPDATE and one INSERT."""
    rows = (
        (pk, number, text, version, user_id, when, *line[1:3], *line[4:])
        for (number, text, version, user_id, when, pk), line in zip(updates, history, strict=True)
    )
    with connection.cursor() as cursor:
        bulk_sql.copy_in(
            cursor,
            "tg_changes",
            f"SELECT v.id, v.value, v.text_value, v.version, v.updated_by_id, v.updated_at, "
            f"{', '.join(f'c.{column}' for column in _HISTORY.split(', ') if column != 'version')} "
            f"FROM {VALUES} v, {CHANGES} c",
            rows,
            joined=True,
        )
        # In the cells' order, as the rows were locked (`_old_values`).
        cursor.execute(
            f"UPDATE {VALUES} d SET value = u.value, text_value = u.text_value, "
            f"version = u.version, updated_by_id = u.updated_by_id, updated_at = u.updated_at "
            f"FROM tg_changes u WHERE d.id = u.id"
        )
        cursor.execute(
            f"INSERT INTO {CHANGES} (datavalue_id, {_HISTORY}) SELECT id, {_HISTORY} "
            f"FROM tg_changes"
        )


def stored_number(raw) -> Decimal | int | None:
    """A value's number as read from the database: SQLite hands back REAL or INTEGER for a
    decimal column, PostgreSQL a Decimal. A whole number stays an int, as a checked cell's
    does (`Checked`): equal, and cheaper to show."""
    if raw is None or type(raw) is int:
        return raw
    return Decimal(str(raw)).quantize(Decimal("0.0001"))


def _old_values(keys: list[Key]) -> dict[Key, _Old]:
    if bulk_sql.copying(len(keys)):
        return _old_values_copied(keys)
    marks = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    sql = (
        f"SELECT d.id, d.orgunit_id, d.indicator_id, d.period, d.option, d.value, "
        f"d.text_value, d.version FROM {VALUES} d JOIN (VALUES {marks}) AS v "
        f"ON d.orgunit_id = CAST(v.column1 AS BIGINT) "
        f"AND d.indicator_id = CAST(v.column2 AS BIGINT) "
        f"AND d.period = v.column3 AND d.option = v.column4"
    )
    if connection.vendor == "postgresql":
        # The rows are locked as they are read: another write of the same cells waits, so
        # the roll-up deltas computed from these old values stay true (SQLite's transaction
        # holds the one write lock already).
        sql += " FOR UPDATE OF d"
    with connection.cursor() as cursor:
        bulk_sql.execute(cursor, sql, [p for key in keys for p in key])
        return {
            Key(unit, ind, period, option): (pk, stored_number(value), text, version)
            for pk, unit, ind, period, option, value, text, version in cursor.fetchall()
        }


_KEY = "orgunit_id, indicator_id, period, option"


def _old_values_copied(keys: list[Key]) -> dict[Key, _Old]:
    """`_old_values` for many cells, on PostgreSQL: the keys copied in, then one join."""
    with connection.cursor() as cursor:
        bulk_sql.copy_in(cursor, "tg_keys", f"SELECT {_KEY} FROM {VALUES}", keys, joined=True)
        cursor.execute(
            f"SELECT d.id, d.orgunit_id, d.indicator_id, d.period, d.option, d.value, "
            f"d.text_value, d.version FROM {VALUES} d JOIN tg_keys k "
            f"ON d.indicator_id = k.indicator_id AND d.period = k.period "
            f"AND d.orgunit_id = k.orgunit_id AND d.option = k.option FOR UPDATE OF d"
        )
        return {
            Key(unit, ind, period, option): (pk, stored_number(value), text, version)
            for pk, unit, ind, period, option, value, text, version in cursor.fetchall()
        }
