"""A commune's editor builds a survey with three questions in the browser, at desktop width
and on a phone, adds a row with the button (no script needed), publishes it and finds its
link and QR code; then prints a sheet of one-time codes, ten slips to an A4 page."""

import datetime

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tuyengiao.surveys.models import Status, Survey, SurveyCode

SERIOUS = {"serious", "critical"}


def accessible(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, as the crawl test checks."""
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in SERIOUS]


def test_build_publish_and_print_codes(page: Page, tree, owner, viewport: Viewport, settings):
    settings.SITE_URL = "https://tuyengiao.example.vn"
    today = timezone.localdate()
    log_in(page, "owner")
    if viewport.phone:
        page.click(".nav-toggle")
    page.click("#site-nav >> text=Dư luận")
    with page.expect_navigation():
        page.click("text=Tạo cuộc khảo sát")
    assert fits_sideways(page)
    page.fill("#id_title", "Khảo sát về thu gom rác thải")
    page.fill("#id_purpose", "Nắm ý kiến người dân về giờ thu gom.")
    page.fill("#id_opens_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_closes_on", (today + datetime.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.get_by_label("Chi bộ thôn 1").check()
    # Row 1: the age band; then one more row asked for, before the others are typed.
    page.select_option("#id_q-0-kind", "band")
    page.select_option("#id_q-0-band", "age")
    page.fill("#id_q-0-text", "Anh/chị thuộc nhóm tuổi nào?")
    expect(page.locator(".question-row")).to_have_count(3)
    with page.expect_navigation():
        page.click("#add-question")
    expect(page.locator(".question-row")).to_have_count(4)
    expect(page.locator("#id_q-0-text")).to_have_value("Anh/chị thuộc nhóm tuổi nào?")
    expect(page.locator("#id_title")).to_have_value("Khảo sát về thu gom rác thải")
    page.select_option("#id_q-1-kind", "single")
    page.fill("#id_q-1-text", "Rác được thu gom mấy lần một tuần?")
    page.fill("#id_q-1-options", "Một lần\nHai, ba lần\nHằng ngày")
    page.select_option("#id_q-2-kind", "scale")
    page.fill("#id_q-2-text", "Anh/chị hài lòng với việc thu gom ở mức nào?")
    page.check("#id_q-2-headline")
    assert fits_sideways(page)
    assert accessible(page) == []
    with page.expect_navigation():
        page.click("#survey-form button[name=save]")
    expect(page.locator(".messages")).to_contain_text("Đã lưu cuộc khảo sát")
    expect(page.locator("#questions li[id^=question-]")).to_have_count(3)
    expect(page.locator("#public-link")).to_contain_text("khi cuộc khảo sát được phát hành")

    with page.expect_navigation():
        page.click("#publish-form button")
    survey = Survey.objects.get()
    assert survey.status == Status.OPEN
    link = f"https://tuyengiao.example.vn{survey.public_path}"
    expect(page.locator("#public-url")).to_have_value(link)
    expect(page.locator(".survey-url")).to_have_text(link)
    qr = page.locator("#public-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150  # big enough to scan from a screen
    assert fits_sideways(page)
    assert accessible(page) == []

    with page.expect_navigation():
        page.click("text=In mã phiếu")
    expect(page.locator("#codes-once")).to_contain_text("In ngay: mã chỉ hiện một lần")
    page.select_option("#id_unit", label="Chi bộ thôn 1")
    page.fill("#id_count", "12")
    with page.expect_navigation():
        page.click("#codes-form button[type=submit]")
    slips = page.locator(".code-slip")
    expect(slips).to_have_count(12)
    expect(slips.first).to_contain_text(f"{link}?ma=")
    assert SurveyCode.objects.filter(survey=survey, unit=tree.cell_a1).count() == 12
    assert fits_sideways(page)
    assert accessible(page) == []
    # On paper: two slips a row, five rows a page (55 mm each, ~208 px at 96 dpi).
    page.emulate_media(media="print")
    boxes = [slips.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[2]["y"] > boxes[0]["y"]
    assert 200 <= boxes[0]["height"] <= 215
    expect(page.locator(".codes-screen-only")).to_be_hidden()
