"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Playwright never downloads a browser here; `make test` installs Debian's chromium.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.factories import PASSWORD
from tuyengiao.activities.seeds import kinds_seed
from tuyengiao.channels.seeds import feeds_seed
from tuyengiao.channels.seeds import phrases_seed as channel_phrases_seed
from tuyengiao.contests.seeds import indicators_seed as contests_indicators_seed
from tuyengiao.reporting.starter_rules import rules_seed
from tuyengiao.surveys.seeds import indicators_seed as surveys_indicators_seed
from tuyengiao.values.catalogue import catalogue_seed
from tuyengiao.values.catalogue import phrases_seed as catalogue_phrases_seed
from tuyengiao.web.demo import demo_create

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server hands every request thread the test's one in-memory SQLite
    connection, which a page's parallel requests (a dashboard's charts) would use at once:
    the application runs for one request at a time, connections stay threaded.

    Each request closes its database connections when it ends. Chromium keeps its sockets
    open between requests, and so the server's thread for each; the PostgreSQL connection
    such a thread kept (CONN_MAX_AGE) outlived the run, and the test database could not be
    dropped ("being accessed by other users"). SQLite's shared in-memory one ignores it."""

    _lock = threading.Lock()

    def set_app(self, application) -> None:
        def serial(environ, start_response):
            with self._lock:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    getattr(result, "close", lambda: None)()
                    connections.close_all()

        super().set_app(serial)


LiveServerThread.server_class = _OneRequestAtATime

CHROMIUM = Path(os.environ.get("TUYENGIAO_CHROMIUM", "/usr/bin/chromium"))
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    # An English-language browser, as most staff have: the interface must still be Vietnamese.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions: on a loaded 2-core machine with PostgreSQL, a
    # cell's save queued behind the page's other requests (the live server answers one at a
    # time) took longer than expect's 5 s default once in a CI-like run.
    expect.set_options(timeout=10_000)
    page = context.new_page()
    problems: list[str] = []
    # A script error, a CSP refusal or a missing stylesheet or script fails the test; a page
    # answered 4xx on purpose (a lock-out, say) does not.
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "Failed to load resource" not in m.text
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, f"problems in the browser: {problems}"


# Every page is checked at both widths (issue 15: "at desktop and phone width").
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int

    @property
    def phone(self) -> bool:
        return self.name == "phone"


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest, page: Page) -> Viewport:
    """A test that asks for it runs twice, its page at desktop width and at 375 × 740."""
    size = VIEWPORTS[request.param]
    page.set_viewport_size(size)
    return Viewport(request.param, **size)


def fits_sideways(page: Page) -> bool:
    """The page does not scroll sideways (a pixel of rounding allowed), once it has loaded: a
    click that follows a link returns before the next page is there."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # Wait for the answer (home page, error or lock-out) before the test goes on: a key
    # pressed too early would land on the login page.
    with page.expect_navigation():
        page.press("#id_password", "Enter")


@pytest.fixture
def demo_live(transactional_db) -> None:
    """The demo province, committed: the live server reads it from its own thread. The flush
    after a transactional test also empties the starter catalogue, kinds of activity and
    channel feeds that data migrations wrote, so they are put back first (each seed adds
    only what is missing): the surveys' and contests' indicators too."""
    catalogue_seed(apps)
    catalogue_phrases_seed(apps)
    rules_seed(apps)
    kinds_seed(apps)
    feeds_seed(apps)
    channel_phrases_seed(apps)
    surveys_indicators_seed(apps)
    contests_indicators_seed(apps)
    demo_create()
