"""The web shell (src/tuyengiao/web) in Chromium: CSP-clean HTMX, a phone screen, the user menu."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, log_in

PHONE = {"width": 360, "height": 740}


def test_htmx_loads_under_the_csp_without_inline_styles(page: Page, owner):
    log_in(page, "owner")

    expect(page.locator("h1")).to_contain_text("Xin chào")
    assert page.evaluate("window.htmx && window.htmx.version").startswith("2.")
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    # htmx would have added a <style> to <head>; the page fixture fails on CSP errors too.
    assert page.locator("head style").count() == 0


def test_home_fits_a_phone_screen(page: Page, owner):
    page.set_viewport_size(PHONE)
    log_in(page, "owner")

    # The navigation folds behind the Menu button, the header keeping to one line.
    expect(page.locator(".site-nav")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 120
    page.get_by_role("button", name="Menu").click()
    expect(page.locator(".site-nav")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    for label in ("Trang chủ", "Phân quyền", "API"):
        expect(page.locator(".site-nav").get_by_role("link", name=label)).to_be_in_viewport()


def test_the_days_work_opens_the_home_page_on_a_phone(page: Page, owner):
    """Reports and tasks due come before the cards about who one is (issue 15, item 11)."""
    page.set_viewport_size(PHONE)
    log_in(page, "owner")
    expect(page.locator("#home-reports-card")).to_be_in_viewport()
    tasks = page.locator("#home-tasks-card").bounding_box()
    roles = page.locator("[aria-labelledby=home-roles]").bounding_box()
    assert tasks is not None and roles is not None and tasks["y"] < roles["y"]


def test_user_menu_opens_and_closes_with_escape(page: Page, owner):
    page.set_viewport_size(PHONE)
    log_in(page, "owner")
    logout = page.get_by_role("button", name="Đăng xuất")

    expect(logout).to_be_hidden()
    page.locator("details.user-menu summary").click()
    expect(logout).to_be_visible()
    expect(page.get_by_role("link", name="Đổi mật khẩu").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(logout).to_be_hidden()


def test_the_user_menu_names_its_user_at_both_widths(page: Page, viewport: Viewport, owner):
    owner.first_name = "Cán bộ Ban Tuyên giáo và Dân vận tỉnh (demo)"
    owner.save()
    log_in(page, "owner")
    summary = page.locator("details.user-menu summary")
    name = re.compile("Cán bộ Ban Tuyên giáo và Dân vận tỉnh")

    expect(summary).to_have_accessible_name(name)
    # Nothing in it is cut short: a phone shows an icon in place of the name, which it cut
    # to "Cán b…"; the open menu then heads with the name.
    assert summary.evaluate("s => s.scrollWidth <= s.clientWidth")
    shown = (summary.locator(".user-name").bounding_box() or {}).get("width", 0)
    assert (shown <= 1) if viewport.phone else (shown > 200), shown
    expect(summary.locator("svg.user-icon")).to_be_visible()
    summary.click()
    panel = page.locator(".user-menu-panel")
    if viewport.phone:
        expect(panel.get_by_text(name)).to_be_in_viewport()
    expect(panel).to_contain_text("owner")
    expect(panel).to_be_in_viewport(ratio=1)


def test_log_out_from_the_user_menu(page: Page, owner):
    log_in(page, "owner")

    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_skip_link_appears_on_focus(page: Page, owner):
    log_in(page, "owner")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
