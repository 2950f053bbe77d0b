"""The error pages: Vietnamese, and the 500 page renders with no context at all."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.views import defaults

from tuyengiao.accounts.models import User

pytestmark = pytest.mark.django_db


def test_404_page_uses_the_layout(client, owner: User):
    client.force_login(owner)

    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert 'class="site-nav"' in body
    assert 'href="/static/web/site.css"' in body


def test_403_page(owner: User):
    request = RequestFactory().get("/")
    request.user = owner

    response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_500_page_renders_without_context_or_request():
    html = render_to_string("500.html")

    assert "Lỗi máy chủ" in html
    assert '<link rel="stylesheet" href="/static/web/site.css">' in html


def test_400_view(rf):
    from django.core.exceptions import SuspiciousOperation

    response = defaults.bad_request(rf.get("/"), SuspiciousOperation())

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_500_view(rf):
    response = defaults.server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Đã xảy ra lỗi ngoài ý muốn" in response.content.decode()


def test_csrf_failure_page(owner: User):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post("/i18n/setlang/", {"language": "en"})

    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
