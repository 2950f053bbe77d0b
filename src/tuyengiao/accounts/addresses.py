"""The client's IP address, the same for the lock-out (django-axes) and the audit trail.

Behind a reverse proxy every request comes from the proxy's address, so counting failed
logins by REMOTE_ADDR would lock an account for everyone at once. The proxy names the real
client in a header (X-Forwarded-For by default), but any client can send that header too:
it is read only when the request comes from a proxy the operator declared trusted
(TUYENGIAO_TRUSTED_PROXIES), and only the part the trusted proxies wrote.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent `request` (AXES_CLIENT_IP_CALLABLE).

    Each proxy appends the address it received the request from to X-Forwarded-For, so the
    list is read from the right: the first address that is not a trusted proxy is the client,
    and whatever stands left of it came from the client and may be forged. A header that
    cannot be read gives the proxy's own address, never a value the client chose.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    remote_address = _parse(remote or "")
    if not proxies or remote_address is None or not _trusted(remote_address, proxies):
        return remote
    meta_key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    header = request.META.get(meta_key, "")
    found = remote_address
    for item in reversed(header.split(",")):
        address = _parse(item)
        if address is None:
            # Written by a trusted proxy that hides the client ("unknown"), or no header at
            # all: the nearest proxy's address, as without the header.
            break
        found = address
        if not _trusted(address, proxies):
            break
    # When every hop is a trusted proxy the left-most is nearest the client (a client inside
    # the proxies' own network).
    return str(found)


def _trusted(address: Address, proxies: list) -> bool:
    return any(address in network for network in proxies)


def _parse(text: str) -> Address | None:
    """An address as proxies write it: "203.0.113.7", "203.0.113.7:51234", "[2001:db8::1]:443"."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client reaching an IPv6 socket shows as ::ffff:a.b.c.d: count it as a.b.c.d.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address
