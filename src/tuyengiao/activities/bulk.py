"""Activities in files: the .xlsx and CSV template (one row per activity, with a sheet of the
kinds and the units to use), and the import of a filled-in file, all rows or none.

A file is read by its header row, found in its first rows by the Vietnamese headings (or the
field names), in any order; a column it does not know is ignored. Every row is checked before
any is saved, and each problem is named by the row as the spreadsheet numbers it, the column
and a Vietnamese sentence. The reading, its limits and the CSV encodings are
`tabular.reading`'s; the saving, its scope and the month's lock are `services.activities_import`'s.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import units_in_scope
from tuyengiao.activities.models import Activity, ActivityKind
from tuyengiao.activities.services import ActivitiesRefused, ActivityDraft, activities_import
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tabular.reading import Row, Source, UnreadableFile, sheet_rows
from tuyengiao.tabular.writing import BOLD, TITLE, XlsxSheet, csv_bytes
from tuyengiao.textkit.docnum import canonical_symbol
from tuyengiao.textkit.normalize import fold, normalize
from tuyengiao.values.services import RowError

HEADER_SEARCH = 20  # rows above the header: a title, the instructions
MAX_COUNT = 1_000_000  # as the API: more people than a province holds is a typing slip

# (field, heading in the template, other headings a person may have typed)
COLUMNS = [
    ("orgunit", "Mã đơn vị", ("orgunit", "don vi")),
    ("kind", "Loại hoạt động", ("kind", "loai", "ma loai hoat dong")),
    ("title", "Tên hoạt động", ("title", "ten", "noi dung")),
    ("held_on", "Ngày", ("held_on", "ngay to chuc", "tu ngay")),
    ("ends_on", "Đến ngày", ("ends_on", "ngay ket thuc")),
    ("starts_at", "Giờ bắt đầu", ("starts_at", "tu gio")),
    ("ends_at", "Giờ kết thúc", ("ends_at", "den gio")),
    ("place", "Địa điểm", ("place",)),
    ("documents", "Văn bản học tập", ("documents", "van ban", "so ky hieu van ban")),
    ("party_members", "Đảng viên", ("party_members", "dang vien du")),
    ("cadres", "Cán bộ", ("cadres", "can bo du")),
    ("youth_members", "Đoàn viên", ("youth_members", "doan vien du")),
    ("association_members", "Hội viên", ("association_members", "hoi vien du")),
    ("public", "Quần chúng", ("public", "quan chung du", "nhan dan")),
    ("sessions", "Số buổi học", ("sessions", "so buoi")),
    ("enrolled", "Số học viên", ("enrolled", "hoc vien")),
    ("graduated", "Số học viên tốt nghiệp", ("graduated", "tot nghiep")),
    ("result_note", "Kết quả", ("result_note", "ket qua dat duoc", "ghi chu")),
]
REQUIRED = ("orgunit", "kind", "title", "held_on")
HEADINGS = {key: heading for key, heading, _others in COLUMNS}
_KEYS = {fold(heading): key for key, heading, _ in COLUMNS} | {
    fold(other): key for key, _, others in COLUMNS for other in others
}
COUNTS = ("party_members", "cadres", "youth_members", "association_members", "public")
CLASS_COUNTS = ("sessions", "enrolled", "graduated")
TEXTS = {"title": 255, "place": 255, "result_note": 5000}

_DATE_RE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME_RE = re.compile(r"(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{0,2})(?:\s*(?::\d{2}|phút|p))?")
_COUNT_RE = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of a spreadsheet's date serials


@dataclass
class ImportResult:
    """What became of a file: the activities saved, or the errors (and nothing saved)."""

    rows: int = 0
    saved: list[Activity] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class _CellError(ValueError):
    pass


# --- reading --------------------------------------------------------------------------------
def _header(cells: Iterable[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, cell in enumerate(cells):
        key = _KEYS.get(fold(str(cell)).strip()) if cell is not None else None
        if key and key not in found.values():
            found[index] = key
    return found


def read_rows(name: str, source: Source) -> tuple[list[dict[str, object]], list[int]]:
    """The rows of an uploaded file below its header, as {field: cell}, and the line of each.
    Raises ValidationError (Vietnamese) when the file cannot be read or has no header."""
    try:
        with sheet_rows(source, name=name) as lines:
            return _collect(lines)
    except UnreadableFile as error:
        raise ValidationError(error.message) from None


def _collect(lines: Iterable[tuple[int, Row]]) -> tuple[list[dict[str, object]], list[int]]:
    columns: dict[int, str] | None = None
    rows: list[dict[str, object]] = []
    numbers: list[int] = []
    for number, cells in lines:
        if columns is None:
            header = _header(cells)
            if all(key in header.values() for key in REQUIRED):
                columns = header
            elif number > HEADER_SEARCH:
                break
            continue
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        rows.append({key: cells[i] if i < len(cells) else None for i, key in columns.items()})
        numbers.append(number)
    if columns is None:
        raise ValidationError(
            _("Không thấy dòng tiêu đề có các cột %(columns)s: hãy dùng tệp mẫu.")
            % {"columns": ", ".join(f"“{HEADINGS[key]}”" for key in REQUIRED)}
        )
    return rows, numbers


# --- cells ----------------------------------------------------------------------------------
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number: 101, not 101.0
    return " ".join(normalize(str(value)).split())


def _date(value: object) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 2_958_466:  # a serial not shown as date
        return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = _text(value)
    match = _DATE_RE.fullmatch(text)
    parts = (match[3], match[2], match[1]) if match else None
    if match is None and (iso := _ISO_DATE_RE.fullmatch(text)):
        parts = (iso[1], iso[2], iso[3])
    try:
        if parts is None:
            raise ValueError(text)
        return datetime.date(*map(int, parts))
    except ValueError:
        raise _CellError(
            _("Ngày “%(value)s” không hợp lệ: viết kiểu 25/03/2026.") % {"value": text}
        ) from None


def _time(value: object) -> datetime.time | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # a fraction of a day
        minutes = round(value * 24 * 60)
        return datetime.time(minutes // 60 % 24, minutes % 60)
    text = _text(value).lower()
    match = _TIME_RE.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        return datetime.time(int(match[1]), int(match[2] or 0))
    except ValueError:
        raise _CellError(
            _("Giờ “%(value)s” không hợp lệ: viết kiểu 07:30 hoặc 14h00.") % {"value": text}
        ) from None


def _count(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _CellError(_("Cần một số nguyên không âm."))
    if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
        number = int(value)
    elif isinstance(value, str) and _COUNT_RE.fullmatch(value.strip()):
        number = int(value.strip().replace(".", ""))
    else:
        raise _CellError(
            _("“%(value)s” không phải số nguyên không âm (viết kiểu 1.234).")
            % {"value": _text(value)}
        )
    if number > MAX_COUNT:
        raise _CellError(_("Số %(value)s quá lớn.") % {"value": number})
    return number


# --- rows into activities -------------------------------------------------------------------
class _Lookups:
    """What the rows name, read once for the whole file: kinds, the units the user may enter
    for, and the documents they may read, by symbol."""

    def __init__(self, user, rows: list[dict[str, object]]) -> None:
        self.kinds: dict[str, ActivityKind] = {}
        for kind in ActivityKind.objects.all():
            self.kinds[fold(kind.code)] = kind
            self.kinds.setdefault(fold(kind.name), kind)
        codes = {_text(row.get("orgunit")) for row in rows}
        codes |= {code.upper() for code in codes}  # "hl-x01" typed for HL-X01
        units = units_in_scope(user, role=Role.EDITOR).filter(code__in=codes)
        self.units: dict[str, OrgUnit] = {unit.code: unit for unit in units}
        symbols = {s for row in rows for s in _symbols(row.get("documents"))}
        self.documents: dict[str, list[Document]] = {}
        for document in documents_visible(user).filter(symbol__in=symbols):
            self.documents.setdefault(document.symbol, []).append(document)

    def unit(self, code: str) -> OrgUnit | None:
        return self.units.get(code) or self.units.get(code.upper())

    def document(self, symbol: str, held_on: datetime.date | None) -> Document:
        """The document of that symbol; of two (a number restarts each term), the latest
        issued by the day of the activity."""
        found = self.documents.get(symbol)
        if not found:
            raise _CellError(
                _("Không tìm thấy văn bản “%(symbol)s” trong các văn bản bạn được xem.")
                % {"symbol": symbol}
            )
        day = held_on or datetime.date.max
        issued = [d for d in found if d.issued_on is None or d.issued_on <= day] or found
        return max(issued, key=lambda d: (d.issued_on or datetime.date.min, d.pk))


def _symbols(value: object) -> list[str]:
    typed = [" ".join(part.split()) for part in re.split(r"[;,\n]", _text(value))]
    return [canonical_symbol(part) or part for part in typed if part]


def _draft(row: dict[str, object], look: _Lookups) -> tuple[ActivityDraft | None, list]:
    """The activity a row describes, or the (field, message) of what is wrong with it."""
    errors: list[tuple[str, str]] = []
    fields: dict[str, object] = {}

    def read(key: str, parse):
        try:
            return parse(row.get(key))
        except _CellError as error:
            errors.append((key, str(error)))
            return None

    code = _text(row.get("orgunit"))
    unit = look.unit(code)
    if unit is None:
        message = (
            _("Đơn vị “%(code)s” không có hoặc bạn không có quyền nhập liệu cho đơn vị này.")
            if code
            else _("Cần mã đơn vị.")
        )
        errors.append(("orgunit", message % {"code": code}))
    kind_text = _text(row.get("kind"))
    kind = look.kinds.get(fold(kind_text))
    if kind is None:
        errors.append(("kind", _("Không có loại hoạt động “%(kind)s”: xem trang “Danh mục” của "
                                 "tệp mẫu.") % {"kind": kind_text}))  # fmt: skip
    for key, limit in TEXTS.items():
        fields[key] = text = _text(row.get(key))
        if len(text) > limit:
            errors.append((key, _("Dài quá %(max)s ký tự.") % {"max": limit}))
    if not fields["title"]:
        errors.append(("title", _("Cần tên hoạt động.")))
    fields["held_on"] = read("held_on", _date)
    if fields["held_on"] is None and not any(key == "held_on" for key, _m in errors):
        errors.append(("held_on", _("Cần ngày tổ chức.")))
    fields["ends_on"] = read("ends_on", _date)
    fields["starts_at"] = read("starts_at", _time)
    fields["ends_at"] = read("ends_at", _time)
    for key in COUNTS:
        fields[key] = read(key, _count) or 0
    for key in CLASS_COUNTS:
        fields[key] = read(key, _count)
        if fields[key] is not None and kind is not None and not kind.is_class:
            errors.append((key, _("“%(kind)s” không phải lớp học: bỏ trống cột này.")
                           % {"kind": kind.name}))  # fmt: skip
    documents = []
    for symbol in _symbols(row.get("documents")):
        try:
            documents.append(look.document(symbol, fields["held_on"]))  # type: ignore[arg-type]
        except _CellError as error:
            errors.append(("documents", str(error)))
    if errors:
        return None, errors
    activity = Activity(kind=kind, orgunit=unit, **fields)
    try:  # a time span backwards, more graduates than learners: the model's own checks
        activity.full_clean(exclude=["created_by", "kind", "orgunit"])  # both just read
    except ValidationError as error:
        return None, [(key, m) for key, messages in error.message_dict.items() for m in messages]
    return ActivityDraft(activity, documents=list(dict.fromkeys(documents))), []


def activities_file_import(user, rows: list[dict[str, object]], lines: list[int]) -> ImportResult:
    """Check every row, then save them all (`services.activities_import`), or none."""
    result = ImportResult(rows=len(rows))
    look = _Lookups(user, rows)
    drafts: list[ActivityDraft] = []
    draft_lines: list[int] = []
    for row, line in zip(rows, lines, strict=True):
        draft, errors = _draft(row, look)
        result.errors += [RowError(line, _heading(key), message) for key, message in errors]
        if draft is not None:
            drafts.append(draft)
            draft_lines.append(line)
    if result.errors:
        return result
    try:
        result.saved = activities_import(user=user, drafts=drafts)
    except ActivitiesRefused as refused:
        result.errors = [
            RowError(draft_lines[index], _heading(key), message)
            for index, key, message in refused.rows
        ]
    return result


def _heading(key: str) -> str:
    # A check of the whole activity (a time span) is the row's, shown under its date.
    return HEADINGS.get(key, HEADINGS["held_on"])


# --- templates ------------------------------------------------------------------------------
def _template_units(user) -> list[OrgUnit]:
    units = units_in_scope(user, role=Role.EDITOR).filter(closed_on__isnull=True)
    return list(units.order_by("path").only("code", "name"))


def template_xlsx(user) -> bytes:
    """The empty template, its first sheet to fill in, a second listing the kinds (and
    whether each is a class) and the units `user` may enter activities for."""
    sheet = XlsxSheet(
        _("Hoạt động"),
        widths=(14, 28, 40, 12, 12, 10, 10, 30, 22) + (10,) * 8 + (40,),
        freeze="A5",
        size=(4, len(COLUMNS)),
    )
    sheet.append([_("Hoạt động của đơn vị (mỗi dòng một hoạt động)")], font=TITLE)
    sheet.append([_(
        "Ngày viết 25/03/2026, giờ 07:30; loại hoạt động ghi mã hoặc tên (trang “Danh mục”); "
        "văn bản học tập ghi số ký hiệu, nhiều văn bản cách nhau bởi dấu “;” (35-NQ/TW; "
        "88-KL/TU); số buổi học, số học viên chỉ ghi cho lớp học."
    )])  # fmt: skip
    sheet.append([])
    sheet.append([heading for _key, heading, _others in COLUMNS], font=BOLD)
    codes = XlsxSheet(_("Danh mục"), widths=(24, 60, 10), after=sheet)
    codes.append([_("Loại hoạt động")], font=TITLE)
    codes.append([_("Mã"), _("Tên"), _("Lớp học")], font=BOLD)
    for kind in ActivityKind.objects.all():
        codes.append([kind.code, kind.name, _("có") if kind.is_class else ""])
    codes.append([])
    codes.append([_("Đơn vị bạn được nhập liệu")], font=TITLE)
    codes.append([_("Mã đơn vị"), _("Tên đơn vị")], font=BOLD)
    for unit in _template_units(user):
        codes.append([unit.code, unit.name])
    return sheet.to_bytes()


def template_csv() -> bytes:
    """The template's header row alone, for those who fill it in as text."""
    return csv_bytes([], header=[heading for _key, heading, _others in COLUMNS])
