"""An import's rows read and checked, each problem reported with its row and column.

Nothing is written here. A checked row is a cell, (unit id, indicator id, period code,
option), and what it is to hold, (number, text).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_paths
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values import bulk_sql
from tuyengiao.values.cleaning import value_clean, whole_range
from tuyengiao.values.guards import cells_blocked
from tuyengiao.values.models import Indicator
from tuyengiao.values.periods import Period
from tuyengiao.values.services import indicator_check_enterable, option_check, value_period

type Key = tuple[int, int, str, str]  # (unit id, indicator id, period code, option)
# (number, text); (None, "") clears the cell. A whole number read as one stays an int: one
# object fewer a row, and the database stores the same.
type Content = tuple[Decimal | int | None, str]
type Checked = tuple[Decimal | int | None, str, int]  # content, and the row it came from


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
    user, resolve: Resolver, rows: list[Mapping], report: ImportReport
) -> dict[Key, Checked]:
    """The rows' cells, in the rows' order; every problem goes to `report.errors`."""
    checked: dict[Key, Checked] = {}
    whole, units, codes = resolve.whole, resolve.units, resolve.codes
    for number, raw in enumerate(rows, start=1):
        # The plain row (a whole number for a known cell) inline, in a few dict lookups:
        # this loop is most of an import's checking time (bench/aggregate.py).
        try:
            indicator_id, low, high = whole[raw["indicator"]]
            value = raw["value"]
            if type(value) is not int or not low <= value <= high or raw.get("option"):
                raise _NotPlain
            code = codes.get(raw["period"]) or resolve.period(raw["period"])[1]
            key: Key = (units[raw["orgunit"]], indicator_id, code, "")
            cell: Checked = (value, "", number)
        except (KeyError, TypeError, ValidationError, _NotPlain):
            found = _row_read(resolve, raw, number, report)
            if found is None:
                continue
            key, (value, text) = found
            cell = (value, text, number)
        if key in checked:
            report.errors.append(
                RowError(
                    number,
                    "value",
                    _("Trùng với dòng %(row)s (cùng chỉ tiêu, đơn vị, kỳ).")
                    % {"row": checked[key][2]},
                )
            )
            continue
        checked[key] = cell
    blocked = cells_blocked(user=user, cells={key[:3] for key in checked})
    for (unit_id, indicator_id, code, _option), (*_content, number) in (
        checked.items() if blocked else ()
    ):
        reason = blocked.get((unit_id, indicator_id, code))
        if reason:
            report.errors.append(RowError(number, "value", reason))
    report.errors.sort(key=lambda error: error.row)
    return checked


def _row_read(
    resolve: Resolver, raw: Mapping, number: int, report: ImportReport
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
    key = (resolve.units[raw["orgunit"]], indicator.pk, resolve.period(raw["period"])[1], option)
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
    if errors or option is None or content is None:
        return None
    return (unit_id, indicator.pk, period[1], option), content


def _try[T](fail: Callable[[str, str], None], column: str, read: Callable[[], T]) -> T | None:
    try:
        return read()
    except ValidationError as error:
        fail(column, " ".join(error.messages))
        return None
