"""Many values at once (`tuyengiao values import`, `POST /api/datavalues/`, .xlsx uploads):
every row checked first, then all written in one transaction, or none.

Rows are written set-based, never as a loop of single saves: the old values of a chunk are
read in one join, new values inserted in one statement, and the roll-up deltas handed to
`rollup.aggregates_apply` in one call. LAST indicators are written the same way; their
roll-up compares each unit's latest values before and after (`_latest_in_periods`).
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_paths
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting import bulk_sql
from tuyengiao.reporting.models import (
    Aggregation,
    DataValue,
    DataValueChange,
    Indicator,
)
from tuyengiao.reporting.periods import Period, containing_periods, covering_codes
from tuyengiao.reporting.rollup import Delta, aggregates_apply
from tuyengiao.reporting.services import (
    indicator_check_enterable,
    option_check,
    value_period,
)
from tuyengiao.reporting.values import number_display, to_units, value_clean
from tuyengiao.reporting.workflow import cells_blocked

VALUES = DataValue._meta.db_table
CHANGES = DataValueChange._meta.db_table
_CHUNK = 2000  # 13 parameters a row: 26,000, under SQLite's limit of 32,766


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based, as the file or list numbers it
    field: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Row(NamedTuple):
    unit_id: int
    indicator: Indicator
    indicator_id: int
    period: Period
    period_code: str
    option: str
    number: Decimal | None
    text: str


class _Resolver:
    """Codes to objects, each looked up once for the whole import."""

    def __init__(self, user, rows: list[Mapping]) -> None:
        codes = {str(r.get("indicator") or "").strip() for r in rows}
        # The options prefetched once: option_check reads them for every row.
        indicators = Indicator.objects.filter(code__in=codes).select_related("disaggregation")
        self.indicators = {
            i.code: i for i in indicators.prefetch_related("disaggregation__options")
        }
        unit_codes = list({str(r.get("orgunit") or "").strip() for r in rows})
        paths = scope_paths(user, role=Role.EDITOR)
        self.units: dict[str, int] = {}
        for start in range(0, len(unit_codes), 5000):
            for code, pk, path in OrgUnit.objects.filter(
                code__in=unit_codes[start : start + 5000]
            ).values_list("code", "pk", "path"):
                if paths is None or any(path.startswith(root) for root in paths):
                    self.units[code] = pk
        # A period and its code, computed once per code: both cost more than a dict lookup.
        self.periods: dict[str, tuple[Period, str] | ValidationError] = {}

    def period(self, code: str) -> tuple[Period, str]:
        if code not in self.periods:
            try:
                period = value_period(code)
                self.periods[code] = (period, period.code)
            except ValidationError as error:
                self.periods[code] = error
        found = self.periods[code]
        if isinstance(found, ValidationError):
            raise found
        return found


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _check_rows(user, rows: list[Mapping], report: ImportReport) -> list[_Row]:
    resolve = _Resolver(user, rows)
    checked: list[_Row] = []
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(rows, start=1):
        try:
            row: _Row | None = _fast_row(resolve, raw)
        except (KeyError, TypeError, ValidationError):
            # Read it again, slowly, for every message it deserves.
            errors: list[tuple[str, str]] = []
            row = _check_row(resolve, raw, errors)
            report.errors.extend(RowError(number, column, message) for column, message in errors)
        if row is None:
            continue
        key = (row.unit_id, row.indicator_id, row.period_code, row.option)
        if key in seen:
            report.errors.append(
                RowError(
                    number,
                    "value",
                    _("Trùng với dòng %(row)s (cùng chỉ tiêu, đơn vị, kỳ).") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        checked.append(row)
    cells = {(row.unit_id, row.indicator_id, row.period_code) for row in checked}
    blocked = cells_blocked(user=user, cells=cells)
    for (unit_id, indicator_id, code, _option), number in seen.items() if blocked else ():
        reason = blocked.get((unit_id, indicator_id, code))
        if reason:
            report.errors.append(RowError(number, "value", reason))
    report.errors.sort(key=lambda error: error.row)
    return checked


def _fast_row(resolve: _Resolver, raw: Mapping) -> _Row:
    """The common row, exactly coded and valid, read with dict lookups; any problem raises
    and the row is read again by `_check_row`."""
    indicator = resolve.indicators[raw["indicator"]]
    if indicator.formula or not indicator.is_active:
        raise ValidationError("")
    option = raw.get("option") or ""
    if option or indicator.disaggregation_id is not None:
        option = option_check(indicator, option)
    return _Row(
        resolve.units[raw["orgunit"]],
        indicator,
        indicator.pk,
        *resolve.period(raw["period"]),
        option,
        *value_clean(indicator, raw.get("value")),
    )


def _check_row(resolve: _Resolver, raw: Mapping, errors: list[tuple[str, str]]) -> _Row | None:
    """One row read and checked; its problems are appended to `errors` as (column, message)."""

    def fail(column: str, message: str) -> None:
        errors.append((column, message))

    indicator = resolve.indicators.get(str(raw.get("indicator") or "").strip())
    unit_code = str(raw.get("orgunit") or "").strip()
    unit_id = resolve.units.get(unit_code)
    if indicator is None:
        fail("indicator", _("Không có chỉ tiêu mã “%(code)s”.") % {"code": raw.get("indicator")})
    if unit_id is None:
        fail(
            "orgunit",
            _("Không tìm thấy đơn vị “%(code)s” hoặc bạn không được nhập số liệu cho đơn vị này.")
            % {"code": unit_code},
        )
    period = _try(fail, "period", lambda: resolve.period(str(raw.get("period") or "")))
    if indicator is None or unit_id is None or period is None:
        return None
    option = _try(fail, "option", lambda: option_check(indicator, raw.get("option") or ""))
    _try(fail, "indicator", lambda: indicator_check_enterable(indicator))
    cleaned = _try(fail, "value", lambda: value_clean(indicator, raw.get("value")))
    if errors or option is None or cleaned is None:
        return None
    return _Row(unit_id, indicator, indicator.pk, *period, option, *cleaned)


def _try[T](fail: Callable[[str, str], None], column: str, read: Callable[[], T]) -> T | None:
    try:
        return read()
    except ValidationError as error:
        fail(column, _message(error))
        return None


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
    checked = _check_rows(user, rows, report)
    if not report.ok:
        return report
    now = timezone.now()
    done = 0
    plain = [r for r in checked if r.indicator.aggregation != Aggregation.LAST]
    stocks = [r for r in checked if r.indicator.aggregation == Aggregation.LAST]
    with transaction.atomic():
        stocks_rolling = [r for r in stocks if r.indicator.rolls_up]
        before = _latest_in_periods(stocks_rolling)
        for rows_of_kind, roll_up in ((plain, True), (stocks, False)):
            for start in range(0, len(rows_of_kind), _CHUNK):
                chunk = rows_of_kind[start : start + _CHUNK]
                _write_chunk(
                    chunk, user=user, now=now, report=report, source=source, roll_up=roll_up
                )
                done += len(chunk)
                if progress is not None:
                    progress(done, len(checked))
        _roll_up_stocks(before, _latest_in_periods(stocks_rolling))
    return report


# LAST indicators: a period's row holds each unit's latest value inside it, so a write
# changes the rows of every fixed period that contains it (the month's quarter, half-year,
# year). Their values are written like any others; the roll-up is the difference between
# each unit's latest values in those periods before and after, read set-based.
type _StockKey = tuple[int, int, str, str]  # (unit, indicator, option, period code)


def _latest_in_periods(rows: list[_Row]) -> dict[_StockKey, Decimal | None]:
    wanted: set[_StockKey] = set()
    for r in rows:
        for period in containing_periods(r.period):
            wanted.add((r.unit_id, r.indicator_id, r.option, period.code))
    if not wanted:
        return {}
    codes = {code for r in rows for code in covering_codes(containing_periods(r.period)[-1])}
    series: dict[tuple[int, int, str], list[tuple]] = {}
    unit_ids = sorted({r.unit_id for r in rows})
    for start in range(0, len(unit_ids), 5000):  # under SQLite's limit on parameters
        found = DataValue.objects.filter(
            orgunit_id__in=unit_ids[start : start + 5000],
            indicator_id__in={r.indicator_id for r in rows},
            period__in=codes,
            value__isnull=False,
        ).values_list("orgunit_id", "indicator_id", "option", "period_end", "period_start", "value")
        for unit, indicator, option, end, begin, value in found:
            series.setdefault((unit, indicator, option), []).append((end, begin, value))
    for values in series.values():
        values.sort(reverse=True)  # latest first
    latest: dict[_StockKey, Decimal | None] = {}
    for key in wanted:
        period = Period.parse(key[3])
        latest[key] = next(
            (value for end, begin, value in series.get(key[:3], ())
             if begin >= period.start and end <= period.end),
            None,
        )  # fmt: skip
    return latest


def _roll_up_stocks(
    before: dict[_StockKey, Decimal | None], after: dict[_StockKey, Decimal | None]
) -> None:
    deltas = []
    for (unit, indicator, option, code), new in after.items():
        old = before.get((unit, indicator, option, code))
        if old != new:
            n = (new is not None) - (old is not None)
            deltas.append(Delta(unit, indicator, code, option, to_units(new) - to_units(old), n))
    aggregates_apply(deltas)


def _as_decimal(raw) -> Decimal | None:
    # SQLite hands back REAL or INTEGER for a decimal column, PostgreSQL a Decimal.
    return None if raw is None else Decimal(str(raw)).quantize(Decimal("0.0001"))


def _old_values(chunk: list[_Row]) -> dict[tuple, tuple[int, Decimal | None, str, int]]:
    keys = [(r.unit_id, r.indicator_id, r.period_code, r.option) for r in chunk]
    marks = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    sql = (
        f"SELECT d.id, d.orgunit_id, d.indicator_id, d.period, d.option, d.value, "
        f"d.text_value, d.version FROM {VALUES} d JOIN (VALUES {marks}) AS v "
        f"ON d.orgunit_id = CAST(v.column1 AS BIGINT) "
        f"AND d.indicator_id = CAST(v.column2 AS BIGINT) "
        f"AND d.period = v.column3 AND d.option = v.column4"
    )
    with connection.cursor() as cursor:
        bulk_sql.execute(cursor, sql, [p for key in keys for p in key])
        return {
            (unit, ind, period, option): (pk, _as_decimal(value), text, version)
            for pk, unit, ind, period, option, value, text, version in cursor.fetchall()
        }


def _write_chunk(
    chunk: list[_Row],
    *,
    user,
    now: datetime.datetime,
    report: ImportReport,
    source: str,
    roll_up: bool = True,
) -> None:
    old = _old_values(chunk)
    ops = connection.ops
    when = ops.adapt_datetimefield_value(now)
    user_id = user.pk if user is not None else None

    # Keyed by code and indicator id: strings and ints hash faster than periods and models.
    periods = {r.period_code: r.period for r in chunk}
    days = {
        code: (ops.adapt_datefield_value(p.start), ops.adapt_datefield_value(p.end))
        for code, p in periods.items()
    }
    indicators = {r.indicator_id: r.indicator for r in chunk}
    rolling = {pk: roll_up and i.rolls_up for pk, i in indicators.items()}

    inserts, updates, changes, deltas = [], [], [], []
    for r in chunk:
        key = (r.unit_id, r.indicator_id, r.period_code, r.option)
        before = old.get(key)
        if before is None:
            if r.number is None and not r.text:
                report.unchanged += 1
                continue
            inserts.append(
                (
                    r.unit_id,
                    r.indicator_id,
                    r.option,
                    r.period_code,
                    *days[r.period_code],
                    r.number,
                    r.text,
                    1,
                    user_id,
                    when,
                    user_id,
                    when,
                )
            )
            old_number = None
        else:
            pk, old_number, old_text, version = before
            if old_number == r.number and old_text == r.text:
                report.unchanged += 1
                continue
            updates.append((r.number, r.text, version + 1, user_id, when, pk))
            changes.append(
                (
                    pk,
                    old_text or number_display(old_number),
                    r.text or number_display(r.number),
                    version + 1,
                    source,
                    user_id,
                    when,
                )
            )
        if rolling[r.indicator_id]:
            deltas.append(
                Delta(
                    r.unit_id,
                    r.indicator_id,
                    r.period_code,
                    r.option,
                    to_units(r.number) - to_units(old_number),
                    (r.number is not None) - (old_number is not None),
                )
            )
    with connection.cursor() as cursor:
        if inserts:
            bulk_sql.execute(
                cursor,
                f"INSERT INTO {VALUES} (orgunit_id, indicator_id, option, period, period_start, "
                f"period_end, value, text_value, version, created_by_id, created_at, "
                f"updated_by_id, updated_at) VALUES "
                + ", ".join(
                    ["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(inserts)
                ),
                [p for row in inserts for p in row],
            )
        if updates:
            cursor.executemany(
                f"UPDATE {VALUES} SET value = %s, text_value = %s, version = %s, "
                f"updated_by_id = %s, updated_at = %s WHERE id = %s",
                updates,
            )
            cursor.executemany(
                f"INSERT INTO {CHANGES} (datavalue_id, old_value, new_value, version, source, "
                f"changed_by_id, changed_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                changes,
            )
    report.created += len(inserts)
    report.updated += len(updates)
    aggregates_apply(deltas)
