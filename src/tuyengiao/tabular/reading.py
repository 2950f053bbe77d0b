"""Rows out of the spreadsheets people upload (.xlsx and .csv), each checked before it is read.

    with sheet_rows(upload, name=upload.name) as rows:
        for line, cells in rows:  # line: the row's number as the spreadsheet shows it
            ...

- The size of the file is checked first (stat or seek, nothing read): past `max_bytes` it is
  refused. An .xlsx then goes through `archives.archive_check` (what its parts expand to)
  before openpyxl opens it; openpyxl's read-only mode streams the sheet but still loads the
  shared strings whole, and that check is what bounds them.
- Rows stream: a sheet past `max_rows` lines is refused when its line `max_rows + 1` is
  reached, not after the whole file was read.
- A CSV's encoding is detected by the text toolkit (UTF-8 with or without BOM, UTF-16 with a
  BOM, Windows-1258, TCVN3, VNI, VISCII) and its separator from the first line (`,` `;` or
  tab). A cell that `writing` protected with an apostrophe ("'=…") reads back as it was.

Cells come as the file holds them: an .xlsx gives None, str, int, float, bool or datetime; a
CSV gives str ("" for an empty cell). Text is NFC. What the columns mean is the caller's
business; a file that cannot be read raises `UnreadableFile` with a Vietnamese message.
"""

import csv
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import IO, BinaryIO, cast

from django.conf import settings
from django.core.files.base import File
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from tuyengiao.tabular.archives import ArchiveRefused, archive_check
from tuyengiao.tabular.limits import file_too_large, upload_limit
from tuyengiao.textkit.encodings import DecodeError, decode_bytes

FORMATS = ("xlsx", "csv")
# Cells past this column are dropped before anything looks at them (no reader here needs
# them), so the work per row does not grow with a cell placed in column XFD.
MAX_COLUMNS = 256
# "'=" and the like: a cell `writing.csv_cell` protected from being read as a formula.
_PROTECTED_RE = re.compile(r"(?:^|[,;\t\"\n])'[=+\-@\t\r]")
_PROTECTED = frozenset("'" + prefix for prefix in "=+-@\t\r")

# The start of a row element, prefixed or not (<row r="1">, <x:row>, <row/>): "<" cannot
# occur in an XML text, so nothing else matches.
_ROW_TAG_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")

# A Django upload (`File`) or any binary file object, read from its current position.
type Source = bytes | Path | IO[bytes] | File
type Row = tuple | list


class UnreadableFile(ValueError):
    """The file is not read (or not read further); `message` says why, in Vietnamese, and
    `line` is the spreadsheet line it stopped at (0: the file as a whole)."""

    def __init__(self, message: str, *, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def sheet_format(name: str) -> str:
    """The format, "xlsx" or "csv", from the file's name; anything else is refused."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UnreadableFile(
            _("Chỉ nhận tệp .csv hoặc .xlsx (tệp đã gửi: “%(name)s”).") % {"name": name}
        )
    return suffix


def max_sheet_rows() -> int:
    """Lines a sheet may have: TUYENGIAO_MAX_SHEET_ROWS."""
    return settings.MAX_SHEET_ROWS


@contextmanager
def sheet_rows(
    source: Source, *, name: str, max_rows: int | None = None, max_bytes: int | None = None
) -> Iterator[Iterator[tuple[int, Row]]]:
    """The rows of the first (active) sheet of an .xlsx, or of a CSV, as (line, cells).

    `source` is the file's bytes, a binary file object (an upload: it is read from its
    current position and never read whole before its size is known) or a path. Raises
    `UnreadableFile` on entering (wrong kind, too big, not a spreadsheet) or while iterating
    (past `max_rows`, a broken CSV line).
    """
    fmt = sheet_format(name)
    max_rows = max_sheet_rows() if max_rows is None else max_rows
    max_bytes = upload_limit() if max_bytes is None else max_bytes
    with _opened(source) as stream:
        _check_size(stream, name=name, max_bytes=max_bytes)
        if fmt == "xlsx":
            with _xlsx_rows(stream, name=name, max_rows=max_rows) as rows:
                yield _limited(rows, max_rows)
        else:
            yield _limited(_csv_rows(stream.read(), max_rows=max_rows), max_rows)


@contextmanager
def _opened(source: Source) -> Iterator[BinaryIO]:
    if isinstance(source, bytes | bytearray):
        yield io.BytesIO(source)
    elif isinstance(source, PurePath):
        try:
            stream = Path(source).open("rb")  # noqa: SIM115 - closed by the `with` below
        except OSError as error:
            raise UnreadableFile(
                _("Không mở được %(file)s: %(error)s")
                % {"file": source, "error": error.strerror or error}
            ) from None
        with stream:
            yield stream
    else:
        yield cast(BinaryIO, source)


def _check_size(stream: BinaryIO, *, name: str, max_bytes: int) -> None:
    try:
        size = os.fstat(stream.fileno()).st_size - stream.tell()
    except (AttributeError, OSError, io.UnsupportedOperation):
        position = stream.tell()
        size = stream.seek(0, io.SEEK_END) - position
        stream.seek(position)
    if size > max_bytes:
        raise UnreadableFile(file_too_large(name=name, size=size, limit=max_bytes))


def _limited(rows: Iterator[Row], max_rows: int) -> Iterator[tuple[int, Row]]:
    for line, cells in enumerate(rows, start=1):
        if line > max_rows:
            raise _too_long(max_rows)
        yield line, cells


def _too_long(max_rows: int) -> UnreadableFile:
    return UnreadableFile(
        _("Tệp có quá %(max)s dòng: hãy chia thành nhiều tệp.")
        % {"max": f"{max_rows:,}".replace(",", ".")},
        line=max_rows + 1,
    )


# --- .xlsx ----------------------------------------------------------------------------------
@contextmanager
def _xlsx_rows(stream: BinaryIO, *, name: str, max_rows: int) -> Iterator[Iterator[Row]]:
    try:
        archive_check(stream, name=name)
    except ArchiveRefused as refused:
        raise UnreadableFile(str(refused)) from None
    # Before openpyxl opens it: on a sheet without a <dimension> its opening alone parses
    # every row (bench/README.md, "Spreadsheets without a dimension").
    if _xlsx_too_long(stream, max_rows):
        raise _too_long(max_rows)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise UnreadableFile(
            _("Không đọc được tệp XLSX: tệp hỏng hoặc không phải định dạng Excel 2007 trở lên.")
        ) from None
    try:
        sheet = book.active
        if not isinstance(sheet, ReadOnlyWorksheet):  # a chart sheet, or none active
            sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise UnreadableFile(_("Tệp .xlsx không có trang tính nào."))
        # The declared size may be wrong (or missing, as openpyxl's write-only mode leaves
        # it) and openpyxl would stop at it: every row is read, the row limit bounds them.
        # A row comes as long as its last cell, not padded to a width.
        sheet.reset_dimensions()
        yield _xlsx_values(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def _xlsx_too_long(stream: BinaryIO, max_rows: int) -> bool:
    """Whether a part of the workbook holds more than `max_rows` rows, counted in a pass
    that keeps nothing (bench/README.md, "Spreadsheets without a dimension"): refused
    before openpyxl builds a row, and
    before an importer has kept a million of them. Every sheet counts, not only the one
    read: which one that is, only openpyxl's parsing of the workbook says."""
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            for member in archive.infolist():
                # Images are not read, nor a part too short to hold so many rows.
                too_short = member.file_size < max_rows * len(b"<row/>")
                if too_short or not member.filename.endswith(".xml"):
                    continue
                with archive.open(member) as part:
                    if _count_over(part, max_rows):
                        return True
    except (zipfile.BadZipFile, OSError, ValueError):
        pass  # openpyxl says what is wrong with it
    finally:
        stream.seek(position)
    return False


def _count_over(member: IO[bytes], max_rows: int) -> bool:
    count, tail = 0, b""
    while chunk := member.read(4 * 1024 * 1024):
        data = tail + chunk
        # A tag cut by the previous chunk's end is found now, ending past the tail.
        count += sum(1 for tag in _ROW_TAG_RE.finditer(data) if tag.end() > len(tail))
        if count > max_rows:
            return True
        tail = data[-64:]
    return False


def _xlsx_values(rows: Iterator[tuple]) -> Iterator[Row]:
    for cells in rows:
        if len(cells) > MAX_COLUMNS:  # a cell in column XFD: nothing we read is there
            cells = cells[:MAX_COLUMNS]
        if any(type(value) is str and not value.isascii() for value in cells):
            cells = tuple(unicodedata.normalize("NFC", v) if type(v) is str else v for v in cells)
        yield cells


# --- .csv -----------------------------------------------------------------------------------
def _csv_text(content: bytes) -> str:
    if content.startswith(b"PK\x03\x04"):
        raise UnreadableFile(_("Tệp này là tệp Excel (.xlsx), không phải CSV: hãy đổi đuôi tệp."))
    try:
        # NFC already; UTF-16 is read when it starts with its BOM, as Excel writes it.
        return decode_bytes(content).text.removeprefix("\ufeff")
    except DecodeError:
        raise UnreadableFile(
            _(
                "Không nhận ra bảng mã của tệp CSV (đã thử UTF-8, UTF-16, Windows-1258, TCVN3, "
                "VNI). Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng "
                "“CSV UTF-8”, hoặc chuyển sang Unicode bằng Unikey."
            ),
            line=1,
        ) from None


def _csv_rows(content: bytes, *, max_rows: int) -> Iterator[Row]:
    text = _csv_text(content)
    del content
    first_line = text[: text.find("\n")] if "\n" in text else text
    # Excel set to Vietnamese writes ";" because "," is the decimal mark there; "Unicode
    # text" is separated by tabs. A tie (one column) keeps ",".
    delimiter = max(",;\t", key=first_line.count)
    # Fewer line ends than the limit: fewer records too. Otherwise they are counted in a
    # pass that keeps nothing, so a file past the limit is refused before its first row.
    if text.count("\n") >= max_rows and _csv_too_long(text, delimiter, max_rows):
        raise _too_long(max_rows)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    protected = _PROTECTED_RE.search(text) is not None
    try:
        for cells in reader:
            if protected:
                cells = [v[1:] if v[:2] in _PROTECTED else v for v in cells]
            yield cells
    except csv.Error as error:
        raise UnreadableFile(
            _("Dòng %(line)s của tệp CSV hỏng: %(error)s")
            % {"line": reader.line_num, "error": error},
            line=reader.line_num,
        ) from None


def _csv_too_long(text: str, delimiter: str, max_rows: int) -> bool:
    if '"' not in text:  # no quoted field: a record is a line
        return text.count("\n") + (not text.endswith("\n")) > max_rows
    try:
        for count, _cells in enumerate(csv.reader(_lines(text), delimiter=delimiter), start=1):
            if count > max_rows:
                return True
    except csv.Error:  # said with its line number when the rows are read
        pass
    return False


def _lines(text: str) -> Iterator[str]:
    """`text` line by line, ends kept, without copying it whole (a StringIO would)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end
