"""Reads of activities, through the scope helper: lists, a unit's month and what it feeds,
and a document's study coverage."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from tuyengiao.accounts.scope import scope_filter
from tuyengiao.activities.models import Activity, ActivityFeed
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import PATH_SEPARATOR, OrgUnit
from tuyengiao.values.models import DataValue, Indicator
from tuyengiao.values.periods import Period
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import figures, rollup_children

# The figure a study session's share is taken of (DOMAIN.md §4: "100% cán bộ, đảng viên được
# học tập" counts party members).
MEMBERS = "DV_TONG"


def activities_visible(user) -> QuerySet[Activity]:
    """The activities of the user's scope, each with `visible_documents`: the documents it
    studied that the user may read (a confidential one is not even named)."""
    return scope_filter(Activity.objects.all(), user, path_field="orgunit__path").prefetch_related(
        Prefetch("documents", queryset=documents_visible(user), to_attr="visible_documents")
    )


def co_organiser_units(user) -> QuerySet[OrgUnit]:
    """The units an activity of the user's may name as co-organisers: those they see, and
    those above them (a district's department often co-organises a commune's conference)."""
    return scope_filter(OrgUnit.objects.all(), user, path_field="path", with_ancestors=True)


def month_figures(unit: OrgUnit, month: Period) -> list[tuple[Indicator, Decimal | None]]:
    """The figures of `unit` for `month` that activities feed, with their values."""
    indicators = {
        feed.indicator for feed in ActivityFeed.objects.select_related("indicator").distinct()
    }
    values = dict(
        DataValue.objects.filter(
            orgunit=unit, period=month.code, option="", indicator__in=indicators
        ).values_list("indicator_id", "value")
    )
    found = sorted(indicators, key=lambda indicator: indicator.code)
    return [(indicator, values.get(indicator.pk)) for indicator in found]


@dataclass(frozen=True)
class StudyRow:
    unit: OrgUnit
    sessions: int
    party_members: int  # party members who attended, summed over sessions
    attendance: int
    members: int | None  # the unit's party members (its latest figure), when known

    @property
    def share(self) -> Decimal | None:
        """Attended as a share of members, in percent. A member who came to two sessions
        counts twice: activities keep counts, never names, so this is an upper bound."""
        if not self.members:
            return None
        return (Decimal(self.party_members) * 100 / self.members).quantize(Decimal("0.1"))


def study_coverage(
    *, user, document: Document, unit: OrgUnit, today: datetime.date | None = None
) -> tuple[StudyRow, list[StudyRow]]:
    """The study of `document` in `unit`'s subtree (the caller checked scope on `unit`):
    its total, and a row per unit one level below with its subtree's sessions, attendance
    and members, those that held none included."""
    children = rollup_children(unit)
    held = activities_visible(user).filter(documents=document)
    members = _members([unit, *children], today or timezone.localdate())
    sums = _sums_by_path(held, [unit, *children])
    total = _study_row(sums, unit, members)
    return total, [_study_row(sums, child, members) for child in children]


_SUMS = ("sessions", "party_members", "cadres", "youth", "association", "public")


def _sums_by_path(held: QuerySet[Activity], units: list[OrgUnit]) -> dict[str, dict[str, int]]:
    """Each path in `units` (the first above the others) → its subtree's sums, in one
    grouped query (a query per child row was 1,000 queries under a commune with 1,000
    organisations). A child the roll-up moved under its successor counts by its own path,
    as before."""
    top, *below = units
    within = Q(orgunit__path__startswith=top.path)
    for each in below:
        if not each.path.startswith(top.path):  # rare; an OR per child would be 1,000 ORs
            within |= Q(orgunit__path__startswith=each.path)
    rows = (
        held.filter(within)
        .order_by()
        .values("orgunit__path")
        .annotate(
            sessions=Count("id"),
            party_members=Sum("party_members"),
            cadres=Sum("cadres"),
            youth=Sum("youth_members"),
            association=Sum("association_members"),
            public=Sum("public"),
        )
    )
    wanted = {each.path for each in units}
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        counts: dict = dict(row)  # the annotated sums, read by name below
        path = counts["orgunit__path"]
        # Every ancestor path of the unit that held it: "/1/7/42/" → "/1/", "/1/7/", itself.
        ends = [i + 1 for i, char in enumerate(path) if char == PATH_SEPARATOR][1:]
        for prefix in {path[:end] for end in ends} & wanted:
            sums = found.setdefault(prefix, dict.fromkeys(_SUMS, 0))
            for name in _SUMS:
                sums[name] += counts[name] or 0
    return found


def _study_row(
    found: dict[str, dict[str, int]], unit: OrgUnit, members: dict[int, int]
) -> StudyRow:
    sums = found.get(unit.path, dict.fromkeys(_SUMS, 0))
    return StudyRow(
        unit=unit,
        sessions=sums["sessions"],
        party_members=sums["party_members"],
        attendance=sum(sums[name] for name in _SUMS[1:]),
        members=members.get(unit.pk),
    )


def _members(units: list[OrgUnit], today: datetime.date) -> dict[int, int]:
    """Each unit's party members: the figure of this year, else of last year, as entered
    (the count of members changes little and is wanted before the year's report is approved)."""
    indicator = Indicator.objects.filter(code=MEMBERS).first()
    if indicator is None:
        return {}
    found: dict[int, int] = {}
    for year in (today.year, today.year - 1):
        missing = [unit.pk for unit in units if unit.pk not in found]
        figures_now = figures(
            indicator=indicator, unit_ids=missing, period=Period.year(year), state=ENTERED
        )
        for pk, figure in figures_now.items():
            if figure.count and figure.value is not None:
                found[pk] = int(figure.value)
    return found
