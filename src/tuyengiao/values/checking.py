"""A write's cells read and checked, each problem reported with its row and column.

Nothing is written here. A checked row is a cell (`Key`) and what it is to hold (`Checked`).
Besides each row's own checks, the rules that look at other rows are here: a cell written
twice, the forms' locks and windows (`guards`), the version the person saw, and the overlap
of period kinds.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_paths
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values import bulk_sql
from tuyengiao.values.cleaning import (
    display,
    indicator_check_enterable,
    option_check,
    value_clean,
    value_period,
    whole_range,
)
from tuyengiao.values.guards import cells_blocked
from tuyengiao.values.models import Aggregation, DataValue, Indicator
from tuyengiao.values.period_fields import period_label
from tuyengiao.values.periods import Period, containing_periods, covering_codes


class Key(NamedTuple):
    unit_id: int
    indicator_id: int
    period: str  # the period's own code
    option: str


# (number, text); (None, "") clears the cell. A whole number read as one stays an int: one
# object fewer a row, and the database stores the same.
type Content = tuple[Decimal | int | None, str]


class Checked(NamedTuple):
    number: Decimal | int | None
    text: str
    row: int  # the row it came from

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.text


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1-based, as the file or list numbers it
    field: str
    message: str
    code: str = ""  # "stale", "locked", "overlap" for those who act on one kind


@dataclass
class WriteReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _NotPlain(Exception):
    pass


def _codes(rows: list[Mapping], column: str) -> set[str]:
    """The codes of a column, as `_check_row` reads them: each distinct value normalised
    once, not each row's."""
    try:
        written = {r.get(column) for r in rows}
    except TypeError:  # a value that is no code (a list, say): `_check_row` will say so
        written = {str(r.get(column) or "") for r in rows}
    return {str(code or "").strip() for code in written}


class Resolver:
    """Codes to objects, each looked up once for the whole import."""

    def __init__(self, user, rows: list[Mapping]) -> None:
        codes = _codes(rows, "indicator")
        # The options prefetched once: option_check reads them for every row.
        indicators = Indicator.objects.filter(code__in=codes).select_related("disaggregation")
        self.indicators = {
            i.code: i for i in indicators.prefetch_related("disaggregation__options")
        }
        self.by_id = {i.pk: i for i in self.indicators.values()}
        # The indicators whose rows of whole numbers pass with two comparisons, the common
        # row of files and the API: enterable, no breakdown.
        self.whole: dict[str, tuple[int, int, int]] = {}
        for code, indicator in self.indicators.items():
            bounds = whole_range(indicator)
            enterable = indicator.is_active and not indicator.formula
            if bounds and enterable and indicator.disaggregation_id is None:
                self.whole[code] = (indicator.pk, *bounds)
        self.units = self._units(user, list(_codes(rows, "orgunit")))
        # A period and its code, computed once per code: both cost more than a dict lookup.
        self.periods: dict[str, tuple[Period, str] | ValidationError] = {}
        self.codes: dict[str, str] = {}  # as written → the period's own code
        self.period_of: dict[str, Period] = {}  # the period's own code → the period

    @staticmethod
    def _units(user, codes: list[str]) -> dict[str, int]:
        """The units the user may enter figures for, by code."""
        paths = scope_paths(user, role=Role.EDITOR)
        found = bulk_sql.select_in(
            f"SELECT code, id, path FROM {OrgUnit._meta.db_table} WHERE code IN ({{marks}})",
            codes,
        )
        return {
            code: pk
            for code, pk, path in found
            if paths is None or any(path.startswith(root) for root in paths)
        }

    def period(self, code: str) -> tuple[Period, str]:
        if code not in self.periods:
            try:
                period = value_period(code)
                self.periods[code] = (period, period.code)
                self.codes[code] = period.code
                self.period_of[period.code] = period
            except ValidationError as error:
                self.periods[code] = error
        found = self.periods[code]
        if isinstance(found, ValidationError):
            raise found
        return found


def rows_check(
    user, resolve: Resolver, rows: list[Mapping], report: WriteReport, *, by_hand: bool = False
) -> dict[Key, Checked]:
    """The rows' cells, in the rows' order; every problem goes to `report.errors`. Called
    inside the write's transaction, so that what is checked here stays true until it is
    written (on SQLite the transaction holds the write lock; on PostgreSQL the cells' rows
    are locked as they are read, and the forms' locks are taken by their guard)."""
    checked, versions = _rows_read(resolve, rows, report)
    _locks_check(user, checked, report, by_hand=by_hand)
    if versions:
        _versions_check(checked, versions, report)
    _overlaps_check(resolve, checked, report)
    report.errors.sort(key=lambda error: error.row)
    return checked


def _rows_read(
    resolve: Resolver, rows: list[Mapping], report: WriteReport
) -> tuple[dict[Key, Checked], dict[Key, int]]:
    """Each row's own checks; the cells, and the versions the rows that name one saw."""
    checked: dict[Key, Checked] = {}
    versions: dict[Key, int] = {}
    whole, units, codes = resolve.whole, resolve.units, resolve.codes
    for number, raw in enumerate(rows, start=1):
        # The plain row (a whole number for a known cell) inline, in a few dict lookups:
        # this loop is most of an import's checking time (bench/README.md).
        try:
            indicator_id, low, high = whole[raw["indicator"]]
            value = raw["value"]
            if (
                type(value) is not int
                or not low <= value <= high
                or raw.get("option")
                or "version" in raw
            ):
                raise _NotPlain
            code = codes.get(raw["period"]) or resolve.period(raw["period"])[1]
            key = Key(units[raw["orgunit"]], indicator_id, code, "")
            cell = Checked(value, "", number)
        except (KeyError, TypeError, ValidationError, _NotPlain):
            found = _row_read(resolve, raw, number, report)
            if found is None:
                continue
            key, (value, text) = found
            cell = Checked(value, text, number)
            if raw.get("version") is not None:
                versions[key] = raw["version"]
        if key in checked:
            report.errors.append(
                RowError(
                    number,
                    "value",
                    _("Trùng với dòng %(row)s (cùng chỉ tiêu, đơn vị, kỳ).")
                    % {"row": checked[key].row},
                )
            )
            continue
        checked[key] = cell
    return checked, versions


def _locks_check(user, checked: dict[Key, Checked], report: WriteReport, *, by_hand: bool) -> None:
    blocked = cells_blocked(user=user, cells={key[:3] for key in checked}, by_hand=by_hand)
    for key, cell in checked.items() if blocked else ():
        reason = blocked.get(key[:3])
        if reason:
            report.errors.append(RowError(cell.row, "value", reason, code="locked"))


def _row_read(
    resolve: Resolver, raw: Mapping, number: int, report: WriteReport
) -> tuple[Key, Content] | None:
    """Any other row: read with dict lookups while it is valid, and again, slowly, for every
    message it deserves once it is not."""
    try:
        return _fast_row(resolve, raw)
    except (KeyError, TypeError, ValidationError):
        errors: list[tuple[str, str]] = []
        found = _check_row(resolve, raw, errors)
        report.errors.extend(RowError(number, column, message) for column, message in errors)
        return found


def _fast_row(resolve: Resolver, raw: Mapping) -> tuple[Key, Content]:
    indicator = resolve.indicators[raw["indicator"]]
    if indicator.formula or not indicator.is_active:
        raise ValidationError("")
    option = raw.get("option") or ""
    if option or indicator.disaggregation_id is not None:
        option = option_check(indicator, option)
    _version_read(raw)
    key = Key(resolve.units[raw["orgunit"]], indicator.pk, resolve.period(raw["period"])[1], option)
    return key, value_clean(indicator, raw.get("value"))


def _check_row(
    resolve: Resolver, raw: Mapping, errors: list[tuple[str, str]]
) -> tuple[Key, Content] | None:
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
    content = _try(fail, "value", lambda: value_clean(indicator, raw.get("value")))
    _try(fail, "version", lambda: _version_read(raw))
    if errors or option is None or content is None:
        return None
    return Key(unit_id, indicator.pk, period[1], option), content


def _version_read(raw: Mapping) -> None:
    version = raw.get("version")
    if version is not None and (type(version) is not int or version < 0):
        raise ValidationError(_("Phiên bản của ô phải là một số nguyên không âm."))


def _try[T](fail: Callable[[str, str], None], column: str, read: Callable[[], T]) -> T | None:
    try:
        return read()
    except ValidationError as error:
        fail(column, " ".join(error.messages))
        return None


def _versions_check(
    checked: dict[Key, Checked], versions: dict[Key, int], report: WriteReport
) -> None:
    """Optimistic concurrency: a cell changed since the person saw it (its version then;
    0 for a cell that was empty) is refused, saying who changed it, when and to what. The
    rows are locked as they are read (PostgreSQL), so nothing changes them before the write."""
    for key, expected in versions.items():
        current = (
            DataValue.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(
                orgunit_id=key.unit_id,
                indicator_id=key.indicator_id,
                period=key.period,
                option=key.option,
            )
            .first()
        )
        if (current.version if current else 0) != expected:
            message = _stale_message(current)
            report.errors.append(RowError(checked[key].row, "value", message, code="stale"))


def _stale_message(current: DataValue | None) -> str:
    if current is None:
        return _("Ô này đã bị xóa trong lúc bạn nhập; hãy tải lại trang.")
    return _(
        "%(who)s đã sửa ô này lúc %(when)s thành “%(value)s”. Giá trị của bạn chưa được "
        "lưu: hãy xem lại rồi nhập lại nếu cần."
    ) % {
        "who": str(current.updated_by) if current.updated_by else _("người khác"),
        "when": f"{timezone.localtime(current.updated_at):%H:%M %d/%m/%Y}",
        "value": display(current) or _("(trống)"),
    }


def _overlaps_check(resolve: Resolver, checked: dict[Key, Checked], report: WriteReport) -> None:
    """A unit's figure for one period beside its figures for another period that overlaps it
    (a half-year beside its months, a year beside its quarters): the roll-up adds every
    period inside a span, so both would be counted. Refused on every path for the indicators
    that add up (sum, average), whichever came first; clearing a cell is always allowed.

    Cheap in the common case, an import of one period kind: one indexed read of the
    overlapping periods' values, and no pass over the rows unless it found some."""
    adding = {
        pk
        for pk, indicator in resolve.by_id.items()
        if indicator.rolls_up and indicator.aggregation in (Aggregation.SUM, Aggregation.AVERAGE)
    }
    if not adding or not checked:
        return
    others = {
        code: {*covering_codes(period), *(p.code for p in containing_periods(period))} - {code}
        for code, period in resolve.period_of.items()
    }
    held: dict[tuple[int, int], set[str]] = {}
    found = _held(adding, set().union(*others.values()), {key.unit_id for key in checked})
    for unit_id, indicator_id, code, option in found:
        cell = checked.get(Key(unit_id, indicator_id, code, option))
        if cell is None or not cell.is_empty:  # a cell this write clears no longer counts
            held.setdefault((unit_id, indicator_id), set()).add(code)
    mixed = any(others[code] & resolve.period_of.keys() for code in resolve.period_of)
    if not held and not mixed:
        return
    if mixed:
        for key, cell in checked.items():
            if key.indicator_id in adding and not cell.is_empty:
                held.setdefault((key.unit_id, key.indicator_id), set()).add(key.period)
    for key, cell in checked.items():
        codes = held.get((key.unit_id, key.indicator_id))
        clash = codes & others[key.period] if codes and not cell.is_empty else None
        if clash and key.indicator_id in adding:
            report.errors.append(
                RowError(cell.row, "period", _overlap_message(key, clash), "overlap")
            )


_FEW_UNITS = 500  # up to this many, the read of overlapping values names the units


def _held(indicator_ids: set[int], codes: set[str], unit_ids: set[int]) -> list[tuple]:
    """(unit, indicator, period, option) of the values of `codes` that hold a number, those
    of `unit_ids` when they are few (a save): plain SQL, cheaper to build than the ORM's."""
    if not codes:
        return []
    params: list = [*indicator_ids, *codes]
    sql = (
        f"SELECT orgunit_id, indicator_id, period, option FROM {DataValue._meta.db_table} "
        f"WHERE value IS NOT NULL AND indicator_id IN ({', '.join(['%s'] * len(indicator_ids))}) "
        f"AND period IN ({', '.join(['%s'] * len(codes))})"
    )
    if len(unit_ids) <= _FEW_UNITS:
        sql += f" AND orgunit_id IN ({', '.join(['%s'] * len(unit_ids))})"
        params += unit_ids
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _overlap_message(key: Key, clash: set[str]) -> str:
    return _(
        "Đơn vị đã có số liệu kỳ %(periods)s của chỉ tiêu này; số của kỳ %(period)s sẽ bị cộng "
        "hai lần. Hãy sửa hoặc xóa số liệu kỳ kia trước."
    ) % {
        "periods": ", ".join(period_label(code) for code in sorted(clash)),
        "period": period_label(key.period),
    }
