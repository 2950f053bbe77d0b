"""Values in files: templates per form, reading .xlsx and CSV back (headers found by name,
rows numbered as the spreadsheet numbers them), and `tuyengiao values import`, all or
nothing."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from tuyengiao.reporting.files import read_rows, template_csv, template_xlsx


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_header_found_below_a_title_in_any_order():
    data = xlsx([
        ["Báo cáo tháng 10"],
        [],
        ["Số liệu", "Kỳ", "Mã đơn vị", "Ghi chú", "Mã chỉ tiêu"],
        [12, "202410", "XA-AB", "", "HN_QUAN_TRIET"],
        [None, None, None, None, None],
        ["1.234,5", 202410, "XA-BM", "x", "KINH_PHI"],
    ])  # fmt: skip
    found = read_rows("bao-cao.xlsx", data)
    assert found.lines == [4, 6]
    assert (found.rows[0]["indicator"], found.rows[0]["value"]) == ("HN_QUAN_TRIET", 12)
    assert (found.rows[1]["period"], found.rows[1]["value"]) == ("202410", "1.234,5")
    assert found.rows[0]["option"] == ""


def test_csv_with_bom_and_semicolons():
    text = "\ufeffindicator;orgunit;period;value\nHN_QUAN_TRIET;XA-AB;202410;3\n"
    found = read_rows("a.csv", text.encode())
    assert found.rows == [
        {"indicator": "HN_QUAN_TRIET", "orgunit": "XA-AB", "period": "202410", "value": "3",
         "option": ""}
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"x", "Chỉ nhận tệp"),
        ("a.xlsx", b"not a zip", "Không đọc được"),
        ("a.csv", "Số liệu\n1".encode(), "dòng tiêu đề"),
        ("a.csv", b"indicator,orgunit,period,value\n\x81\x8d\x8f\x90\x9d", "bảng mã"),
    ],
)
def test_unreadable_files_say_why(name, data, message):
    with pytest.raises(ValidationError, match=message):
        read_rows(name, data)


def test_template_round_trip(monthly_form, tree, owner, count, by_level):
    period = monthly_form.current
    units = [tree.commune_a]
    book = load_workbook(io.BytesIO(template_xlsx(form=monthly_form, period=period, units=units)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    assert header[0] == "Mã chỉ tiêu" and header[-1] == "Số liệu"
    body = rows[4:]
    assert [(r[0], r[2], r[4]) for r in body] == [
        (count.code, None, "XA-AB"), (by_level.code, "SO_CAP", "XA-AB"),
        (by_level.code, "CAO_CAP", "XA-AB"),
    ]  # fmt: skip
    for line, value in zip(range(5, 8), ("7", "2", "1"), strict=True):
        sheet.cell(row=line, column=8, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    found = read_rows("mau.xlsx", buffer.getvalue())
    from tests.values.conftest import import_rows

    report = import_rows(user=owner, rows=found.rows)
    assert report.ok and report.created == 3
    # The template now exports what was entered.
    csv_text = template_csv(form=monthly_form, period=period, units=units).decode("utf-8-sig")
    assert f"{count.code},{count.name},,,XA-AB,{tree.commune_a.name},{period.code},7" in csv_text


def test_command_imports_and_refuses_bad_files(tmp_path, site_admin, count, tree, monthly_form):
    path = tmp_path / "so-lieu.csv"
    period = monthly_form.current.code
    path.write_text(f"indicator,orgunit,period,value\n{count.code},XA-AB,{period},4\n")
    out = io.StringIO()
    call_command("values", "import", str(path), stdout=out, stderr=io.StringIO())
    assert "1 số liệu mới" in out.getvalue()
    path.write_text(f"indicator,orgunit,period,value\n{count.code},KHONG-CO,{period},4\n")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="chưa ghi"):
        call_command("values", "import", str(path), stdout=io.StringIO(), stderr=errors)
    assert "dòng 2" in errors.getvalue()
    with pytest.raises(CommandError, match="Không mở được"):
        call_command("values", "import", str(tmp_path / "thieu.csv"))
