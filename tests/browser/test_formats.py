"""Formats in a browser whose language is English (en-US, as most staff have): periods are
picked and shown by their Vietnamese labels, dates are typed and shown dd/mm/yyyy, a long
list of units is searched without diacritics, figures read 4.825 and 16,7 %, and units come in
Vietnamese order (Đ after D) in the tree, tables and choices. At desktop width and at 375 px."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.factories import OrgUnitFactory, RoleAssignmentFactory, UserFactory
from tests.tracking.conftest import CONCLUSION_TEXT, make_document
from tests.values.conftest import make_indicator
from tuyengiao.accounts.models import Role
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting import services
from tuyengiao.reporting.models import FormItem, FormSection, ReportForm
from tuyengiao.reporting.workflow import form_current_period
from tuyengiao.tracking.models import Assignment
from tuyengiao.tracking.services import TaskDraft, assignments_create, tasks_create
from tuyengiao.values.periods import PeriodKind, period_for
from tuyengiao.values.services import CellKey, datavalue_save


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


def test_figures_in_vietnamese_format_and_units_in_vietnamese_order(
    page: Page, viewport: Viewport, tree, province_admin
):
    """4.825 and 16,7 % whatever the browser's language; Đồng Tâm after Dương Liễu, not after
    Yên Bái (where the order of code points puts Đ), in the tree and in the tables."""
    kind = tree.commune_a.kind
    for code, name in (("XA-YB", "Yên Bái"), ("XA-DT", "Đồng Tâm"), ("XA-VP", "Vĩnh Phúc"),
                       ("XA-DL", "Dương Liễu")):  # fmt: skip
        OrgUnitFactory(code=code, name=f"Đảng ủy xã {name}", kind=kind, parent=tree.province)
    order = ["An Bình", "Bình Minh", "Dương Liễu", "Đồng Tâm", "Vĩnh Phúc", "Yên Bái"]
    count = make_indicator("T_HOI_NGHI", name="Số hội nghị thử", unit_of_measure="hội nghị")
    form = ReportForm.objects.create(code="BM_THU", name="Báo cáo tháng thử", period_kind="month",
                                     owner=tree.province, opens_before_end_days=40)  # fmt: skip
    form.unit_kinds.add(kind)
    section = FormSection.objects.create(form=form, title="I. Hội nghị")
    FormItem.objects.create(form=form, section=section, indicator=count, sort_order=1)
    period = form_current_period(form, timezone.localdate())
    for unit, figure in ((tree.commune_a, 4000), (tree.commune_b, 825)):
        datavalue_save(user=province_admin, key=CellKey(unit, count, period), raw=figure)
    # One commune of six has sent: 16,7 %.
    services.submission_submit(user=province_admin, form=form, unit=tree.commune_a, period=period)
    log_in(page, "province")

    page.goto(reverse("orgunits:tree"))
    page.get_by_role("button", name="Đơn vị cấp dưới của Tỉnh ủy Thử").click()
    communes = page.locator(".tree-node[data-code^='XA-'] > .tree-row > a")
    expect(communes).to_have_text([f"Đảng ủy xã {name}" for name in order])
    assert fits_sideways(page)

    # Typed into the form, not approved: among every figure entered.
    page.goto(reverse("dashboards:dashboard") + f"?unit={tree.province.pk}&indicator="
              f"{count.code}&period={period.code}&state=entered")  # fmt: skip
    expect(page.locator("#total")).to_have_text("4.825")
    below = page.locator("#below tbody tr")
    expect(below.locator("td:first-child")).to_have_text([f"Đảng ủy xã {n}" for n in order])
    expect(below.first.locator("td.number").first).to_have_text("4.000")
    assert fits_sideways(page)

    page.goto(reverse("reporting:overview", args=[form.code]) + f"?period={period.code}")
    expect(page.locator("#sent-percent")).to_have_text("16,7 %")
    rows = page.locator("#completeness tbody tr td:first-child")
    expect(rows).to_have_text([f"Đảng ủy xã {n}" for n in order])
    assert fits_sideways(page)

    # And a choice of units reads like the tree.
    page.goto(reverse("reporting:import"))
    choices = page.locator("#template-unit option").all_inner_texts()
    assert [c for c in choices if c.startswith("Đảng ủy xã")] == [f"Đảng ủy xã {n}" for n in order]
