"""Browsing the organisation tree."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in


def test_browse_the_tree_expand_collapse_and_search(page: Page, tree, owner):
    log_in(page, "owner")
    page.goto("/orgunits/")
    commune = page.locator('.tree-node[data-code="XA-AB"]')
    expect(commune).to_be_visible()
    # The outsider's commune is not in the owner's scope, so not in the page at all.
    expect(page.locator('[data-code="XA-BM"]')).to_have_count(0)

    # The button that opens it names it (the link beside it opens its page).
    toggle = page.get_by_role("button", name="Đơn vị cấp dưới của Đảng ủy xã An Bình")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    cell = page.locator('[data-code="CB-A1"]')
    expect(cell).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(cell).to_be_hidden()

    page.fill("#tree-search", "chi bo thon 1")
    expect(page.get_by_text("Chi bộ thôn 1").first).to_be_visible()

    page.goto("/orgunits/")
    commune.get_by_role("link", name="Đảng ủy xã An Bình").click()
    expect(page.locator("h1")).to_have_text("Đảng ủy xã An Bình")
