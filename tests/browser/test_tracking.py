"""Implementation tracking in a browser: the province sets tasks from its conclusion's text
and assigns them to every commune; a commune registers its plan and reports progress; the
province sees who has a plan and what is overdue."""

import datetime
import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.tracking.conftest import CONCLUSION_TEXT, LATE, SOON, TODAY, make_document
from tests.values.conftest import make_indicator
from tuyengiao.accounts.models import Role
from tuyengiao.tracking.services import TaskDraft, tasks_create

COMMUNE_PLAN = """ĐẢNG BỘ TỈNH THỬ
ĐẢNG ỦY XÃ AN BÌNH
*
Số 15-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
An Bình, ngày 20 tháng 10 năm 2023

KẾ HOẠCH
cụ thể hóa Kết luận số 88-KL/TU, ngày 05/9/2023 của Ban Thường vụ Tỉnh ủy
"""


def _editor(unit, username: str):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, orgunit=unit, role=Role.EDITOR)
    return user


def _nav(page: Page, name: str) -> None:
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name=name, exact=True).click()


def test_from_a_conclusion_to_tasks_plans_reports_and_overdue_lists(
    page: Page, tree, site_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _editor(tree.province, "tinh")
    _editor(tree.commune_a, "xa")
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


def test_figures_with_reports_a_review_a_returned_report_and_an_inspections_follow_up(
    page: Page, tree, site_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    province_user = _editor(tree.province, "tinh")
    _editor(tree.commune_a, "xa")
    # The catalogue's own indicator (written again: a live-server test may start without it).
    make_indicator(
        "DV_DUOC_HOC", name="Số đảng viên được học tập nghị quyết", unit_of_measure="đảng viên"
    )
    conclusion = make_document(tree.province, site_admin, full_text=CONCLUSION_TEXT)
    [task] = tasks_create(
        user=province_user,
        orgunit=tree.province,
        document=conclusion,
        drafts=[TaskDraft("Tổ chức học tập, quán triệt", number="1", deadline=SOON)],
        recurrence="half",
    )

    # The province asks each report for a figure, then gives the task to both communes.
    log_in(page, "tinh")
    page.goto(f"/tracking/documents/{conclusion.pk}/")
    page.locator("#task-list").get_by_role("link", name="Sửa").click()
    page.get_by_role("checkbox", name="DV_DUOC_HOC").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nhiệm vụ")
    page.locator("#task-list").get_by_role("link", name="Giao", exact=True).click()
    page.get_by_label("Hoặc mọi đơn vị trực thuộc").check()
    page.get_by_role("button", name="Giao", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã giao 2")

    # The commune reports, a word where the figure goes first: refused, its text kept.
    page.context.clear_cookies()
    log_in(page, "xa")
    _nav(page, "Nhiệm vụ")
    page.locator("#due-soon").get_by_role("link", name="Tổ chức học tập").click()
    period = page.locator("#id_period").input_value()
    page.fill("#id_results", "Tổ chức 2 hội nghị quán triệt")
    page.get_by_label("Số đảng viên được học tập").fill("bốn trăm")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#report-form")).to_contain_text("Số đảng viên được học tập")
    expect(page.locator("#id_results")).to_have_value("Tổ chức 2 hội nghị quán triệt")
    page.get_by_label("Số đảng viên được học tập").fill("412")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo tiến độ")
    expect(page.locator(f"#report-{period} .report-figures")).to_contain_text("412 đảng viên")

    # The province's review adds the figure up, and the report goes back with a reason.
    page.context.clear_cookies()
    log_in(page, "tinh")
    page.goto(f"/tracking/documents/{conclusion.pk}/review/?start=2000-01-01&end=2099-12-31")
    expect(page.locator(".report-figures")).to_contain_text("412 đảng viên")
    page.goto(f"/tracking/documents/{conclusion.pk}/")
    page.locator("#tracking-matrix tr", has_text="An Bình").locator("td.cell a").click()
    page.get_by_label("Lý do trả lại").fill("Thiếu danh sách đảng viên đã học")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.locator(".review-state")).to_contain_text("Trả lại")

    # An inspection of commune A leaves a recommendation, which becomes its task.
    _nav(page, "Nhiệm vụ")
    page.get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="Lập đoàn kiểm tra").click()
    page.fill("#id_title", "Kiểm tra việc học tập Kết luận 88-KL/TU")
    page.fill("#id_starts_on", TODAY.isoformat())
    page.fill("#id_ends_on", TODAY.isoformat())
    page.select_option("#id_units", label=f"— Đảng ủy xã An Bình ({tree.commune_a.code})")
    page.fill("#id_documents", "88-KL/TU")
    page.fill("#id_member-0-name", "Trưởng đoàn thử")
    page.select_option("#id_member-0-role", "head")
    page.get_by_role("button", name="Lập đoàn").click()
    expect(page.locator(".messages")).to_contain_text("Đã lập đoàn kiểm tra")
    section = page.locator(f"#inspected-{tree.commune_a.code}")
    section.get_by_label("Ưu điểm").fill("Học tập nghiêm túc")
    section.get_by_role("button", name="Lưu kết quả kiểm tra").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu kết quả kiểm tra")
    section.get_by_label("Kiến nghị mới").fill("Bổ sung danh sách đảng viên chưa học tập")
    section.get_by_label("Thời hạn").fill(SOON.isoformat())
    section.get_by_role("button", name="Thêm kiến nghị và giao thực hiện").click()
    expect(page.locator(".messages")).to_contain_text("Đã giao kiến nghị thành nhiệm vụ")
    expect(section.locator(".recommendations")).to_contain_text("Bổ sung danh sách")

    # The commune hears of both, and reports on the follow-up like on any task.
    page.context.clear_cookies()
    log_in(page, "xa")
    _nav(page, "Nhiệm vụ")
    page.locator("#notifications-link").click()
    notices = page.locator("#notifications")
    expect(notices).to_contain_text("Thiếu danh sách đảng viên đã học")
    expect(notices).to_contain_text("Bổ sung danh sách đảng viên chưa học tập")
    notices.get_by_role("link", name="Được giao nhiệm vụ: Bổ sung danh sách").click()
    page.select_option("#id_status", "done")
    page.fill("#id_results", "Đã lập danh sách, học bù ngày 15")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#assignment-status")).to_contain_text("Hoàn thành")
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/tracking/inspections/", f"/tracking/tasks/{task.pk}/edit/"]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path


LONG_CONCLUSION = "KẾT LUẬN\nII. NHIỆM VỤ, GIẢI PHÁP\n" + "".join(
    f"{n}. Nhiệm vụ số {n} về công tác tuyên truyền. Hoàn thành trước ngày 30/6/2026; "
    "báo cáo hằng quý.\na) Tổ chức quán triệt ở chi bộ.\nb) Sơ kết, rút kinh nghiệm.\n"
    for n in range(1, 9)
)


def test_tasks_new_is_a_compact_list_with_deadlines_read(page: Page, tree, site_admin):
    """Issue 15, item 14: eight items and sixteen sub-items were a 3,900 px form; now a list
    of lines with the deadline and the recurrence read from each item, at desktop and phone
    width, with nothing scrolling sideways."""
    _editor(tree.province, "tinh")
    directive = make_document(tree.province, site_admin, full_text=LONG_CONCLUSION)
    log_in(page, "tinh")
    page.goto(f"/tracking/documents/{directive.pk}/tasks/new/")
    expect(page.locator("#id_task-0-title")).to_have_value("Nhiệm vụ số 1 về công tác tuyên truyền")
    expect(page.locator("#id_task-0-recurrence")).to_have_value("quarter")
    assert "30" in page.input_value("#id_task-0-deadline")
    assert not page.locator("#id_task-0-description").is_visible()  # folded under the title
    rows = page.locator("#task-rows tbody tr")
    assert rows.count() == 8 * 3 + 2
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 2000, height
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Lưu các nhiệm vụ").click()
    expect(page.locator("#task-list")).to_contain_text("Nhiệm vụ số 8")


def test_home_shows_a_communes_tasks_beside_its_reports_and_unread_notices(
    page: Page, viewport: Viewport, tree, province_admin
):
    from tuyengiao.tracking.models import Notification
    from tuyengiao.tracking.services import assignments_create

    editor = _editor(tree.commune_a, "bientap_a")
    document = make_document(tree.province, province_admin)
    tasks = tasks_create(
        user=province_admin, orgunit=tree.province, document=document,
        drafts=[TaskDraft("Học tập, quán triệt kết luận", number="1", deadline=LATE),
                TaskDraft("Tuyên truyền trên cổng thông tin", number="2", deadline=SOON)],
    )  # fmt: skip
    for task in tasks:
        assignments_create(user=province_admin, task=task, units=[tree.commune_a])
    unread = Notification.objects.filter(user=editor, read_at__isnull=True).count()
    for n in range(6 - unread):
        Notification.objects.create(user=editor, kind="assigned", message=f"Tin {n}", url="/")
    log_in(page, "bientap_a")
    page.goto("/")
    card = page.locator("#home-tasks-card")
    expect(card).to_contain_text("Học tập, quán triệt kết luận")
    expect(card.locator(".badge.error")).to_have_text("quá hạn")
    expect(page.locator("#home-reports-card")).to_be_visible()
    # The bell and its count stay in the header's one line on a phone, the Menu closed.
    expect(page.locator("#unread-count")).to_contain_text("6")
    expect(page.locator("#unread-count")).to_be_in_viewport(ratio=1)
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 120
    assert fits_sideways(page)
    page.locator("#notices-link").click()
    expect(page).to_have_url(re.compile("/tracking/notifications/"))
