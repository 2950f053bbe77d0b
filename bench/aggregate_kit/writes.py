"""The writes of `aggregate.py`, as the application receives them (issue 20, item 4).

A monthly report form, owned by the centre, collects most indicators (I01–I40; I41–I50 are
final when saved) from every unit. Its entry window opens with the month and closes 10 days
after it. The two years of history are approved reports (one approved submission per unit
and month, so the approved figures, which a read gives by default, are all of them). In the
month whose window is open today, 1 % of the units have sent their report (locked).

Then: the month imported by an editor of the centre (not a superuser) through
`datavalues_write`, every cell checked against scope, the form's window and the locks; the
same month imported again with every value changed (updates with history, no insert); an
editor of a province saving single cells; and `aggregates_verify` (`tuyengiao values
verify`) over the whole database. Refusals are checked too: a locked cell, a cell of a
closed month and a viewer's write are each refused, and nothing of them written.
"""

import random
import time
from dataclasses import dataclass, field

from aggregate_kit.tree import BY_ID, ID_BASE, OPTIONS, value_draw

FORM_INDICATORS = [ID_BASE + i for i in range(1, 41)]
LOCKED_SHARE = 0.01


@dataclass
class Month:
    """The open month: its period, its index for the reference, and the units locked."""

    period: object
    index: int
    locked: set[int] = field(default_factory=set)


def forms_create(*, kind_id: int, months: list[str], rng: random.Random, live_units: list[int]):
    """The form, its approved history and today's locks; returns the open month."""
    from django.db import connection
    from django.utils import timezone

    from tuyengiao.reporting.models import FormItem, FormSection, ReportForm, Submission
    from tuyengiao.reporting.workflow import form_current_period

    form = ReportForm.objects.create(
        code="BC_THANG", name="Báo cáo tháng", period_kind="month", owner_id=1,
        opens_before_end_days=31, closes_after_end_days=10,
    )  # fmt: skip
    form.unit_kinds.add(kind_id)
    section = FormSection.objects.create(form=form, title="I. Số liệu")
    # bulk_create: no signal, so no rebuild of the approved rows before they exist.
    FormItem.objects.bulk_create(
        FormItem(form=form, section=section, indicator_id=i, sort_order=i) for i in FORM_INDICATORS
    )
    now = timezone.now()
    marks = ", ".join(["(%s)"] * len(months))
    with connection.cursor() as cursor:
        # Set-based: a national history is 1.2 million reports.
        cursor.execute(
            "INSERT INTO reporting_submission (form_id, orgunit_id, period, status, "  # noqa: S608
            "approved_up_to_id, return_reason, updated_at) "
            "SELECT %s, u.id, m.column1, 'approved', 1, '', %s FROM orgunits_orgunit u "
            f"CROSS JOIN (VALUES {marks}) AS m WHERE u.id != 1",
            [form.pk, now, *months],
        )
    period = form_current_period(form, timezone.localdate())
    month = Month(period, (period.start.year - 2024) * 12 + period.start.month - 1)
    month.locked = set(rng.sample(live_units, max(1, round(LOCKED_SHARE * len(live_units)))))
    Submission.objects.bulk_create(
        Submission(
            form=form,
            orgunit_id=unit,
            period=period.code,
            status="submitted",
            submitted_at=now,
            first_submitted_at=now,
            updated_at=now,
        )
        for unit in sorted(month.locked)
    )
    return month


def users_create(province: int):
    """The editor of the centre who imports, a province's editor who saves, a viewer."""
    from tuyengiao.accounts.models import Role, RoleAssignment, User

    users = {}
    for name, unit, role in (
        ("importer", 1, Role.EDITOR),
        ("province", province, Role.EDITOR),
        ("viewer", 1, Role.VIEWER),
    ):
        users[name] = User.objects.create(username=f"bench.{name}")
        RoleAssignment.objects.create(user=users[name], orgunit_id=unit, role=role)
    return users


def month_rows(rng: random.Random, series: list[tuple], month: Month, old: dict | None = None):
    """The import file of the open month: (cells for the write, rows for the reference).
    With `old` (the cells written before), every value changes."""
    cells, reference = [], []
    for unit, indicator in series:
        spec = BY_ID[indicator]
        for option in OPTIONS if spec.breakdown else ("",):
            value = value_draw(rng, spec)
            while old is not None and value == old[unit, indicator, option]:
                value = value_draw(rng, spec)
            cells.append(
                {"indicator": spec.code, "orgunit": f"U{unit}", "period": month.period.code,
                 "option": option, "value": value}
            )  # fmt: skip
            reference.append((unit, indicator, option, month.index, value))
    return cells, reference


def import_run(cells: list[dict], user, *, updates: bool) -> tuple[float, object]:
    """One import, timed; exits when it is refused or does not insert (update) every cell."""
    from tuyengiao.values.models import SourceKind
    from tuyengiao.values.services import Source, datavalues_write

    start = time.perf_counter()
    report = datavalues_write(cells, user=user, source=Source(SourceKind.IMPORT, note="bench"))
    seconds = time.perf_counter() - start
    done = report.updated if updates else report.created
    if not report.ok or done != len(cells):
        raise SystemExit(
            f"import failed: {report.errors[:3]}, created {report.created}, "
            f"updated {report.updated} of {len(cells)}"
        )
    return seconds, report


def refusals_check(users: dict, month: Month, series: list[tuple]) -> list[str]:
    """Writes that must be refused whole; returns what was not."""
    from tuyengiao.values.models import DataValue, SourceKind
    from tuyengiao.values.services import Source, datavalues_write

    locked_unit, free_unit = sorted(month.locked)[0], series[0][0]
    cell = {"indicator": "I01", "period": month.period.code, "value": 7}
    cases = {
        "a cell of a locked report": [
            {**cell, "orgunit": f"U{free_unit}"},
            {**cell, "orgunit": f"U{locked_unit}"},
        ],
        "a cell of a month whose window closed": [
            {**cell, "orgunit": f"U{free_unit}"},
            {**cell, "orgunit": f"U{free_unit}", "period": _month_code(month.index - 3)},
        ],
    }
    failures = []
    before = DataValue.objects.count()
    for name, cells in cases.items():
        report = datavalues_write(cells, user=users["importer"], source=Source(SourceKind.IMPORT))
        if report.ok or not any(error.code == "locked" for error in report.errors):
            failures.append(f"{name}: not refused ({report.errors[:2]})")
    report = datavalues_write(
        [{**cell, "orgunit": f"U{free_unit}"}], user=users["viewer"], source=Source(SourceKind.API)
    )
    if report.ok:
        failures.append("a viewer's write: not refused")
    if DataValue.objects.count() != before:
        failures.append("a refused write left values behind")
    return failures


def saves_run(rng: random.Random, user, series: list[tuple], month: Month, count: int):
    """`count` single cells of the open month saved by the province's editor, each in its own
    transaction; returns the times (ms) and the cells saved (unit, indicator, option, value)."""
    from tuyengiao.orgunits.models import OrgUnit
    from tuyengiao.values.models import Indicator
    from tuyengiao.values.services import CellKey, datavalue_save

    indicators = Indicator.objects.in_bulk()
    units = OrgUnit.objects.in_bulk({u for u, _ in series})
    times, saved = [], []
    for _ in range(count):
        unit, indicator = rng.choice(series)
        spec = BY_ID[indicator]
        option = rng.choice(OPTIONS) if spec.breakdown else ""
        value = value_draw(rng, spec)
        key = CellKey(units[unit], indicators[indicator], month.period, option)
        start = time.perf_counter()
        datavalue_save(user=user, key=key, raw=value)
        times.append((time.perf_counter() - start) * 1000)
        saved.append((unit, indicator, option, value))
    return times, saved


def verify_run() -> tuple[float, int]:
    """`tuyengiao values verify` over the whole database: seconds, and rows that differ."""
    from tuyengiao.values.verifying import aggregates_verify

    start = time.perf_counter()
    mismatches = aggregates_verify()
    seconds = time.perf_counter() - start
    states = {m.state for m in mismatches}
    for state in sorted(states):
        found = [m for m in mismatches if m.state == state]
        print(f"  verify, {state}: {len(found)} rows differ, e.g. {found[:3]}")
    return seconds, len(mismatches)


def _month_code(index: int) -> str:
    return f"{2024 + index // 12}{index % 12 + 1:02d}"
