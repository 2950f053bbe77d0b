"""The base layout: navigation, language switch, HTMX with the CSP nonce, security headers."""

import json
import re

import pytest
from django.urls import reverse

from tuyengiao.accounts.models import User

pytestmark = pytest.mark.django_db


def _nonce_from_header(response) -> str:
    header = response["Content-Security-Policy"]
    match = re.search(r"script-src [^;]*'nonce-([^']+)'", header)
    assert match, header
    return match.group(1)


@pytest.mark.parametrize(
    ("path", "status", "logged_in"),
    [
        ("/", 200, True),
        ("/no-such-page/", 404, True),
        ("/no-such-page/", 404, False),
        # The nonce is added to the header only when a page uses it; docs need none.
        ("/api/docs", 200, True),
    ],
)
def test_every_page_has_csp(client, owner: User, path, status, logged_in):
    if logged_in:
        client.force_login(owner)

    response = client.get(path)

    assert response.status_code == status
    header = response["Content-Security-Policy"]
    assert "default-src 'self'" in header
    assert "style-src 'self'" in header
    assert "script-src 'self'" in header
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_htmx_script_carries_the_nonce_of_the_header(client, owner: User):
    client.force_login(owner)

    response = client.get(reverse("web:home"))

    nonce = _nonce_from_header(response)
    body = response.content.decode()
    assert re.search(
        rf'<script src="/static/django_htmx/htmx-2\.min\.js" defer nonce="{re.escape(nonce)}">',
        body,
    ), body
    # htmx must not inject its own <style>, which the CSP would block; and it binds swapped-in
    # fields at once (a settle delay lost a change typed in its first 20 ms).
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', body)
    assert config is not None
    assert json.loads(config[1]) == {"includeIndicatorStyles": False, "defaultSettleDelay": 0}


def test_no_inline_script_without_nonce(client, owner: User):
    client.force_login(owner)

    body = client.get(reverse("web:home")).content.decode()

    scripts = re.findall(r"<script\b[^>]*>", body)
    assert scripts
    for tag in scripts:
        assert "nonce=" in tag, tag
    assert " style=" not in body


def test_body_sends_csrf_token_with_htmx_requests(client, owner: User):
    client.force_login(owner)

    body = client.get(reverse("web:home")).content.decode()

    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[A-Za-z0-9]{32,}\"\}'>", body)


def test_layout_landmarks(client, owner: User):
    client.force_login(owner)

    body = client.get(reverse("web:home")).content.decode()

    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert 'href="/static/web/favicon.svg"' in body
    assert '<html lang="vi">' in body


def test_nav_for_unit_admin(client, owner: User):
    client.force_login(owner)

    body = client.get(reverse("web:home")).content.decode()

    assert ">Trang chủ</a>" in body
    assert f'href="{reverse("orgunits:tree")}"' in body
    assert 'href="/api/docs"' in body
    assert "Đăng xuất" in body
    assert "owner" in body
    # Logout is a POST form with a CSRF token, never a link.
    assert re.search(
        r'<form action="/accounts/logout/" method="post">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"',
        body,
    )


def test_roles_link_only_for_admins(client, owner: User, member: User):
    roles_url = reverse("accounts:roles")
    client.force_login(owner)
    assert f'href="{roles_url}"' in client.get("/").content.decode()
    client.force_login(member)
    assert f'href="{roles_url}"' not in client.get("/").content.decode()


def test_no_nav_for_anonymous_users(client):
    body = client.get("/no-such-page/").content.decode()

    assert 'class="site-nav"' not in body
    assert "Đăng xuất" not in body
    # The language switch is there before login too.
    assert 'id="language-select"' in body


def test_language_switch_form(client, owner: User):
    client.force_login(owner)

    body = client.get(reverse("web:home") + "?a=1").content.decode()

    assert '<form class="language-form" action="/i18n/setlang/" method="post">' in body
    assert '<input type="hidden" name="next" value="/?a=1">' in body
    assert '<select name="language" id="language-select">' in body
    assert 'value="en"' in body
    assert 'id="language-submit"' in body


def test_language_switch_sets_cookie_and_next_page_is_english(client, owner: User, settings):
    client.force_login(owner)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert '<option value="en" lang="en" selected>' in body


def test_language_switch_refuses_foreign_next(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_messages_are_rendered(client, owner: User):
    from django.contrib import messages
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = owner
    request.session = client.session
    storage = FallbackStorage(request)
    request._messages = storage
    messages.success(request, "Đã lưu đơn vị.")

    html = render_to_string("web/home.html", {"kind_counts": []}, request=request)

    assert '<li class="message success">Đã lưu đơn vị.</li>' in html
