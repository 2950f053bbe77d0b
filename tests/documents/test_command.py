import io
import zipfile
from pathlib import Path

import docx
import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, DocumentRelation

DATA = Path(__file__).parent / "data"
KL88 = (DATA / "ket_luan_tinh_uy.txt").read_text(encoding="utf-8")
KH15 = (DATA / "ke_hoach_xa.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("documents", "import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def word(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "kho"
    (root / "2023").mkdir(parents=True)
    (root / "2023" / "kh15.docx").write_bytes(word(KH15))  # cites 88-KL/TU, imported after
    (root / "kl88.txt").write_bytes(KL88.encode())
    (root / "ghi-chu.txt").write_text("Danh sách cần gửi.", encoding="utf-8")
    (root / "anh.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("Số 99-KL/TU", encoding="utf-8")
    return root


def test_import_folder_creates_links_and_skips_with_reasons(tree, province_admin, folder):
    out, err = run(folder, "--user", "province", "--unit", "TU")
    assert set(Document.objects.values_list("symbol", flat=True)) == {"88-KL/TU", "15-KH/ĐU"}
    plan = Document.objects.get(symbol="15-KH/ĐU")
    conclusion = Document.objects.get(symbol="88-KL/TU")
    assert plan.outgoing.get().target == conclusion  # the placeholder linked itself
    assert conclusion.outgoing.get().is_placeholder  # 09-NQ/TU is not registered
    assert plan.attachments.get().filename == "kh15.docx"
    assert plan.orgunit == tree.province and plan.registered_by == province_admin
    assert "Bỏ qua 1 tệp không phải .txt, .docx, .pdf (anh.png…)" in out
    assert "ghi-chu.txt: không tìm thấy số, ký hiệu văn bản" in out
    assert ".hidden" not in out
    assert "Tạo mới: 2, đã liên kết: 1, chờ văn bản chưa có trong hệ thống: 1, bỏ qua: 2." in out
    assert "[" + "#" * 30 + "] 4/4" in err
    assert LogEntry.objects.get_for_object(plan).get().actor == province_admin


def test_second_import_skips_what_is_registered(tree, province_admin, folder):
    run(folder, "--user", "province", "--unit", "TU")
    out, _err = run(folder / "kl88.txt", "--user", "province", "--unit", "TU")
    assert "kl88.txt: Văn bản 88-KL/TU (ngày ban hành: 05/09/2023) đã được đăng ký." in out
    assert Document.objects.count() == 2


def test_zip_archive(tree, owner, tmp_path):
    archive = tmp_path / "van-ban.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("kl88.txt", KL88.encode())
        zf.writestr("thu-muc/kh15.docx", word(KH15))
        zf.writestr("__MACOSX/._kl88.txt", b"junk")
    out, _err = run(archive, "--user", "owner")  # owner's one unit: commune A
    assert Document.objects.filter(orgunit=tree.commune_a).count() == 2
    assert DocumentRelation.objects.filter(target__isnull=False).count() == 1
    assert "bỏ qua: 0" in out


def test_dry_run_writes_nothing_and_catches_copies(tree, owner, tmp_path, folder):
    (folder / "copy-of-kl88.txt").write_bytes(KL88.encode())
    out, _err = run(folder, "--user", "owner", "--dry-run")
    assert not Document.objects.exists()
    assert "trùng với" in out
    assert "Kiểm tra xong, chưa ghi gì. Sẽ tạo mới: 2" in out


def test_refuses_a_user_without_editor_role_and_bad_arguments(tree, member, outsider, folder):
    with pytest.raises(CommandError, match="không có quyền nhập liệu"):
        run(folder, "--user", "outsider", "--unit", "XA-AB")
    with pytest.raises(CommandError, match="--unit"):
        run(folder, "--user", "member")  # a viewer has no unit to write in
    with pytest.raises(CommandError, match="Không có đơn vị"):
        run(folder, "--user", "outsider", "--unit", "NOPE")
    with pytest.raises(CommandError, match="Không có người dùng"):
        run(folder, "--user", "ghost", "--unit", "TU")
    with pytest.raises(CommandError, match="Không tìm thấy"):
        run(folder / "missing.txt", "--user", "outsider", "--unit", "XA-BM")
    assert not Document.objects.exists()


def test_default_user_is_the_first_site_admin(tree, site_admin, folder):
    run(folder / "kl88.txt", "--unit", "TU")
    assert Document.objects.get().registered_by == site_admin


def test_editor_with_two_units_must_name_one(tree, folder):
    user = UserFactory(username="two")
    RoleAssignmentFactory(user=user, orgunit=tree.commune_a, role=Role.EDITOR)
    RoleAssignmentFactory(user=user, orgunit=tree.commune_b, role=Role.EDITOR)
    with pytest.raises(CommandError, match="--unit"):
        run(folder, "--user", "two")
    run(folder / "kl88.txt", "--user", "two", "--unit", "XA-BM")
    assert Document.objects.get().orgunit == tree.commune_b
