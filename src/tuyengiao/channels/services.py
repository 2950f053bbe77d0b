"""Writes of channels, their output and the culture registries, with the figures that follow.

A channel's month of output saved or deleted works out again, from every channel of its unit,
the output indicators its kind feeds for that unit and month; a channel saved works out the
inventory ones (how many channels, how many working) for the month of the change. Culture
registries write their counts the same way. Everything goes through the values core
(`datavalues_write`) in the same transaction, with the channel or record as the source; a
month whose report is sent is locked there as in the grid, and then nothing is saved.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.channels.models import (
    INVENTORY,
    OUTPUT,
    BroadcastException,
    BroadcastSlot,
    Channel,
    ChannelFeed,
    ChannelOutput,
    CultureRecord,
    Register,
    Stage,
)
from tuyengiao.channels.seeds import REGISTRY_FEEDS
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import Indicator, SourceKind
from tuyengiao.values.periods import Period, PeriodKind, period_for
from tuyengiao.values.services import Source, datavalues_write


def _this_month() -> Period:
    return period_for(PeriodKind.MONTH, timezone.localdate())


def channel_save(*, user, channel: Channel) -> Channel:
    """Save a new or changed channel; the inventory figures of its unit (and of the unit and
    kind it had) follow for this month."""
    require_role(user, channel.orgunit, role=Role.EDITOR)
    before = Channel.objects.filter(pk=channel.pk).select_related("orgunit").first()
    if before is not None:
        require_role(user, before.orgunit, role=Role.EDITOR)
    channel.full_clean(exclude=["created_by"])
    if channel.created_by_id is None:
        channel.created_by = user
    month = _this_month()
    with transaction.atomic():
        channel.save()
        targets = {(channel.orgunit, month)}
        kinds = {channel.kind}
        if before is not None:
            targets.add((before.orgunit, month))
            kinds.add(before.kind)
        _channel_figures(user, channel, targets=targets, kinds=kinds, measures=INVENTORY)
        if before is not None and _moved(before, channel):
            # Its past output now counts for another unit or kind: both sides' months change.
            months = [output.period for output in channel.outputs.all()]
            units = {channel.orgunit, before.orgunit}
            pairs = {(unit, month) for unit in units for month in months}
            _channel_figures(user, channel, targets=pairs, kinds=kinds, measures=OUTPUT)
    return channel


def _moved(before: Channel, after: Channel) -> bool:
    return (before.orgunit_id, before.kind) != (after.orgunit_id, after.kind)


def output_save(
    *,
    user,
    channel: Channel,
    month: datetime.date,
    counts: dict,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ChannelOutput:
    """Record (or correct) a channel's counts for a month (`month`: any day of it); the
    unit's output figures of that month follow. `at`: when they were recorded, if not now
    (the demo's history)."""
    require_role(user, channel.orgunit, role=Role.EDITOR)
    first = month.replace(day=1)
    if first > timezone.localdate():
        raise ValidationError(_("Chưa đến tháng này: chưa ghi được kết quả."))
    output = ChannelOutput.objects.filter(channel=channel, month=first).first()
    output = output or ChannelOutput(channel=channel, month=first)
    for name, count in counts.items():
        setattr(output, name, count)
    output.note = note
    output.updated_by = user
    output.full_clean(exclude=["updated_by", "channel"])
    with transaction.atomic():
        output.save()
        _channel_figures(user, channel, targets={(channel.orgunit, output.period)},
                         kinds={channel.kind}, measures=OUTPUT, at=at)  # fmt: skip
    return output


def channels_add(*, user, channels: list[Channel]) -> list[Channel]:
    """Add several new channels of one unit at once (a commune's inventory taken): one
    write of its inventory figures for this month."""
    if not channels:
        return []
    unit = channels[0].orgunit
    require_role(user, unit, role=Role.EDITOR)
    for channel in channels:
        if channel.orgunit_id != unit.pk or channel.pk is not None:
            raise ValueError("channels_add: new channels of one unit")
        channel.created_by = user
        channel.full_clean(exclude=["created_by"])
    with transaction.atomic():
        for channel in channels:
            channel.save()
        _channel_figures(user, channels[0], targets={(unit, _this_month())},
                         kinds={c.kind for c in channels}, measures=INVENTORY)  # fmt: skip
    return channels


def month_outputs_save(
    *,
    user,
    month: datetime.date,
    counts: list[tuple[Channel, dict]],
    at: datetime.datetime | None = None,
) -> None:
    """Record one month's counts of several channels of one unit, with one write of that
    month's figures (`at`: when, if not now)."""
    if not counts:
        return
    unit = counts[0][0].orgunit
    require_role(user, unit, role=Role.EDITOR)
    if month.replace(day=1) > timezone.localdate():
        raise ValidationError(_("Chưa đến tháng này: chưa ghi được kết quả."))
    with transaction.atomic():
        for channel, numbers in counts:
            if channel.orgunit_id != unit.pk:
                raise ValueError("month_outputs_save: channels of one unit")
            output = ChannelOutput(channel=channel, month=month.replace(day=1), updated_by=user,
                                   **numbers)  # fmt: skip
            output.full_clean(exclude=["updated_by", "channel"])
            output.save()
        _channel_figures(user, counts[0][0], targets={(unit, output.period)},
                         kinds={c.kind for c, _n in counts}, measures=OUTPUT, at=at)  # fmt: skip


def output_delete(*, user, output: ChannelOutput) -> None:
    channel = output.channel
    require_role(user, channel.orgunit, role=Role.EDITOR)
    with transaction.atomic():
        period = output.period
        output.delete()
        _channel_figures(user, channel, targets={(channel.orgunit, period)},
                         kinds={channel.kind}, measures=OUTPUT)  # fmt: skip


def _channel_figures(
    user,
    channel: Channel,
    *,
    targets: Iterable[tuple[OrgUnit, Period]],
    kinds: set[str],
    measures: Iterable[str],
    at: datetime.datetime | None = None,
) -> None:
    """The figures the kinds feed by `measures`, for each (unit, month), from all the unit's
    channels. An output figure no output feeds any longer is cleared; an inventory one is a
    count, zero included."""
    measures = tuple(measures)
    indicator_ids = ChannelFeed.objects.filter(kind__in=kinds, measure__in=measures).values(
        "indicator_id"
    )
    feeds = list(
        ChannelFeed.objects.filter(indicator_id__in=indicator_ids, measure__in=measures)
        .select_related("indicator")
    )  # fmt: skip
    if not feeds:
        return
    cells = []
    for unit, month in targets:
        channels = list(Channel.objects.filter(orgunit=unit))
        outputs = list(
            ChannelOutput.objects.filter(channel__orgunit=unit, month=month.start)
            .select_related("channel")
        )  # fmt: skip
        for indicator in {feed.indicator for feed in feeds}:
            mine = [feed for feed in feeds if feed.indicator_id == indicator.pk]
            value = _inventory(mine, channels, month) if mine[0].measure in INVENTORY else (
                _output(mine, outputs))  # fmt: skip
            cells.append({"indicator": indicator.code, "orgunit": unit.code,
                          "period": month.code, "value": value})  # fmt: skip
    _write(user, cells, Source(SourceKind.CHANNEL, note=channel.name, ref=channel),
           refused=_("Chưa lưu được: số liệu của tháng không ghi được."), at=at)  # fmt: skip


def _inventory(feeds: list[ChannelFeed], channels: list[Channel], month: Period) -> int:
    total = 0
    for feed in feeds:
        for channel in channels:
            if channel.kind != feed.kind:
                continue
            if feed.measure == "working":
                total += channel.working_in(month)
            else:
                total += channel.in_service(month)
    return total


def _output(feeds: list[ChannelFeed], outputs: list[ChannelOutput]) -> int | str:
    counts = [
        output.counted(feed.measure)
        for feed in feeds
        for output in outputs
        if output.channel.kind == feed.kind
    ]
    return sum(counts) if counts else ""  # none left: the cell is cleared


def _write(
    user, cells: list[dict], source: Source, *, refused: str, at: datetime.datetime | None = None
) -> None:
    report = datavalues_write(cells, user=user, source=source, at=at)
    if report.errors:
        raise ValidationError([refused] + [error.message for error in report.errors])


# --- broadcast schedules ----------------------------------------------------------------


def slot_save(*, user, slot: BroadcastSlot) -> BroadcastSlot:
    require_role(user, slot.channel.orgunit, role=Role.EDITOR)
    _require_broadcasting(slot.channel)
    slot.full_clean()
    slot.save()
    return slot


def slot_delete(*, user, slot: BroadcastSlot) -> None:
    require_role(user, slot.channel.orgunit, role=Role.EDITOR)
    slot.delete()


def exception_save(*, user, exception: BroadcastException) -> BroadcastException:
    require_role(user, exception.channel.orgunit, role=Role.EDITOR)
    _require_broadcasting(exception.channel)
    exception.full_clean()
    exception.save()
    return exception


def exception_delete(*, user, exception: BroadcastException) -> None:
    require_role(user, exception.channel.orgunit, role=Role.EDITOR)
    exception.delete()


def _require_broadcasting(channel: Channel) -> None:
    if not channel.broadcasts:
        raise ValidationError(_("Chỉ đài truyền thanh và cụm loa có lịch phát sóng."))


# --- culture registries -----------------------------------------------------------------


def record_save(*, user, record: CultureRecord) -> CultureRecord:
    """Save a line of a culture registry; the registry's count for its unit (and the unit and
    registry it had) follows for this month."""
    require_role(user, record.orgunit, role=Role.EDITOR)
    before = CultureRecord.objects.filter(pk=record.pk).select_related("orgunit").first()
    if before is not None:
        require_role(user, before.orgunit, role=Role.EDITOR)
    if record.register != Register.HISTORY:
        record.stage = ""
    record.full_clean(exclude=["created_by"])
    if record.created_by_id is None:
        record.created_by = user
    with transaction.atomic():
        record.save()
        targets = {(record.orgunit, record.register)}
        if before is not None:
            targets.add((before.orgunit, before.register))
        _registry_figures(user, record, targets)
    return record


def records_add(*, user, records: list[CultureRecord]) -> None:
    """Add several new lines of one unit's registries: one write of their counts."""
    if not records:
        return
    unit = records[0].orgunit
    require_role(user, unit, role=Role.EDITOR)
    for record in records:
        if record.orgunit_id != unit.pk or record.pk is not None:
            raise ValueError("records_add: new records of one unit")
        record.created_by = user
        record.full_clean(exclude=["created_by"])
    with transaction.atomic():
        for record in records:
            record.save()
        _registry_figures(user, records[0], {(unit, record.register) for record in records})


def record_delete(*, user, record: CultureRecord) -> None:
    require_role(user, record.orgunit, role=Role.EDITOR)
    with transaction.atomic():
        target = (record.orgunit, record.register)
        record.delete()
        _registry_figures(user, record, {target})


def _registry_figures(user, record: CultureRecord, targets: set[tuple[OrgUnit, str]]) -> None:
    month = _this_month()
    cells = []
    codes = set(Indicator.objects.filter(code__in=REGISTRY_FEEDS.values()).values_list(
        "code", flat=True))  # fmt: skip
    for unit, register in targets:
        if REGISTRY_FEEDS[Register(register)] not in codes:
            continue  # the department removed the indicator: the registry counts for none
        rows = CultureRecord.objects.filter(orgunit=unit, register=register)
        if register == Register.HISTORY:
            value = "1" if rows.filter(stage=Stage.PUBLISHED).exists() else "0"
        else:
            value = str(rows.filter(active=True).count())
        cells.append({"indicator": REGISTRY_FEEDS[Register(register)], "orgunit": unit.code,
                      "period": month.code, "value": value})  # fmt: skip
    if not cells:
        return
    # A deleted record has no page to link: its figure names it in the note only.
    ref = record if record.pk else None
    _write(user, cells, Source(SourceKind.REGISTRY, note=record.name, ref=ref),
           refused=_("Chưa lưu được: số liệu của tháng không ghi được."))  # fmt: skip
