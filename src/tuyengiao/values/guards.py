"""Rules that apps above the core add to every write of figures, without the core importing
them: the report forms' entry lock and window (`reporting.workflow.cells_blocked`, registered
when the reporting app is ready), and the cells that records such as activities feed
(`cells_fed`), which a person does not type. Every write path of the core asks
`cells_blocked` inside its transaction."""

import contextlib
import threading
from collections.abc import Callable, Collection, Iterator, Set
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

type Cell = tuple[int, int, str]  # (unit id, indicator id, period code)
type Guard = Callable[..., dict[Cell, str]]

_guards: list[Guard] = []


def guard_register(guard: Guard) -> None:
    """Add `guard(*, user, cells, by_hand) -> {cell: reason}` to the checks of every write."""
    if guard not in _guards:
        _guards.append(guard)


def cells_blocked(*, user, cells: Set[Cell], by_hand: bool = False) -> dict[Cell, str]:
    """Why each cell may not be written by `user` now: the first guard's reason; cells that
    every guard lets through are absent. `by_hand`: the figures are typed or imported by a
    person, which a cell that records feed refuses (the records are corrected instead) and
    which a form's entry window limits; figures that records give (an activity, a channel's
    output, a task's report) follow their records whenever they change, unless the report
    holding them is sent or approved."""
    blocked: dict[Cell, str] = {}
    for cell, fed in cells_fed(cells).items() if by_hand else ():
        blocked[cell] = _("Số liệu này được tính %(label)s: hãy sửa các bản ghi đó.") % {
            "label": fed.label
        }
    for guard in _guards:
        free = set(cells) - blocked.keys()
        for cell, reason in guard(user=user, cells=free, by_hand=by_hand).items():
            blocked.setdefault(cell, reason)
    return blocked


# --- what the rules read, kept for one write -------------------------------------------------
# A write asks the forms twice about the same cells (may they be written? which count as
# approved?), and a single save under a form asked them with about 25 queries. Nothing the
# forms read (forms, their units, reports, exceptions) changes inside a write's transaction,
# which writes values, history and aggregates only: the guards and collectors keep what they
# read in `write_memo()` while `datavalues_write` runs, and read it afresh in the next write.

_memo = threading.local()


@contextlib.contextmanager
def write_memo() -> Iterator[None]:
    """Around one write (in its transaction): `memo()` is a dict for this write alone."""
    outer = getattr(_memo, "data", None)
    _memo.data = {}
    try:
        yield
    finally:
        _memo.data = outer


def memo() -> dict[str, Any] | None:
    """The running write's memo (see `write_memo`), or None outside a write."""
    return getattr(_memo, "data", None)


# --- which cells a report form collects ------------------------------------------------------
# The second thing the core asks of the forms (`reporting.collecting.cells_collected`): a
# value a form collects counts as approved once its report is approved at the form owner's
# level; any other value is final when saved (`values.approval`).

type Collector = Callable[[Set[Cell]], dict[Cell, bool]]
# The same rule as SQL, for a rebuild that asks about millions of values at once:
# `(*, cursor, indicator_ids) -> (joins, approved)`: JOIN clauses that pair a value row `v`
# with what collects its cell (no row: not collected), and an expression over them, 1 when
# that approves it, else 0; about the values of `indicator_ids` (None: all), without
# parameters. It may first fill temporary tables of its own with `cursor`.
type CollectorSql = Callable[..., tuple[str, str]]

_collectors: list[tuple[Collector, Callable[[], Set[int]] | None, CollectorSql | None]] = []


def collecting_register(
    collector: Collector,
    *,
    indicators: Callable[[], Set[int]] | None = None,
    sql: CollectorSql | None = None,
) -> None:
    """Add `collector(cells) -> {cell: approved}`: the cells that a form collects, each with
    whether its report is approved; if it can tell, `indicators()`: every indicator it may
    collect at all (a rebuild asks about the values of those alone); and, if it can, `sql()`:
    the same rule as two SQL conditions (`CollectorSql`), which a rebuild joins."""
    if not any(c == collector for c, _i, _s in _collectors):
        _collectors.append((collector, indicators, sql))


def indicators_collected() -> set[int] | None:
    """Every indicator whose values some form may collect (the others' values are final),
    or None when a collector cannot tell."""
    found: set[int] = set()
    for _collector, indicators, _sql in _collectors:
        if indicators is None:
            return None
        found.update(indicators())
    return found


def cells_collected(cells: Set[Cell]) -> dict[Cell, bool]:
    """The cells of `cells` that a form collects, each with whether it counts as approved
    (one collector approving it is enough); a cell absent is final."""
    collected: dict[Cell, bool] = {}
    for collector, _indicators, _sql in _collectors:
        for cell, approved in collector(cells).items():
            collected[cell] = collected.get(cell, False) or approved
    return collected


def pending_sql(
    *, cursor, source: str, where: str, indicator_ids: Collection[int] | None
) -> str | None:
    """A SELECT of the cells (indicator_id, period, orgunit_id) that wait for approval (some
    collector collects them, none approves them: `cells_collected`'s rule) among the value
    rows `v` of `FROM {source} WHERE {where}`; None when a collector has no SQL (the rebuild
    then asks `cells_collected`)."""
    if any(sql is None for _c, _i, sql in _collectors):
        return None
    cells = "v.indicator_id, v.period, v.orgunit_id"
    rules = [
        sql(cursor=cursor, indicator_ids=indicator_ids)
        for _c, _i, sql in _collectors
        if sql is not None
    ]
    if not rules:
        return f"SELECT {cells} FROM {source} WHERE 1 = 0"
    if len(rules) == 1:
        [(joins, approved)] = rules
        return (
            f"SELECT {cells} FROM {source} {joins} WHERE {where} "
            f"GROUP BY {cells} HAVING MAX({approved}) = 0"
        )
    each = " UNION ALL ".join(
        f"SELECT {cells}, MAX({approved}) AS approved FROM {source} {joins} WHERE {where} "
        f"GROUP BY {cells}"
        for joins, approved in rules
    )
    return (
        f"SELECT indicator_id, period, orgunit_id FROM ({each}) AS x "
        f"GROUP BY indicator_id, period, orgunit_id HAVING MAX(approved) = 0"
    )


# --- cells that records feed -----------------------------------------------------------------
# A unit's month of activities gives its figures for the indicators their kinds feed
# (`activities.feeding`). Such a cell shows where its figure comes from and is not typed.


class Fed(NamedTuple):
    label: str  # "từ 3 hoạt động"
    url: str  # the records


type Feeder = Callable[[Set[Cell]], dict[Cell, Fed]]

_feeders: list[Feeder] = []


def feeder_register(feeder: Feeder) -> None:
    """Add `feeder(cells) -> {cell: Fed}`: the cells of `cells` that its records feed now."""
    if feeder not in _feeders:
        _feeders.append(feeder)


def cells_fed(cells: Set[Cell]) -> dict[Cell, Fed]:
    fed: dict[Cell, Fed] = {}
    for feeder in _feeders:
        for cell, found in feeder(cells).items():
            fed.setdefault(cell, found)
    return fed
