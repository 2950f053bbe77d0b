"""/api/docs in a real browser: Swagger UI runs under our CSP and loads nothing from outside."""

from playwright.sync_api import Page, expect

DOCS = "/api/docs"


def test_docs_work_in_a_browser_under_the_csp(page: Page, live_server, client, member):
    client.force_login(member)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(DOCS)
    page.locator(".opblock-summary-path", has_text="/api/me/").click()
    page.get_by_text("Try it out").click()
    page.get_by_text("Execute").click()
    expect(page.locator(".live-responses-table tbody td.response-col_status").first).to_have_text(
        "200"
    )
    expect(page.locator(".live-responses-table").first).to_contain_text('"username": "member"')
    assert all(url.startswith(live_server.url) for url in requests), requests
    # The site's header is there, and a way back to the site.
    expect(page.locator("header.site-header")).to_be_visible()
    page.locator("nav.breadcrumb").get_by_role("link").first.click()
    expect(page).to_have_url(f"{live_server.url}/")
    # The `page` fixture fails the test on any console error, CSP violations included.
