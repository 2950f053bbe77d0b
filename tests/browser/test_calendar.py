"""An invitation becomes a calendar entry in a browser, at desktop and phone width: open the
registered giấy mời, "Thêm vào lịch", check the proposed time and place, save, and find the
meeting in the unit's calendar (a list on a phone, a grid on a desktop)."""

import datetime
import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.activities.invitations import invitation
from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.factories import RoleAssignmentFactory, UserFactory
from tuyengiao.accounts.models import Role
from tuyengiao.activities.models import Meeting


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings, as the crawl checks every page."""
    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]


def invitation_text(day: datetime.date) -> str:
    return (
        "TỈNH ỦY THỬ\nSố 116-GM/TU\nGIẤY MỜI\nBan Thường vụ Tỉnh ủy trân trọng kính mời đồng chí "
        "Bí thư Đảng ủy xã An Bình dự Hội nghị quán triệt Nghị quyết số 35-NQ/TW, vào lúc 14 giờ"
        f" 00, ngày {day:%d/%m/%Y}, tại Hội trường Tỉnh ủy, số 04 Trần Phú.\n"
    )


def test_an_invitation_onto_the_calendar(page: Page, viewport: Viewport, tree):
    editor = UserFactory(username="editor_a")
    RoleAssignmentFactory(user=editor, orgunit=tree.commune_a, role=Role.EDITOR)
    today = timezone.localdate()
    day = today + datetime.timedelta(days=3)
    document = invitation(
        tree.commune_a, editor, issuer_unit=tree.province, text=invitation_text(day)
    )
    document.issued_on = today
    document.save()

    log_in(page, "editor_a")
    page.goto(f"/documents/{document.pk}/")
    page.locator("#meeting-new").click()
    expect(page.get_by_role("heading", name="Thêm cuộc họp vào lịch")).to_be_visible()
    expect(page.locator("#id_form-0-held_on")).to_have_value(f"{day:%d/%m/%Y}")
    expect(page.locator("#id_form-0-starts_at")).to_have_value("14:00")
    expect(page.locator("#id_form-0-place")).to_have_value("Hội trường Tỉnh ủy, số 04 Trần Phú")
    assert fits_sideways(page) and not serious_violations(page)
    page.fill("#id_form-0-ends_at", "17:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu vào lịch").click()

    meeting = Meeting.objects.get()
    assert (meeting.held_on, meeting.document_id) == (day, document.pk)
    agenda = page.locator("section.calendar-agenda")
    expect(agenda.get_by_role("link", name=meeting.title)).to_be_visible()
    expect(agenda).to_contain_text("14:00–17:00")
    assert fits_sideways(page)

    # The calendar page as the navigation opens it: a grid on a desktop, the list on a phone.
    page.goto("/calendar/?view=week&day=" + day.isoformat())
    grid = page.locator("table.calendar-grid")
    if viewport.phone:
        expect(grid).to_be_hidden()
        expect(agenda.get_by_role("link", name=meeting.title)).to_be_visible()
    else:
        expect(grid.get_by_role("link", name=f"14:00 {meeting.title}")).to_be_visible()
        expect(agenda).to_be_hidden()
    assert fits_sideways(page) and not serious_violations(page)
    page.locator("section.calendar-agenda, table.calendar-grid").get_by_role(
        "link", name=meeting.title
    ).filter(visible=True).first.click()
    expect(page.locator("#meeting-place")).to_have_text("Hội trường Tỉnh ủy, số 04 Trần Phú")
    assert not serious_violations(page)
    page.goto("/calendar/feed/")
    page.get_by_role("button", name="Tạo địa chỉ lịch").click()
    expect(page.locator("#feed-url")).to_have_value(re.compile(r"/calendar/[\w-]+\.ics$"))
    assert fits_sideways(page) and not serious_violations(page)


def test_the_days_of_the_months_around_are_greyed_but_readable(page: Page, tree):
    """A month's grid greys the days of the months before and after it; the grey must keep
    text contrast of 4.5:1 (WCAG AA), which an opacity of 0.55 did not (axe: 3.65:1)."""
    editor = UserFactory(username="editor_a")
    RoleAssignmentFactory(user=editor, orgunit=tree.commune_a, role=Role.EDITOR)
    log_in(page, "editor_a")
    # November 2026 starts on a Sunday: its grid opens with six days of October.
    page.goto(f"/calendar/?unit={tree.commune_a.pk}&view=month&day=2026-11-01")
    expect(page.locator("td.other-month .day-number").first).to_have_text("26/10")
    assert not serious_violations(page)
