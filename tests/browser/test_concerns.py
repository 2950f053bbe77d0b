"""A commune's administrator records a month of concerns on a phone (a summary naming a
person loses the name, and the page says so); the province sees the count on its overview."""

from django.apps import apps
from playwright.sync_api import Page, expect

from tests.browser.conftest import VIEWPORTS, fits_sideways, log_in
from tuyengiao.surveys.concerns import current_month
from tuyengiao.surveys.models import ConcernNote
from tuyengiao.surveys.seeds import DISAGGREGATIONS, ENTRIES
from tuyengiao.values.catalogue import catalogue_seed


def test_a_month_entered_on_a_phone_reaches_the_province(
    page: Page, transactional_db, tree, owner, province_admin
):
    # A transactional test's flush empties what the migrations seeded: the topics back first.
    catalogue_seed(apps, entries=ENTRIES, disaggregations=DISAGGREGATIONS)
    month = current_month().previous()
    page.set_viewport_size(VIEWPORTS["phone"])
    log_in(page, "owner")
    page.click(".nav-toggle")
    with page.expect_navigation():
        page.click("#site-nav >> text=Dư luận")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Dư luận").get_by_role(
            "link", name="Tâm tư, nguyện vọng"
        ).click()
    expect(page.locator("h1")).to_contain_text("Đảng ủy xã An Bình")
    assert fits_sideways(page)
    with page.expect_navigation():
        page.click(f"text=Nhập số liệu Tháng {month.start.month}/{month.start.year}")
    assert fits_sideways(page)
    # On a phone each topic is a card: its boxes one under the other.
    heard = page.locator("#id_TRAT_TU_DO_THI-heard")
    resolved = page.locator("#id_TRAT_TU_DO_THI-resolved")
    assert heard.bounding_box()["y"] < resolved.bounding_box()["y"]
    heard.fill("7")
    resolved.fill("3")
    page.fill("#id_TRAT_TU_DO_THI-passed_up", "1")
    page.fill(
        "#id_TRAT_TU_DO_THI-summary",
        "ông Nguyễn Văn Tám ở số 12 đường Trần Phú phản ánh quán ăn lấn chiếm vỉa hè.",
    )
    with page.expect_navigation():
        page.click("#concern-month button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Đã ghi tâm tư, nguyện vọng")
    expect(page.locator(".messages")).to_contain_text("đã bỏ tên người, địa chỉ")
    expect(page.locator("#id_TRAT_TU_DO_THI-heard")).to_have_value("7")
    assert "Tám" not in ConcernNote.objects.get().summary
    assert fits_sideways(page)

    page.context.clear_cookies()
    log_in(page, "province")
    page.goto(f"/concerns/?to={month.code}")
    row = page.locator("#topic-summary tr", has_text="Trật tự đô thị, vỉa hè")
    expect(row.locator("td").first).to_have_text("7")
    expect(page.locator("#unit-months")).to_contain_text("Đảng ủy xã An Bình")
    assert fits_sideways(page)
