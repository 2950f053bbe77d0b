"""Reporting in a browser: a commune fills in its monthly form cell by cell, sees a broken
rule at once, submits; the province approves and the figures lock."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.values.conftest import make_indicator
from tuyengiao.reporting.models import FormItem, FormSection, ReportForm, Submission, ValidationRule
from tuyengiao.reporting.workflow import form_current_period
from tuyengiao.values.models import Disaggregation, DisaggregationOption


@pytest.fixture
def form(tree):
    count = make_indicator("T_HOI_NGHI", name="Số hội nghị thử", unit_of_measure="hội nghị")
    breakdown = Disaggregation.objects.create(code="T_CAP", name="Cấp thử")
    for order, (code, name) in enumerate((("SO_CAP", "Sơ cấp"), ("CAO_CAP", "Cao cấp"))):
        DisaggregationOption.objects.create(
            disaggregation=breakdown, code=code, name=name, sort_order=order
        )
    classes = make_indicator("T_LOP", name="Số lớp thử", disaggregation=breakdown)
    ValidationRule.objects.create(
        code="R_THU", left="T_LOP.CAO_CAP", operator="<=", right="T_LOP.SO_CAP",
        importance="high", message="Lớp cao cấp không nhiều hơn lớp sơ cấp.",
    )  # fmt: skip
    form = ReportForm.objects.create(
        code="BM_THU", name="Báo cáo tháng thử", period_kind="month", owner=tree.province,
        opens_before_end_days=40,
    )  # fmt: skip
    form.unit_kinds.add(tree.commune_a.kind)
    section = FormSection.objects.create(form=form, title="I. Hội nghị và lớp học")
    FormItem.objects.create(form=form, section=section, indicator=count, sort_order=1)
    FormItem.objects.create(form=form, section=section, indicator=classes, sort_order=2)
    form.current = form_current_period(form, timezone.localdate())
    return form


def send(page: Page) -> None:
    """ "Gửi báo cáo" asks first, in the page; nothing is sent until it is confirmed."""
    page.get_by_text("Gửi báo cáo", exact=True).click()
    confirm = page.get_by_role("button", name="Xác nhận gửi")
    expect(confirm).to_be_visible()
    expect(page.locator("#submit-confirm")).to_contain_text("số liệu bị khóa")
    confirm.click()


def test_fill_in_check_submit_approve_and_lock(page: Page, form, tree, owner, province_admin):
    log_in(page, "owner")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Báo cáo", exact=True
    ).click()
    # Earlier months still unsent are listed too, overdue: this month's is open.
    row = page.locator("#to-fill tr", has_text=form.current.label())
    row.get_by_role("link", name="Báo cáo tháng thử").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tháng thử")

    count = page.get_by_label("Số hội nghị thử")
    count.fill("1.234")
    count.press("Tab")
    expect(page.locator("td.entry-cell").first.locator(".cell-status")).to_have_text("Đã lưu")
    page.get_by_label("Số lớp thử — Cao cấp").fill("5")
    page.get_by_label("Số lớp thử — Sơ cấp").fill("1")
    page.get_by_label("Số lớp thử — Sơ cấp").press("Tab")
    expect(page.locator("#checks")).to_contain_text("Lớp cao cấp không nhiều hơn lớp sơ cấp.")
    # A typo is kept in its cell with a message, and nothing else is lost.
    page.get_by_label("Số hội nghị thử").fill("12a")
    page.get_by_label("Số hội nghị thử").press("Tab")
    expect(page.get_by_label("Số hội nghị thử")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Số hội nghị thử").fill("12")
    page.get_by_label("Số hội nghị thử").press("Tab")
    expect(page.get_by_label("Số hội nghị thử")).not_to_have_attribute("aria-invalid", "true")

    # The serious rule stops the submission until the figures are right.
    send(page)
    expect(page.locator(".messages")).to_contain_text("Lớp cao cấp không nhiều hơn lớp sơ cấp.")
    page.get_by_label("Số lớp thử — Sơ cấp").fill("6")
    page.get_by_label("Số lớp thử — Sơ cấp").press("Tab")
    expect(page.locator("#checks")).to_contain_text("Không thấy số liệu nào sai")
    send(page)
    expect(page.locator("#report-status")).to_have_text("Đã gửi, chờ duyệt")
    locked = page.get_by_label("Số hội nghị thử")
    expect(locked).to_have_attribute("readonly", "")
    # A locked cell looks locked and says why.
    expect(locked).to_have_attribute("title", re.compile("đang chờ duyệt"))
    assert locked.evaluate("e => getComputedStyle(e).borderTopStyle") == "dashed"
    assert locked.evaluate("e => getComputedStyle(e).cursor") == "not-allowed"

    page.context.clear_cookies()
    log_in(page, "province")
    page.goto("/reporting/")
    page.locator("#to-approve").get_by_role("link", name="Báo cáo tháng thử").click()
    expect(page.get_by_label("Số hội nghị thử")).to_have_value("12")
    page.get_by_role("button", name="Duyệt").click()
    expect(page.locator("#report-status")).to_have_text("Đã duyệt")
    expect(page.locator("#entry-block")).to_contain_text("đã khóa")
    assert Submission.objects.get().status == "approved"

    # The province's dashboard has the commune's figure, its chart drawn.
    page.goto("/reporting/")
    page.get_by_role("link", name="Xem số liệu tổng hợp").click()
    page.select_option("#indicator-select", "T_HOI_NGHI")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#total")).to_have_text("12")
    # Every chart drawn: an image the CSP blocked or the server refused has no width.
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure.chart img')]"
        ".every(image => image.complete && image.naturalWidth > 0)"
    )


def test_a_cell_just_swapped_in_takes_a_change_at_once(page: Page, form, tree, owner):
    """htmx binds a swapped-in field when it settles: after its default 20 ms delay, a change
    typed into a cell in that window was lost (a flaky assertion in CI found it). The change
    here comes in the first task after the swap, as a fast typist's or a test's would."""
    log_in(page, "owner")
    page.goto(f"/reporting/forms/{form.code}/{tree.commune_a.pk}/{form.current.code}/")
    page.evaluate(
        """() => document.body.addEventListener("htmx:afterSwap", () => setTimeout(() => {
            const field = document.querySelector("td.entry-cell input");
            if (field.value !== "12a") return;
            field.value = "12";
            field.dispatchEvent(new Event("change", {bubbles: true}));
        }), {once: true})"""
    )
    field = page.get_by_label("Số hội nghị thử")
    field.fill("12a")
    field.press("Tab")
    expect(field).to_have_value("12")
    expect(field).not_to_have_attribute("aria-invalid", "true")


def test_grid_fits_a_phone(page: Page, form, tree, owner):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "owner")
    page.goto(f"/reporting/forms/{form.code}/{tree.commune_a.pk}/{form.current.code}/")
    field = page.get_by_label("Số hội nghị thử")
    box = field.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_import_an_xlsx_with_a_bad_row_then_a_good_one(page: Page, form, tree, owner):
    import io

    from openpyxl import Workbook

    def workbook(rows) -> bytes:
        book = Workbook()
        for row in rows:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    header = ["Mã chỉ tiêu", "Mã đơn vị", "Kỳ", "Số liệu"]
    period = form.current.code
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    log_in(page, "owner")
    page.goto("/reporting/import/")
    bad = workbook([header, ["T_HOI_NGHI", "XA-AB", period, 3], ["T_HOI_NGHI", "XA-AB", "2024Q7",
                                                                  "ba"]])  # fmt: skip
    page.set_input_files("#import-file", files=[{"name": "sai.xlsx", "mimeType": xlsx,
                                                 "buffer": bad}])  # fmt: skip
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator("#import-problem")).to_contain_text("chưa ghi số liệu nào")
    expect(page.locator("#import-errors tbody tr").first).to_contain_text("3")
    good = workbook([header, ["T_HOI_NGHI", "XA-AB", period, 3]])
    page.set_input_files("#import-file", files=[{"name": "dung.xlsx", "mimeType": xlsx,
                                                 "buffer": good}])  # fmt: skip
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    expect(page.locator("#import-done")).to_contain_text("1 số liệu mới")


def test_unit_admin_builds_a_form_that_its_cells_then_fill(page: Page, form, tree, owner):
    """A commune's administrator writes a form for its cells, a typo first; the cells' report
    then opens with the sections as written. On a phone: the catalogue goes below."""
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "owner")
    page.goto("/reporting/")
    page.get_by_role("link", name="Quản lý biểu mẫu").click()
    page.get_by_role("link", name="Tạo biểu mẫu mới").click()
    page.get_by_label("Mã biểu mẫu").fill("BM_CHI_BO")
    page.get_by_label("Tên biểu mẫu").fill("Báo cáo tháng của chi bộ")
    page.get_by_label("Đơn vị ban hành").select_option(label="Đảng ủy xã An Bình (XA-AB)")
    page.get_by_label("Chi bộ").check()
    page.get_by_label("Mở nhập trước khi hết kỳ (ngày)").fill("40")
    page.get_by_label("Bố cục").fill("# Sinh hoạt chi bộ\nT_HOI_NGHI\nT_LOPP\n")
    page.get_by_role("button", name="Lưu biểu mẫu").click()
    expect(page.locator(".errorlist")).to_contain_text("Dòng 3: không có chỉ tiêu mã “T_LOPP”.")
    expect(page.get_by_label("Bố cục")).to_have_value("# Sinh hoạt chi bộ\nT_HOI_NGHI\nT_LOPP\n")
    page.get_by_label("Bố cục").fill("# Sinh hoạt chi bộ\nT_HOI_NGHI\n# Học tập\nT_LOP\n")
    page.get_by_role("button", name="Lưu biểu mẫu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu biểu mẫu")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    built = ReportForm.objects.get(code="BM_CHI_BO")
    period = form_current_period(built, timezone.localdate())
    page.goto(f"/reporting/forms/BM_CHI_BO/{tree.cell_a1.pk}/{period.code}/")
    expect(page.locator(".entry-section h2")).to_have_text(["Sinh hoạt chi bộ", "Học tập"])


def test_a_commune_founded_this_period_is_asked_for_this_period_only(
    page: Page, viewport: Viewport, form, tree, owner
):
    tree.commune_a.opened_on = form.current.start
    tree.commune_a.save()
    log_in(page, "owner")
    page.goto("/")
    expect(page.locator("#home-reports-card")).not_to_contain_text("quá hạn")
    assert fits_sideways(page)
    page.goto("/reporting/")
    rows = page.locator("#to-fill tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).not_to_contain_text("quá hạn")
    expect(rows).to_contain_text(form.current.label())
    expect(rows).to_be_in_viewport(ratio=1)
    assert fits_sideways(page)
    rows.get_by_role("link", name="Báo cáo tháng thử").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo tháng thử")


def test_the_approver_sees_what_changed_since_the_return(
    page: Page, viewport: Viewport, form, tree, owner, province_admin
):
    from tuyengiao.reporting import services
    from tuyengiao.values.models import Indicator
    from tuyengiao.values.services import CellKey, datavalue_save

    count, classes = Indicator.objects.get(code="T_HOI_NGHI"), Indicator.objects.get(code="T_LOP")
    period, unit = form.current, tree.commune_a
    # Last month's figure, by the level above, which may enter at any time.
    datavalue_save(user=province_admin, key=CellKey(unit, count, period.previous()), raw=9)
    for indicator, option, raw in ((count, "", "5"), (classes, "SO_CAP", "2"),
                                   (classes, "CAO_CAP", "1")):  # fmt: skip
        datavalue_save(user=owner, key=CellKey(unit, indicator, period, option), raw=raw)
    services.submission_submit(user=owner, form=form, unit=unit, period=period)
    services.submission_return(user=province_admin, submission=Submission.objects.get(),
                               reason="Số hội nghị chưa đúng")  # fmt: skip

    # The commune corrects one figure and sends again.
    log_in(page, "owner")
    page.goto(reverse("reporting:entry", args=[form.code, unit.pk, period.code]))
    expect(page.locator("#return-reason")).to_contain_text("Số hội nghị chưa đúng")
    page.get_by_label("Số hội nghị thử").fill("6")
    page.get_by_label("Số hội nghị thử").press("Tab")
    expect(page.locator(f"#before-v-{count.pk}-")).to_contain_text("5")
    send(page)
    expect(page.locator("#report-status")).to_have_text("Đã gửi, chờ duyệt")

    page.context.clear_cookies()
    log_in(page, "province")
    page.goto("/reporting/")
    page.locator("#to-approve").get_by_role("link", name="Báo cáo tháng thử").click()
    expect(page.locator("#changed-summary")).to_contain_text("1 ô đã sửa")
    changed = page.locator("tr.changed")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("Số hội nghị thử")
    expect(changed.locator("del")).to_have_text("5")
    expect(page.get_by_label("Số hội nghị thử")).to_have_value("6")
    # Beside each cell, the same unit's figure of the month before.
    expect(page.locator("th.prev-col").first).to_contain_text(period.previous().label())
    expect(changed.locator("td.prev-col")).to_have_text("9")
    unchanged = page.locator("tr", has=page.get_by_label("Số lớp thử — Sơ cấp"))
    expect(unchanged.locator(".cell-before")).to_have_count(0)
    # All three on the screen at once, on a phone too: the new figure, the old one struck
    # out, the month before's.
    changed.scroll_into_view_if_needed()
    for part in (page.get_by_label("Số hội nghị thử"), changed.locator("del"),
                 changed.locator("td.prev-col")):  # fmt: skip
        expect(part).to_be_in_viewport(ratio=1)
    assert fits_sideways(page)
