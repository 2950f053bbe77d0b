"""The API as a whole: JSON errors in Vietnamese, OpenAPI schema, docs served under our CSP.

The docs page is also driven in Chromium: tests/browser/test_api_docs.py.
"""

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
    assert response.json() == {"detail": "Không tìm thấy."}


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
            assert operation["responses"].keys() & {"200", "201"}, path
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
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls, html
    assert all(url.startswith("/static/") for url in urls), urls
    assert "http" not in html.replace("http-equiv", "")
    # No inline code: the only <script> without src carries JSON settings, which never runs.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert " style=" not in html and "<style" not in html
    assert '"validatorUrl": null' in html
