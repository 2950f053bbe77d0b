"""Logging in as staff do: with an English-language browser, a typo, too many typos."""

import re

from django.conf import settings
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in


def test_log_in_lands_on_the_home_page_in_vietnamese(page: Page, owner):
    log_in(page, "owner")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("main")).to_contain_text("Đảng ủy xã An Bình")


def test_wrong_password_shows_an_error_and_stays_on_login(page: Page, owner):
    log_in(page, "owner", "sai-mat-khau")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".errorlist, .messages, [role=alert]").first).to_be_visible()


def test_lock_out_after_repeated_failed_logins(page: Page, owner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, "owner", "sai-mat-khau")
    # Locked: even the right password is refused, with a message saying why.
    log_in(page, "owner")
    expect(page.locator("main")).to_contain_text("tạm khóa")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
