"""A calendar's entries as an iCalendar file (RFC 5545), which phones and mail programs
subscribe to. Times are local, with the site's zone (TZID and its VTIMEZONE), since the
meetings are written so; deadlines and entries without an hour are all-day events."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone

from tuyengiao.dashboards.calendar.entries import Entry

PRODID = "-//tuyengiao//Lich cong tac//VI"
# The UIDs' domain: fixed, so an event keeps its UID whichever address served the feed.
UID_DOMAIN = "tuyengiao"


def entries_ics(entries: list[Entry], *, name: str, base_url: str) -> bytes:
    """The feed: one VEVENT per entry, its UID stable across reads (kind, id) so that
    a phone updates an event rather than adding it again."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for entry in entries:
        calendar.add_component(_event(entry, stamp=stamp, zone=zone, base=base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(
    entry: Entry, *, stamp: datetime.datetime, zone: datetime.tzinfo, base: str
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", entry.title)
    start, end = _span(entry, zone)
    event.add("dtstart", start)
    event.add("dtend", end)
    if entry.place:
        event.add("location", entry.place)
    event.add("description", f"{entry.kind_label} · {entry.unit}")
    event.add("url", base + entry.url)
    event.add("categories", [entry.kind_label])
    if not isinstance(start, datetime.datetime):
        event.add("transp", "TRANSPARENT")  # a deadline does not make the day busy
    return event


def _span(
    entry: Entry, zone: datetime.tzinfo
) -> tuple[datetime.datetime | datetime.date, datetime.datetime | datetime.date]:
    """(DTSTART, DTEND): an all-day event ends the day after its last day (DTEND is
    exclusive); a timed one without an end lasts an hour, as calendars show it anyway."""
    if entry.starts_at is None:
        return entry.day, entry.last_day + datetime.timedelta(days=1)
    start = datetime.datetime.combine(entry.day, entry.starts_at, tzinfo=zone)
    if entry.ends_at is not None:
        end = datetime.datetime.combine(entry.last_day, entry.ends_at, tzinfo=zone)
    else:
        end = start + datetime.timedelta(hours=1)
    return start, max(end, start + datetime.timedelta(minutes=1))
