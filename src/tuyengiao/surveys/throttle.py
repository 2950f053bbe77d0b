"""The rate limit of the public survey pages: SURVEY_RATE_LIMIT submissions per client per
window of SURVEY_RATE_MINUTES, every attempt counted (a wrong code too: that is how codes
would be guessed).

No address is kept: the count lives in Django's cache under a keyed digest (HMAC with
SECRET_KEY) of the address and the window's number, and expires with the window. The next
window's key is another digest, so nothing links two windows of one client. The digest is
cut to 20 bits: about 4,000 IPv4 addresses share each key, so even someone holding the cache
and the SECRET_KEY cannot turn a key back into an address (two clients sharing a count in
the same minutes is rare, and costs them only a shared limit). An IPv6 client is counted by
its /64 network, which one household or phone holds whole (its own address changes often).
"""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from tuyengiao.accounts.addresses import client_address

_SALT = "tuyengiao.surveys.throttle"


def _window() -> tuple[int, int]:
    """The current window's number and the seconds left in it."""
    length = settings.SURVEY_RATE_MINUTES * 60
    now = time.time()
    return int(now // length), int(length - now % length) + 1


# Bits of the digest kept in the key (see above).
KEY_BITS = 20


def _client(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _key(address: str, window: int) -> str:
    digest = salted_hmac(_SALT, f"{_client(address)}|{window}", algorithm="sha256").digest()
    bucket = int.from_bytes(digest[:4]) >> (32 - KEY_BITS)
    return f"surveys:rate:{window}:{bucket}"


def submission_allowed(request: HttpRequest) -> bool:
    """Counts this submission for its client; False once the client has sent more than the
    limit in the current window (this one included)."""
    window, left = _window()
    key = _key(client_address(request) or "", window)
    # add() then incr(): atomic in the shared caches (memcached, Redis, the database's).
    cache.add(key, 0, timeout=left)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=left)
        count = 1
    return count <= settings.SURVEY_RATE_LIMIT
