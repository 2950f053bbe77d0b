"""`tuyengiao activities import FILE --user NAME`: all or nothing, errors by line."""

import pytest
from django.core.management import CommandError, call_command

from tests.activities.test_bulk import HEADER, row
from tuyengiao.activities.models import Activity
from tuyengiao.tabular.writing import csv_bytes, xlsx_bytes


def test_imports_a_file_as_the_user(tree, owner, tmp_path, capsys):
    path = tmp_path / "hoat-dong.xlsx"
    path.write_bytes(xlsx_bytes([row(orgunit="XA-AB")] * 3, title="Hoạt động", header=HEADER))
    call_command("activities", "import", str(path), "--user", owner.username)
    assert "3 hoạt động" in capsys.readouterr().out
    assert Activity.objects.filter(created_by=owner).count() == 3


def test_lists_the_errors_and_saves_nothing(tree, owner, outsider, tmp_path, capsys):
    path = tmp_path / "hoat-dong.csv"
    path.write_bytes(csv_bytes([row(orgunit="XA-AB"), row(orgunit="XA-AB")], header=HEADER))
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("activities", "import", str(path), "--user", outsider.username)
    assert "dòng 3 [Mã đơn vị]" in capsys.readouterr().err
    assert not Activity.objects.exists()
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("activities", "import", str(tmp_path / "x.pdf"), "--user", owner.username)
