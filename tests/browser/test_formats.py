"""Formats in a browser whose language is English (en-US, as most staff have): periods are
picked and shown by their Vietnamese labels, dates are typed and shown dd/mm/yyyy, and a long
list of units is searched without diacritics. At desktop width and at 375 px."""

import datetime

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory
from tests.tracking.conftest import CONCLUSION_TEXT, make_document
from tuyengiao.accounts.models import Role
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.periods import PeriodKind, period_for
from tuyengiao.tracking.models import Assignment
from tuyengiao.tracking.services import TaskDraft, assignments_create, tasks_create


def _editor(unit, username: str):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, orgunit=unit, role=Role.EDITOR)
    return user


def _assigned_task(tree, site_admin):
    holder = _editor(tree.province, "tinh")
    _editor(tree.commune_a, "xa")
    conclusion = make_document(tree.province, site_admin, full_text=CONCLUSION_TEXT)
    [task] = tasks_create(
        user=holder,
        orgunit=tree.province,
        document=conclusion,
        drafts=[TaskDraft("Tổ chức học tập", number="1")],
    )
    assignments_create(user=holder, task=task, units=[tree.commune_a])
    return task, Assignment.objects.get(task=task, orgunit=tree.commune_a)


def test_a_progress_report_period_is_picked_by_its_label(
    page: Page, viewport: Viewport, tree, site_admin
):
    _task, assignment = _assigned_task(tree, site_admin)
    quarter = period_for(PeriodKind.QUARTER, datetime.date.today())
    roman = ("I", "II", "III", "IV")[quarter.number - 1]
    label = f"Quý {roman}/{quarter.start.year}"

    log_in(page, "xa")
    page.goto(reverse("tracking:assignment", args=[assignment.pk]))
    picker = page.locator("#id_period")
    expect(picker).to_have_js_property("tagName", "SELECT")  # no code typed in a box
    expect(picker.locator("optgroup[label='Quý'] option").first).to_have_text(label)
    picker.select_option(label=label)
    page.fill("#id_results", "Đã tổ chức 2 hội nghị")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("article.card h3").first).to_contain_text(label)
    expect(page.locator("main")).not_to_contain_text(quarter.code)
    assert fits_sideways(page)


def test_a_date_is_typed_and_shown_day_first_in_an_english_browser(
    page: Page, viewport: Viewport, tree, site_admin
):
    task, _assignment = _assigned_task(tree, site_admin)
    log_in(page, "tinh")
    page.goto(reverse("tracking:task_edit", args=[task.pk]))
    deadline = page.locator("#id_deadline")
    expect(deadline).to_have_attribute("type", "text")
    expect(deadline).to_have_attribute("placeholder", "dd/mm/yyyy")
    # The calendar button is drawn, not a character: a phone's font lacked the emoji and
    # showed an empty box.
    calendar = page.get_by_role("button", name="Chọn ngày trên lịch")
    expect(calendar).to_have_text("")
    icon = (calendar.locator("svg").bounding_box() or {}).get("width", 0)
    assert icon >= 16, icon
    # A day that cannot be read is refused in Vietnamese, the text kept.
    deadline.fill("31/02/2027")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("main")).to_contain_text("tháng 2/2027 không có ngày 31")
    # Typed loosely, tidied on leaving the box, saved and shown back day first.
    deadline = page.locator("#id_deadline")
    deadline.fill("3/6/2027")
    deadline.press("Tab")
    expect(deadline).to_have_value("03/06/2027")
    page.get_by_role("button", name="Lưu").click()
    task.refresh_from_db()
    assert task.deadline == datetime.date(2027, 6, 3)
    page.goto(reverse("tracking:task_edit", args=[task.pk]))
    expect(page.locator("#id_deadline")).to_have_value("03/06/2027")
    assert fits_sideways(page)


def _many_communes(tree) -> OrgUnit:
    """Forty communes and more under the province, Lũng Sương's with two cells: a list long
    enough for its search box (ui.js: over 30 choices), without building the demo's 360."""
    kind, cell = tree.commune_a.kind, tree.cell_a1.kind
    for n in range(40):
        OrgUnitFactory(code=f"XA-{n:02}", name=f"Đảng ủy xã Thử {n}", kind=kind,
                       parent=tree.province)  # fmt: skip
    OrgUnitFactory(code="XA-LS2", name="Đảng ủy xã Lũng Sơn", kind=kind, parent=tree.province)
    commune = OrgUnitFactory(code="XA-LS", name="Đảng ủy xã Lũng Sương", kind=kind,
                             parent=tree.province)  # fmt: skip
    for n in (1, 2):
        OrgUnitFactory(code=f"CB-LS{n}", name=f"Chi bộ thôn Lũng Sương {n}", kind=cell,
                       parent=commune)  # fmt: skip
    return commune


def test_a_long_list_of_units_is_searched_without_diacritics(page: Page, viewport: Viewport, tree):
    commune = _many_communes(tree)
    _editor(tree.province, "tinh")
    # The page lists units only beside a form to download.
    ReportForm.objects.create(code="BM_THU", name="Báo cáo tháng thử", period_kind="month",
                              owner=tree.province)  # fmt: skip
    log_in(page, "tinh")
    page.goto(reverse("reporting:import"))
    units = page.locator("#template-unit")
    assert units.locator("option").count() > 40
    search = page.locator("#template-unit-filter")
    expect(search).to_be_visible()
    search.fill("lung suong")
    # Only the matches stay listed (not Lũng Sơn), and the first of them (the commune, above
    # its cells) is chosen: Enter then leaves the choice made.
    shown = units.locator("option:not([hidden])")
    expect(shown).to_have_count(3)
    for text in shown.all_inner_texts():
        assert "Lũng Sương" in text
    search.press("Enter")
    expect(units).to_have_value(str(commune.pk))
    expect(units).to_be_focused()
    assert fits_sideways(page)
