"""A commune's editor records a conference on the month page, at desktop width and on a
phone: the activity is listed, the month's figures follow, and so does the province's total
at once. The page fits a phone's width."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import Indicator
from tuyengiao.values.periods import PeriodKind, period_for
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import figures
from tuyengiao.web.demo import COMMUNE_SLUG, DEMO_PASSWORD


def _province_listeners(month) -> int:
    province = OrgUnit.objects.get(parent__isnull=True)
    indicator = Indicator.objects.get(code="LUOT_NGUOI_NGHE")
    found = figures(indicator=indicator, unit_ids=[province.pk], period=month, state=ENTERED)
    return int(found[province.pk].value or 0)


def test_a_conference_recorded_on_the_month_page(page: Page, demo_live, viewport: Viewport):
    month = period_for(PeriodKind.MONTH, timezone.localdate())
    before = _province_listeners(month)
    log_in(page, f"xa.{COMMUNE_SLUG}.bientap", DEMO_PASSWORD)
    page.goto("/activities/")
    if viewport.phone:
        page.click(".nav-toggle")
    page.click("#activity-month")
    expect(page.locator("#quick-form")).to_be_visible()
    assert fits_sideways(page)
    page.select_option("#id_kind", label="Hội nghị thông tin thời sự")
    page.fill("#id_party_members", "35")
    page.fill("#id_public", "85")
    page.click("#quick-save")
    expect(page.locator(".messages")).to_contain_text("Đã ghi")
    expect(page.locator("#month-activities")).to_contain_text("120 người dự")
    assert fits_sideways(page)
    assert _province_listeners(month) == before + 120
