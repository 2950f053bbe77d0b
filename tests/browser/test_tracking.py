"""Implementation tracking in a browser: the province sets tasks from its conclusion's text
and assigns them to every commune; a commune registers its plan and reports progress; the
province sees who has a plan and what is overdue."""

import datetime

from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.tracking.conftest import CONCLUSION_TEXT, LATE, make_document
from tuyengiao.accounts.models import Role

COMMUNE_PLAN = """ĐẢNG BỘ TỈNH THỬ
ĐẢNG ỦY XÃ AN BÌNH
*
Số 15-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
An Bình, ngày 20 tháng 10 năm 2023

KẾ HOẠCH
cụ thể hóa Kết luận số 88-KL/TU, ngày 05/9/2023 của Ban Thường vụ Tỉnh ủy
"""


def _nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name).click()


def test_from_a_conclusion_to_tasks_plans_reports_and_overdue_lists(
    page: Page, tree, site_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    province_user = UserFactory(username="tinh")
    RoleAssignmentFactory(user=province_user, orgunit=tree.province, role=Role.EDITOR)
    commune_user = UserFactory(username="xa")
    RoleAssignmentFactory(user=commune_user, orgunit=tree.commune_a, role=Role.EDITOR)
    conclusion = make_document(
        tree.province, site_admin, full_text=CONCLUSION_TEXT, title="về tiếp tục thực hiện"
    )

    # The province proposes tasks from the text, edits a deadline, saves.
    log_in(page, "tinh")
    page.goto(f"/documents/{conclusion.pk}/")
    page.get_by_role("link", name="Tạo nhiệm vụ").click()
    expect(page.locator("#id_task-0-title")).to_have_value(
        "Tiếp tục tăng cường sự lãnh đạo của các cấp ủy đảng"
    )
    expect(page.locator("#id_task-1-title")).to_have_value(
        "Tổ chức học tập, quán triệt Kết luận đến toàn thể cán bộ, đảng viên"
    )
    page.fill("#id_task-0-deadline", LATE.isoformat())
    page.fill("#id_task-3-deadline", (LATE + datetime.timedelta(days=8)).isoformat())
    page.get_by_role("button", name="Lưu các nhiệm vụ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Theo dõi thực hiện 88-KL/TU")
    expect(page.locator("#task-list")).to_contain_text("Xây dựng môi trường văn hóa")

    # Every task to every commune.
    for index in range(3):
        page.locator("#task-list li:not(.subtask) a", has_text="Giao").nth(index).click()
        page.get_by_label("Hoặc mọi đơn vị trực thuộc").check()
        page.get_by_role("button", name="Giao", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Đã giao")
    matrix = page.locator("#tracking-matrix")
    expect(matrix).to_contain_text("Đảng ủy xã An Bình")
    expect(matrix).to_contain_text("Đảng ủy xã Bình Minh")
    expect(page.locator("#totals-by-level")).to_contain_text("Đảng ủy xã")

    # The commune registers its plan, which names the conclusion it concretises.
    page.context.clear_cookies()
    log_in(page, "xa")
    _nav(page, "Văn bản")
    page.get_by_role("link", name="Đăng ký văn bản").click()
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "ke-hoach-15.txt", "mimeType": "text/plain", "buffer": COMMUNE_PLAN.encode()}
        ],
    )
    page.get_by_role("button", name="Đọc văn bản").click()
    expect(page.locator("#id_ref-0-target_symbol")).to_have_value("88-KL/TU")
    page.get_by_role("button", name="Lưu văn bản").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("15-KH/ĐU")

    # It finds its overdue task and reports on it.
    _nav(page, "Nhiệm vụ")
    overdue = page.locator("#overdue")
    expect(overdue).to_contain_text("Đảng ủy xã An Bình")
    expect(overdue).not_to_contain_text("Bình Minh")
    overdue.get_by_role("link", name="1. Tiếp tục tăng cường").first.click()
    page.select_option("#id_status", "done")
    page.fill("#id_results", "Tổ chức 3 hội nghị quán triệt, 412 lượt đảng viên")
    page.fill("#id_shortcomings", "Hai chi bộ thôn xa tổ chức chậm")
    page.fill("#id_next_steps", "Sơ kết cuối năm")
    page.set_input_files(
        "#id_files", files=[{"name": "bien-ban.txt", "mimeType": "text/plain", "buffer": b"ok"}]
    )
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo tiến độ")
    expect(page.locator("#assignment-status")).to_contain_text("Hoàn thành")
    expect(page.get_by_role("link", name="bien-ban.txt")).to_be_visible()

    # The province sees who has a plan, and what is overdue where.
    page.context.clear_cookies()
    log_in(page, "tinh")
    page.goto(f"/tracking/documents/{conclusion.pk}/")
    page.get_by_role("link", name="Đơn vị đã cụ thể hóa").click()
    coverage = page.locator("#coverage")
    expect(coverage.locator("tr", has_text="An Bình")).to_contain_text("15-KH/ĐU")
    expect(coverage.locator("tr", has_text="Bình Minh")).to_contain_text("Chưa có")
    _nav(page, "Nhiệm vụ")
    overdue = page.locator("#overdue")
    expect(overdue).to_contain_text("Đảng ủy xã Bình Minh")
    expect(overdue).not_to_contain_text("An Bình")

    # The matrix filters to what is late, and fits a phone (the table scrolls in its frame).
    page.goto(f"/tracking/documents/{conclusion.pk}/")
    page.select_option("#id_status", "overdue")
    expect(page.locator("#tracking-matrix tbody tr")).to_have_count(1)
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for path in ["/tracking/", f"/tracking/documents/{conclusion.pk}/coverage/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
