"""The three spreadsheet imports (the values page, the tree page, `tuyengiao values import`)
refuse a shared-strings bomb and a sheet past the row limit early, with the reason."""

import io
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.tabular.bombs import MB, xlsx_bomb, xlsx_rows
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.tabular.reading import UnreadableFile, sheet_rows
from tuyengiao.values.models import DataValue

VALUES = ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Số liệu"]
TREE = ["code", "name", "kind", "parent_code"]


def test_a_bomb_at_the_default_limit_is_refused_fast_and_small():
    bomb = xlsx_bomb(100 * MB, VALUES)
    assert len(bomb) < 1 * MB
    tracemalloc.start()
    started = time.perf_counter()
    with (
        pytest.raises(UnreadableFile, match="vượt giới hạn 50 MB"),
        sheet_rows(bomb, name="b.xlsx"),
    ):
        pass
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 0.5 and peak < 5 * MB


@pytest.fixture
def small_limits(settings):
    settings.MAX_EXPANDED_BYTES = 1 * MB
    settings.MAX_SHEET_ROWS = 5


def post(client, url: str, name: str, content: bytes):
    started = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    return response, time.perf_counter() - started


def test_values_page_refuses(client, owner, small_limits):
    client.force_login(owner)
    url = reverse("reporting:import")
    response, elapsed = post(client, url, "bom.xlsx", xlsx_bomb(16 * MB, VALUES))
    assert response.status_code == 400 and "vượt giới hạn 1 MB" in response.content.decode()
    assert elapsed < 1
    long = xlsx_rows(20, VALUES, ["T_HOI_NGHI", "XA-AB", "202501", "1"])
    response, _elapsed = post(client, url, "dai.xlsx", long)
    assert response.status_code == 400 and "quá 5 dòng" in response.content.decode()
    assert not DataValue.objects.exists()


def test_tree_page_refuses(client, owner, tree, small_limits):
    client.force_login(owner)
    url = reverse("orgunits:import")
    response, elapsed = post(client, url, "bom.xlsx", xlsx_bomb(16 * MB, TREE))
    assert response.status_code == 400 and "vượt giới hạn 1 MB" in response.content.decode()
    assert elapsed < 1
    long = xlsx_rows(20, TREE, ["N1", "Chi bộ", "chi-bo", "XA-AB"])
    response, _elapsed = post(client, url, "dai.xlsx", long)
    assert response.status_code == 400 and "quá 5 dòng" in response.content.decode()
    assert not OrgUnit.objects.filter(code="N1").exists()


def test_values_command_refuses(tmp_path, site_admin, small_limits, settings):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx_bomb(16 * MB, VALUES))
    started = time.perf_counter()
    with pytest.raises(CommandError, match="vượt giới hạn 1 MB"):
        call_command("values", "import", str(path), stderr=io.StringIO())
    assert time.perf_counter() - started < 1
    path.write_bytes(xlsx_rows(20, VALUES, ["T_HOI_NGHI", "XA-AB", "202501", "1"]))
    with pytest.raises(CommandError, match="quá 5 dòng"):
        call_command("values", "import", str(path), stderr=io.StringIO())
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(CommandError, match="quá lớn"):
        call_command("values", "import", str(path), stderr=io.StringIO())


def test_tree_command_refuses(tmp_path, tree, small_limits):
    path = tmp_path / "bom.xlsx"
    path.write_bytes(xlsx_bomb(16 * MB, TREE))
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("orgunits", "import", str(path), stdout=io.StringIO(), stderr=errors)
    assert "vượt giới hạn 1 MB" in errors.getvalue()
