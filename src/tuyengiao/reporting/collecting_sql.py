"""Which figures the report forms collect, and which of those are approved, as SQL: the rule
of `collecting.cells_collected`, for a rebuild of the approved sums that asks about every
value at once (`values.rebuilding`, through `values.guards.collecting_register`).

A cell (unit, indicator, period) is collected when an active form holds its indicator, the
period is of the form's kind, and the unit must report the form for it (`form_units`: of
the form's kinds or listed, under its owner by the materialised path, open at some time in
the period); it is approved when such a form has the unit's report for the period
approved. The reports every form expects are listed first, once (`REPORTS`: units times
periods, tens of times fewer rows than values), so that each value is one lookup by key: a
national rebuild asks about nine million values, which Python batches took half an hour
over (bench/README.md, "aggregate.py").
"""

import datetime
from collections.abc import Collection

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import FormItem, ReportForm, Submission
from tuyengiao.values.models import DataValue
from tuyengiao.values.periods import periods_between

REPORTS, PERIODS = "tg_form_reports", "tg_form_periods"  # temporary, one recount's


def collected_sql(*, cursor, indicator_ids: Collection[int] | None) -> tuple[str, str]:
    """(joins, approved): JOIN clauses pairing a value row `v` with the reports that collect
    its cell, over the active forms holding `indicator_ids` (or any), which are listed first
    with `cursor`; and the expression, 1 when such a report is approved, else 0."""
    _reports_fill(cursor, indicator_ids)
    joins = (
        f"JOIN {FormItem._meta.db_table} fi ON fi.indicator_id = v.indicator_id "
        f"JOIN {REPORTS} r ON r.form_id = fi.form_id AND r.orgunit_id = v.orgunit_id "
        f"AND r.period = v.period"
    )
    return joins, "r.approved"


def _reports_fill(cursor, indicator_ids: Collection[int] | None) -> None:
    for name in (REPORTS, PERIODS):
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {PERIODS} (form_id BIGINT NOT NULL, period VARCHAR(17) NOT "
        f"NULL, period_start DATE NOT NULL, period_end DATE NOT NULL)"
    )
    cursor.execute(
        f"CREATE TEMPORARY TABLE {REPORTS} (form_id BIGINT NOT NULL, orgunit_id BIGINT NOT "
        f"NULL, period VARCHAR(17) NOT NULL, approved SMALLINT NOT NULL, "
        f"PRIMARY KEY (form_id, orgunit_id, period))"
    )
    forms = ReportForm.objects.filter(is_active=True)
    if indicator_ids is not None:
        forms = forms.filter(items__indicator_id__in=indicator_ids).distinct()
    for form in forms:
        years = _years(cursor, form)
        if years:
            first, last = datetime.date(years[0], 1, 1), datetime.date(years[1], 12, 31)
            cursor.executemany(
                f"INSERT INTO {PERIODS} (form_id, period, period_start, period_end) "
                f"VALUES (%s, %s, %s, %s)",
                [
                    (form.pk, p.code, p.start, p.end)
                    for p in periods_between(form.period_kind, first, last)
                ],
            )
    cursor.execute(
        f"INSERT INTO {REPORTS} (form_id, orgunit_id, period, approved) "
        f"SELECT p.form_id, u.id, p.period, CASE WHEN EXISTS (SELECT 1 FROM "
        f"{Submission._meta.db_table} s WHERE s.form_id = p.form_id AND s.orgunit_id = u.id "
        f"AND s.period = p.period AND s.status = '{Submission.Status.APPROVED.value}') "
        f"THEN 1 ELSE 0 END FROM {PERIODS} p JOIN {ReportForm._meta.db_table} f "
        f"ON f.id = p.form_id JOIN {OrgUnit._meta.db_table} o ON o.id = f.owner_id "
        f"JOIN {OrgUnit._meta.db_table} u ON SUBSTR(u.path, 1, LENGTH(o.path)) = o.path "
        f"WHERE {_MUST_REPORT}"
    )
    # Its size known, the values are scanned once in their key's order and each looks up
    # its report; unknown, SQLite took it for small and probed the values once per report
    # and indicator (19 s against 13 s at scale 0.2).
    cursor.execute(f"ANALYZE {REPORTS}")


# The unit `u` must report form `f` for period `p` (`collecting.form_units`).
_MUST_REPORT = (
    f"(u.opened_on IS NULL OR u.opened_on <= p.period_end) "
    f"AND (u.closed_on IS NULL OR u.closed_on > p.period_start) "
    f"AND (u.kind_id IN (SELECT k.unitkind_id FROM {ReportForm.unit_kinds.through._meta.db_table}"
    f" k WHERE k.reportform_id = f.id) OR u.id IN (SELECT l.orgunit_id FROM "
    f"{ReportForm.units.through._meta.db_table} l WHERE l.reportform_id = f.id))"
)


def _years(cursor, form: ReportForm) -> tuple[int, int] | None:
    """The first and last years of the values of the form's indicators: a seek each at both
    ends of the values' key (indicator, period), whose codes begin with their year."""
    found = []
    for indicator_id in form.items.values_list("indicator_id", flat=True):
        cursor.execute(
            f"SELECT MIN(period), MAX(period) FROM {DataValue._meta.db_table} "
            f"WHERE indicator_id = %s",
            [indicator_id],
        )
        first, last = cursor.fetchone()
        if first is not None:
            found += [int(first[:4]), int(last[:4])]
    return (min(found), max(found)) if found else None
