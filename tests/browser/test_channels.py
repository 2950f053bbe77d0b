"""A commune's editor records a month of its radio station's output, at desktop width and on a
phone: the channel's page lists it and the province's total follows at once; the commune's
printed schedule and its culture registries open. Every page fits a phone's width."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import Indicator
from tuyengiao.values.periods import PeriodKind, period_for
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import figures
from tuyengiao.web.demo import COMMUNE_SLUG, DEMO_PASSWORD


def _province_minutes(month) -> int:
    province = OrgUnit.objects.get(parent__isnull=True)
    indicator = Indicator.objects.get(code="THOI_LUONG_PHAT_THANH")
    found = figures(indicator=indicator, unit_ids=[province.pk], period=month, state=ENTERED)
    return int(found[province.pk].value or 0)


def test_a_month_of_radio_recorded_on_a_phone(page: Page, demo_live, viewport: Viewport):
    month = period_for(PeriodKind.MONTH, timezone.localdate())
    before = _province_minutes(month)
    log_in(page, f"xa.{COMMUNE_SLUG}.bientap", DEMO_PASSWORD)
    if viewport.phone:
        page.click(".nav-toggle")
    page.click("#site-nav >> text=Kênh thông tin")
    expect(page.locator("#channels")).to_be_visible()
    assert fits_sideways(page)
    with page.expect_navigation():
        page.click("#channels a:has-text('Đài truyền thanh')")
    assert fits_sideways(page)
    with page.expect_navigation():
        page.click("text=Ghi kết quả một tháng")
    page.select_option("#id_month", month.code)
    page.fill("#id_programmes", "10")
    page.fill("#id_minutes", "300")
    assert fits_sideways(page)
    page.click("#output-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Đã ghi")
    expect(page.locator("#outputs")).to_contain_text(f"{month.start:%m/%Y}")
    assert _province_minutes(month) == before + 300
    with page.expect_navigation():
        page.click("text=Lịch phát sóng")
    with page.expect_navigation():
        page.click("text=Lịch phát sóng của đơn vị (bản in)")
    expect(page.locator("#weekly-schedule")).to_contain_text("Tiếp âm")
    assert fits_sideways(page)
    page.click(".breadcrumb li:nth-child(2) a")  # back to the commune's channels
    page.click(".channels-tabs >> text=Sổ theo dõi văn hóa")
    expect(page.locator("#culture-records")).to_contain_text("Đội văn nghệ thôn 1")
    assert fits_sideways(page)
