"""The client address behind (or without) a reverse proxy, and the audit trail's copy of it."""

import ipaddress

import pytest

from tuyengiao.accounts.addresses import client_address

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24")]
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    return settings


def _request(rf, remote, **headers):
    return rf.get("/", REMOTE_ADDR=remote, headers=headers)


def test_without_a_trusted_proxy_the_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXIES = []
    request = _request(rf, "198.51.100.9", X_Forwarded_For="203.0.113.77")
    assert client_address(request) == "198.51.100.9"


def test_a_client_outside_the_trusted_proxies_cannot_pick_its_address(rf, behind_proxy):
    request = _request(rf, "198.51.100.9", X_Forwarded_For="203.0.113.77")
    assert client_address(request) == "198.51.100.9"


def test_behind_a_trusted_proxy_the_client_it_names(rf, behind_proxy):
    assert client_address(_request(rf, PROXY, X_Forwarded_For="203.0.113.7")) == "203.0.113.7"


def test_a_forged_header_passed_through_the_proxy_is_left_aside(rf, behind_proxy):
    # nginx's $proxy_add_x_forwarded_for appends the real peer to what the client sent.
    request = _request(rf, PROXY, X_Forwarded_For="1.2.3.4, 203.0.113.7")
    assert client_address(request) == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(rf, behind_proxy):
    request = _request(rf, PROXY, X_Forwarded_For="1.2.3.4, 203.0.113.7, 10.0.0.9")
    assert client_address(request) == "203.0.113.7"


def test_a_client_inside_the_proxy_network(rf, behind_proxy):
    assert client_address(_request(rf, PROXY, X_Forwarded_For="10.0.0.77")) == "10.0.0.77"


@pytest.mark.parametrize("header", ["", "unknown", "203.0.113.7, garbage", "999.1.1.1"])
def test_an_unreadable_header_gives_the_proxy_never_a_chosen_value(rf, behind_proxy, header):
    assert client_address(_request(rf, PROXY, X_Forwarded_For=header)) == PROXY


def test_no_header_gives_the_proxy(rf, behind_proxy):
    assert client_address(_request(rf, PROXY)) == PROXY


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("203.0.113.7:51234", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_ports_and_ipv6_as_proxies_write_them(rf, behind_proxy, written, expected):
    assert client_address(_request(rf, PROXY, X_Forwarded_For=written)) == expected


def test_another_configured_header(rf, behind_proxy):
    behind_proxy.CLIENT_IP_HEADER = "X-Real-IP"
    request = _request(rf, PROXY, X_Forwarded_For="1.2.3.4", X_Real_IP="203.0.113.7")
    assert client_address(request) == "203.0.113.7"


def test_the_audit_trail_keeps_the_same_address(rf, settings, tree):
    from auditlog.models import LogEntry
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from tuyengiao.accounts.middleware import AuditlogMiddleware

    settings.TRUSTED_PROXIES = []

    def view(request):
        tree.cell_a1.name = "Chi bộ thôn Một"
        tree.cell_a1.save()
        return HttpResponse()

    request = _request(rf, "198.51.100.9", X_Forwarded_For="203.0.113.77")
    request.user = AnonymousUser()
    AuditlogMiddleware(view)(request)
    entry = LogEntry.objects.get_for_object(tree.cell_a1).latest("timestamp")
    assert entry.remote_addr == "198.51.100.9"
