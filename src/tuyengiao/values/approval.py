"""Approved figures: the second state of the aggregates (issue 16, item 3).

`ApprovedAggregate` holds the same sums as `Aggregate`, over the values that count as
approved: a value that no report form collects is final when saved; one that a form
collects counts once its report is approved at the form owner's level. Which cells a form
collects, and whether their report is approved, the forms app says
(`guards.cells_collected`); this module turns each change of either into deltas of the
approved rows, in the caller's transaction:

- every write, after its deltas went to the entered rows (`approved_follow`);
- a report approved (`datavalues_approve`) or returned after approval
  (`datavalues_unapprove`);
- the forms themselves changed, or a repair (`approved_rebuild`: the rows again from the
  entered ones).

LAST indicators are exact: a period's approved row holds each unit's latest *approved*
value within it, worked out again from the unit's values of the widest period concerned
(its year) for the series that changed.
"""

import datetime
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence, Set
from decimal import Decimal

from tuyengiao.values import guards
from tuyengiao.values.cleaning import to_units
from tuyengiao.values.models import Aggregation, DataValue, Indicator
from tuyengiao.values.periods import Period, containing_periods, covering_codes
from tuyengiao.values.rebuilding import approved_recount
from tuyengiao.values.rollup import (
    APPROVED,
    Delta,
    aggregates_apply,
)

type Series = tuple[int, int, str]  # (unit id, indicator id, option)
# A value: its series, period code, end, start and number (None when the cell holds none).
type Row = tuple[int, int, str, str, datetime.date, datetime.date, Decimal | int | None]
# What a value counts for in one state: its value in 1/SCALE units, or None when it does not
# count (not approved then, or empty).
type Counted = Callable[[Row, bool], int | None]


def approved_follow(
    deltas: Sequence[Delta],
    *,
    kinds: Mapping[int, str] | None = None,
    rows: Mapping[Series, list[Row]] | None = None,
) -> None:
    """Called by every write, in its transaction, after `deltas` went to the entered
    aggregates: the part of them that is final goes to the approved aggregates.

    SUM and AVERAGE deltas are each a written cell's own: those of cells no form collects
    (or, never in practice, whose report is approved: an approved report is locked) go
    as they are. LAST deltas carry every period containing a written cell; the written
    cells are the smallest periods among a series' deltas, and their own delta gives the
    value they held before, from which each period's latest approved value is worked out
    before and after, from their series' values as they are now: `rows` when the write read
    them already (`stocks.StockValues.after`: every period around its cells), else read."""
    if not deltas:
        return
    if kinds is None:  # the indicators' aggregations, unless the write read them already
        kinds = dict(
            Indicator.objects.filter(pk__in={d[1] for d in deltas}).values_list("pk", "aggregation")
        )
    stocks = {pk for pk, kind in kinds.items() if kind == Aggregation.LAST}
    last = [d for d in deltas if d[1] in stocks] if stocks else []
    sums = [d for d in deltas if d[1] not in stocks] if last else deltas
    written = _written(last)
    cells = {(d[0], d[1], d[2]) for d in sums}
    cells.update((key[0], key[1], code) for key, codes in written.items() for code in codes)
    collected = guards.cells_collected(cells)
    if collected:
        sums = [d for d in sums if collected.get((d[0], d[1], d[2]), True)]
    final = {
        key: {code: d for code, d in codes.items() if collected.get((key[0], key[1], code), True)}
        for key, codes in written.items()
    }
    final = {key: codes for key, codes in final.items() if codes}
    if final:
        sums = [*sums, *_follow_last(final, rows, (cells, collected))]
    aggregates_apply(sums, state=APPROVED)


def _written(deltas: Iterable[Delta]) -> dict[Series, dict[str, Delta]]:
    """For each series, the deltas of its written cells: the periods among its deltas that
    hold none of the others (a month, not the quarter and year that contain it)."""
    by_series: dict[Series, dict[str, Delta]] = {}
    for d in deltas:
        by_series.setdefault((d[0], d[1], d[3]), {})[d[2]] = d
    smallest: dict[frozenset[str], list[str]] = {}  # the same few sets of codes, each once
    written: dict[Series, dict[str, Delta]] = {}
    for key, codes in by_series.items():
        found = frozenset(codes)
        if found not in smallest:
            periods = {code: Period.parse(code) for code in found}
            smallest[found] = [
                code
                for code, period in periods.items()
                if not any(
                    other != code and period.start <= inner.start and inner.end <= period.end
                    for other, inner in periods.items()
                )
            ]
        written[key] = {code: codes[code] for code in smallest[found]}
    return written


def _follow_last(
    written: dict[Series, dict[str, Delta]],
    rows: Mapping[Series, list[Row]] | None,
    known: tuple[Set[guards.Cell], Mapping[guards.Cell, bool]],
) -> list[Delta]:
    """The approved LAST rows' changes after final cells were written: each written cell
    held, before, its value now less its own delta."""
    changed = {key: set(codes) for key, codes in written.items()}

    def before(row: Row, approved: bool) -> int | None:
        units = after(row, approved)
        own = written.get((row[0], row[1], row[2]), {}).get(row[3])
        if own is None:
            return units
        held = (units is not None) - own[5]  # whether it held a value before
        return (units or 0) - own[4] if held else None

    def after(row: Row, approved: bool) -> int | None:
        return to_units(row[6]) if approved and row[6] is not None else None

    return _last_changes(changed, before, after, rows, known)


def datavalues_approve(*, unit_id: int, period: Period, indicator_ids: Set[int]) -> None:
    """The unit's values of `indicator_ids` for `period` (every breakdown option) join the
    approved aggregates: their report was just approved. The caller passes only the
    indicators whose cells were not approved before and are now."""
    _report_move(unit_id, period, indicator_ids, sign=1)


def datavalues_unapprove(*, unit_id: int, period: Period, indicator_ids: Set[int]) -> None:
    """The inverse: their approved report was returned."""
    _report_move(unit_id, period, indicator_ids, sign=-1)


def _report_move(unit_id: int, period: Period, indicator_ids: Set[int], *, sign: int) -> None:
    if not indicator_ids:
        return
    indicators = Indicator.objects.filter(pk__in=indicator_ids, formula="").exclude(
        value_type="text"
    )
    kinds = dict(indicators.values_list("pk", "aggregation"))
    values = DataValue.objects.filter(
        orgunit_id=unit_id, indicator_id__in=kinds, period=period.code, value__isnull=False
    ).values_list("indicator_id", "option", "value")
    deltas = [
        Delta(unit_id, indicator, period.code, option, sign * to_units(value), sign)
        for indicator, option, value in values
        if kinds[indicator] in (Aggregation.SUM, Aggregation.AVERAGE)
    ]
    changed = {
        (unit_id, indicator, option): {period.code}
        for indicator, option, _value in values
        if kinds[indicator] == Aggregation.LAST
    }
    if changed:
        report = {(unit_id, indicator, period.code) for indicator in indicator_ids}

        def counted(now_approved: bool) -> Counted:
            def count(row: Row, approved: bool) -> int | None:
                if (row[0], row[1], row[3]) in report:
                    approved = now_approved
                return to_units(row[6]) if approved and row[6] is not None else None

            return count

        deltas += _last_changes(changed, counted(sign < 0), counted(sign > 0))
    aggregates_apply(deltas, state=APPROVED)


def _last_changes(
    changed: dict[Series, set[str]],
    before: Counted,
    after: Counted,
    given: Mapping[Series, list[Row]] | None = None,
    known: tuple[Set[guards.Cell], Mapping[guards.Cell, bool]] = (frozenset(), {}),
) -> list[Delta]:
    """For each series and each fixed period containing one of its changed periods, the
    change of the series' latest counted value in that period, from `before` to `after`
    (each says what a value counts for, given whether it is approved now), over the
    series' values `given`, or read. `known`: cells whose forms were asked already
    (`guards.cells_collected`), and the answer."""
    around: dict[frozenset[str], set[Period]] = {}  # the same few sets of codes, each once
    for codes in changed.values():
        held = frozenset(codes)
        if held not in around:
            around[held] = {p for code in held for p in containing_periods(Period.parse(code))}
    periods = {key: around[frozenset(codes)] for key, codes in changed.items()}
    span = {code for ps in periods.values() for p in ps for code in covering_codes(p)}
    if given is None:
        given = _rows_read(changed, span)
    rows = {key: list(given[key]) for key in changed if key in given}
    asked, approved = known
    cells = {(r[0], r[1], r[3]) for group in rows.values() for r in group} - asked
    if cells:
        approved = {**approved, **guards.cells_collected(cells)}
    deltas = []
    for key, group in rows.items():
        group.sort(key=lambda r: (r[4], r[5]), reverse=True)  # the latest first
        # Each value's counted figures once, then each period takes its latest inside.
        counted = []
        for r in group:
            state = approved.get((r[0], r[1], r[3]), True)
            counted.append((r[5], r[4], before(r, state), after(r, state)))
        for period in periods[key]:
            first, last = period.start, period.end
            old = next(
                (o for s, e, o, _ in counted if o is not None and first <= s and e <= last), None
            )
            new = next(
                (n for s, e, _, n in counted if n is not None and first <= s and e <= last), None
            )
            if old != new:
                deltas.append(
                    Delta(*key[:2], period.code, key[2], (new or 0) - (old or 0),
                          (new is not None) - (old is not None))
                )  # fmt: skip
    return deltas


def approved_rebuild(indicator_ids: Collection[int] | None = None) -> None:
    """Write the approved rows again (all, or those of `indicator_ids`) from the entered
    ones: SUM and AVERAGE rows copied, less the values not approved yet; LAST rows from the
    approved values. After a full rebuild of the entered rows, and whenever the forms
    change which cells they collect (`reporting.collecting`). Set-based in SQL, the forms'
    rule joined as they give it (`values.rebuilding`)."""
    approved_recount(indicator_ids)


def _rows_read(changed: Collection[Series], span: Collection[str]) -> dict[Series, list[Row]]:
    rows: dict[Series, list[Row]] = {}
    found = DataValue.objects.filter(
        orgunit_id__in={key[0] for key in changed},
        indicator_id__in={key[1] for key in changed},
        period__in=span,
    ).values_list("orgunit_id", "indicator_id", "option", "period", "period_end",
                  "period_start", "value")  # fmt: skip
    for row in found:
        if row[:3] in changed:
            rows.setdefault(row[:3], []).append(row)
    return rows
