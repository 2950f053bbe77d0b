"""DuckDB behind the same request as ours (issue 20, item 1): `GET /api/bench-duckdb/aggregates/`.

A competent user serving these figures from DuckDB would put it behind the same web app,
so that is what the benchmark times against `/api/aggregates/`: a ninja endpoint with the
product's authentication (`Bearer` token or the login session), every middleware of the
settings, the same filter schema, the same scope check (`get_in_scope_or_404`), the same
catalogue lookup, the units below named and ordered by the same selector, and the same
JSON, rendered the same way. Only the figures differ: DuckDB's query
(`reference.answer`) instead of our aggregate tables. The benchmark mounts it with
`urls.py` beside the product's URLs (ROOT_URLCONF overridden in the run only).
"""

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Status

from aggregate_kit.reference import Query as Roll
from aggregate_kit.reference import answer
from aggregate_kit.tree import BY_CODE
from tuyengiao.accounts.api import BearerTokenAuth, SessionAuth
from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.apikit import ErrorOut, error_body
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.api import AggregateFilter, AggregateOut, aggregate_answer
from tuyengiao.values.models import Indicator
from tuyengiao.values.periods import Period
from tuyengiao.values.selectors import Figure

api = NinjaAPI(
    urls_namespace="bench_duckdb", docs_url=None, auth=[BearerTokenAuth(), SessionAuth()]
)

# Set by the benchmark before its first request: the DuckDB connection (one thread, as the
# test client runs one request at a time) and every unit's roll-up depth (its chain's
# length, which the reference's columns a0…a5 are indexed by).
state: dict = {}


def configure(*, duck, chains: dict[int, list[int]]) -> None:
    state["duck"] = duck
    state["depth"] = {unit: len(chain) - 1 for unit, chain in chains.items()}


def _month(date) -> int:
    """The reference's month number (0 = 01/2024)."""
    return (date.year - 2024) * 12 + date.month - 1


@api.get("/aggregates/", response={200: AggregateOut, 400: ErrorOut, 404: ErrorOut})
def duckdb_aggregate_read(request: HttpRequest, filters: Query[AggregateFilter]):
    unit = get_in_scope_or_404(
        OrgUnit.objects.all(), request.user, path_field="path", code=filters.orgunit
    )
    indicator = Indicator.objects.filter(code=filters.indicator).first()
    spec = BY_CODE.get(filters.indicator)
    if indicator is None or spec is None or filters.depth != 1:
        return Status(
            400, error_body(_("Không có chỉ tiêu mã “%(code)s”.") % {"code": filters.indicator})
        )
    try:
        period = Period.parse(filters.period)
    except ValueError as error:
        return Status(400, error_body(str(error)))
    first, last = _month(period.start), _month(period.end)
    roll = Roll(
        unit.pk, state["depth"][unit.pk], "", spec, filters.option, "", first, last, period.code
    )
    duck = state["duck"]
    ((_whole, value, count),) = answer(duck, roll, below=False) or [(None, None, 0)]
    below = None
    if filters.by:
        below = {
            child: Figure(None if value is None else Decimal(str(value)), count)
            for child, value, count in answer(duck, roll, below=True)
        }
    figure = Figure(None if value is None else Decimal(str(value)), count)
    return aggregate_answer(
        request, unit=unit, indicator=indicator, period=period, state=filters.state,
        figure=figure, below=below,
    )  # fmt: skip
