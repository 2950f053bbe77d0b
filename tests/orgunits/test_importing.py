import datetime
import time

import pytest
from auditlog.models import LogEntry

from tests.factories import UnitKindFactory
from tuyengiao.orgunits.exporting import orgunits_export
from tuyengiao.orgunits.importing import orgunits_import
from tuyengiao.orgunits.models import OrgUnit, OrgUnitEvent

HEADER = "code,name,short_name,kind,parent_code,opened_on,closed_on,successor_code\n"


def run(text: str, *, user=None, dry_run=False, filename="cay.csv", encoding="utf-8"):
    return orgunits_import(
        user=user, content=text.encode(encoding), filename=filename, dry_run=dry_run
    )


def errors(result) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in result.errors]


def test_creates_children_listed_before_parents(tree):
    result = run(
        HEADER
        + "CB-X2,Chi bộ 2,,chi-bo,XA-X,01/07/2025,,\n"
        + "XA-X,Đảng ủy xã Tân Uyên,Tân Uyên,dang-uy-xa,TU,2025-07-01,,\n"
    )
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    commune = OrgUnit.objects.get(code="XA-X")
    cell = OrgUnit.objects.get(code="CB-X2")
    assert commune.path == f"{tree.province.path}{commune.pk}/" and commune.level == 1
    assert cell.path == f"{commune.path}{cell.pk}/" and cell.level == 2
    assert commune.opened_on == datetime.date(2025, 7, 1) == cell.opened_on
    assert commune.search_key == "dang uy xa tan uyen tan uyen xa-x"
    assert LogEntry.objects.filter(object_id=commune.pk, action=LogEntry.Action.CREATE).exists()


def test_updates_by_code_and_moves_subtrees(tree):
    result = run(HEADER + "XA-AB,Đảng ủy xã An Bình,,dang-uy-xa,XA-BM,,,\n")
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 1)
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.path == f"{tree.commune_b.path}{tree.commune_a.pk}/{tree.cell_a1.pk}/"
    assert tree.cell_a1.level == 3
    assert tree.commune_a.events.get().kind == OrgUnitEvent.Kind.MOVED


def test_rename_and_merge_through_import(tree, site_admin):
    result = run(
        HEADER
        + "XA-AB,Xã An Bình (cũ),,dang-uy-xa,TU,,30/06/2025,XA-BM\n"
        + "CB-A1,Chi bộ thôn 1,,chi-bo,XA-BM,,,\n",
        user=site_admin,
    )
    assert result.ok, result.errors
    tree.commune_a.refresh_from_db()
    assert tree.commune_a.successor == tree.commune_b
    assert tree.commune_a.closed_on == datetime.date(2025, 6, 30)
    kinds = set(tree.commune_a.events.values_list("kind", flat=True))
    assert kinds == {"renamed", "merged"}
    entry = LogEntry.objects.get(object_id=tree.commune_a.pk, action=LogEntry.Action.UPDATE)
    assert entry.actor == site_admin
    assert entry.changes["name"] == ["Đảng ủy xã An Bình", "Xã An Bình (cũ)"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("N1,Tên,,chi-bo,KHONG-CO,,,\n", [(2, "parent_code")]),
        ("N1,Tên,,chi-bo,TU,,,\nN1,Tên khác,,chi-bo,TU,,,\n", [(3, "code")]),
        ("N1,A,,chi-bo,N2,,,\nN2,B,,chi-bo,N1,,,\n", [(2, "parent_code"), (3, "parent_code")]),
        ("N1,Tên,,khong-co-loai,TU,,,\n", [(2, "kind")]),
        ("N1,Tên,,chi-bo,TU,31/02/2025,,\n", [(2, "opened_on")]),
        ("N1,Tên,,chi-bo,TU,01/07/2025,30/06/2025,\n", [(2, "closed_on")]),
        (",,,,TU,,,\n", [(2, "code"), (2, "kind"), (2, "name")]),
        ("N1,Tên,,chi-bo,N1,,,\n", [(2, "parent_code")]),
        ("N1,Tên,,chi-bo,TU,,,XA-AB\n", [(2, "closed_on")]),
        # A moves under its own grandchild through a unit the file does not list.
        ("XA-AB,Đảng ủy xã An Bình,,dang-uy-xa,CB-A1,,,\n", [(2, "parent_code")]),
    ],
    ids=[
        "wrong-parent",
        "duplicate",
        "cycle",
        "unknown-kind",
        "bad-date",
        "closed-before-opened",
        "missing-values",
        "own-parent",
        "successor-needs-closing",
        "cycle-through-database",
    ],
)
def test_bad_rows_write_nothing(tree, rows, expected):
    good = "OK1,Chi bộ tốt,,chi-bo,TU,,,\n"
    before = OrgUnit.objects.count(), LogEntry.objects.count()
    result = run(HEADER + rows + good)
    assert not result.ok
    assert errors(result) == expected
    assert all(e.message for e in result.errors)
    assert (OrgUnit.objects.count(), LogEntry.objects.count()) == before
    assert not OrgUnit.objects.filter(code="OK1").exists()


def test_cycle_message_names_the_loop(tree):
    result = run(HEADER + "N1,A,,chi-bo,N2,,,\nN2,B,,chi-bo,N1,,,\n")
    assert "N1 → N2 → N1" in result.errors[0].message


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_legacy_encodings_and_utf16_are_read(tree, encoding):
    result = run(HEADER + "N1,Đông Ho\u0300a,,chi-bo,TU,,,\n", encoding=encoding)
    assert result.ok, result.errors
    assert OrgUnit.objects.get(code="N1").name == "Đông Hòa"


def test_unknown_encoding_is_explained(tree):
    result = orgunits_import(user=None, content=HEADER.encode() + b"\x81\x8d\x8f\x90" * 20,
                             filename="cay.csv")  # fmt: skip
    assert "bảng mã" in result.errors[0].message and "UTF-8" in result.errors[0].message
    assert not OrgUnit.objects.filter(code="N1").exists()


def test_misnamed_files_are_explained(tree):
    xlsx = orgunits_export(user=None, file_format="xlsx")
    result = orgunits_import(user=None, content=xlsx, filename="cay.csv")
    assert ".xlsx" in result.errors[0].message
    bad = orgunits_import(user=None, content=b"not a zip", filename="cay.xlsx")
    assert "XLSX" in bad.errors[0].message
    assert "csv" in run(HEADER, filename="cay.txt").errors[0].message


def test_bom_semicolons_and_vietnamese_headers(tree):
    text = "Mã;Tên;Loại;Mã cấp trên;Ngày thành lập\nN1;Chi bộ Hoà Bình;chi-bo;TU;1/7/2025\n"
    result = orgunits_import(user=None, content=text.encode("utf-8-sig"), filename="a.csv")
    assert result.ok, result.errors
    assert OrgUnit.objects.get(code="N1").opened_on == datetime.date(2025, 7, 1)


def test_missing_columns(tree):
    result = run("code,name\nN1,Tên\n")
    assert errors(result) == [(1, "")]
    assert "kind" in result.errors[0].message


def test_dry_run_writes_nothing(tree):
    result = run(HEADER + "N1,Tên,,chi-bo,TU,,,\n", dry_run=True)
    assert result.ok and result.dry_run and result.created == 1
    assert not OrgUnit.objects.filter(code="N1").exists()


def test_unit_admin_imports_only_under_own_units(tree, owner):
    ok = run(HEADER + "CB-A9,Chi bộ 9,,chi-bo,XA-AB,,,\n", user=owner)
    assert ok.ok, ok.errors
    result = run(
        HEADER
        + "CB-B9,Chi bộ lạ,,chi-bo,XA-BM,,,\n"  # under commune B
        + "CB-B1,Đổi tên,,chi-bo,XA-BM,,,\n"  # a unit of commune B
        + "ROOT,Gốc mới,,chi-bo,,,,\n"  # a new root
        + "CB-A1,Chi bộ thôn 1,,chi-bo,XA-AB,,30/06/2025,XA-BM\n",  # merge outside
        user=owner,
    )
    assert errors(result) == [
        (2, "parent_code"),
        (3, "code"),
        (4, "parent_code"),
        (5, "successor_code"),
    ]
    tree.cell_b1.refresh_from_db()
    assert tree.cell_b1.name == "Chi bộ thôn 2"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_round_trip_is_a_no_op(tree, owner, file_format):
    tree.cell_a1.opened_on = datetime.date(2020, 1, 15)
    tree.cell_a1.short_name = "CB1"
    tree.cell_a1.save()
    content = orgunits_export(user=owner, file_format=file_format)
    log_count = LogEntry.objects.count()
    result = orgunits_import(user=owner, content=content, filename=f"cay.{file_format}")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert LogEntry.objects.count() == log_count


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_then_import_elsewhere_rebuilds_the_tree(tree, file_format):
    content = orgunits_export(user=None, file_format=file_format)
    OrgUnit.objects.filter(code="CB-A1").update(name="Bị sửa")
    result = orgunits_import(user=None, content=content, filename=f"x.{file_format}")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    assert OrgUnit.objects.get(code="CB-A1").name == "Chi bộ thôn 1"


def test_xlsx_export_keeps_text_that_looks_like_a_formula(tree):
    from io import BytesIO

    from openpyxl import load_workbook

    OrgUnit.objects.filter(code="CB-A1").update(name="=1+1 chi bộ")
    content = orgunits_export(user=None, file_format="xlsx")
    cells = [c for row in load_workbook(BytesIO(content)).active.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "=1+1 chi bộ" in [c.value for c in cells]


def test_three_thousand_rows(tree, capsys):
    UnitKindFactory(code="to-dang", name="Tổ đảng")
    lines = [HEADER]
    for c in range(30):
        lines.append(f"X{c},Đảng ủy xã Số {c},,dang-uy-xa,TU,01/07/2025,,\n")
        for b in range(99):
            lines.append(f"X{c}-{b},Chi bộ {b} xã {c},,chi-bo,X{c},,,\n")
    text = "".join(reversed(lines[1:]))  # children first
    started = time.perf_counter()
    result = run(HEADER + text)
    created_in = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    assert result.created == 3000
    started = time.perf_counter()
    again = orgunits_import(
        user=None, content=orgunits_export(user=None, file_format="csv"), filename="a.csv"
    )
    round_trip_in = time.perf_counter() - started
    assert again.unchanged == 3005
    with capsys.disabled():
        print(f"\n3,000 rows: import {created_in:.2f}s, export + no-op import {round_trip_in:.2f}s")
    assert created_in < 20
    sample = OrgUnit.objects.get(code="X7-42")
    assert sample.level == 2 and sample.path.startswith(OrgUnit.objects.get(code="X7").path)


def test_existing_unit_moves_under_a_new_one_and_successor_listed_later(tree):
    result = run(
        HEADER
        + "CB-A1,Chi bộ thôn 1,,chi-bo,XA-NEW,,,\n"
        + "OLD,Xã cũ,,dang-uy-xa,TU,,30/06/2025,XA-NEW\n"
        + "XA-NEW,Xã Mới,,dang-uy-xa,TU,,,\n"
    )
    assert result.ok, result.errors
    new = OrgUnit.objects.get(code="XA-NEW")
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.path == f"{new.path}{tree.cell_a1.pk}/"
    assert tree.cell_a1.level == 2
    assert OrgUnit.objects.get(code="OLD").successor == new


def test_absent_columns_keep_current_values(tree):
    tree.cell_a1.opened_on = datetime.date(2020, 1, 15)
    tree.cell_a1.short_name = "CB1"
    tree.cell_a1.save()
    result = run("code,name,kind\nCB-A1,Chi bộ Thôn Một,chi-bo\n")
    assert result.ok, result.errors
    assert (result.updated, result.unchanged) == (1, 0)
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.name == "Chi bộ Thôn Một"
    assert (tree.cell_a1.short_name, tree.cell_a1.parent) == ("CB1", tree.commune_a)
    assert tree.cell_a1.opened_on == datetime.date(2020, 1, 15)
    # A blank cell in a present column does clear the value.
    run("code,name,kind,short_name\nCB-A1,Chi bộ Thôn Một,chi-bo,\n")
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.short_name == ""


def test_closing_a_unit_with_open_children_is_refused(tree):
    result = run(HEADER + "XA-AB,Đảng ủy xã An Bình,,dang-uy-xa,TU,,30/06/2025,\n")
    assert errors(result) == [(2, "closed_on")]
    assert "CB-A1" in result.errors[0].message
    closing_both = run(
        HEADER
        + "XA-AB,Đảng ủy xã An Bình,,dang-uy-xa,TU,,30/06/2025,\n"
        + "CB-A1,Chi bộ thôn 1,,chi-bo,XA-AB,,30/06/2025,\n"
        + "CB-NEW,Chi bộ mới,,chi-bo,XA-AB,,,\n"
    )
    assert errors(closing_both) == [(2, "closed_on"), (4, "parent_code")]
    assert "CB-NEW" in closing_both.errors[0].message
    assert "CB-A1" not in closing_both.errors[0].message


def test_xlsx_typed_by_a_person(tree):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Mã", "Tên", "Loại", "Mã cấp trên", "Ngày thành lập", "Ghi chú"])
    sheet.append([101, "Chi bộ số 101", "chi-bo", "XA-AB", datetime.datetime(2025, 7, 1)])
    sheet.append([None, None, None, None, None])
    sheet.append([102, "Chi bộ số 102", "chi-bo", 101, "02/07/2025", "cột lạ bị bỏ qua"])
    out = io.BytesIO()
    book.save(out)
    result = orgunits_import(user=None, content=out.getvalue(), filename="CAY.XLSX")
    assert result.ok, result.errors
    child = OrgUnit.objects.get(code="102")
    assert child.parent.code == "101" and child.opened_on == datetime.date(2025, 7, 2)
    assert OrgUnit.objects.get(code="101").opened_on == datetime.date(2025, 7, 1)


def test_a_unit_cannot_move_under_a_closed_parent(tree):
    run(HEADER + "CB-B1,Chi bộ thôn 2,,chi-bo,XA-BM,,30/06/2025,\n")
    result = run(HEADER + "CB-A1,Chi bộ thôn 1,,chi-bo,CB-B1,,,\nCB-NEW,Mới,,chi-bo,CB-B1,,,\n")
    assert errors(result) == [(2, "parent_code"), (3, "parent_code")]
    assert "30/06/2025" in result.errors[0].message
    # Closed no later than the parent: allowed, as history.
    assert run(HEADER + "CB-OLD,Cũ,,chi-bo,CB-B1,,30/06/2025,\n").ok


def test_a_date_is_read_as_a_date_box_reads_it_and_a_wrong_one_says_why(tree):
    result = run(HEADER + "XA-X,Xã Tân Uyên,,dang-uy-xa,TU,1 / 7 / 2025,31/02/2026,\n")
    assert errors(result) == [(2, "closed_on")]
    assert "tháng 2/2026 không có ngày 31" in result.errors[0].message
