"""The roll-up of a write's LAST indicators (stocks: members, branches), read once.

A period's row holds each unit's latest value inside it, so a write changes the rows of
every fixed period that contains a written cell (the month's quarter, half-year, year). The
values of the written series in those periods are read once, before the write; the state
after is the same rows with the written cells put in. The entered roll-up is the change of
each latest value from before to after (`StockValues.deltas`), and the approved one is
worked out from the rows after (`approval.approved_follow`), so neither reads them again.
Read and worked out three times (before, after, and for the approved sums), they took about
a quarter of a SQLite import's time (bench/README.md, 2026-12-07).
"""

import datetime
from collections.abc import Iterable, Mapping

from django.db import connection

from tuyengiao.values import bulk_sql
from tuyengiao.values.approval import Row, Series
from tuyengiao.values.checking import Checked, Key
from tuyengiao.values.cleaning import to_units
from tuyengiao.values.periods import Period, containing_periods, covering_codes
from tuyengiao.values.rollup import Delta
from tuyengiao.values.storing import VALUES, stored_number


class StockValues:
    """The values of the written LAST series around the written cells (`keys`), read
    when made: make it before the write, give it the written cells after (`write`)."""

    def __init__(self, keys: list[Key], period_of: Mapping[str, Period]) -> None:
        # Each code's containing periods worked out once, not once a value.
        self.around = {
            code: [p.code for p in containing_periods(period_of[code])]
            for code in {key.period for key in keys}
        }
        self.keys = keys
        self.bounds = {code: Period.parse(code) for codes in self.around.values() for code in codes}
        self.before = _rows_read(keys, self.around)
        self.after: dict[Series, list[Row]] = self.before

    def write(self, cells: Iterable[tuple[Key, Checked]]) -> None:
        """The written cells put in the rows read: the rows as they are after the write.
        A cleared cell keeps its row with no number, as the write keeps it."""
        after = {series: list(rows) for series, rows in self.before.items()}
        for (unit, indicator, code, option), cell in cells:
            rows = after.setdefault((unit, indicator, option), [])
            rows[:] = [row for row in rows if row[3] != code]
            period = self.bounds[code]  # its own code is among those around it
            rows.append((unit, indicator, option, code, period.end, period.start, cell.number))
        self.after = after

    def deltas(self) -> list[Delta]:
        """Each unit's latest value in each period around the written cells, after the
        write less before."""
        periods: dict[Series, set[str]] = {}
        for unit, indicator, code, option in self.keys:
            periods.setdefault((unit, indicator, option), set()).update(self.around[code])
        deltas = []
        for (unit, indicator, option), codes in periods.items():
            before = _latest(self.before.get((unit, indicator, option), ()))
            after = _latest(self.after.get((unit, indicator, option), ()))
            for code in codes:
                first, last = self.bounds[code].start, self.bounds[code].end
                old, new = _first_inside(before, first, last), _first_inside(after, first, last)
                if old != new:
                    n = (new is not None) - (old is not None)
                    total = to_units(new) - to_units(old)
                    deltas.append(Delta(unit, indicator, code, option, total, n))
        return deltas


def _latest(rows: Iterable[Row]) -> list[tuple]:
    """A series' numbers as (end, start, number), the latest first."""
    return sorted(((r[4], r[5], r[6]) for r in rows if r[6] is not None), reverse=True)


def _first_inside(values: Iterable[tuple], first: datetime.date, last: datetime.date):
    return next((value for end, begin, value in values if begin >= first and end <= last), None)


def _rows_read(keys: list[Key], around: Mapping[str, list[str]]) -> dict[Series, list[Row]]:
    """The written series' values of every period inside the widest period around a
    written cell (its year), by series."""
    if not keys:
        return {}
    codes = {
        code for inside in around.values() for code in covering_codes(Period.parse(inside[-1]))
    }
    indicators = sorted({key.indicator_id for key in keys})
    written = {(key.unit_id, key.indicator_id, key.option) for key in keys}
    spans = {code: Period.parse(code) for code in codes}
    series: dict[Series, list[Row]] = {}
    units = sorted({key.unit_id for key in keys})
    step = 5000  # with the codes and indicators, under SQLite's limit on parameters
    with connection.cursor() as cursor:
        for start in range(0, len(units), step):
            part = units[start : start + step]
            bulk_sql.execute(
                cursor,
                f"SELECT orgunit_id, indicator_id, option, period, value FROM {VALUES} "  # noqa: S608
                f"WHERE indicator_id IN ({', '.join(['%s'] * len(indicators))}) "
                f"AND period IN ({', '.join(['%s'] * len(codes))}) "
                f"AND orgunit_id IN ({', '.join(['%s'] * len(part))})",
                [*indicators, *codes, *part],
            )
            for unit, indicator, option, code, value in cursor.fetchall():
                if (unit, indicator, option) in written:
                    period = spans[code]
                    series.setdefault((unit, indicator, option), []).append(
                        (
                            unit,
                            indicator,
                            option,
                            code,
                            period.end,
                            period.start,
                            stored_number(value),
                        )
                    )
    return series
