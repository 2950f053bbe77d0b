"""Reads of concerns: a unit's own month to edit, and the overview of a unit's subtree over a
span of months (topics by month, the change, topics rising, resolution rates, the units below
for one topic). The overview reads only the values core's roll-ups (`values.selectors`), of
the figures entered: concerns are signals to act on, current the moment a unit saves them
(no report form collects them; should one, its unapproved figures would show too).

Rising (tăng đột biến), the rule the page states: a topic is rising in a unit in a month when
the concerns heard that month are at least 30 % and at least 5 more than the average of the
three months before it. Both conditions: 30 % alone flags a change from 1 to 2, five alone a
usual swing in a big ward. A month without figures on the topic counts 0: an empty box is
how a unit says it heard nothing on a topic, so a topic that erupts after quiet months is
rising (and so, by the same reading, is a unit's first report of five or more).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, openable_ids, scope_filter
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.concerns import COUNTS, concern_topics, topic_name, unit_place
from tuyengiao.surveys.models import ConcernNote, ConcernTask
from tuyengiao.surveys.seeds import CONCERNS_HEARD, CONCERNS_PASSED_UP, CONCERNS_RESOLVED
from tuyengiao.tracking.models import Assignment
from tuyengiao.values.models import Aggregation, DataValue, DisaggregationOption, Indicator
from tuyengiao.values.periods import Period, PeriodKind, periods_between
from tuyengiao.values.rollup import ENTERED
from tuyengiao.values.selectors import figures_grid, rollup_children

RISE_SHARE = Decimal("1.3")
RISE_MORE = 5
RISE_BASE = 3  # months averaged before the month looked at
MAX_MONTHS = 36


def rising(count: int | None, before: list[int | None]) -> bool:
    """The rule above: `count` against the average of `before` (the months before it)."""
    if not count:
        return False
    average = Decimal(sum(c or 0 for c in before)) / max(len(before), 1)
    return count >= average * RISE_SHARE and count - average >= RISE_MORE


def months_span(start: Period, end: Period) -> list[Period]:
    """The months from `start` to `end`; ValueError (in Vietnamese) for anything else."""
    if start.kind != PeriodKind.MONTH or end.kind != PeriodKind.MONTH:
        raise ValueError(_("Kỳ phải là tháng (ví dụ 202601)."))
    if start.start > end.start:
        raise ValueError(_("Tháng bắt đầu sau tháng kết thúc."))
    months = periods_between(PeriodKind.MONTH, start.start, end.end)
    if len(months) > MAX_MONTHS:
        raise ValueError(_("Tối đa %(n)s tháng mỗi lần xem.") % {"n": MAX_MONTHS})
    return months


def months_back(end: Period, count: int) -> list[Period]:
    months = [end]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months


def _indicators() -> dict[str, Indicator]:
    codes = [code for _name, code in COUNTS]
    return {i.code: i for i in Indicator.objects.filter(code__in=codes)}


def _count(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def counts_read(
    *, units: list[OrgUnit], months: list[Period], topics: list[DisaggregationOption]
) -> dict[tuple[int, str, str], dict[str, int | None]]:
    """(unit id, month code, topic code) → {"heard", "resolved", "passed_up"} over each unit's
    subtree, from the roll-ups; only the keys with some figure."""
    indicators = _indicators()
    ids = [u.pk for u in units]
    found: dict[tuple[int, str, str], dict[str, int | None]] = {}
    options = [t.code for t in topics]
    for name, code in COUNTS:
        grid = figures_grid(
            indicator=indicators[code], unit_ids=ids, periods=months, options=options,
            state=ENTERED,
        )  # fmt: skip
        for key, figure in grid.items():
            if figure.count:
                row = found.setdefault(key, dict.fromkeys(n for n, _c in COUNTS))
                row[name] = _count(figure.value)
    return found


# --- a unit's own month ---------------------------------------------------------------------


@dataclass
class MonthRow:
    topic: DisaggregationOption
    values: dict[str, int | None] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    summary: str = ""

    @property
    def name(self) -> str:
        return topic_name(self.topic)


def concern_month(*, unit: OrgUnit, period: Period) -> list[MonthRow]:
    """What `unit` itself recorded for the month, by topic: the values it typed (its own cells,
    to correct, with the versions the page sends back) and its summaries."""
    rows = {t.code: MonthRow(topic=t) for t in concern_topics()}
    names = {code: name for name, code in COUNTS}
    cells = DataValue.objects.filter(
        orgunit=unit, period=period.code, indicator__code__in=names
    ).values_list("indicator__code", "option", "value", "version")
    for code, option, value, version in cells:
        row = rows.get(option)
        if row is not None:
            row.values[names[code]] = _count(value)
            row.versions[names[code]] = version
    notes = ConcernNote.objects.filter(orgunit=unit, period=period.code)
    for note in notes.select_related("topic"):
        if note.topic.code in rows:
            rows[note.topic.code].summary = note.summary
    return list(rows.values())


def notes_under(
    user, *, unit: OrgUnit, topic: DisaggregationOption, months: list[Period]
) -> QuerySet[ConcernNote]:
    """The summaries on `topic` of `unit` and the units below it in `months`, in scope."""
    notes = scope_filter(ConcernNote.objects.all(), user, path_field="orgunit__path")
    return (
        notes.filter(
            orgunit__path__startswith=unit.path,
            topic=topic,
            period__in=[m.code for m in months],
        )
        .select_related("orgunit")
        .order_by("-period", "orgunit__path")
    )


def tasks_under(user, *, unit: OrgUnit) -> QuerySet[ConcernTask]:
    """The tasks opened for concerns in `unit`'s subtree, in scope, newest first."""
    tasks = scope_filter(ConcernTask.objects.all(), user, path_field="orgunit__path")
    return tasks.filter(orgunit__path__startswith=unit.path).select_related(
        "task", "orgunit", "topic"
    )


def tasks_followed(
    user, *, unit: OrgUnit, topic: DisaggregationOption | None = None
) -> list[tuple[ConcernTask, Assignment | None]]:
    """The tasks opened for `topic` (or any) in `unit`'s subtree, each with the assignment of
    the unit concerned (where its progress is followed), newest first."""
    found = tasks_under(user, unit=unit)
    tasks = list(found.filter(topic=topic) if topic is not None else found)
    assignments = {
        (a.task_id, a.orgunit_id): a
        for a in Assignment.objects.filter(task__in=[t.task_id for t in tasks])
    }
    return [(t, assignments.get((t.task_id, t.orgunit_id))) for t in tasks]


# --- the overview ---------------------------------------------------------------------------


@dataclass
class TopicLine:
    topic: DisaggregationOption
    heard: list[int | None]  # one a month of the span
    last: int | None
    previous: int | None  # the month before the last
    year_ago: int | None  # the same month a year before
    average: Decimal  # of the RISE_BASE months before the last
    rising: bool
    heard_total: int
    resolved_total: int
    passed_up_total: int

    @property
    def name(self) -> str:
        return topic_name(self.topic)

    @property
    def change(self) -> int | None:
        return None if self.last is None or self.previous is None else self.last - self.previous

    @property
    def change_year(self) -> int | None:
        return None if self.last is None or self.year_ago is None else self.last - self.year_ago

    @property
    def rate(self) -> Decimal | None:
        """Resolved locally over heard, in per cent, over the span."""
        if not self.heard_total:
            return None
        return (Decimal(100) * self.resolved_total / self.heard_total).quantize(Decimal("0.1"))


@dataclass
class UnitLine:
    unit: OrgUnit
    heard: list[int | None]
    last: int | None
    average: Decimal
    rising: bool
    openable: bool
    tasks: list[tuple[ConcernTask, Assignment | None]]


@dataclass
class Rise:
    unit: OrgUnit
    topic: DisaggregationOption
    last: int
    average: Decimal

    @property
    def topic_name(self) -> str:
        return topic_name(self.topic)


class Overview:
    """Concerns over `unit`'s subtree for `months` (oldest first); `topic` picks the topic
    whose units below are shown (default: the first rising, else the most heard)."""

    def __init__(self, *, user, unit: OrgUnit, months: list[Period], topic: str = "") -> None:
        self.user, self.unit, self.months = user, unit, months
        self.topics = concern_topics()
        self.last = months[-1]
        self._topic = topic

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return _indicators()

    @cached_property
    def base(self) -> list[Period]:
        """The months before the last that the rising rule averages."""
        return months_back(self.last, RISE_BASE + 1)[:-1]

    @cached_property
    def year_ago(self) -> Period:
        return Period.month(self.last.start.year - 1, self.last.start.month)

    @cached_property
    def _heard(self) -> dict[tuple[str, str], int | None]:
        """(month, topic) → heard over the unit's subtree, for the span and the months the
        comparisons need."""
        wanted = {m.code: m for m in [*self.months, *self.base, self.year_ago]}
        grid = figures_grid(
            indicator=self.indicators[CONCERNS_HEARD],
            unit_ids=[self.unit.pk],
            periods=list(wanted.values()),
            options=[t.code for t in self.topics],
            state=ENTERED,
        )
        return {(month, topic): _count(f.value) for (_pk, month, topic), f in grid.items()}

    @cached_property
    def _span_totals(self) -> dict[str, dict[str, int]]:
        """Count code → topic → its total over the span: the months' figures added, one read
        per count whatever the topics (a count that stopped adding up is read span by span)."""
        topics, totals = [t.code for t in self.topics], {}
        span = Period.custom(self.months[0].start, self.last.end)
        for code in (CONCERNS_RESOLVED, CONCERNS_PASSED_UP):
            indicator = self.indicators[code]
            summed = indicator.aggregation == Aggregation.SUM
            grid = figures_grid(
                indicator=indicator,
                unit_ids=[self.unit.pk],
                periods=self.months if summed else [span],
                options=topics,
                state=ENTERED,
            )
            totals[code] = dict.fromkeys(topics, 0)
            for (_pk, _period, topic), figure in grid.items():
                totals[code][topic] += _count(figure.value) or 0
        return totals

    @cached_property
    def lines(self) -> list[TopicLine]:
        heard = self._heard
        lines, totals = [], self._span_totals
        for topic in self.topics:
            last = heard[self.last.code, topic.code]
            before = [heard[m.code, topic.code] for m in self.base]
            lines.append(
                TopicLine(
                    topic=topic,
                    heard=[heard[m.code, topic.code] for m in self.months],
                    last=last,
                    previous=before[-1],
                    year_ago=heard[self.year_ago.code, topic.code],
                    average=_average(before),
                    rising=rising(last, before),
                    heard_total=sum(heard[m.code, topic.code] or 0 for m in self.months),
                    resolved_total=totals[CONCERNS_RESOLVED][topic.code],
                    passed_up_total=totals[CONCERNS_PASSED_UP][topic.code],
                )
            )
        return lines

    @cached_property
    def topic(self) -> DisaggregationOption | None:
        by_code = {t.code: t for t in self.topics}
        if self._topic in by_code:
            return by_code[self._topic]
        if not self.lines:
            return None
        rising_lines = [line for line in self.lines if line.rising]
        if rising_lines:
            return rising_lines[0].topic
        return max(self.lines, key=lambda line: line.last or 0).topic

    @property
    def topic_name(self) -> str:
        return topic_name(self.topic) if self.topic else ""

    @cached_property
    def children(self) -> list[OrgUnit]:
        return rollup_children(self.unit)

    def _below(self, topic: DisaggregationOption, months: list[Period]) -> dict:
        """Month code → unit below → heard on `topic` (a month the page shows or compares)."""
        grid = self._below_grid
        return {
            m.code: {u.pk: grid[u.pk, m.code, topic.code] for u in self.children} for m in months
        }

    @cached_property
    def _below_grid(self) -> dict:
        """Heard in each unit below, for every topic and every month shown or compared: one
        read for the list of units and for the rises of every topic."""
        months = {m.code: m for m in [*self.months, *self.base]}
        return figures_grid(
            indicator=self.indicators[CONCERNS_HEARD],
            unit_ids=[u.pk for u in self.children],
            periods=list(months.values()),
            options=[t.code for t in self.topics],
            state=ENTERED,
        )

    @cached_property
    def units(self) -> list[UnitLine]:
        """The units below with figures on the chosen topic in the span (or a task for it),
        month by month."""
        return [line for line in self._units if line.tasks or any(line.heard)]

    @cached_property
    def units_quiet(self) -> list[UnitLine]:
        """The units below with nothing on the chosen topic: counted, not listed."""
        return [line for line in self._units if not (line.tasks or any(line.heard))]

    @cached_property
    def _units(self) -> list[UnitLine]:
        topic = self.topic
        if topic is None or not self.children:
            return []
        wanted = {m.code: m for m in [*self.months, *self.base]}
        found = self._below(topic, list(wanted.values()))
        openable = openable_ids(self.user, self.children)
        tasks: dict[int, list[tuple[ConcernTask, Assignment | None]]] = {}
        for task, assignment in tasks_followed(self.user, unit=self.unit, topic=topic):
            for child in self.children:
                if task.orgunit.path.startswith(child.path):
                    tasks.setdefault(child.pk, []).append((task, assignment))
        lines = []
        for child in self.children:
            series = {code: _count(found[code][child.pk].value) for code in wanted}
            before = [series[m.code] for m in self.base]
            lines.append(
                UnitLine(
                    unit=child,
                    heard=[series[m.code] for m in self.months],
                    last=series[self.last.code],
                    average=_average(before),
                    rising=rising(series[self.last.code], before),
                    openable=child.pk in openable,
                    tasks=tasks.get(child.pk, []),
                )
            )
        return lines

    @cached_property
    def rises(self) -> list[Rise]:
        """Every (unit below, topic) rising in the last month: where the province looks."""
        if not self.children:
            return []
        months = [*self.base, self.last]
        found = []
        for topic in self.topics:
            below = self._below(topic, months)
            for child in self.children:
                series = [_count(below[m.code][child.pk].value) for m in months]
                if rising(series[-1], series[:-1]):
                    last = series[-1] or 0
                    found.append(Rise(child, topic, last, _average(series[:-1])))
        return sorted(found, key=lambda r: r.last - r.average, reverse=True)

    @cached_property
    def tasks(self) -> list[tuple[ConcernTask, Assignment | None]]:
        """Every task opened for concerns in the subtree: the unit's own included."""
        return tasks_followed(self.user, unit=self.unit)

    @cached_property
    def can_open_tasks(self) -> bool:
        return has_role_on(self.user, self.unit, role=Role.EDITOR)


def _average(values: list[int | None]) -> Decimal:
    if not values:
        return Decimal(0)
    return (Decimal(sum(v or 0 for v in values)) / len(values)).quantize(Decimal("0.1"))


def task_draft(
    user,
    *,
    unit: OrgUnit,
    topic: DisaggregationOption,
    period: Period,
) -> tuple[str, str]:
    """The title and description a task for `topic` in `unit` starts with: the figures of
    the last months and the unit's anonymous summaries (already redacted)."""
    place = unit_place(unit.name)
    name = topic_name(topic)
    title = f"Giải quyết kiến nghị về {name[:1].lower()}{name[1:]} {place}"
    months = months_back(period, RISE_BASE + 1)
    found = counts_read(units=[unit], months=months, topics=[topic])
    lines = []
    totals = dict.fromkeys((n for n, _c in COUNTS), 0)
    for month in months:
        row = found.get((unit.pk, month.code, topic.code))
        if row is None:
            continue
        for n in totals:
            totals[n] += row[n] or 0
        lines.append(
            f"- {month.label()}: tiếp nhận {row['heard'] or 0}, đã giải quyết tại cơ sở "
            f"{row['resolved'] or 0}, chuyển cấp trên {row['passed_up'] or 0}."
        )
    text = [
        f"Ý kiến, kiến nghị của nhân dân về {name[:1].lower()}{name[1:]} tại {place} "
        f"({months[0].label()} – {months[-1].label()}):",
        *lines,
    ]
    notes = notes_under(user, unit=unit, topic=topic, months=months)
    if notes:
        text += ["", "Tóm tắt của các đơn vị (ẩn danh):"]
        text += [
            f"- {n.orgunit.name}, {Period.parse(n.period).label()}: {n.summary}" for n in notes
        ]
    return title[:255], "\n".join(text)
