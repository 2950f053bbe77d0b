"""surveys.throttle: a count per client and window, under a key that is no address."""

import pytest
from django.core.cache import cache

from tuyengiao.surveys import throttle


@pytest.fixture(autouse=True)
def fresh(settings):
    settings.SURVEY_RATE_LIMIT = 3
    cache.clear()
    yield
    cache.clear()


def tries(rf, address: str, n: int) -> list[bool]:
    return [throttle.submission_allowed(rf.post("/khao-sat/x/", REMOTE_ADDR=address))
            for _ in range(n)]  # fmt: skip


def test_the_limit_counts_every_try_of_one_client(rf):
    assert tries(rf, "203.0.113.5", 5) == [True, True, True, False, False]
    assert tries(rf, "203.0.113.6", 1) == [True]


def test_an_ipv6_client_is_counted_by_its_network(rf):
    assert tries(rf, "2001:db8:1:2::10", 3) == [True] * 3
    # Another address of the same /64 (privacy extensions change it often): the same count.
    assert tries(rf, "2001:db8:1:2:abcd::1", 1) == [False]
    assert tries(rf, "2001:db8:1:3::10", 1) == [True]


def test_the_key_is_a_bucket_of_the_window_not_the_address():
    key = throttle._key("203.0.113.5", 1666)
    prefix, window, bucket = key.rsplit(":", 2)
    assert prefix == "surveys:rate" and window == "1666" and 0 <= int(bucket) < 2**20
    # Another window, another key: nothing links two windows of one client.
    assert throttle._key("203.0.113.5", 1667) != key


def test_a_new_window_starts_a_new_count(rf, monkeypatch, settings):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    assert tries(rf, "203.0.113.5", 4)[-1] is False
    now[0] += settings.SURVEY_RATE_MINUTES * 60
    assert tries(rf, "203.0.113.5", 1) == [True]


def test_addresses_share_a_bucket_by_thousands():
    # 20 bits for 2^32 IPv4 addresses: the key cannot be turned back into an address. Over
    # 2^16 addresses of one /16, buckets already repeat.
    buckets = {throttle._key(f"10.1.{a}.{b}", 7) for a in range(256) for b in range(256)}
    assert len(buckets) < 2**16
