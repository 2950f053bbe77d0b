"""The live test server the browser tests drive (tests/browser/conftest.py)."""

import http.client
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection

from tests.factories import make_token


def _others_on_the_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_request_leaves_no_database_connection_behind(live_server, owner):
    """Chromium keeps its connections to the server open between requests, and so the
    server's thread for each; a database connection that thread kept (CONN_MAX_AGE) would
    outlive the run, and PostgreSQL would refuse to drop the test database ("being accessed
    by other users")."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's test database is the test's own connection")
    # Sessions another test left (a live server's thread of an earlier browser test may
    # still be closing) are not this request's: only the count it adds is checked.
    before = _others_on_the_database()
    server = urlsplit(live_server.url)
    browser_like = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
    try:
        headers = {"Authorization": f"Bearer {make_token(owner)}"}
        browser_like.request("GET", "/api/documents/", headers=headers)
        response = browser_like.getresponse()
        response.read()
        assert response.status == 200
        assert response.getheader("Connection") != "close"  # the socket stays open
        # A closed connection's server process takes a moment to leave.
        deadline = time.monotonic() + 3
        while _others_on_the_database() > before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _others_on_the_database() <= before
    finally:
        browser_like.close()
