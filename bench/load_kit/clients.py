"""Clients on loopback, as a browser behind the reverse proxy talks to gunicorn: a new
connection per request (gunicorn's sync workers close each one), the proxy's
`X-Forwarded-Proto: https`, cookies kept by hand, logged in through the login form with its
CSRF token; API writes carry the CSRF header as the pages' own scripts do."""

import http.client
import json
import math
import random
import re
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

PASSWORD = "Demo@2026!"  # noqa: S105 - every demo account's (README, "Demo logins")
TIMEOUT = 60
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["nghi quyet 35", "88-KL", "ke hoach", "chuyen doi so", "tuyen truyen",
            "05-CT/TW", "hoc tap va lam theo", "bao ve nen tang tu tuong"]  # fmt: skip


class Unanswered(Exception):
    """No status came back: refused, reset or cut (the request may or may not have run)."""


@dataclass
class Result:
    kind: str
    status: int  # 0 when no answer came
    seconds: float
    started: float


@dataclass
class Recorder:
    """Every request's result, shared by the client threads."""

    results: list[Result] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, result: Result) -> None:
        with self.lock:
            self.results.append(result)


class Browser:
    """One user's session against 127.0.0.1:port."""

    def __init__(self, port: int, username: str) -> None:
        self.port = port
        self.username = username
        self.cookies: dict[str, str] = {}
        self.local_port = 0  # of the last connection: the server's worker is found by it

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:  # fmt: skip
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "tuyengiao-load-bench",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent |= headers or {}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.connect()
            self.local_port = connection.sock.getsockname()[1]
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            raise Unanswered(str(error)) from error
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content

    def _origin(self) -> dict:
        origin = f"https://127.0.0.1:{self.port}"
        return {"Origin": origin, "Referer": origin + "/"}

    def login(self) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = _CSRF_FIELD.search(page.decode())
        if status != 200 or token is None:
            raise RuntimeError(f"{self.username}: login page answered {status}")
        form = urlencode({"username": self.username, "password": PASSWORD,
                          "csrfmiddlewaretoken": token.group(1)})  # fmt: skip
        headers = {"Content-Type": "application/x-www-form-urlencoded"} | self._origin()
        status, _ = self.request("POST", "/accounts/login/", form.encode(), headers)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{self.username}: login answered {status}")

    def post_json(self, path: str, payload) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json",
                   "X-CSRFToken": self.cookies.get("csrftoken", "")} | self._origin()  # fmt: skip
        return self.request("POST", path, json.dumps(payload).encode(), headers)

    def post_file(self, path: str, name: str, content: bytes) -> tuple[int, bytes]:
        """A form with one file, as the import page posts it."""
        boundary = "----tuyengiao-load-bench"
        token = self.cookies.get("csrftoken", "")
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{token}\r\n--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"} | self._origin()
        return self.request("POST", path, body, headers)


def reader_paths(reader: dict, rng: random.Random) -> list[tuple[str, str]]:
    """The pages and API reads one user opens, by kind, in the proportions of a working day:
    the home page and lists most, a document or a dashboard often, the API's figures."""
    unit = reader["unit"]
    indicator = rng.choice(reader["indicators"])
    # fmt: off
    paths = [
        ("home", "/"),
        ("documents", "/documents/"),
        ("search", "/documents/?" + urlencode({"q": rng.choice(SEARCHES)})),
        ("dashboard", "/reporting/dashboard/?" + urlencode(
            {"unit": reader["unit_pk"], "indicator": indicator})),
        ("due", "/reporting/"),
        ("tracking", "/tracking/"),
        ("api aggregates", "/api/aggregates/?" + urlencode(
            {"indicator": indicator, "orgunit": unit, "period": "2026", "by": "level",
             "state": "entered"})),
        ("api aggregates", "/api/aggregates/?" + urlencode(
            {"indicator": indicator, "orgunit": unit, "period": rng.choice(["202610", "202611",
                                                                            "2026Q3"])})),
        ("api indicators", "/api/indicators/"),
    ]
    # fmt: on
    if reader["documents"]:
        paths.append(("document", f"/documents/{rng.choice(reader['documents'])}/"))
        paths.append(("document", f"/documents/{rng.choice(reader['documents'])}/"))
    if reader["tracked"]:
        document = rng.choice(reader["tracked"])
        paths.append(("tracking matrix", f"/tracking/documents/{document}/"))
        paths.append(("api tasks", "/api/tasks/?" + urlencode({"document": document})))
    return paths


def read_loop(browser: Browser, reader: dict, recorder: Recorder, stop: threading.Event,
              seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    while not stop.is_set():
        kind, path = rng.choice(reader_paths(reader, rng))
        started = time.perf_counter()
        try:
            status, _ = browser.request("GET", path)
        except Unanswered:
            status = 0
        recorder.add(Result(kind, status, time.perf_counter() - started, started))


@dataclass
class Attempt:
    """One save of one cell: its value, and what came back (2xx: acknowledged; 0: no
    answer, so it may or may not be stored; any other status: refused)."""

    cell: tuple[str, str, str]
    value: int
    status: int


def save_loop(browser: Browser, saver: dict, recorder: Recorder, attempts: list[Attempt],
              stop: threading.Event, seed: int) -> None:  # fmt: skip
    """Save one value at a time through `POST /api/datavalues/`, as the entry grid's editor
    of the unit; every value distinct, so the one stored tells which save it came from."""
    rng = random.Random(seed)
    cells = [tuple(c) for c in saver["cells"]]
    counter = 0
    while not stop.is_set():
        counter += 1
        indicator, unit, period = rng.choice(cells)
        value = seed % 1000 * 10_000 + counter
        payload = [{"indicator": indicator, "orgunit": unit, "period": period, "value": value}]
        started = time.perf_counter()
        try:
            status, _ = browser.post_json("/api/datavalues/", payload)
        except Unanswered:
            status = 0
        recorder.add(Result("save", status, time.perf_counter() - started, started))
        attempts.append(Attempt((indicator, unit, period), value, status))
        if status == 0:
            time.sleep(0.2)  # a server down: try again as a person would, not in a spin


def expected_values(attempts: list[Attempt]) -> dict[tuple, set[int]]:
    """For each cell written and acknowledged at least once, the values it may hold: the
    last acknowledged one, or one sent after it whose answer never came."""
    expected: dict[tuple, set[int]] = {}
    for attempt in attempts:  # in the order one saver sent them; cells are one saver's own
        if 200 <= attempt.status < 300:
            expected[attempt.cell] = {attempt.value}
        elif attempt.status == 0 and attempt.cell in expected:
            expected[attempt.cell].add(attempt.value)
    return expected


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
