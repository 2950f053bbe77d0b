"""The content of a unit's report for a period (issue 18 §2): the figures by the level below
with the previous period beside them, the activities held in the subtree, the state of the
tasks assigned to the unit, and the sentences the units below wrote in their own reports.

The facts (figures, activities, tasks) are plain JSON so that issuing can keep them as they
stood (`GeneratedReport.frozen`); a draft reads them afresh each time. Plan targets are not
shown: the project keeps no targets yet.
"""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, F, Sum
from django.db.models.expressions import Combinable

from tuyengiao.activities.models import Activity
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import FormItem, ReportForm
from tuyengiao.reports.models import IngestedReport, SectionKey
from tuyengiao.tracking.models import Assignment
from tuyengiao.tracking.selectors import count_fields, overdue_q
from tuyengiao.ui.formats import format_number
from tuyengiao.values.models import Aggregate, Indicator, ValueType
from tuyengiao.values.periods import Period, PeriodKind, covering_codes
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import Figure, figures, rollup_children

# Every value entered, approved or not: a draft follows the cells the moment they are saved
# ("figures stay linked and refresh"); issuing freezes what they were.
FIGURE_STATE = ENTERED
# A report lists the figures a unit's forms collect; without forms, the first indicators of
# the catalogue, one group after another. More would drown the narrative.
MAX_INDICATORS = 12
# Indicators side by side in a table of units: more would not fit an A4 page's width.
COLUMNS = 4
_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR]
_ATTENDANCE = ("party_members", "cadres", "youth_members", "association_members", "public")
# A sentence ends at a line's end, or at a stop followed by a capital, a figure or a dash
# (the capital checked in Python: a character range would take lower-case "đ" and "à" too).
_STOP = re.compile(r"(?<=[.;!?])\s+(?=\S)")


def indicators_for(unit: OrgUnit, period: Period) -> list[Indicator]:
    """The indicators the forms of the unit and the units above it collect, in form order;
    without forms, those the subtree has figures for in the period; failing both, the
    catalogue's first ones, group by group."""
    owners = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    # A yearly form's figures (members, ratings) have no value in a month: a report takes
    # the forms whose period fits in its own, which roll up into it.
    kinds = _KINDS[: _KINDS.index(period.kind) + 1] if period.kind in _KINDS else _KINDS
    forms = ReportForm.objects.filter(is_active=True, owner__in=owners, period_kind__in=kinds)
    items = (
        FormItem.objects.filter(form__in=forms, indicator__is_active=True)
        .exclude(indicator__value_type=ValueType.TEXT)
        .select_related("indicator")
        .order_by("form__code", "section__sort_order", "sort_order", "pk")
    )
    chosen: dict[int, Indicator] = {}
    for item in items:
        chosen.setdefault(item.indicator_id, item.indicator)
    catalogue = (
        Indicator.objects.filter(is_active=True)
        .exclude(value_type=ValueType.TEXT)
        .order_by("group", "sort_order", "code")
    )
    if not chosen:
        held = Aggregate.objects.filter(
            orgunit=unit, period__in=covering_codes(period), count__gt=0
        ).values("indicator")
        chosen = {i.pk: i for i in catalogue.filter(pk__in=held)}
    if not chosen:
        chosen = {i.pk: i for i in catalogue[:MAX_INDICATORS]}
    return list(chosen.values())[:MAX_INDICATORS]


def _show(indicator: Indicator, figure: Figure | None) -> str:
    if figure is None or figure.value is None or not figure.count:
        return "-"
    places = 1 if indicator.value_type == ValueType.PERCENT else None
    return format_number(figure.value, places=places)


def figure_tables(*, unit: OrgUnit, period: Period) -> list[dict]:
    """The unit's totals beside the period before, then the units of the level below by
    indicator, a few indicators a table: as a Party report lays them out on A4 (one table
    per indicator ran a province's monthly report to thirteen pages)."""
    children = rollup_children(unit)
    ids = [child.pk for child in children] + [unit.pk]
    try:
        before: Period | None = period.previous()
    except ValueError:  # a range reaching back to the year 1000 (refused for new reports)
        before = None
    indicators = indicators_for(unit, period)
    now, then = {}, {}
    for indicator in indicators:
        now[indicator.pk] = figures(indicator=indicator, unit_ids=ids, period=period,
                                    state=FIGURE_STATE)  # fmt: skip
        if before is not None:
            then[indicator.pk] = figures(indicator=indicator, unit_ids=[unit.pk],
                                         period=before, state=FIGURE_STATE)  # fmt: skip
    if not indicators:
        return []
    return [_summary(unit, period, before, indicators, now, then),
            *_by_unit(children, period, indicators, now, unit)]  # fmt: skip


def _summary(unit, period: Period, before: Period | None, indicators, now, then) -> dict:
    """The unit's totals, beside the period before when there is one."""
    caption = f"{unit.name}: kết quả {_lower(period.label())}"
    header = ["TT", "Chỉ tiêu", period.label()]
    if before is not None:
        caption += f" so với {_lower(before.label())}"
        header.append(before.label())
    rows = []
    for n, indicator in enumerate(indicators, start=1):
        row = [str(n), _named(indicator), _show(indicator, now[indicator.pk].get(unit.pk))]
        if before is not None:
            row.append(_show(indicator, then[indicator.pk].get(unit.pk)))
        rows.append(row)
    return {"caption": caption, "header": header, "rows": rows, "total": False}


def _by_unit(children, period: Period, indicators, now, unit) -> list[dict]:
    """The units of the level below, a few indicators a table, with the unit's total."""
    tables: list[dict] = []
    if not children:
        return tables
    for start in range(0, len(indicators), COLUMNS):
        chunk = indicators[start : start + COLUMNS]
        rows = [
            [str(n), child.name, *(_show(i, now[i.pk].get(child.pk)) for i in chunk)]
            for n, child in enumerate(children, start=1)
        ]
        rows.append(["", "Tổng cộng", *(_show(i, now[i.pk].get(unit.pk)) for i in chunk)])
        tables.append({
            "caption": f"Kết quả {_lower(period.label())} theo đơn vị",
            "header": ["TT", "Đơn vị", *(_named(i) for i in chunk)],
            "rows": rows,
            "total": True,
        })  # fmt: skip
    return tables


def _lower(label: str) -> str:
    """ "Tháng 11/2026" inside a sentence: "tháng 11/2026"."""
    return label[:1].lower() + label[1:]


def _named(indicator: Indicator) -> str:
    measure = f" ({indicator.unit_of_measure})" if indicator.unit_of_measure else ""
    return f"{indicator.name}{measure}"


def activity_counts(*, unit: OrgUnit, period: Period) -> list[dict]:
    """The activities held in the subtree during the period, counted by kind, with their
    attendance."""
    people: Combinable = F(_ATTENDANCE[0])
    for name in _ATTENDANCE[1:]:
        people = people + F(name)
    rows = (
        Activity.objects.filter(
            orgunit__path__startswith=unit.path,
            held_on__gte=period.start,
            held_on__lte=period.end,
        )
        .values("kind__name", "kind__sort_order")
        .annotate(count=Count("id"), people=Sum(people))
        .order_by("kind__sort_order", "kind__name")
    )
    return [
        {"kind": row["kind__name"], "count": row["count"], "attendance": row["people"] or 0}
        for row in rows
    ]


def task_counts(*, unit: OrgUnit, today: datetime.date) -> dict:
    """The assignments of the unit itself (not cancelled tasks), by their state today, and
    the titles of those overdue."""
    assignments = Assignment.objects.filter(orgunit=unit, task__cancelled=False)
    counts = assignments.aggregate(**count_fields(today))
    late = assignments.filter(overdue_q(today))
    counts["overdue_titles"] = list(late.values_list("task__title", flat=True)[:10])
    return counts


def facts_read(*, unit: OrgUnit, period: Period, today: datetime.date) -> dict:
    """Everything a report says that is not the writer's text, as JSON."""
    return {
        "tables": figure_tables(unit=unit, period=period),
        "activities": activity_counts(unit=unit, period=period),
        "tasks": task_counts(unit=unit, today=today),
    }


@dataclass(frozen=True)
class Sentence:
    """A sentence of a unit below, for the writer to pick: `key` names it in the form."""

    key: str
    unit: str
    section: str
    text: str
    used: bool = False


def sentences(text: str) -> list[str]:
    """The sentences of a section, each without its list dash."""
    found = []
    for line in (text or "").splitlines():
        start = 0
        for stop in _STOP.finditer(line):
            following = line[stop.end()]
            if following.isupper() or following.isdigit() or following in "-–•+":
                found.append(line[start : stop.start()])
                start = stop.end()
        found.append(line[start:])
    return [part.strip(" -–•+\t") for part in found if part.strip(" -–•+\t")]


def sentences_below(*, unit: OrgUnit, period: Period, sections: dict) -> list[Sentence]:
    """The sentences of the latest narrative report of each unit directly below for the same
    period, section by section; `used` when the writer's own section already holds it."""
    reports = (
        IngestedReport.objects.filter(orgunit__parent=unit, period=period.code)
        .select_related("orgunit")
        .order_by("orgunit__name", "-created_at", "-pk")
    )
    found, seen = [], set()
    for report in reports:
        if report.orgunit_id in seen:
            continue
        seen.add(report.orgunit_id)
        for section in SectionKey.values:
            for n, text in enumerate(sentences(report.sections.get(section, ""))):
                found.append(
                    Sentence(
                        key=f"{report.pk}-{section}-{n}",
                        unit=report.orgunit.name,
                        section=section,
                        text=text,
                        used=text in (sections.get(section) or ""),
                    )
                )
    return found
