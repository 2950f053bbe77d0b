"""Which figures the report forms collect, and which of those are approved: the forms' part
of approved figures (issue 16, item 3), registered with the values core
(`values.guards.collecting_register`), which keeps the approved sums.

A cell (unit, indicator, period) is collected when an active form holds the indicator, the
form's period kind is the cell's, and the unit must report the form for that period
(`form_units`, which the workflow uses too). It counts as approved when that report is
approved at the form owner's level (status APPROVED); with two forms collecting it, one
approval is enough. `reporting.services` calls `report_collected` and `report_follow`
around each change of a report's status.
"""

import threading
from collections.abc import Iterable, Set

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.cells import form_cells
from tuyengiao.reporting.models import FormItem, ReportForm, Submission
from tuyengiao.values import guards
from tuyengiao.values.approval import approved_rebuild, datavalues_approve, datavalues_unapprove
from tuyengiao.values.periods import Period

type Cell = guards.Cell


def form_units(form: ReportForm, period: Period) -> QuerySet[OrgUnit]:
    """The units that must report `form` for `period`: of its kinds or listed, under its
    owner, open at some time in the period."""
    wanted = Q(kind__in=form.unit_kinds.all()) | Q(pk__in=form.units.all())
    return (
        OrgUnit.objects.subtree_of(form.owner).filter(wanted).open_during(period.start, period.end)
    )


def indicators_collected() -> set[int]:
    """Every indicator an active form holds."""
    items = FormItem.objects.filter(form__is_active=True)
    return set(items.values_list("indicator_id", flat=True))


def cells_collected(cells: Set[Cell]) -> dict[Cell, bool]:
    """The cells a form collects, each with whether its report is approved. Inside a write,
    what its check of the forms' locks read already is not read again (`cells.FormCells`)."""
    facts = form_cells()
    forms_of = facts.forms_of({indicator for _unit, indicator, _code in cells})
    approved = Submission.Status.APPROVED
    collected: dict[Cell, bool] = {}
    for form, held in facts.groups(cells, forms_of).items():
        reports = facts.reporting(form, {(unit, code) for unit, _indicator, code in held})
        for cell in held:
            pair = (cell[0], cell[2])
            if pair in reports:
                collected[cell] = collected.get(cell, False) or reports[pair] == approved
    return collected


def report_collected(submission: Submission) -> dict[Cell, bool]:
    """The report's cells that a form collects, each with whether it counts as approved
    now: asked before and after a change of the report's status (`report_follow`)."""
    indicators = FormItem.objects.filter(form_id=submission.form_id).values_list(
        "indicator_id", flat=True
    )
    unit, code = submission.orgunit_id, submission.period
    return guards.cells_collected({(unit, indicator, code) for indicator in indicators})


def report_follow(submission: Submission, before: dict[Cell, bool]) -> None:
    """After the report's status changed, in the same transaction: the figures that became
    approved join the approved sums, those that stopped being approved leave them. A figure
    another approved report already counts, or one no form collects, does not move."""
    after = report_collected(submission)
    joined = {cell for cell, approved in after.items() if approved and before.get(cell) is False}
    left = {cell for cell, approved in before.items() if approved and after.get(cell) is False}
    period = Period.parse(submission.period)
    if joined:
        datavalues_approve(
            unit_id=submission.orgunit_id, period=period, indicator_ids={c[1] for c in joined}
        )
    if left:
        datavalues_unapprove(
            unit_id=submission.orgunit_id, period=period, indicator_ids={c[1] for c in left}
        )


# --- when the forms change what they collect ----------------------------------------------
# An indicator put on a form, a form switched off, a kind of unit added to it: values that
# were final become collected (out of the approved sums until their report is approved), or
# the reverse. The indicators concerned are rebuilt once the change is committed, once per
# transaction however many items a form's save touched (the builder saves them one by one).

_waiting = threading.local()


def _rebuild_later(indicator_ids: Iterable[int]) -> None:
    waiting: set[int] | None = getattr(_waiting, "ids", None)
    if waiting is None:
        waiting = _waiting.ids = set()
    waiting.update(indicator_ids)
    # The first callback of a commit rebuilds all that waits, the others find nothing; after
    # a rollback the ids wait for the next commit, and a rebuild too many is harmless.
    transaction.on_commit(_rebuild)  # at once outside a transaction


def _rebuild() -> None:
    ids: set[int] | None = getattr(_waiting, "ids", None)
    if not ids:
        return
    _waiting.ids = set()
    with transaction.atomic():
        approved_rebuild(ids)


def _form_indicators(form_id: int) -> list[int]:
    return list(FormItem.objects.filter(form_id=form_id).values_list("indicator_id", flat=True))


@receiver([post_save, post_delete], sender=FormItem, dispatch_uid="collecting_item_changed")
def _item_changed(sender, instance: FormItem, raw: bool = False, **kwargs) -> None:
    if not raw:
        _rebuild_later([instance.indicator_id])


@receiver(post_save, sender=ReportForm, dispatch_uid="collecting_form_saved")
def _form_saved(sender, instance: ReportForm, raw: bool = False, **kwargs) -> None:
    if not raw:
        _rebuild_later(_form_indicators(instance.pk))


@receiver(m2m_changed, sender=ReportForm.unit_kinds.through, dispatch_uid="collecting_kinds")
@receiver(m2m_changed, sender=ReportForm.units.through, dispatch_uid="collecting_units")
def _form_units_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    forms = (pk_set or ()) if reverse else [instance.pk]  # from a unit's or a kind's side
    _rebuild_later([i for form_id in forms for i in _form_indicators(form_id)])
