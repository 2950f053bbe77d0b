"""What the report forms say about cells, read set-based: the forms holding each indicator,
the units that must report each form, their reports' status and entry exceptions. Both
questions the values core asks of the forms read it: may a cell be written
(`workflow.cells_blocked`), and which cells a form collects (`collecting.cells_collected`).

Inside a write (`values.guards.write_memo`) one `FormCells` serves every question of the
write, so a save asks the forms with two statements where it took about fifteen: the forms
of its indicators, and its unit with its report; an exception and the writer's approver
scope only where the window is closed. Outside a write each question reads afresh. Plain
SQL: building the ORM's queries took most of a single save's time (bench/README.md)."""

import datetime
from collections.abc import Iterable, Set
from typing import NamedTuple

from django.db import connection

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_paths
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import EntryException, FormItem, ReportForm, Submission
from tuyengiao.values import bulk_sql, guards
from tuyengiao.values.periods import Period

type Cell = guards.Cell

CHUNK = 5000  # units a statement, under SQLite's limit on parameters


class Form(NamedTuple):
    """A form as the checks of a write read it (the attributes `form_window` reads)."""

    pk: int
    name: str
    period_kind: str
    opens_before_end_days: int
    closes_after_end_days: int
    owner_path: str


class _Unit(NamedTuple):
    path: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None


def form_cells() -> "FormCells":
    """The running write's `FormCells`, or a fresh one outside a write."""
    memo = guards.memo()
    if memo is None:
        return FormCells()
    return memo.setdefault("reporting.cells", FormCells())


class FormCells:
    """What has been read about the forms, for one write: each read once, on first need."""

    def __init__(self) -> None:
        self._forms: dict[int, list[Form]] = {}  # indicator id → active forms holding it
        self._units: dict[int, dict[int, _Unit | None]] = {}  # form → unit → it, or None
        self._status: dict[int, dict[tuple[int, str], str]] = {}  # form → (unit, code) → it
        self._asked: dict[int, set[tuple[int, str]]] = {}  # form → (unit, code) read
        self._until: dict[int, dict[tuple[int, str], datetime.date]] = {}  # exceptions
        self._until_asked: dict[int, set[tuple[int, str]]] = {}
        self._approver: dict[int | None, list[str] | None] = {}  # user → approver scope

    # --- forms --------------------------------------------------------------------------

    def forms_of(self, indicator_ids: Iterable[int]) -> dict[int, list[Form]]:
        """The active forms holding each of `indicator_ids` (those held by none absent)."""
        wanted = set(indicator_ids)
        missing = wanted - self._forms.keys()
        if missing:
            for pk in missing:
                self._forms[pk] = []
            for indicator_id, *form in bulk_sql.select_in(_FORMS_SQL, missing):
                found = Form(*form)
                if found not in self._forms[indicator_id]:  # an indicator twice on a form
                    self._forms[indicator_id].append(found)
        return {pk: self._forms[pk] for pk in wanted if self._forms[pk]}

    def groups(self, cells: Set[Cell], forms_of: dict[int, list[Form]]) -> dict[Form, list[Cell]]:
        """The cells each form may hold: of its indicators, for a period of its kind. In
        comprehensions, not a call a cell: an import asks about half a million."""
        held: dict[Form, list[Cell]] = {}
        for cell in cells if forms_of else ():
            for form in forms_of.get(cell[1], ()):
                held.setdefault(form, []).append(cell)
        groups = {}
        for form, found in held.items():
            codes = {code for code in {cell[2] for cell in found} if period_of(form, code)}
            found = [cell for cell in found if cell[2] in codes]
            if found:
                groups[form] = found
        return groups

    # --- units and reports ----------------------------------------------------------------

    def reporting(
        self, form: Form, pairs: Set[tuple[int, str]]
    ) -> dict[tuple[int, str], str | None]:
        """The (unit, code) pairs whose unit reports `form` for the period, each with its
        report's status (None when it has none yet); absent, those whose unit does not:
        outside the owner's subtree, not of the form's kinds nor listed, or not open in the
        period (`collecting.form_units`). Reads what it lacks first."""
        self.read(form, pairs)
        units, status, owner = self._units[form.pk], self._status[form.pk], form.owner_path
        periods = {code: period_of(form, code) for code in {code for _unit, code in pairs}}
        found: dict[tuple[int, str], str | None] = {}
        for pair in pairs:
            unit, period = units[pair[0]], periods[pair[1]]
            if unit is None or period is None or not unit.path.startswith(owner):
                continue
            if unit.opened_on is not None and unit.opened_on > period.end:
                continue
            if unit.closed_on is not None and unit.closed_on <= period.start:
                continue
            found[pair] = status.get(pair)
        return found

    def unit_path(self, form: Form, unit_id: int) -> str:
        unit = self._units[form.pk][unit_id]
        return unit.path if unit is not None else ""

    def read(self, form: Form, pairs: Set[tuple[int, str]]) -> None:
        """Read what `reporting` needs about `pairs` (unit, code), unless read already: the
        units not read yet with their reports in one statement (a save's one question),
        then the reports of units read before for codes not asked yet."""
        units = self._units.setdefault(form.pk, {})
        asked = self._asked.setdefault(form.pk, set())
        status = self._status.setdefault(form.pk, {})
        todo = [pair for pair in pairs if pair not in asked]
        new_units = sorted({unit for unit, _code in todo} - units.keys())
        if new_units:
            codes = sorted({code for _unit, code in todo})
            marks = ", ".join(["%s"] * len(codes))
            sql = _UNITS_SQL.format(codes=marks, marks="{marks}")
            for start in range(0, len(new_units), CHUNK):
                chunk = new_units[start : start + CHUNK]
                units.update(dict.fromkeys(chunk))
                head = [form.pk, *codes, form.pk, form.pk]
                for pk, path, opened, closed, code, found in _select(sql, head, chunk):
                    units[pk] = _Unit(path, _day(opened), _day(closed))
                    if code is not None:
                        status[pk, code] = found
            asked.update((unit, code) for unit in new_units for code in codes)
            todo = [pair for pair in todo if pair not in asked]
        asked.update(todo)
        for pair, found in _reports(_STATUS_SQL, form.pk, todo):
            status[pair] = found

    def until(self, form: Form, unit_id: int, code: str) -> datetime.date | None:
        """The day up to which an exception lets the unit enter `code`, if one does. Asked
        only where the window is closed: the first ask reads every pair read so far."""
        until = self._until.setdefault(form.pk, {})
        asked = self._until_asked.setdefault(form.pk, set())
        if (unit_id, code) not in asked:
            todo = (self._asked.get(form.pk, set()) | {(unit_id, code)}) - asked
            asked.update(todo)
            for pair, day in _reports(_UNTIL_SQL, form.pk, sorted(todo)):
                until[pair] = _day(day)  # type: ignore[assignment]
        return until.get((unit_id, code))

    def approver_paths(self, user) -> list[str] | None:
        """`scope_paths(user, role=APPROVER)`, read when a closed window first asks it."""
        key = getattr(user, "pk", None)
        if key not in self._approver:
            self._approver[key] = scope_paths(user, role=Role.APPROVER)
        return self._approver[key]


def period_of(form: Form | ReportForm, code: str) -> Period | None:
    """The period `code` names if it is of `form`'s kind (a cell the form can hold), else
    None."""
    try:
        period = Period.parse(code)
    except ValueError:
        return None
    return period if period.kind == form.period_kind else None


def _day(raw) -> datetime.date | None:
    # SQLite hands a date column back as text, PostgreSQL as a date.
    return datetime.date.fromisoformat(raw) if isinstance(raw, str) else raw


def _select(sql: str, head: list, values: list) -> list[tuple]:
    marks = ", ".join(["%s"] * len(values))
    with connection.cursor() as cursor:
        bulk_sql.execute(cursor, sql.format(marks=marks), [*head, *values])
        return cursor.fetchall()


def _reports(sql: str, form_id: int, pairs: list[tuple[int, str]]):
    """((unit, code), column) of the rows of `sql` (submissions or exceptions) for
    `pairs`, read by unit and code a chunk of units at a time."""
    units = sorted({unit for unit, _code in pairs})
    codes = sorted({code for _unit, code in pairs})
    wanted = set(pairs)
    for start in range(0, len(units), CHUNK):
        chunk = units[start : start + CHUNK]
        statement = sql.format(codes=", ".join(["%s"] * len(codes)), marks="{marks}")
        for unit, code, found in _select(statement, [form_id, *codes], chunk):
            if (unit, code) in wanted:
                yield (unit, code), found


_FORM = ReportForm._meta.db_table
_KINDS = ReportForm.unit_kinds.through._meta.db_table
_LISTED = ReportForm.units.through._meta.db_table
# Our own table names and placeholders only, never input.
_FORMS_SQL = (
    f"SELECT i.indicator_id, f.id, f.name, f.period_kind, f.opens_before_end_days, "  # noqa: S608
    f"f.closes_after_end_days, o.path FROM {FormItem._meta.db_table} i "
    f"JOIN {_FORM} f ON f.id = i.form_id JOIN {OrgUnit._meta.db_table} o ON o.id = f.owner_id "
    f"WHERE f.is_active AND i.indicator_id IN ({{marks}}) ORDER BY f.id"
)
# The units of the form's kinds or listed on it (under its owner and open in the period:
# `FormCells.status` reads those off the rows): `collecting.form_units`, set-based.
_UNITS_SQL = (
    f"SELECT u.id, u.path, u.opened_on, u.closed_on, s.period, s.status "  # noqa: S608
    f"FROM {OrgUnit._meta.db_table} u LEFT JOIN {Submission._meta.db_table} s "
    f"ON s.form_id = %s AND s.orgunit_id = u.id AND s.period IN ({{codes}}) "
    f"WHERE (u.kind_id IN (SELECT unitkind_id FROM {_KINDS} WHERE reportform_id = %s) "
    f"OR u.id IN (SELECT orgunit_id FROM {_LISTED} WHERE reportform_id = %s)) "
    f"AND u.id IN ({{marks}})"
)
_STATUS_SQL = (
    f"SELECT orgunit_id, period, status FROM {Submission._meta.db_table} "  # noqa: S608
    f"WHERE form_id = %s AND period IN ({{codes}}) AND orgunit_id IN ({{marks}})"
)
_UNTIL_SQL = (
    f"SELECT orgunit_id, period, until FROM {EntryException._meta.db_table} "  # noqa: S608
    f"WHERE form_id = %s AND period IN ({{codes}}) AND orgunit_id IN ({{marks}})"
)
