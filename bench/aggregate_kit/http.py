"""The reads of `aggregate.py`: `GET /api/aggregates/` as a user waits for it (issue 20, item 1).

Each request goes through Django's test client with every middleware of the settings
(sessions, authentication, CSRF, audit log, axes…), logged in as a viewer scoped to the
query's province (the centre's viewer for the centre), and timed on the wall clock from the
call to the parsed JSON. Connections are handled as the settings handle them: kept between
requests (CONN_MAX_AGE) on SQLite and PostgreSQL alike; without it, each request would open
its own and the previous one be closed after its response, untimed.

DuckDB is timed the same way, behind the same web app (`duck_api`: the same middleware,
login, scope check and JSON, its body DuckDB's query), through the same client, in turn
with ours on each query; its bare query and our selectors are timed in process too (no
goal), so that what the request adds shows apart.
"""

import random
import time
from decimal import Decimal

from aggregate_design import MONTHS, Tree

from aggregate_kit.reference import QUANTUM, Query, answer
from aggregate_kit.tree import FAMILIES, LEVELS, OPTIONS, SPECS, level_of

API = "/api/aggregates/"
DUCKDB_API = "/api/bench-duckdb/aggregates/"  # aggregate_kit/urls.py


class Reader:
    def __init__(self, tree: Tree, chains: dict[int, list[int]], duck) -> None:
        from django.conf import settings
        from django.test import Client
        from django.test.utils import override_settings

        from aggregate_kit import duck_api
        from tuyengiao.accounts.models import Role, RoleAssignment, User

        # The product's URLs and DuckDB's endpoint beside them, for this run only.
        override_settings(ROOT_URLCONF="aggregate_kit.urls").enable()
        duck_api.configure(duck=duck, chains=chains)
        self.chains = chains
        self.indicators: dict = {}
        self.function_ms = 0.0
        self.clients: dict[int, Client] = {}
        provinces = [u for u in range(1, len(tree) + 1) if tree.level[u] <= 1]
        for unit in provinces:
            user = User.objects.create(username=f"bench.reader.{unit}")
            RoleAssignment.objects.create(user=user, orgunit_id=unit, role=Role.VIEWER)
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            self.clients[unit] = client
        self.fresh = not settings.DATABASES["default"].get("CONN_MAX_AGE")
        self._close()

    def _close(self) -> None:
        from django.db import connections

        if self.fresh:
            connections.close_all()

    def _function(self, q: Query, *, below: bool, state: str) -> None:
        from tuyengiao.orgunits.models import OrgUnit
        from tuyengiao.values.models import Indicator
        from tuyengiao.values.periods import Period
        from tuyengiao.values.selectors import figures, figures_below, rollup_children_rows

        indicator = self.indicators.get(q.spec.code)
        if indicator is None:
            indicator = self.indicators[q.spec.code] = Indicator.objects.get(code=q.spec.code)
        unit, period = OrgUnit(pk=q.unit), Period.parse(q.period)
        figures(indicator=indicator, unit_ids=[q.unit], period=period, option=q.option, state=state)
        if below:
            figures_below(
                indicator=indicator, unit=unit, period=period, option=q.option, state=state
            )
            rollup_children_rows(unit)

    def get(
        self, q: Query, *, below: bool, state: str | None = None, url: str = API
    ) -> tuple[float, list]:
        """(ms, [(child or None, value, count)]) of one request to `url` (ours, or DuckDB's
        behind the same app); for ours, `function_ms` then holds the selectors' time."""
        chain = self.chains[q.unit]
        client = self.clients[chain[1] if len(chain) > 1 else chain[0]]
        params = {"indicator": q.spec.code, "orgunit": f"U{q.unit}", "period": q.period}
        if q.option is not None:
            params["option"] = q.option
        if below:
            params["by"] = "level"
        if state:
            params["state"] = state
        start = time.perf_counter()
        response = client.get(url, params)
        body = response.json()
        ms = (time.perf_counter() - start) * 1000
        if url == API:
            # The selectors the view calls, on the connection the request left open: what
            # the request adds to them (HTTP, middleware, scope, a connection) shows apart.
            start = time.perf_counter()
            self._function(q, below=below, state=state or "approved")
            self.function_ms = (time.perf_counter() - start) * 1000
        self._close()
        if response.status_code != 200:
            raise SystemExit(f"{url} {params}: {response.status_code} {body}")
        if below:
            rows = [(int(r["orgunit"][1:]), _dec(r["value"]), r["count"]) for r in body["rows"]]
        else:
            rows = [(None, _dec(body["value"]), body["count"])]
        return ms, [row for row in rows if row[2]]


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(QUANTUM)


def same(ours: list, theirs: list) -> bool:
    """Equal children and counts; values within the last decimal place (JSON floats)."""
    if sorted((c, n) for c, _, n in ours) != sorted((c, n) for c, _, n in theirs):
        return False
    values = {c: v for c, v, _ in theirs}
    for child, value, _ in ours:
        other = values[child]
        if (value is None) != (other is None):
            return False
        if value is not None and abs(value - other) > QUANTUM:
            return False
    return True


def period_of(kind: str, m: int) -> tuple[str, int, int]:
    """(code, first month, last month) of the month, quarter or year holding month `m`."""
    year = 2024 + m // 12
    if kind == "month":
        return f"{year}{m % 12 + 1:02d}", m, m
    if kind == "quarter":
        first = m - m % 3
        return f"{year}Q{m % 12 // 3 + 1}", first, first + 2
    first = m - m % 12
    return str(year), first, first + 11


def sample(rng: random.Random, tree: Tree, wide: set[int], per: int, months=None) -> list[Query]:
    """`per` queries for every level and kind of period: a live unit of the level, a family
    of indicators, one of its indicators, for a breakdown half the time one option."""
    by_level: dict[str, list[int]] = {}
    for unit in range(1, len(tree) + 1):
        if not tree.successor[unit]:
            by_level.setdefault(level_of(tree, wide, unit), []).append(unit)
    queries = []
    for level in LEVELS:
        for kind in ("month", "quarter", "year"):
            for _ in range(per):
                unit = rng.choice(by_level[level])
                family = rng.choice(FAMILIES)
                spec = rng.choice([s for s in SPECS if s.family == family])
                option = rng.choice(OPTIONS) if spec.breakdown and rng.random() < 0.5 else None
                m = rng.choice(months) if months else rng.randrange(MONTHS)
                code, first, last = period_of(kind, m)
                depth = tree.level[unit]
                queries.append(Query(unit, depth, level, spec, option, kind, first, last, code))
    return queries


def measure(reader: Reader, duck, queries: list[Query], *, state: str | None = None):
    """Each query through our API and through DuckDB's behind the same app, in turn (who goes
    first alternates; a busy machine slows both alike), total and below, and DuckDB's bare
    query; returns the times by (who, shape, kind, level, family) and the disagreements."""
    times: dict[tuple, list[float]] = {}
    wrong = []
    turn = 0
    for q in queries:
        for below in (False, True):
            if below and q.level == "cell":
                continue  # cells have nothing below
            shape = "below" if below else "total"
            turn += 1
            found = {}
            for url in (API, DUCKDB_API) if turn % 2 else (DUCKDB_API, API):
                found[url] = reader.get(q, below=below, state=state, url=url)
            (ours_ms, ours), (duck_ms, theirs) = found[API], found[DUCKDB_API]
            function_ms = reader.function_ms
            start = time.perf_counter()
            bare = answer(duck, q, below=below)
            bare_ms = (time.perf_counter() - start) * 1000
            pairs = (
                ("ours", ours_ms),
                ("DuckDB", duck_ms),
                ("function", function_ms),
                ("DuckDB bare", bare_ms),
            )
            for who, ms in pairs:
                times.setdefault((who, shape, q.kind, q.level, q.spec.family), []).append(ms)
            for what, other in (("DuckDB's API", theirs), ("DuckDB", _rows(bare))):
                if not same(ours, other):
                    wrong.append(
                        f"{shape} U{q.unit} {q.spec.code}{'.' + q.option if q.option else ''} "
                        f"{q.period}: ours {ours[:3]} / {what} {other[:3]}"
                    )
    return times, wrong


def _rows(found: list[tuple]) -> list[tuple]:
    """The reference's answer as a request's: values to the JSON's precision."""
    return [(c, _dec(v), n) for c, v, n in found if n]
