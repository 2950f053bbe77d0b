"""Which figures the report forms collect, and which of those are approved, as SQL: the rule
of `collecting.cells_collected`, for a rebuild of the approved sums that asks about every
value at once (`values.approval`, registered with `values.guards.collecting_register`).

Two conditions on a value row `v` of the values table: its cell is *collected* when an
active form holds its indicator, the form's period kind is the value's, and the unit is one
that must report the form for that period (`collecting.form_units`: of the form's kinds or
listed, under its owner by the materialised path, open at some time in the period); it is
*approved* when such a form has the unit's report for the period approved. A national
rebuild asks about nine million values: in Python batches that took half an hour, joined
here, a minute (bench/README.md, "aggregate.py").
"""

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import FormItem, ReportForm, Submission

# A fixed period's kind from its code ("2023", "202310", "2023Q3", "2023S1"), as
# `Period.parse` reads it; every stored value has a code of a fixed kind.
_KIND = (
    "CASE WHEN LENGTH(v.period) = 4 THEN 'year' "
    "WHEN SUBSTR(v.period, 5, 1) = 'Q' THEN 'quarter' "
    "WHEN SUBSTR(v.period, 5, 1) = 'S' THEN 'half' "
    "WHEN LENGTH(v.period) = 6 THEN 'month' ELSE 'custom' END"
)


def _collects() -> str:
    """The condition that form `f` collects the cell of value `v`; `u` is its unit, `o` the
    form's owner, both joined by the caller."""
    kinds = ReportForm.unit_kinds.through._meta.db_table
    listed = ReportForm.units.through._meta.db_table
    return (
        f"f.is_active AND f.period_kind = {_KIND} "
        f"AND SUBSTR(u.path, 1, LENGTH(o.path)) = o.path "
        f"AND (u.opened_on IS NULL OR u.opened_on <= v.period_end) "
        f"AND (u.closed_on IS NULL OR u.closed_on > v.period_start) "
        f"AND (u.kind_id IN (SELECT k.unitkind_id FROM {kinds} k WHERE k.reportform_id = f.id) "
        f"OR u.id IN (SELECT l.orgunit_id FROM {listed} l WHERE l.reportform_id = f.id))"
    )


def collected_sql() -> tuple[str, str]:
    """(collected, approved): the two conditions on a value row `v`."""
    forms, items = ReportForm._meta.db_table, FormItem._meta.db_table
    units, reports = OrgUnit._meta.db_table, Submission._meta.db_table
    holding = (
        f"FROM {items} fi JOIN {forms} f ON f.id = fi.form_id "
        f"JOIN {units} u ON u.id = v.orgunit_id JOIN {units} o ON o.id = f.owner_id"
    )
    collected = (
        f"EXISTS (SELECT 1 {holding} WHERE fi.indicator_id = v.indicator_id AND {_collects()})"
    )
    approved = (
        f"EXISTS (SELECT 1 FROM {reports} s JOIN {items} fi ON fi.form_id = s.form_id "
        f"JOIN {forms} f ON f.id = s.form_id "
        f"JOIN {units} u ON u.id = v.orgunit_id JOIN {units} o ON o.id = f.owner_id "
        f"WHERE s.orgunit_id = v.orgunit_id AND s.period = v.period "
        f"AND s.status = '{Submission.Status.APPROVED.value}' "
        f"AND fi.indicator_id = v.indicator_id AND {_collects()})"
    )
    return collected, approved
