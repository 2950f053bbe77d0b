"""The language switch."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in


def test_switch_to_english_and_back(page: Page, owner):
    log_in(page, "owner")
    page.select_option("#language-select", "en")
    if page.locator("#language-submit").is_visible():
        page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav").first).to_contain_text("Home")

    page.select_option("#language-select", "vi")
    if page.locator("#language-submit").is_visible():
        page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("nav").first).to_contain_text("Trang chủ")
