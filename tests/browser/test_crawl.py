"""No link leads nowhere: each demo user follows every link they are shown, and each kind of
page passes axe-core with no serious or critical violation.

The demo has about 360 units, so a user is shown thousands of links of a few dozen shapes
(`/orgunits/<id>/`, `/reporting/dashboard/?unit=<id>`). Every shape is followed, up to a few
links of each (its first, middle and last), which keeps the crawl to minutes while still
trying the links to other units that a commune user may not open. axe runs once per shape.
"""

import os
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import log_in
from tests.crawling import followed, shape
from tuyengiao.web.demo import DEMO_PASSWORD, LOGINS

# Links of one shape followed per user; their first, middle and last as shown.
PER_SHAPE = 3
# Django's own admin is not ours to crawl; the API answers JSON and has its own schema test.
SKIPPED = re.compile(r"^/(admin|static|media)/|^/api/(?!docs)|^/accounts/logout/")
SERIOUS = {"serious", "critical"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _same_site(base: str, page_url: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    url, _fragment = urldefrag(urljoin(page_url, href))
    if not url.startswith(base):
        return None
    path = url[len(base) :] or "/"
    return None if SKIPPED.search(urlsplit(path).path) else path


def _picked(links: list[str]) -> list[str]:
    return list(dict.fromkeys([links[0], links[len(links) // 2], links[-1]]))[:PER_SHAPE]


def crawl(page: Page, base: str, axe: Axe, audited: set[str]) -> list[str]:
    """Follow every shape of link from the home page; the problems found."""
    problems: list[str] = []
    seen: set[str] = set()
    pending_shapes: dict[str, list[str]] = defaultdict(list)
    queue = ["/"]
    while queue:
        path = queue.pop(0)
        response = page.request.get(base + path, max_redirects=5)
        if response.status >= 400:
            problems.append(f"{response.status} {path}")
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parser = _Links()
        parser.feed(response.text())
        found: dict[str, list[str]] = defaultdict(list)
        for href in parser.hrefs:
            link = _same_site(base, response.url, href)
            if link and link not in seen:
                found[shape(link)].append(link)
        for link_shape, links in found.items():
            for link in _picked(links):
                if len(pending_shapes[link_shape]) < PER_SHAPE and link not in seen:
                    followed(seen, link)
                    pending_shapes[link_shape].append(link)
                    queue.append(link)
        page_shape = shape(path)
        if page_shape not in audited:
            audited.add(page_shape)
            page.goto(base + path)
            results = axe.run(page)
            problems += [
                f"axe {violation['id']} ({violation['impact']}) on {path}"
                for violation in results.response["violations"]
                if violation["impact"] in SERIOUS
            ]
    return problems


@pytest.mark.usefixtures("demo_live")
def test_every_link_shown_to_each_demo_user_leads_somewhere(page: Page, live_server):
    axe = Axe()
    problems: dict[str, list[str]] = {}
    audited: set[str] = set()
    # While fixing what the crawl finds, TUYENGIAO_CRAWL_USERS=a,b narrows it to a few users.
    only = set(filter(None, os.environ.get("TUYENGIAO_CRAWL_USERS", "").split(",")))
    for login in LOGINS:
        if only and login.username not in only:
            continue
        page.context.clear_cookies()
        log_in(page, login.username, DEMO_PASSWORD)
        found = crawl(page, live_server.url, axe, audited)
        if found:
            problems[login.username] = found
    assert not problems, "\n".join(
        f"{user}: {problem}" for user, found in problems.items() for problem in found
    )
