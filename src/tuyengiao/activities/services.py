"""Writes of activities. An activity saved, moved or deleted changes the figures of its
unit's month: they are worked out again from all the unit's activities of that month and
written through the values core (`datavalues_write`), in the same transaction, with the
activity as their source. A month whose report is sent or approved is locked there as in the
grid, and then the activity is not saved either.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import openable_ids, require_role, role_denied
from tuyengiao.activities.models import Activity, ActivityFeed, ActivityKind, ActivityReporter
from tuyengiao.activities.selectors import co_organiser_units
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import SourceKind
from tuyengiao.values.periods import Period, PeriodKind, period_for
from tuyengiao.values.services import Source, datavalues_write


def activity_save(
    *,
    user,
    activity: Activity,
    documents: Iterable[Document] | None = None,
    co_organisers: Iterable[OrgUnit] | None = None,
    reporters: Iterable[ActivityReporter] | None = None,
) -> Activity:
    """Save a new or changed activity (its fields set by the caller; `documents` studied,
    `co_organisers` and `reporters` (unsaved rows) replace its lists when given) and its unit's
    figures: those of its month, and of the month and unit it had before a change."""
    require_role(user, activity.orgunit, role=Role.EDITOR)
    before = (
        Activity.objects.filter(pk=activity.pk).select_related("orgunit").first()
        if activity.pk
        else None
    )
    if before is not None:
        require_role(user, before.orgunit, role=Role.EDITOR)
    activity.full_clean(exclude=["created_by"])
    if activity.created_by_id is None:
        activity.created_by = user
    with transaction.atomic():
        activity.save()
        # What the user cannot see or choose (a confidential document, a unit beside theirs
        # that the province named) is not in their lists: it stays as it was.
        # A new activity's empty lists need no query.
        if documents is not None and (before is not None or documents):
            hidden = _kept(before, user, "documents", documents_visible)
            activity.documents.set([*documents, *hidden])
        if co_organisers is not None and (before is not None or co_organisers):
            hidden = _kept(before, user, "co_organisers", co_organiser_units)
            activity.co_organisers.set([*co_organisers, *hidden])
        if reporters is not None:
            _reporters_replace(activity, list(reporters), new=before is None)
        months = {(activity.orgunit, _month(activity))}
        kinds = {activity.kind_id}
        if before is not None:
            months.add((before.orgunit, _month(before)))
            kinds.add(before.kind_id)
        _figures_follow(user, activity, months=months, kind_ids=kinds)
    return activity


def _kept(before: Activity | None, user, relation: str, reachable: Callable[..., QuerySet]) -> list:
    if before is None:
        return []
    return list(getattr(before, relation).exclude(pk__in=reachable(user).values("pk")))


def _reporters_replace(activity: Activity, reporters: list[ActivityReporter], *, new: bool) -> None:
    """The activity's reporters become `reporters`: rows kept are updated in place, others
    deleted, new ones added; one at a time, so that the audit log sees each (a bulk write
    would pass it by)."""
    kept = [reporter.pk for reporter in reporters if reporter.pk]
    for old in activity.reporters.exclude(pk__in=kept) if not new else ():
        old.delete()
    for reporter in reporters:
        reporter.activity = activity
        reporter.full_clean()
        reporter.save()


def activity_delete(*, user, activity: Activity) -> None:
    """Delete an activity; its month's figures no longer count it."""
    require_role(user, activity.orgunit, role=Role.EDITOR)
    with transaction.atomic():
        month = (activity.orgunit, _month(activity))
        activity.delete()
        _figures_follow(user, None, months={month}, kind_ids={activity.kind_id})


def _month(activity: Activity) -> Period:
    return period_for(PeriodKind.MONTH, activity.held_on)


def _figures_follow(
    user,
    activity: Activity | None,
    *,
    months: Iterable[tuple[OrgUnit, Period]],
    kind_ids: set[int],
    at: datetime.datetime | None = None,
) -> None:
    """The figures the kinds feed, for each (unit, month), from all its activities then. A
    figure no activity feeds any longer is cleared. `at`: when they were typed, if not now."""
    indicators = set(
        ActivityFeed.objects.filter(kind_id__in=kind_ids).values_list("indicator_id", flat=True)
    )
    feeds = list(
        ActivityFeed.objects.filter(indicator_id__in=indicators).select_related("indicator")
    )
    if not feeds:
        return
    cells, held = [], 0
    feeding = {feed.kind_id for feed in feeds}
    for unit, month in months:
        activities = list(
            Activity.objects.filter(
                orgunit=unit, held_on__range=(month.start, month.end), kind_id__in=feeding
            )
        )
        held = max(held, len(activities))
        for indicator in {feed.indicator for feed in feeds}:
            counts = [
                activity_.counted(feed.measure)
                for feed in feeds
                if feed.indicator_id == indicator.pk
                for activity_ in activities
                if activity_.kind_id == feed.kind_id
            ]
            cells.append({
                "indicator": indicator.code,
                "orgunit": unit.code,
                "period": month.code,
                "value": sum(counts) if counts else "",  # none left: the cell is cleared
            })  # fmt: skip
    note = _("từ %(count)s hoạt động") % {"count": held}
    report = datavalues_write(
        cells, user=user, source=Source(SourceKind.ACTIVITY, note=note, ref=activity), at=at
    )
    if report.errors:
        raise ValidationError(
            [_("Chưa lưu được hoạt động: số liệu của tháng không ghi được.")]
            + [error.message for error in report.errors]
        )


@dataclass
class ActivityDraft:
    """A new activity to save with the others of an import, and the documents it studied."""

    activity: Activity
    documents: list[Document] = field(default_factory=list)


class ActivitiesRefused(ValidationError):
    """Some activities of an import may not be saved, so none was: `rows` holds (index of
    the draft, field, message) for each reason."""

    def __init__(self, rows: list[tuple[int, str, str]]) -> None:
        self.rows = rows
        super().__init__([message for _index, _field, message in rows])


def activities_import(
    *, user, drafts: Sequence[ActivityDraft], backdate: bool = False
) -> list[Activity]:
    """Save new activities all or none (a file's rows, a demo's year): each checked as
    `activity_save` checks one, then each unit-month's figures written once, however many
    of them it holds (a commune's year of 200 rows is 12 writes, not 200). Raises
    `ActivitiesRefused` naming every draft that cannot be saved, a locked month's included.
    `backdate`: each month's figures are written as of the evening its last activity was
    held (never after now), as if recorded then: the demo's history."""
    refused = _drafts_refused(user, drafts)
    if refused:
        raise ActivitiesRefused(refused)
    by_month: dict[tuple[OrgUnit, Period], list[int]] = defaultdict(list)
    with transaction.atomic():
        for index, draft in enumerate(drafts):
            draft.activity.created_by = user
            draft.activity.save()
            if draft.documents:
                draft.activity.documents.set(draft.documents)
            by_month[draft.activity.orgunit, _month(draft.activity)].append(index)
        for (unit, month), indexes in by_month.items():
            held = [drafts[index].activity for index in indexes]
            last = max(held, key=lambda activity: activity.held_on)
            try:
                _figures_follow(
                    user, last, months={(unit, month)},
                    kind_ids={activity.kind_id for activity in held},
                    at=_evening_of(last.held_on) if backdate else None,
                )  # fmt: skip
            except ValidationError as error:
                # The first message says the activity is not saved; the row says that.
                reasons = error.messages[1:] or error.messages
                refused += [(i, "held_on", reason) for i in indexes for reason in reasons]
        if refused:
            raise ActivitiesRefused(sorted(refused))
    return [draft.activity for draft in drafts]


def _drafts_refused(user, drafts: Sequence[ActivityDraft]) -> list[tuple[int, str, str]]:
    units = {draft.activity.orgunit for draft in drafts}
    # Units and kinds are looked up once for all, not by each row's check (two queries a row).
    allowed = openable_ids(user, units, role=Role.EDITOR) & set(
        OrgUnit.objects.filter(pk__in=[unit.pk for unit in units]).values_list("pk", flat=True)
    )
    kinds = set(
        ActivityKind.objects.filter(
            pk__in={draft.activity.kind_id for draft in drafts}
        ).values_list("pk", flat=True)
    )
    refused = []
    for index, draft in enumerate(drafts):
        unit = draft.activity.orgunit
        if unit.pk not in allowed:
            refused.append((index, "orgunit", str(role_denied(unit, role=Role.EDITOR))))
            continue
        if draft.activity.kind_id not in kinds:
            refused.append((index, "kind", _("Không có loại hoạt động này.")))
            continue
        try:
            draft.activity.full_clean(exclude=["created_by", "kind", "orgunit"])
        except ValidationError as error:
            refused += [
                (index, name, message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
    return refused


def _evening_of(day: datetime.date) -> datetime.datetime:
    evening = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 30)))
    return min(evening, timezone.now())
