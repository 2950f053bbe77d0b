from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from tuyengiao.orgunits.models import OrgUnit

HEADER = "code,name,short_name,kind,parent_code,opened_on,closed_on,successor_code\n"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("orgunits", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_progress_and_summary(tree, owner, tmp_path):
    file = tmp_path / "cay.csv"
    file.write_text(HEADER + "CB-A2,Chi bộ thôn 2,,chi-bo,XA-AB,01/07/2025,,\n", encoding="utf-8")
    out, _err = run("import", str(file), "--user", "owner")
    assert "Đã đọc 1 dòng" in out
    assert "Tạo mới: 1, cập nhật: 0, không đổi: 0" in out
    unit = OrgUnit.objects.get(code="CB-A2")
    assert LogEntry.objects.get(object_id=unit.pk).actor == owner


def test_dry_run_writes_nothing(tree, tmp_path):
    file = tmp_path / "cay.csv"
    file.write_text(HEADER + "CB-A2,Chi bộ thôn 2,,chi-bo,XA-AB,,,\n", encoding="utf-8")
    out, _err = run("import", str(file), "--dry-run")
    assert "chưa ghi gì" in out and "Tạo mới: 1" in out
    assert not OrgUnit.objects.filter(code="CB-A2").exists()


def test_errors_exit_non_zero(tree, tmp_path):
    file = tmp_path / "cay.csv"
    file.write_text(HEADER + "N1,A,,chi-bo,N2,,,\nN2,B,,chi-bo,N1,,,\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("orgunits", "import", str(file), stdout=StringIO(), stderr=err)
    assert "Dòng 2, cột parent_code: Vòng lặp cấp trên" in err.getvalue()
    assert not OrgUnit.objects.filter(code="N1").exists()


def test_scope_of_user_applies(tree, outsider, tmp_path):
    file = tmp_path / "cay.csv"
    file.write_text(HEADER + "CB-A1,Bị chiếm,,chi-bo,XA-AB,,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run("import", str(file), "--user", "outsider")
    assert OrgUnit.objects.get(code="CB-A1").name == "Chi bộ thôn 1"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_is_a_no_op(tree, tmp_path, suffix):
    file = tmp_path / f"cay.{suffix}"
    out, _err = run("export", str(file))
    assert "Đã xuất" in out and file.stat().st_size > 0
    out, _err = run("import", str(file))
    assert "Tạo mới: 0, cập nhật: 0, không đổi: 5" in out


def test_export_scope_of_user(tree, owner, tmp_path):
    file = tmp_path / "cay.csv"
    run("export", str(file), "--user", "owner")
    text = file.read_text(encoding="utf-8-sig")
    assert "CB-A1" in text and "CB-B1" not in text


def test_bad_arguments(tree, tmp_path):
    with pytest.raises(CommandError, match=r"\.csv hoặc \.xlsx"):
        run("export", str(tmp_path / "cay.pdf"))
    with pytest.raises(CommandError, match="Không có người dùng"):
        run("export", str(tmp_path / "cay.csv"), "--user", "ai-do")
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run("import", str(tmp_path / "khong-co.csv"))
