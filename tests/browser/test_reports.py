"""A commune's editor reads its written monthly report in, at desktop width and on a phone:
the figure is marked in the text and proposed beside it, corrected from the keyboard and
saved; the province's total follows at once. The page fits a phone's width."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.values.conftest import make_indicator
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import PeriodKind, period_for
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import figures

REPORT = (
    "ĐẢNG ỦY XÃ AN BÌNH\nBÁO CÁO\nKết quả công tác tuyên giáo tháng này\n\n"
    "I. KẾT QUẢ ĐẠT ĐƯỢC\nTrong tháng, Đảng ủy tổ chức 3 hội nghị thông tin thời sự cho cán "
    "bộ, đảng viên và nhân dân.\n\nII. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG TỚI\n"
    "Phấn đấu tổ chức 5 hội nghị thông tin thời sự.\n"
)


def test_a_report_read_in_reviewed_and_saved(page: Page, tree, owner, viewport: Viewport):
    briefings = make_indicator("HN_THONG_TIN_THOI_SU", name="Số hội nghị thông tin thời sự")
    month = period_for(PeriodKind.MONTH, timezone.localdate())
    log_in(page, "owner")
    if viewport.phone:
        page.click(".nav-toggle")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Báo cáo văn bản"
    ).click()
    page.select_option("#id_orgunit", value=str(tree.commune_a.pk))
    page.select_option("#id_period", value=month.code)
    page.set_input_files(
        "#id_file", files=[{"name": "bao-cao.txt", "mimeType": "text/plain",
                            "buffer": REPORT.encode("utf-8")}],
    )  # fmt: skip
    page.click("#ingest-submit")
    proposal = page.locator(".proposal")
    expect(proposal).to_have_count(1)  # the target for next month is not a result
    expect(proposal).to_contain_text("3 hội nghị thông tin thời sự")
    expect(page.locator("mark.figure")).to_have_text("3 hội nghị thông tin thời sự")
    assert fits_sideways(page)
    assert not DataValue.objects.exists()
    value = proposal.get_by_label("Số liệu")
    value.fill("4")
    with page.expect_navigation():
        value.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Đã lưu 1 số liệu")
    expect(proposal).to_contain_text("Đã sửa và nhận: 4")
    found = figures(indicator=briefings, unit_ids=[tree.province.pk], period=month, state=ENTERED)
    assert found[tree.province.pk].value == 4
    assert fits_sideways(page)
