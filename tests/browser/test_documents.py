"""The document registry in a browser: upload a provincial conclusion, check its prefilled
header, save, find it without diacritics and walk its links."""

from datetime import date

from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.documents.models import Document, System

CONCLUSION = """TỈNH ỦY THỬ
*
Số 88-KL/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Thử, ngày 05 tháng 9 năm 2023

KẾT LUẬN
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về tiếp tục thực hiện Nghị quyết số 09-NQ/TU, ngày 18/10/2021 của Ban Chấp hành Đảng bộ \
tỉnh về xây dựng và phát triển văn hóa, con người giai đoạn 2021-2025

Tại hội nghị ngày 30/8/2023, Ban Thường vụ Tỉnh ủy kết luận như sau:
1. Sau gần 2 năm triển khai, 100% cấp ủy trực thuộc đã tổ chức học tập, quán triệt.
2. Đảng ủy các xã xây dựng kế hoạch cụ thể hóa Kết luận này trước ngày 30/10/2023.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ
"""


def test_register_find_and_walk_links(page: Page, tree, site_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = UserFactory(username="editor")
    RoleAssignmentFactory(user=editor, orgunit=tree.province, role=Role.EDITOR)
    resolution = Document.objects.create(
        system=System.PARTY,
        number="09",
        symbol="09-NQ/TU",
        type_code="NQ",
        type_name="Nghị quyết",
        issued_on=date(2021, 10, 18),
        title="về xây dựng và phát triển văn hóa, con người",
        orgunit=tree.province,
        registered_by=site_admin,
    )

    log_in(page, "editor")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Văn bản", exact=True
    ).click()
    page.get_by_role("link", name="Đăng ký văn bản").click()
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "ket-luan-88.txt",
                "mimeType": "text/plain",
                "buffer": CONCLUSION.encode("utf-8"),
            }
        ],
    )
    page.get_by_role("button", name="Đọc văn bản").click()

    # The header is read from the text; the person checks it (on a phone, too).
    expect(page.locator("#id_symbol")).to_have_value("88-KL/TU")
    expect(page.locator("#id_issued_on")).to_have_value("05/09/2023")
    expect(page.locator("#id_type_code")).to_have_value("KL")
    expect(page.locator("#id_ref-0-target_symbol")).to_have_value("09-NQ/TU")
    page.wait_for_load_state("load")
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Lưu văn bản").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("88-KL/TU")
    relations = page.locator("#relations-out")
    expect(relations).to_contain_text("tiếp tục thực hiện")
    expect(relations.get_by_role("link", name="09-NQ/TU")).to_be_visible()
    expect(page.locator("#attachments")).to_contain_text("ket-luan-88.txt")

    # Found by words typed without diacritics.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Văn bản", exact=True
    ).click()
    page.fill("input[name=q]", "tiep tuc thuc hien nghi quyet van hoa")
    page.press("input[name=q]", "Enter")
    hit = page.locator(".document-hit", has_text="88-KL/TU")
    expect(hit).to_be_visible()
    expect(hit.locator("mark").first).to_be_visible()
    hit.get_by_role("link", name="88-KL/TU").click()

    # One click in the graph walks to the resolution, which points back.
    page.locator(f'svg.docgraph a[href="/documents/{resolution.pk}/"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("09-NQ/TU")
    back = page.locator("#relations-in")
    expect(back).to_contain_text("tiếp tục thực hiện")
    back.get_by_role("link", name="88-KL/TU").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("88-KL/TU")

    page.goto(f"/documents/{resolution.pk}/tree/")
    expect(page.locator("#derivation-tree")).to_contain_text("88-KL/TU")

    # On a phone the pages fit the screen: the graph scrolls inside its figure if it must.
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/documents/?q=van+hoa", f"/documents/{resolution.pk}/", "/documents/new/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
