"""Rules that apps above the core add to every write of figures, without the core importing
them: the report forms' entry lock and window (`reporting.workflow.cells_blocked`, registered
when the reporting app is ready). Every write path of the core asks `cells_blocked` inside its
transaction."""

from collections.abc import Callable, Set

type Cell = tuple[int, int, str]  # (unit id, indicator id, period code)
type Guard = Callable[..., dict[Cell, str]]

_guards: list[Guard] = []


def guard_register(guard: Guard) -> None:
    """Add `guard(*, user, cells) -> {cell: reason}` to the checks of every write."""
    if guard not in _guards:
        _guards.append(guard)


def cells_blocked(*, user, cells: Set[Cell]) -> dict[Cell, str]:
    """Why each cell may not be written by `user` now: the first guard's reason; cells that
    every guard lets through are absent."""
    blocked: dict[Cell, str] = {}
    for guard in _guards:
        for cell, reason in guard(user=user, cells=set(cells) - blocked.keys()).items():
            blocked.setdefault(cell, reason)
    return blocked


# --- which cells a report form collects ------------------------------------------------------
# The second thing the core asks of the forms (`reporting.collecting.cells_collected`): a
# value a form collects counts as approved once its report is approved at the form owner's
# level; any other value is final when saved (`values.approval`).

type Collector = Callable[[Set[Cell]], dict[Cell, bool]]

_collectors: list[tuple[Collector, Callable[[], Set[int]] | None]] = []


def collecting_register(
    collector: Collector, *, indicators: Callable[[], Set[int]] | None = None
) -> None:
    """Add `collector(cells) -> {cell: approved}`: the cells that a form collects, each with
    whether its report is approved; and, if it can tell, `indicators()`: every indicator it
    may collect at all (a rebuild asks about the values of those alone)."""
    if (collector, indicators) not in _collectors:
        _collectors.append((collector, indicators))


def indicators_collected() -> set[int] | None:
    """Every indicator whose values some form may collect (the others' values are final),
    or None when a collector cannot tell."""
    found: set[int] = set()
    for _collector, indicators in _collectors:
        if indicators is None:
            return None
        found.update(indicators())
    return found


def cells_collected(cells: Set[Cell]) -> dict[Cell, bool]:
    """The cells of `cells` that a form collects, each with whether it counts as approved
    (one collector approving it is enough); a cell absent is final."""
    collected: dict[Cell, bool] = {}
    for collector, _indicators in _collectors:
        for cell, approved in collector(cells).items():
            collected[cell] = collected.get(cell, False) or approved
    return collected
