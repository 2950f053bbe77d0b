"""Import of the tree from CSV or XLSX: all rows or none, with a per-row error report.

Rows are matched to units by code: a new code creates a unit, a known code updates it. Rows
may come in any order. Every row is checked before anything is written; one bad row and the
import writes nothing and lists every problem (line, column, message). The writes are bulk
statements so that a 3,000-unit province imports in seconds; since bulk statements bypass
django-auditlog's signals, the import sends the audit entries for the audit trail to write
(`signals.units_audited`).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.orgunits.access import UNIT_ADMIN, scope_paths
from tuyengiao.orgunits.columns import COLUMNS, SheetRow, read_table
from tuyengiao.orgunits.importing_writes import UnitValues, apply_plan
from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.tabular.reading import Source, UnreadableFile
from tuyengiao.textkit.normalize import nfc
from tuyengiao.ui.formats import parse_date

type Progress = Callable[[str], None]

_EXISTING_FIELDS = (
    "pk",
    "code",
    "name",
    "short_name",
    "kind_id",
    "parent_id",
    "path",
    "opened_on",
    "closed_on",
    "successor_id",
)


@dataclass(frozen=True, order=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str
    successor_code: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    # Columns the file lacks: an existing unit keeps its value for them.
    absent: frozenset[str] = frozenset()
    # Columns whose value could not be read (already reported).
    invalid: frozenset[str] = frozenset()


class _Checker:
    """Collects errors row by row, so that one pass reports every problem at once."""

    def __init__(self) -> None:
        self.errors: list[RowError] = []

    def add(self, line: int, column: str, message: str) -> None:
        self.errors.append(RowError(line=line, column=column, message=message))


def _parse_date(value, *, line: int, column: str, check: _Checker) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        # As a date box reads it (30/06/2026, 30-6-2026, 2026-06-30…), spaces typed inside
        # left out; its message says what is wrong with the day.
        return parse_date(re.sub(r"\s+", "", str(value)))
    except ValueError as error:
        check.add(line, column, str(error))
        return None


def _parse_row(raw: SheetRow, *, kinds: dict[str, int], check: _Checker) -> _Row:
    def text(column: str) -> str:
        return nfc(str(raw.cells.get(column, ""))).strip()

    errors_before = len(check.errors)
    row = _Row(
        line=raw.line,
        code=text("code"),
        name=text("name"),
        short_name=text("short_name"),
        kind=text("kind"),
        parent_code=text("parent_code"),
        successor_code=text("successor_code"),
        opened_on=_parse_date(
            raw.cells.get("opened_on"), line=raw.line, column="opened_on", check=check
        ),
        closed_on=_parse_date(
            raw.cells.get("closed_on"), line=raw.line, column="closed_on", check=check
        ),
        absent=frozenset(c for c in COLUMNS if c not in raw.cells),
    )
    row.invalid = frozenset(e.column for e in check.errors[errors_before:])
    for column in ("code", "name", "kind"):
        if not getattr(row, column):
            check.add(row.line, column, _("Thiếu giá trị bắt buộc."))
    for column, limit in (("code", 40), ("name", 255), ("short_name", 120)):
        if len(getattr(row, column)) > limit:
            check.add(row.line, column, _("Dài quá %(limit)s ký tự.") % {"limit": limit})
    if row.kind and row.kind not in kinds:
        check.add(
            row.line,
            "kind",
            _("Không có loại đơn vị mã “%(kind)s”. Các mã có: %(known)s.")
            % {"kind": row.kind, "known": ", ".join(sorted(kinds))},
        )
    if row.code and row.parent_code == row.code:
        check.add(row.line, "parent_code", _("Một đơn vị không thể là cấp trên của chính nó."))
    if row.code and row.successor_code == row.code:
        check.add(row.line, "successor_code", _("Một đơn vị không thể hợp nhất vào chính nó."))
    return row


def _keep_absent(rows: dict[str, _Row], existing: dict[str, dict]) -> None:
    """Give columns the file lacks the unit's current value, so a partial file changes only
    what it lists."""
    code_of = {unit["pk"]: code for code, unit in existing.items()}
    for row in rows.values():
        unit = existing.get(row.code)
        if unit is None:
            continue
        for column in row.absent:
            if column in ("short_name", "opened_on", "closed_on"):
                setattr(row, column, unit[column])
            elif column in ("parent_code", "successor_code"):
                related = unit["parent_id" if column == "parent_code" else "successor_id"]
                setattr(row, column, code_of.get(related, ""))


def _check_dates(rows: dict[str, _Row], check: _Checker) -> None:
    for row in rows.values():
        if row.opened_on and row.closed_on and row.closed_on < row.opened_on:
            check.add(row.line, "closed_on", _("Ngày giải thể trước ngày thành lập."))
        if row.successor_code and not row.closed_on and "closed_on" not in row.invalid:
            check.add(
                row.line,
                "closed_on",
                _("Đơn vị đã hợp nhất vào đơn vị khác phải có ngày giải thể."),
            )


def _check_parents_open(rows: dict[str, _Row], existing: dict[str, dict], check: _Checker) -> None:
    """A unit put under a new parent must not outlive it (as `orgunit_move` refuses)."""
    code_of = {unit["pk"]: code for code, unit in existing.items()}
    for row in rows.values():
        unit = existing.get(row.code)
        if not row.parent_code or (unit and code_of.get(unit["parent_id"]) == row.parent_code):
            continue
        if row.parent_code in rows:
            parent_closed = rows[row.parent_code].closed_on
        elif row.parent_code in existing:
            parent_closed = existing[row.parent_code]["closed_on"]
        else:
            continue  # reported as unknown
        if parent_closed and (row.closed_on is None or row.closed_on > parent_closed):
            check.add(
                row.line,
                "parent_code",
                _("Đơn vị cấp trên “%(code)s” đã giải thể ngày %(day)s.")
                % {"code": row.parent_code, "day": f"{parent_closed:%d/%m/%Y}"},
            )


def _check_closing(rows: dict[str, _Row], existing: dict[str, dict], check: _Checker) -> None:
    """A unit the file closes must not keep open children (as `orgunit_close` refuses)."""
    closing = {
        code: row
        for code, row in rows.items()
        if row.closed_on and (code not in existing or existing[code]["closed_on"] != row.closed_on)
    }
    if not closing:
        return
    open_children: dict[str, list[str]] = {code: [] for code in closing}
    for row in rows.values():
        parent = closing.get(row.parent_code)
        if parent and (row.closed_on is None or row.closed_on > parent.closed_on):  # type: ignore[operator]
            open_children[parent.code].append(row.code)
    code_of = {existing[c]["pk"]: c for c in closing if c in existing}
    parent_ids = sorted(code_of)
    for start in range(0, len(parent_ids), 2000):
        children = (
            OrgUnit.objects.filter(parent_id__in=parent_ids[start : start + 2000])
            .exclude(code__in=list(rows))
            .values_list("parent_id", "code", "closed_on")
        )
        for parent_id, code, closed_on in children:
            parent = closing[code_of[parent_id]]
            if closed_on is None or closed_on > parent.closed_on:  # type: ignore[operator]
                open_children[parent.code].append(code)
    for code, children_codes in open_children.items():
        if children_codes:
            check.add(
                closing[code].line,
                "closed_on",
                _("Còn đơn vị cấp dưới đang hoạt động: %(codes)s. Hãy chuyển hoặc giải thể chúng.")
                % {"codes": ", ".join(sorted(children_codes)[:10])},
            )


def _first_rows_by_code(rows: list[_Row], check: _Checker) -> dict[str, _Row]:
    by_code: dict[str, _Row] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in by_code:
            check.add(
                row.line,
                "code",
                _("Mã “%(code)s” trùng với dòng %(line)s.")
                % {"code": row.code, "line": by_code[row.code].line},
            )
        else:
            by_code[row.code] = row
    return by_code


def _existing_units(codes: set[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    ordered = sorted(codes)
    # Chunks keep each IN list under the parameter limits of SQLite.
    for start in range(0, len(ordered), 2000):
        chunk = ordered[start : start + 2000]
        for unit in OrgUnit.objects.filter(code__in=chunk).values(*_EXISTING_FIELDS):
            found[unit["code"]] = unit
    return found


def _check_references(rows: dict[str, _Row], existing: dict[str, dict], check: _Checker) -> None:
    for row in rows.values():
        for column in ("parent_code", "successor_code"):
            target = getattr(row, column)
            if target and target not in rows and target not in existing:
                check.add(
                    row.line,
                    column,
                    _("Không tìm thấy đơn vị mã “%(code)s” (trong tệp hay trong hệ thống).")
                    % {"code": target},
                )


def _check_cycles(rows: dict[str, _Row], existing: dict[str, dict], check: _Checker) -> None:
    """Refuse A under B under … under A, after the file's changes are applied.

    The walk goes up the future parents: a file row's parent_code, or for a unit outside the
    file its ancestors in the database, up to the nearest one the file moves.
    """
    file_code_of_id = {existing[c]["pk"]: c for c in rows if c in existing}

    def parent_of(code: str) -> str | None:
        parent = rows[code].parent_code
        if parent == code:
            return None  # reported as "its own parent" already
        if not parent or parent in rows:
            return parent or None
        if parent not in existing:
            return None
        path_ids = [int(p) for p in existing[parent]["path"].strip("/").split("/") if p]
        return next((file_code_of_id[i] for i in reversed(path_ids) if i in file_code_of_id), None)

    walked: dict[str, str] = {}
    for start in rows:
        chain: list[str] = []
        code: str | None = start
        while code is not None and code not in walked:
            walked[code] = start
            chain.append(code)
            code = parent_of(code)
        if code is not None and walked[code] == start:
            cycle = chain[chain.index(code) :]
            loop = " → ".join([*cycle, code])
            for member in cycle:
                check.add(
                    rows[member].line,
                    "parent_code",
                    _("Vòng lặp cấp trên: %(loop)s.") % {"loop": loop},
                )


def _check_scope(user, rows: dict[str, _Row], existing: dict[str, dict], check: _Checker) -> None:
    """A unit administrator may change only units under the units they administer."""
    paths = scope_paths(user, role=UNIT_ADMIN) if user is not None else None
    if paths is None:
        return

    def in_scope(code: str) -> bool:
        return any(existing[code]["path"].startswith(p) for p in paths)

    def parent_code_in_db(unit: dict) -> str | None:
        return id_to_code.get(unit["parent_id"])

    id_to_code = {unit["pk"]: code for code, unit in existing.items()}
    for row in rows.values():
        unit = existing.get(row.code)
        if unit is not None and not in_scope(row.code):
            check.add(
                row.line,
                "code",
                _("Bạn không có quyền quản trị đơn vị mã “%(code)s”.") % {"code": row.code},
            )
            continue
        unchanged_parent = unit is not None and (
            unit["parent_id"] is None
            if not row.parent_code
            else parent_code_in_db(unit) == row.parent_code
        )
        if not unchanged_parent:
            if not row.parent_code:
                check.add(
                    row.line, "parent_code", _("Chỉ quản trị hệ thống mới tạo được đơn vị gốc.")
                )
            elif (
                row.parent_code not in rows
                and row.parent_code in existing
                and not in_scope(row.parent_code)
            ):
                check.add(
                    row.line,
                    "parent_code",
                    _("Bạn không có quyền quản trị đơn vị cấp trên “%(code)s”.")
                    % {"code": row.parent_code},
                )
        target = row.successor_code
        successor_changed = unit is None or id_to_code.get(unit["successor_id"]) != target
        outside = target in existing and target not in rows and not in_scope(target)
        if target and successor_changed and outside:
            check.add(
                row.line,
                "successor_code",
                _("Bạn không có quyền quản trị đơn vị “%(code)s”.") % {"code": target},
            )


def _referenced_codes(rows: dict[str, _Row], existing_rows: list[_Row]) -> set[str]:
    codes = set(rows)
    for row in existing_rows:
        codes.update(c for c in (row.parent_code, row.successor_code) if c)
    return codes


def _validate(
    user, raw_rows: list[SheetRow], check: _Checker
) -> tuple[dict[str, _Row], dict[str, dict], dict[str, int]]:
    kinds = dict(UnitKind.objects.values_list("code", "pk"))
    parsed = [_parse_row(raw, kinds=kinds, check=check) for raw in raw_rows]
    rows = _first_rows_by_code(parsed, check)
    existing = _existing_units(_referenced_codes(rows, parsed))
    # The parents' own rows are needed to compare "parent unchanged" by code.
    parent_ids = {u["parent_id"] for u in existing.values()} | {
        u["successor_id"] for u in existing.values()
    }
    known_ids = {u["pk"] for u in existing.values()}
    missing_ids = [i for i in parent_ids - known_ids if i is not None]
    for unit in OrgUnit.objects.filter(pk__in=missing_ids).values(*_EXISTING_FIELDS):
        existing.setdefault(unit["code"], unit)
    _keep_absent(rows, existing)
    _check_dates(rows, check)
    _check_references(rows, existing, check)
    _check_cycles(rows, existing, check)
    _check_closing(rows, existing, check)
    _check_parents_open(rows, existing, check)
    _check_scope(user, rows, existing, check)
    return rows, existing, kinds


def orgunits_import(
    *,
    user,
    content: Source,
    filename: str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Create or update units from a CSV/XLSX file; all rows or none.

    `content` is the file: its bytes, a binary file object (an upload, read as it streams)
    or a path.

    `user` None means the system (management command without --user): no scope limit.
    With `dry_run` everything is checked and written inside a transaction that is then
    rolled back, so the counts are exactly what a real run would do.
    """
    report = progress or (lambda message: None)
    result = ImportResult(dry_run=dry_run)
    try:
        raw_rows = read_table(content=content, filename=filename)
    except UnreadableFile as exc:
        result.errors.append(RowError(line=exc.line, column="", message=exc.message))
        return result
    report(_("Đã đọc %(count)s dòng; đang kiểm tra…") % {"count": len(raw_rows)})
    check = _Checker()
    rows, existing, kinds = _validate(user, raw_rows, check)
    if check.errors:
        result.errors = sorted(set(check.errors))
        return result
    values = [
        UnitValues(
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            kind_id=kinds[row.kind],
            parent_code=row.parent_code or None,
            successor_code=row.successor_code or None,
            opened_on=row.opened_on,
            closed_on=row.closed_on,
        )
        for row in rows.values()
    ]
    report(_("Đang ghi %(count)s đơn vị…") % {"count": len(values)})
    with transaction.atomic():
        counts = apply_plan(
            values=values,
            existing=existing,
            actor=user,
            today=timezone.localdate(),
            note=_("Nhập từ tệp %(name)s") % {"name": filename},
        )
        if dry_run:
            transaction.set_rollback(True)
    result.created, result.updated, result.unchanged = counts
    return result
