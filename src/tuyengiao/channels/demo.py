"""Demo channels: a few communes' portals, pages, radio stations and loudspeaker clusters (one
broken), a year of their monthly output, a weekly broadcast schedule, and culture registries.
Written through the services, as a commune's staff would, before any month is reported (so
no lock refuses them); nothing is dated after today."""

import datetime
import random

from django.utils import timezone

from tuyengiao.channels.models import (
    INVENTORY,
    OUTPUT,
    BroadcastException,
    BroadcastSlot,
    Channel,
    ChannelFeed,
    ChannelKind,
    CultureRecord,
    Register,
    Stage,
    Technology,
)
from tuyengiao.channels.services import (
    channels_add,
    exception_save,
    month_outputs_save,
    records_add,
    slot_save,
)
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.periods import Period, PeriodKind, period_for

MONTHS = 12
# (weekday, start, end, programme): the commune station's week.
SLOTS = [
    *[(day, "06:00", "06:30", "Tiếp âm chương trình thời sự của Đài Tiếng nói Việt Nam")
      for day in range(7)],
    *[(day, "17:00", "17:30", "Bản tin của xã") for day in (0, 2, 4)],
    (5, "17:00", "17:45", "Chuyên mục Học tập và làm theo tư tưởng, đạo đức, phong cách"
                          " Hồ Chí Minh"),
]  # fmt: skip


def demo_channels_create(
    *, communes: list[OrgUnit], editor, seed: int
) -> set[tuple[str, str, str]]:
    """Channels and output for `communes` (the first one the demo commune), written by
    `editor` (an editor of all of them). Returns the (unit code, indicator code, period code)
    cells they feed, for the forms' demo figures to leave alone."""
    rng = random.Random(seed)  # noqa: S311 (a demo's figures, not a secret)
    today = timezone.localdate()
    cells: set[tuple[str, str, str]] = set()
    feeds = ChannelFeed.objects.values_list("kind", "measure", "indicator__code")
    for index, commune in enumerate(communes):
        place = commune.name.removeprefix("Đảng ủy ")
        channels = _inventory(commune, place, clusters=4 - index % 2, rng=rng)
        channels_add(user=editor, channels=channels)
        for month in _months(commune, today):
            counted = [(c, n) for c in channels if (n := _counts(c, rng))]
            # Recorded on the morning after the month, as its report is written.
            month_outputs_save(user=editor, month=month.start, counts=counted,
                               at=_morning_after(month))  # fmt: skip
            cells |= _fed(feeds, commune, month, {c.kind for c, _n in counted}, OUTPUT)
        this_month = period_for(PeriodKind.MONTH, today)
        cells |= _fed(feeds, commune, this_month, {c.kind for c in channels}, INVENTORY)
        station = next(c for c in channels if c.kind == ChannelKind.RADIO)
        for day, start, end, programme in SLOTS:
            slot = BroadcastSlot(channel=station, weekday=day, programme=programme,
                                 starts_at=_time(start), ends_at=_time(end))  # fmt: skip
            slot_save(user=editor, slot=slot)
        exception_save(user=editor, exception=BroadcastException(
            channel=station, starts_on=today - datetime.timedelta(days=3), ends_on=today,
            note="Tăng thời lượng tuyên truyền kỷ niệm ngày thành lập Quân đội nhân dân Việt Nam",
        ))  # fmt: skip
        _culture(editor, commune, place, published=index == 0, rng=rng)
    return cells


def _inventory(commune: OrgUnit, place: str, *, clusters: int, rng) -> list[Channel]:
    opened = max(commune.opened_on or datetime.date(2025, 7, 1), datetime.date(2025, 7, 1))
    slug = place.split(" ", 1)[1].lower().replace(" ", "")
    channels = [
        Channel(kind=ChannelKind.PORTAL, name=f"Trang thông tin điện tử {place}",
                address=f"https://{slug}.example.gov.vn/"),
        Channel(kind=ChannelKind.SOCIAL, name=f"Trang Facebook “Tuổi trẻ {place}”",
                address=f"https://www.facebook.com/{slug}.example"),
        Channel(kind=ChannelKind.RADIO, name=f"Đài truyền thanh {place}",
                location="Trụ sở Ủy ban nhân dân", technology=Technology.IP, has_timer=True),
    ]  # fmt: skip
    for n in range(1, clusters + 1):
        broken = n == clusters
        channels.append(Channel(
            kind=ChannelKind.LOUDSPEAKER, name=f"Cụm loa thôn {n}",
            location=f"Nhà văn hóa thôn {n}",
            technology=Technology.WIRED if n % 2 else Technology.WIRELESS, has_timer=n % 2 == 0,
            working=not broken,
            status_since=timezone.localdate() - datetime.timedelta(days=20) if broken else None,
        ))  # fmt: skip
    for channel in channels:
        channel.orgunit, channel.opened_on = commune, opened
    return channels


def _months(commune: OrgUnit, today: datetime.date) -> list[Period]:
    """The last `MONTHS` whole months the commune was open in, oldest first."""
    month = period_for(PeriodKind.MONTH, today).previous()
    months: list[Period] = []
    while len(months) < MONTHS and (commune.opened_on is None or month.start >= commune.opened_on):
        months.append(month)
        month = month.previous()
    return list(reversed(months))


def _counts(channel: Channel, rng) -> dict[str, int]:
    if channel.kind == ChannelKind.PORTAL:
        return {"articles": rng.randint(4, 12), "news_items": rng.randint(10, 30)}
    if channel.kind == ChannelKind.RADIO:
        programmes = rng.randint(36, 44)
        return {"programmes": programmes, "news_items": rng.randint(20, 40),
                "articles": rng.randint(2, 8), "minutes": programmes * 30}  # fmt: skip
    return {}


def _fed(feeds, commune: OrgUnit, month: Period, kinds: set, measures) -> set:
    return {(commune.code, code, month.code) for kind, measure, code in feeds
            if kind in kinds and measure in measures}  # fmt: skip


def _morning_after(month: Period) -> datetime.datetime:
    day = month.end + datetime.timedelta(days=1)
    recorded = datetime.datetime.combine(day, datetime.time(8, 30))
    return min(timezone.make_aware(recorded), timezone.now())


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def _culture(editor, commune: OrgUnit, place: str, *, published: bool, rng) -> None:
    records = [
        CultureRecord(register=Register.TROUPE, name=f"Đội văn nghệ thôn {n}",
                      place=f"Nhà văn hóa thôn {n}", members=rng.randint(12, 25), year=2010 + n)
        for n in (1, 2, 3)
    ] + [
        CultureRecord(register=Register.HOUSE, name=f"Nhà văn hóa thôn {n}",
                      place=f"Thôn {n}", year=2005 + 3 * n)
        for n in (1, 2, 3, 4)
    ]  # fmt: skip
    records.append(CultureRecord(
        register=Register.HISTORY, name=f"Lịch sử Đảng bộ {place} (1930 – 2025)",
        stage=Stage.PUBLISHED if published else Stage.DRAFTING,
        year=2025 if published else 2026,
    ))  # fmt: skip
    for record in records:
        record.orgunit = commune
    records_add(user=editor, records=records)
