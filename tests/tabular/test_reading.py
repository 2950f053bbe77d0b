"""Rows out of .xlsx and .csv: encodings and separators, sizes checked before reading, rows
streamed and refused as soon as a sheet passes the row limit."""

import csv
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from tuyengiao.tabular.reading import MAX_COLUMNS, UnreadableFile, sheet_rows
from tuyengiao.tabular.writing import csv_bytes
from tuyengiao.textkit.encodings import encode_legacy

ROWS = [
    ["Mã đơn vị", "Tên đơn vị", "Ghi chú"],
    ["XA-AB", "Đảng ủy xã An Bình", "Hội nghị quán triệt nghị quyết của Tỉnh ủy"],
    ["CB-1", "Chi bộ thôn Hòa Bình", "Tổ chức học tập chuyên đề năm 2025, có 45 đảng viên"],
    ["CB-2", "Chi bộ khu phố Đông Hòa", "Tuyên truyền kỷ niệm ngày thành lập Đảng"],
]


def read(source, name="a.csv", **limits) -> list[list]:
    with sheet_rows(source, name=name, **limits) as rows:
        return [list(cells) for _line, cells in rows]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encoded(text: str, encoding: str) -> bytes:
    if encoding in ("tcvn3", "vni", "cp1258"):
        return encode_legacy(text, encoding)
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(encoding)


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258", "tcvn3", "vni"])
def test_csv_encodings_and_separators_round_trip(encoding, separator):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=separator).writerows(ROWS)  # quotes the cell holding ","
    text = out.getvalue()
    assert read(encoded(text, encoding)) == ROWS


def test_csv_written_by_us_reads_back_unchanged():
    rows = [['=HYPERLINK("http://x")', "+1", "-5", "@SUM(A1)", "'quoted", "'"], ["a", "", "b"]]
    assert read(csv_bytes(rows)) == rows


def test_unknown_encoding_and_binary_are_explained():
    with pytest.raises(UnreadableFile, match="bảng mã"):
        read(b"a,b\n\x81\x8d\x8f\x90\x9d\x81\x8d\n")
    with pytest.raises(UnreadableFile, match=r"\.xlsx"):
        read(xlsx([["a"]]))


def test_only_xlsx_and_csv():
    with pytest.raises(UnreadableFile, match="Chỉ nhận tệp"):
        read(b"a", name="a.xls")


class Unreadable(io.BytesIO):
    """An upload that must not be read: only its size may be looked at."""

    def read(self, *args):
        raise AssertionError("read before its size was checked")


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_size_checked_before_anything_is_read(settings, name):
    settings.MAX_UPLOAD_BYTES = 1000
    with pytest.raises(UnreadableFile, match=r"“a\.(csv|xlsx)” quá lớn \(1 MB, tối đa 1 MB\)"):
        read(Unreadable(b"x" * 1001), name=name)


def test_size_of_a_path_and_of_the_rest_of_a_stream(settings, tmp_path):
    settings.MAX_UPLOAD_BYTES = 100
    path = tmp_path / "a.csv"
    path.write_bytes(b"a\n" * 60)
    with pytest.raises(UnreadableFile, match="quá lớn"):
        read(path)
    with path.open("rb") as stream:
        stream.seek(40)  # what is left to read is what counts
        assert len(read(stream)) == 40


def test_a_missing_path_is_explained(tmp_path):
    with pytest.raises(UnreadableFile, match="Không mở được"):
        read(tmp_path / "khong-co.csv")


@pytest.mark.parametrize("name", ["a.csv", "a.xlsx"])
def test_rows_past_the_limit_refused_before_the_first(settings, name):
    settings.MAX_SHEET_ROWS = 10
    rows = [[f"r{n}", n] for n in range(1, 2001)]
    content = csv_bytes(rows) if name == "a.csv" else xlsx(rows)
    with pytest.raises(UnreadableFile, match="quá 10 dòng") as refused:
        read(content, name=name)
    assert refused.value.line == 11
    assert read(content, name=name, max_rows=2000)[-1][0] == "r2000"


def test_csv_records_not_lines_are_counted(settings):
    settings.MAX_SHEET_ROWS = 3
    three = csv_bytes([["a", "dòng 1\ndòng 2\ndòng 3"], ["b", "x"], ["c", "y"]])
    assert len(read(three)) == 3
    with pytest.raises(UnreadableFile, match="quá 3 dòng"):
        read(three + csv_bytes([["d", "z"]])[3:])


def test_lines_past_the_limit_refused_as_soon_as_reached(settings):
    """Few rows, far apart: the sheet's line numbers pass the limit while it streams."""
    settings.MAX_SHEET_ROWS = 10
    book = Workbook()
    book.active["A1"], book.active["A5"], book.active["A500"] = "a", "b", "c"
    buffer = io.BytesIO()
    book.save(buffer)
    seen = []
    with (
        pytest.raises(UnreadableFile, match="quá 10 dòng") as refused,
        sheet_rows(buffer.getvalue(), name="a.xlsx") as lines,
    ):
        for line, _cells in lines:
            seen.append(line)
    assert seen == list(range(1, 11)) and refused.value.line == 11


class Chunked:
    """A member that reads back in chunks of `size` bytes."""

    def __init__(self, data: bytes, size: int) -> None:
        self.chunks = [data[i : i + size] for i in range(0, len(data), size)]

    def read(self, _size: int) -> bytes:
        return self.chunks.pop(0) if self.chunks else b""


def test_row_count_across_chunks_and_prefixes():
    from tuyengiao.tabular.reading import _count_over

    xml = b'<x:sheetData><x:row r="1"/>' + b"<row>a</row>" * 1000 + b"<rowBreaks/><row\n/>"
    for size in (5, 64, 4 * 1024 * 1024):
        assert _count_over(Chunked(xml, size), 1001) is True
        assert _count_over(Chunked(xml, size), 1002) is False


def test_xlsx_cells_keep_their_types_and_text_is_nfc():
    import datetime

    rows = read(xlsx([["Ho\u0300a", 12, 1.5, datetime.datetime(2025, 7, 1), None, True]]),
                name="a.xlsx")  # fmt: skip
    assert rows == [["Hòa", 12, 1.5, datetime.datetime(2025, 7, 1), None, True]]


def test_xlsx_gaps_keep_line_numbers_and_far_columns_are_cut():
    book = Workbook()
    book.active["A1"] = "đầu"
    book.active["A4"] = "cuối"
    book.active["XFD4"] = "xa"
    buffer = io.BytesIO()
    book.save(buffer)
    with sheet_rows(buffer.getvalue(), name="a.xlsx") as rows:
        lines = list(rows)
    assert [line for line, _cells in lines] == [1, 2, 3, 4]
    assert lines[3][1][0] == "cuối" and len(lines[3][1]) == MAX_COLUMNS


def test_xlsx_with_a_wrong_dimension_is_read_whole():
    """openpyxl stops at the declared dimension; the reader reads every row."""
    content = xlsx([["a"], ["b"], ["c"], ["d"]])
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:A4"/>', b'<dimension ref="A1:A2"/>')
                assert b"A1:A2" in data
            target.writestr(info, data)
    assert read(out.getvalue(), name="a.xlsx") == [["a"], ["b"], ["c"], ["d"]]


def test_broken_xlsx_is_explained():
    with pytest.raises(UnreadableFile, match="XLSX"):
        read(b"PK\x03\x04 not really", name="a.xlsx")


def test_a_big_csv_streams_in_time(settings):
    content = csv_bytes([[f"DV{n}", "Chi bộ", n] for n in range(50_000)])
    started = time.process_time()
    assert len(read(content)) == 50_000
    assert time.process_time() - started < 2
