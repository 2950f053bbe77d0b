"""`tuyengiao reports bulk`: the same job as the page, with a progress bar on stderr."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("reports", "bulk", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_makes_the_zip_with_a_progress_bar(tree, province_admin, tmp_path):
    target = tmp_path / "thang-3.zip"
    out, err = run("--unit", "TU", "--period", "202603", "--user", "province", "--out",
                   str(target))  # fmt: skip
    assert "1/2" in err and "[" + "#" * 30 + "] 2/2" in err  # moved as each was written
    assert "Đã tạo 2 báo cáo" in out and str(target) in out
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["XA-AB-202603.docx", "XA-BM-202603.docx"]


def test_the_command_refuses_what_the_user_may_not_do(tree, member):
    with pytest.raises(CommandError, match="Không có đơn vị"):
        run("--unit", "NOWHERE", "--period", "202603", "--user", "member")
    with pytest.raises(CommandError):
        run("--unit", "XA-AB", "--period", "tháng 13", "--user", "member")
    with pytest.raises(CommandError, match="quyền"):
        run("--unit", "XA-AB", "--period", "202603", "--user", "member")
