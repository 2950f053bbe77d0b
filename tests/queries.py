"""For tests that a page's queries do not grow with what it lists (an N+1 read: a query per
row, from a deferred field, a foreign key not selected, a relation not prefetched, or a
per-row check)."""

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(get: Callable[[], object]) -> int:
    """The queries `get` (a request through the test client) makes, its caches cold: a page
    that keeps what it read for a minute would answer the second count from memory."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = get()
    assert getattr(response, "status_code", 200) == 200, response
    return len(captured)


def assert_queries_flat(get: Callable[[], object], add: Callable[[], object]) -> None:
    """`get` makes as many queries after `add` (more rows of what it lists) as before."""
    before = queries_of(get)
    add()
    after = queries_of(get)
    assert after == before, f"{before} queries, {after} once rows were added: a query per row"
