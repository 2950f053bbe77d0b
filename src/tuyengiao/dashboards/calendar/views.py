"""The calendar pages of a unit (month, week, agenda), the page of a user's private feed
address, and the feed itself. The unit comes through the scope helper; the feed's token
stands for its user, whose scope is read anew at each request."""

import calendar as pycalendar
import datetime
import time

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tuyengiao.accounts.scope import get_in_scope_or_404, units_in_scope
from tuyengiao.activities.calendar_tokens import (
    calendar_token_current,
    calendar_token_revoke,
    calendar_token_rotate,
    calendar_token_user,
)
from tuyengiao.activities.models import CalendarToken
from tuyengiao.dashboards.calendar.entries import (
    Entry,
    calendar_entries,
    calendar_units,
    feed_units,
)
from tuyengiao.dashboards.calendar.ics import entries_ics

WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]
VIEWS = ("month", "week", "agenda")
AGENDA_DAYS = 31
# The feed's window: what a phone needs to look back on and ahead to.
FEED_BACK_DAYS, FEED_AHEAD_DAYS = 92, 366
# Phones read a feed every quarter of an hour or so; an address read more often than this a
# minute has leaked into something that hammers it.
FEED_READS_PER_MINUTE = 20
# The days a page may show: a range around a year 1 or 9999 would step past what a date
# holds (an OverflowError), and no work is planned so far off.
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)


def weekday_name(day: datetime.date) -> str:
    return str(WEEKDAYS[day.weekday()])


def _unit(request: HttpRequest):
    user = request.user
    unit_pk = request.GET.get("unit")
    if unit_pk:
        try:
            return get_in_scope_or_404(
                units_in_scope(user), user, path_field="path", pk=int(unit_pk)
            )
        except ValueError:
            raise Http404 from None
    units = feed_units(user)
    if not units:
        raise Http404
    return units[0]


def _day(request: HttpRequest) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()
    return min(max(day, FIRST_DAY), LAST_DAY)


def _range(view: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    if view == "month":
        first = day.replace(day=1)
        last = day.replace(day=pycalendar.monthrange(day.year, day.month)[1])
        return first - datetime.timedelta(first.weekday()), last + datetime.timedelta(
            6 - last.weekday()
        )
    if view == "week":
        monday = day - datetime.timedelta(day.weekday())
        return monday, monday + datetime.timedelta(6)
    return day, day + datetime.timedelta(AGENDA_DAYS - 1)


def _step(view: str, day: datetime.date, forward: bool) -> datetime.date:
    sign = 1 if forward else -1
    if view == "month":
        month = day.month - 1 + sign
        return datetime.date(day.year + month // 12, month % 12 + 1, 1)
    return day + datetime.timedelta(sign * (7 if view == "week" else AGENDA_DAYS))


def _days(start: datetime.date, end: datetime.date, entries: list[Entry]) -> list[dict]:
    days = []
    day = start
    while day <= end:
        days.append({
            "date": day,
            "weekday": weekday_name(day),
            "entries": [entry for entry in entries if entry.on(day)],
        })  # fmt: skip
        day += datetime.timedelta(1)
    return days


def _heading(view: str, day: datetime.date, start: datetime.date, end: datetime.date) -> str:
    if view == "month":
        return _("Tháng %(month)s/%(year)s") % {"month": day.month, "year": day.year}
    return f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    view = request.GET.get("view", "month")
    view = view if view in VIEWS else "month"
    day = _day(request)
    subtree = request.GET.get("subtree") == "1"
    start, end = _range(view, day)
    units = calendar_units(request.user, unit, subtree=subtree)
    entries = calendar_entries(user=request.user, units=units, start=start, end=end)
    days = _days(start, end, entries)
    context = {
        "unit": unit,
        "units": units_in_scope(request.user).order_by("path")[:500],
        "view": view,
        "day": day,
        "start": start,
        "end": end,
        "subtree": subtree,
        "today": timezone.localdate(),
        "previous": _step(view, day, False),
        "next": _step(view, day, True),
        "weekdays": WEEKDAYS,
        "days": days,
        "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
        "agenda": [d for d in days if d["entries"]],
        "heading": _heading(view, day, start, end),
        "views": [("month", _("Tháng")), ("week", _("Tuần")), ("agenda", _("Danh sách"))],
    }
    return render(request, "dashboards/calendar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """Where a user makes, changes or stops their private feed address. The address is shown
    once, when it is made: only its hash is kept."""
    key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_token_revoke(user=request.user)
            return redirect("calendar:feed")
        key = calendar_token_rotate(user=request.user)
    context = {
        "current": calendar_token_current(user=request.user),
        "feed_url": request.build_absolute_uri(reverse("calendar:ics", args=[key]))
        if key
        else None,
        "units": feed_units(request.user),
    }
    response = render(request, "dashboards/calendar_feed.html", context)
    response["Cache-Control"] = "no-store"  # the page may show the secret
    return response


def _too_often(token: str) -> bool:
    """Whether this address was read more than FEED_READS_PER_MINUTE times this minute (per
    server process: a bound, not an accounting)."""
    minute = int(time.time() // 60)
    key = f"calendar-feed:{CalendarToken.hash_key(token)}:{minute}"
    cache.add(key, 0, timeout=120)
    return cache.incr(key) > FEED_READS_PER_MINUTE


@never_cache
@require_GET
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: no session, the token is the key. An unknown, rotated or revoked token, or
    its user's account closed, looks like a missing page."""
    if len(token) > 100:
        raise Http404
    user = calendar_token_user(token)
    if user is None:
        raise Http404
    if _too_often(token):
        response = HttpResponse(status=429)
        response["Retry-After"] = "60"
        return response
    today = timezone.localdate()
    units = feed_units(user)
    entries = calendar_entries(
        user=user,
        units=units,
        start=today - datetime.timedelta(FEED_BACK_DAYS),
        end=today + datetime.timedelta(FEED_AHEAD_DAYS),
    )
    name = _("Lịch công tác · %(units)s") % {"units": ", ".join(u.name for u in units[:3])}
    base = request.build_absolute_uri("/").rstrip("/")
    body = entries_ics(entries, name=name, base_url=base)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich.ics"'
    return response
