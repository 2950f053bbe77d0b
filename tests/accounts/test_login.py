"""Login, logout, password change and lock-out (django-axes), through the real login page."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"


def _post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def staff(db):
    return UserFactory(username="canbo", first_name="Nguyễn Văn An")


def test_url_names():
    assert reverse("accounts:login") == LOGIN
    assert reverse("accounts:logout") == "/accounts/logout/"
    assert reverse("accounts:password_change").startswith("/accounts/")
    assert reverse("accounts:password_change_done").startswith("/accounts/")


def test_login_page_renders_for_anonymous_without_nav(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_username"' in html
    assert 'id="id_password"' in html
    assert '<button type="submit"' in html
    assert "Đăng nhập" in html
    assert "csrfmiddlewaretoken" in html
    assert "site-nav" not in html


def test_login_ok_redirects_home_and_logs_in(client, staff):
    response = _post_login(client, "canbo", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_login_follows_next(client, staff):
    response = client.post(
        LOGIN, {"username": "canbo", "password": PASSWORD, "next": "/accounts/password/"}
    )
    assert response["Location"] == "/accounts/password/"


def test_login_refuses_next_to_another_site(client, staff):
    response = client.post(
        LOGIN, {"username": "canbo", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("web:home")


def test_wrong_password_shows_a_clear_vietnamese_error(client, staff):
    response = _post_login(client, "canbo", "sai-mat-khau")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html
    assert f"sau {settings.AXES_FAILURE_LIMIT} lần sai" in html
    assert 'role="alert"' in html
    assert "_auth_user_id" not in client.session


def test_inactive_user_cannot_log_in(client, db):
    UserFactory(username="nghi", is_active=False)
    response = _post_login(client, "nghi", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_axes_uses_the_database_handler_not_the_cache():
    # Attempts in the database roll back with each test's transaction; a cache would leak.
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_TEMPLATE == "accounts/locked_out.html"


def test_lock_out_after_the_failure_limit_even_with_the_right_password(client, staff):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _post_login(client, "canbo", "sai-mat-khau").status_code == 200
    locked = _post_login(client, "canbo", "sai-mat-khau")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "tạm khóa" in html
    assert "15 phút" in html
    assert "quản trị viên đơn vị" in html

    again = _post_login(client, "canbo", PASSWORD)
    assert again.status_code == 429
    assert "tạm khóa" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_out_counts_username_and_address_together(client, staff):
    other = UserFactory(username="khac")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "canbo", "sai-mat-khau")
    # Another member of staff behind the same address is not locked out.
    assert _post_login(client, "khac", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_attempts_never_store_the_password(client, staff):
    _post_login(client, "canbo", "mat-khau-bi-lo-123")
    attempt = AccessAttempt.objects.get(username="canbo")
    assert "mat-khau-bi-lo-123" not in attempt.post_data


def test_success_resets_the_failure_count(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _post_login(client, "canbo", "sai-mat-khau")
    assert _post_login(client, "canbo", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    # A fresh count: one more mistake does not lock.
    assert _post_login(client, "canbo", "sai-mat-khau").status_code == 200


def test_axes_reset_username_command_unlocks(client, staff):
    from django.core.management import call_command

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "canbo", "sai-mat-khau")
    assert _post_login(client, "canbo", PASSWORD).status_code == 429
    call_command("axes_reset_username", "canbo")
    assert _post_login(client, "canbo", PASSWORD).status_code == 302


def test_logout_is_post_only(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_password_change_needs_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_change(client, staff):
    client.force_login(staff)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "Đổi mật khẩu" in page.content.decode()
    new = "Mot-mat-khau-moi-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    staff.refresh_from_db()
    assert staff.check_password(new)
    done = client.get(response["Location"])
    assert "Mật khẩu của bạn đã được đổi" in done.content.decode()
    # Still logged in: Django updates the session hash.
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_password_change_rejects_wrong_old_password(client, staff):
    client.force_login(staff)
    new = "Mot-mat-khau-moi-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_logged_in_user_visiting_login_goes_home(client, staff):
    client.force_login(staff)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
