"""Login, logout, password change and lock-out (django-axes), through the real login page."""

import ipaddress
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
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


# Behind a reverse proxy (the operator guide's set-up) and during a lock-out.

PROXY_NET = "127.0.0.0/8"  # the test client's REMOTE_ADDR is 127.0.0.1


def _fail_until_locked(client, username, **headers):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            LOGIN, {"username": username, "password": "sai-mat-khau"}, headers=headers
        )
    assert response.status_code == 429


@pytest.fixture
def trusted_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network(PROXY_NET)]
    return settings


def test_forged_forwarded_header_is_ignored_without_a_trusted_proxy(client, staff, settings):
    settings.TRUSTED_PROXIES = []
    for number in range(settings.AXES_FAILURE_LIMIT):
        # A new "address" for every guess: it must not buy a fresh count.
        client.post(
            LOGIN,
            {"username": "canbo", "password": "sai-mat-khau"},
            headers={"X-Forwarded-For": f"203.0.113.{number}"},
        )
    response = client.post(
        LOGIN,
        {"username": "canbo", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.200"},
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_forged_header_from_outside_the_trusted_proxies_is_ignored(client, staff, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    _fail_until_locked(client, "canbo", **{"X-Forwarded-For": "203.0.113.1"})
    attempt = AccessAttempt.objects.get(username="canbo")
    assert attempt.ip_address == "127.0.0.1"


def test_clients_behind_a_trusted_proxy_lock_out_independently(client, staff, trusted_proxy):
    _fail_until_locked(client, "canbo", **{"X-Forwarded-For": "203.0.113.1"})
    # The same account from another client behind the same proxy still logs in.
    response = client.post(
        LOGIN,
        {"username": "canbo", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.2"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    # A client that prepends the locked-out victim's address changes nothing: the proxy
    # appended the real one.
    client.post(reverse("accounts:logout"))
    response = client.post(
        LOGIN,
        {"username": "canbo", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.2, 203.0.113.1"},
    )
    assert response.status_code == 429


def _age_attempts(minutes):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_attempts_during_a_lock_out_do_not_extend_it(client, staff):
    _fail_until_locked(client, "canbo")
    cool_off = int(settings.AXES_COOLOFF_TIME * 60)
    for _ in range(3):
        _age_attempts(cool_off - 1)
        # Still locked: refused, neither counted nor restarting the wait.
        refused = _post_login(client, "canbo", "sai-mat-khau")
        assert refused.status_code == 429
        _age_attempts(-(cool_off - 1))
    assert AccessAttempt.objects.get(username="canbo").failures_since_start == (
        settings.AXES_FAILURE_LIMIT
    )
    _age_attempts(cool_off - 1)
    refused = _post_login(client, "canbo", PASSWORD)
    assert refused.status_code == 429
    # The page says how long is left of the lock-out, not its full length.
    assert "chờ 1 phút" in refused.content.decode()
    _age_attempts(2)
    assert _post_login(client, "canbo", PASSWORD).status_code == 302


def test_one_guess_every_cool_off_cannot_keep_an_account_locked(client, staff):
    _fail_until_locked(client, "canbo")
    cool_off = int(settings.AXES_COOLOFF_TIME * 60)
    _age_attempts(cool_off - 1)
    assert _post_login(client, "canbo", "sai-mat-khau").status_code == 429
    _age_attempts(2)
    # The lock-out began cool_off + 1 minutes ago: over, whatever came in between.
    assert _post_login(client, "canbo", PASSWORD).status_code == 302


def test_wrong_old_password_on_the_password_page_counts_toward_the_lock_out(client, staff):
    client.force_login(staff)
    new = "Mot-mat-khau-moi-2026"
    change = reverse("accounts:password_change")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(
            change, {"old_password": "doan-thu", "new_password1": new, "new_password2": new}
        )
        assert response.status_code == 200
    response = client.post(
        change, {"old_password": "doan-thu", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 429
    # Locked out of the page: even the right old password is refused now.
    response = client.post(
        change, {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 429
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    attempt = AccessAttempt.objects.get(username="canbo")
    assert "doan-thu" not in attempt.post_data and new not in attempt.post_data
    # And the login page too.
    client.logout()
    assert _post_login(client, "canbo", PASSWORD).status_code == 429
