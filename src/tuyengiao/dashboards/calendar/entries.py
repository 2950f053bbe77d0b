"""What a unit's calendar holds over a range of days: its activities, the meetings it keeps,
hosts or is invited to, the deadlines of its assignments and of the report forms it sends.
Each source is read through its own app's scoped reader, so the calendar shows a user
nothing their other pages would not."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.models import RoleAssignment
from tuyengiao.accounts.scope import scope_filter, units_in_scope
from tuyengiao.activities.meetings import meeting_title_shown, meetings_visible
from tuyengiao.activities.models import Activity
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.workflow import form_window, forms_for_unit
from tuyengiao.tracking.models import Status
from tuyengiao.tracking.selectors import assignments_visible
from tuyengiao.values.periods import PeriodKind, periods_between

# Past this many entries a range is cut (a province's subtree over a year): a calendar is
# for reading, and a feed a phone reads every hour must stay small.
MAX_ENTRIES = 1000

ACTIVITY, MEETING, TASK, FORM = "activity", "meeting", "task", "form"
KIND_LABELS = {
    ACTIVITY: gettext_lazy("Hoạt động"),
    MEETING: gettext_lazy("Cuộc họp"),
    TASK: gettext_lazy("Hạn nhiệm vụ"),
    FORM: gettext_lazy("Hạn báo cáo"),
}


@dataclass(frozen=True)
class Entry:
    """One thing on the calendar. No `starts_at`: an all-day entry (every deadline)."""

    kind: str
    uid: str  # stable across reads: the feed's UID, so a phone updates rather than adds
    title: str
    day: datetime.date
    url: str
    unit: str
    starts_at: datetime.time | None = None
    ends_on: datetime.date | None = None
    ends_at: datetime.time | None = None
    place: str = ""
    done: bool = False

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.day

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def on(self, day: datetime.date) -> bool:
        return self.day <= day <= self.last_day

    def sort_key(self) -> tuple:
        return (self.day, self.starts_at is not None, self.starts_at or datetime.time(), self.title)


def calendar_units(user, unit: OrgUnit, *, subtree: bool) -> list[OrgUnit]:
    """`unit`, and with `subtree` the units below it, as far as the user may see."""
    if not subtree:
        return [unit]
    below = units_in_scope(user).filter(path__startswith=unit.path)
    return list(below.order_by("path")[:MAX_ENTRIES])


def feed_units(user) -> list[OrgUnit]:
    """The units a user's feed follows: those they hold a role on (not their subtrees, which
    for a province would fill a phone), else the top of what they see."""
    held = RoleAssignment.objects.filter(user=user).values("orgunit")
    units = list(units_in_scope(user).filter(pk__in=held).order_by("path"))
    if not units:
        top = units_in_scope(user).order_by("level", "path").first()
        units = [top] if top is not None else []
    return units


def calendar_entries(
    *, user, units: list[OrgUnit], start: datetime.date, end: datetime.date
) -> list[Entry]:
    """Every entry of `units` that touches the days from `start` to `end`, in day order."""
    if not units:
        return []
    entries = [
        *_activities(user, units, start, end),
        *_meetings(user, units, start, end),
        *_assignments(user, units, start, end),
        *_forms(units, start, end),
    ]
    return sorted(entries, key=Entry.sort_key)[:MAX_ENTRIES]


def _overlapping(start: datetime.date, end: datetime.date) -> Q:
    return Q(held_on__lte=end) & (Q(held_on__gte=start) | Q(ends_on__gte=start))


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page still to come: the list stands in for it
        return reverse("activities:list")


def _activities(user, units, start, end) -> list[Entry]:
    ids = [unit.pk for unit in units]
    activities = scope_filter(Activity.objects.all(), user, path_field="orgunit__path")
    found = (
        activities.filter(_overlapping(start, end))
        .filter(Q(orgunit_id__in=ids) | Q(co_organisers__in=ids))
        .select_related("orgunit")
        .distinct()
        .order_by("held_on")[:MAX_ENTRIES]
    )
    return [
        Entry(
            kind=ACTIVITY,
            uid=f"activity-{a.pk}",
            title=a.title,
            day=a.held_on,
            starts_at=a.starts_at,
            ends_on=a.ends_on,
            ends_at=a.ends_at,
            place=a.place,
            url=_url("activities:detail", a.pk),
            unit=a.orgunit.name,
        )
        for a in found
    ]


def _meetings(user, units, start, end) -> list[Entry]:
    ids = [unit.pk for unit in units]
    found = (
        meetings_visible(user)
        .filter(_overlapping(start, end))
        .filter(Q(orgunit_id__in=ids) | Q(host_id__in=ids) | Q(invited__in=ids))
        .select_related("orgunit", "document")
        .distinct()
        .order_by("held_on")[:MAX_ENTRIES]
    )
    return [
        Entry(
            kind=MEETING,
            uid=f"meeting-{m.pk}",
            title=meeting_title_shown(m),  # never a confidential invitation's words
            day=m.held_on,
            starts_at=m.starts_at,
            ends_on=m.ends_on,
            ends_at=m.ends_at,
            place=m.place,
            url=reverse("activities:meeting", args=[m.pk]),
            unit=m.orgunit.name,
            done=m.activity_id is not None,
        )
        for m in found
    ]


def _assignments(user, units, start, end) -> list[Entry]:
    found = (
        assignments_visible(user)
        .filter(orgunit__in=units, deadline__range=(start, end), task__cancelled=False)
        .select_related("task", "orgunit")
        .order_by("deadline")[:MAX_ENTRIES]
    )
    return [
        Entry(
            kind=TASK,
            uid=f"assignment-{a.pk}",
            title=_("Hạn: %(task)s") % {"task": a.task.title},
            day=a.deadline,  # type: ignore[arg-type]  # filtered on a range: never None
            url=reverse("tracking:assignment", args=[a.pk]),
            unit=a.orgunit.name,
            done=a.status == Status.DONE,
        )
        for a in found
    ]


def _forms(units, start, end) -> list[Entry]:
    """The deadline of each period of each form a unit sends, when it falls in the range."""
    entries: list[Entry] = []
    for unit in units[:50]:  # a subtree's forms are its units' own pages' business
        for form in forms_for_unit(unit):
            if form.period_kind == PeriodKind.CUSTOM:
                continue
            lead = datetime.timedelta(days=form.closes_after_end_days)
            for period in periods_between(form.period_kind, start - lead, end):
                closes = form_window(form, period).closes_on
                if not start <= closes <= end:
                    continue
                entries.append(
                    Entry(
                        kind=FORM,
                        uid=f"form-{form.pk}-{unit.pk}-{period.code}",
                        title=_("Hạn gửi báo cáo: %(form)s") % {"form": form.name},
                        day=closes,
                        url=reverse("reporting:entry", args=[form.code, unit.pk, period.code]),
                        unit=unit.name,
                    )
                )
    return entries
