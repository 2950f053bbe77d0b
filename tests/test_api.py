"""The API as a whole: JSON errors in Vietnamese, OpenAPI schema, docs served under our CSP.

The docs page is also driven in Chromium: tests/browser/test_api_docs.py.
"""

import json
import re

import pytest
from django.urls import reverse

DOCS = "/api/docs"


def test_fixed_urls():
    assert reverse("api:openapi-view") == DOCS
    assert reverse("api:openapi-json") == "/api/openapi.json"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/orgunits/", "/api/orgunits/1/", "/api/me/"])
def test_every_endpoint_needs_authentication(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Chưa xác thực" in response.json()["detail"]


def test_not_found_is_json_and_does_not_echo_the_lookup(client, site_admin):
    client.force_login(site_admin)
    response = client.get("/api/orgunits/424242/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy.", "errors": []}


def test_session_auth_checks_csrf_on_unsafe_methods(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/api/me/")
    # No unsafe endpoint exists yet: the method is refused either way, never served.
    assert response.status_code in (403, 405)


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_openapi_schema(client, member):
    client.force_login(member)
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/orgunits/", "/api/orgunits/{unit_id}/", "/api/me/"} <= set(schema["paths"])
    listing = schema["paths"]["/api/orgunits/"]["get"]
    params = {p["name"] for p in listing["parameters"]}
    assert params == {"parent", "q", "include_closed", "limit", "offset"}
    assert set(schema["components"]["securitySchemes"]) == {"BearerTokenAuth", "SessionAuth"}
    assert schema["components"]["securitySchemes"]["BearerTokenAuth"]["scheme"] == "bearer"
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schema["components"]["schemas"], ref
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            # 202: work accepted to run in the background (POST /api/reports/bulk/).
            assert operation["responses"].keys() & {"200", "201", "202"}, path
            if path == "/api/surveys/{survey_id}/responses/":
                # A resident's answers: public, the one-time code is the credential.
                assert "security" not in operation
            else:
                assert operation["security"] == [{"BearerTokenAuth": []}, {"SessionAuth": []}]
    item = schema["components"]["schemas"]["OrgUnitOut"]["properties"]
    assert set(item) == {
        "id", "code", "name", "short_name", "kind", "kind_name", "parent", "level", "path",
        "opened_on", "closed_on", "successor", "children_count",
    }  # fmt: skip


@pytest.mark.django_db
def test_docs_need_a_login(client):
    response = client.get(DOCS)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_docs_load_only_local_assets(client, member):
    client.force_login(member)
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assets = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="([^"]*)"', html)
    assert any("swagger-ui-bundle.js" in url for url in assets), assets
    assert all(url.startswith("/static/") for url in assets), assets
    links = re.findall(r'href="([^"]*)"', html)
    assert all(url.startswith(("/", "#")) for url in links), links
    # No inline code: the only <script> without src carries JSON settings, which never runs.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert " style=" not in html and "<style" not in html
    assert '"validatorUrl": null' in html


def test_docs_have_the_sites_header_and_a_way_back(client, member):
    client.force_login(member)
    html = client.get(DOCS).content.decode()
    assert 'class="site-header"' in html and 'id="site-nav"' in html
    assert '<nav class="breadcrumb"' in html and 'href="/"' in html
    # Swagger's requests carry the session's CSRF token (swagger-ui-init.js reads the body).
    assert re.search(r'<body[^>]* data-csrf-token="[^"]+" data-api-csrf="true"', html)


# --- edges every endpoint shares (issue 15, item 5) ----------------------------------------

HUGE = "9223372036854775808"  # 2**63: one past the databases' 64-bit OFFSET
HUGE_PAGE = "1" * 23


def _get_operations() -> list[tuple[str, dict]]:
    """Every GET of the API, from its own description: a list added later is tried too."""
    from tuyengiao.api import api

    schema = api.get_openapi_schema()
    return [
        (path, operations["get"])
        for path, operations in schema["paths"].items()
        if "get" in operations
    ]


def _url(path: str) -> str:
    # Any id: a path parameter only decides between a page and a 404.
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_lists_are_found_in_the_description():
    paged = {path for path, op in _get_operations() if "offset" in _parameters(op)}
    assert {"/api/orgunits/", "/api/documents/", "/api/tasks/"} <= paged


def _parameters(operation: dict) -> set[str]:
    return {p["name"] for p in operation.get("parameters", [])}


@pytest.mark.parametrize(("path", "operation"), _get_operations(), ids=lambda v: str(v)[:40])
def test_a_huge_offset_or_page_is_refused_as_json_on_every_get(client, site_admin, path, operation):
    client.force_login(site_admin)
    client.raise_request_exception = False
    response = client.get(_url(path), {"offset": HUGE, "page": HUGE_PAGE, "limit": HUGE})
    assert response.status_code < 500, response.content
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    if "offset" in _parameters(operation):
        assert response.status_code == 422
        body = response.json()
        assert body["detail"] == "Dữ liệu không hợp lệ."
        refused = {error["field"]: error["message"] for error in body["errors"]}
        assert refused["offset"] == "Phải từ 1000000000 trở xuống."
        assert "limit" in refused


def test_the_largest_offset_accepted_answers_an_empty_page(client, site_admin, tree):
    client.force_login(site_admin)
    for path in ("/api/orgunits/", "/api/documents/", "/api/tasks/"):
        response = client.get(path, {"offset": 1_000_000_000})
        assert response.status_code == 200, (path, response.content)
        assert response.json()["items"] == []


@pytest.mark.parametrize(
    "url", ["/documents/?page=" + HUGE_PAGE, "/documents/?page=" + HUGE + "&q=nghi+quyet"]
)
def test_a_huge_page_number_on_a_page_shows_the_first_page(client, site_admin, url):
    client.force_login(site_admin)
    assert client.get(url).status_code == 200


def _csrf_client():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_a_post_with_a_bad_or_revoked_token_is_401_not_a_csrf_403(member):
    from tests.factories import ApiToken, make_token
    from tuyengiao.accounts.services import token_revoke

    client = _csrf_client()
    for token in ("not-a-token", ""):
        response = client.post(
            "/api/datavalues/", "[]", content_type="application/json",
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        assert response.status_code == 401, response.content
        assert response.json()["detail"].startswith("Chưa xác thực")
    key = make_token(member)
    token_revoke(token=ApiToken.objects.get(user=member))
    response = client.post(
        "/api/extract/", {"text": "x"}, content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )  # fmt: skip
    assert response.status_code == 401
    assert client.post("/api/datavalues/", "[]", content_type="application/json").status_code == 401


def test_a_session_post_without_its_csrf_token_is_403_and_says_so(member):
    client = _csrf_client()
    client.force_login(member)
    response = client.post("/api/datavalues/", "[]", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Thiếu mã CSRF")
    client.get("/")  # the page sets the CSRF cookie, as a browser's first visit does
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/api/datavalues/", "[]", content_type="application/json",
        headers={"X-CSRFToken": token},
    )  # fmt: skip
    assert response.status_code == 200, response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/nope/", "/api/orgunits/abc/", "/api/orgunits"])
def test_in_production_an_unknown_api_url_answers_json(client, settings, url):
    settings.DEBUG = False
    response = client.get(url)
    assert response.status_code in (301, 404)
    if response.status_code == 404:
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": "Không tìm thấy.", "errors": []}


def test_in_production_a_crash_under_api_answers_json(client, settings, site_admin, monkeypatch):
    from tuyengiao.orgunits import api as orgunits_api

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    settings.DEBUG = False
    monkeypatch.setattr(orgunits_api, "_unit_in_scope_or_404", crash)
    client.raise_request_exception = False
    client.force_login(site_admin)
    response = client.get("/api/orgunits/1/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Lỗi máy chủ; lỗi đã được ghi lại."
    assert "boom" not in response.content.decode()
    # Elsewhere a person still gets the site's page.
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def _string_parameters(operation: dict) -> list[str]:
    return [
        p["name"]
        for p in operation.get("parameters", [])
        if p["in"] == "query" and "string" in json.dumps(p["schema"])
    ]


def test_a_nul_character_is_refused_in_every_text_parameter(client, site_admin, tree):
    # PostgreSQL cannot compare a text holding NUL: every lookup with one was a 500 there.
    client.force_login(site_admin)
    tried = 0
    for path, operation in _get_operations():
        for name in _string_parameters(operation):
            response = client.get(_url(path), {name: "a\x00b"})
            assert response.status_code == 422, (path, name, response.content)
            # (Required parameters left out are named too.)
            [error] = [e for e in response.json()["errors"] if e["field"] == name]
            # A choice (an enum) refuses it as not one of its values.
            assert error["message"] == "Không được chứa ký tự NUL." or error["message"].startswith(
                "Phải là một trong"
            )
            tried += 1
    assert tried >= 8


def test_a_nul_character_is_refused_in_bodies(client, tree, owner):
    from tests.factories import make_token

    headers = {"Authorization": f"Bearer {make_token(owner)}"}
    row = {"indicator": "X", "orgunit": "\x00", "period": "2024"}
    response = client.post(
        "/api/datavalues/", [row], content_type="application/json", headers=headers
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "orgunit", "message": "Không được chứa ký tự NUL.", "row": 1}
    ]
    document = {"orgunit": tree.commune_a.pk, "symbol": "07-KH/ĐU", "title": "a\x00"}
    response = client.post(
        "/api/documents/", document, content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "title"
