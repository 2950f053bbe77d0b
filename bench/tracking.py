"""Implementation tracking on SQLite: one directive's matrix of 3,000 units × 10 tasks (issue 6).

Builds a throw-away database (a temporary data directory, migrated) with a province, 100
communes under it and 29 cells under each (3,000 units below the province), one directive
held by the province with 10 tasks (two of them sub-tasks of the first), and one assignment
per task and unit: 30,000 assignments with a mix of statuses (done with a completion date,
in progress, not started, a few cancelled) and deadlines, some past (overdue), some within
the week. Communes and cells hold plans that concretize the directive (and the cells'
plans implement their commune's), and other documents fill the registry. The user is the
province's unit administrator, so the scope helper's filters are part of what is timed.

Measured, each after a warm-up, in turn in every round so that a busy machine slows all
alike (wall clock, p50 and p95):

- matrix first page: GET /tracking/documents/<pk>/ through django.test.Client (login,
  selectors, template): goal p95 < 300 ms;
- totals by level: `selectors.totals_by_level`: goal p95 < 100 ms;
- without a goal, to show where the time goes: `tracking_matrix` alone,
  `document_coverage` and `assignments_due` for the same user.

Exit 1 on a miss or a wrong count. `--documents N` sets how many other documents the
registry holds (2,000 by default; every tracking read checks the directive's visibility,
so their number matters). `--queries` also prints each statement of one call of each
figure, re-run with its rows fetched, and the plan of the slow ones; `--analyze` runs
ANALYZE first (the application never does).

Run: .venv/bin/python bench/tracking.py [--scale 0.1] [--documents N] [--repeat N]
     [--seed N] [--queries] [--analyze]
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PAGE_GOAL_MS = 300.0
TOTALS_GOAL_MS = 100.0
COMMUNES = 100
CELLS_PER_COMMUNE = 29
TASKS = 10
OTHER_DOCUMENTS = 200_000  # the registry search.py measures: a national archive
BATCH = 2_000


def configure() -> Path:
    """A temporary data directory for a fresh SQLite database, then Django."""
    data_dir = Path(tempfile.mkdtemp(prefix="tuyengiao-bench-tracking-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["TUYENGIAO_DATA_DIR"] = str(data_dir)
    # As in production: DEBUG would keep every SQL statement and its parameters.
    os.environ["TUYENGIAO_DEBUG"] = "0"
    # django.test.Client asks for the host "testserver".
    os.environ["TUYENGIAO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir


# --- the dataset --------------------------------------------------------------------------


def build_tree(communes: int):
    """Province (level 0) → communes (1) → cells (2), with explicit keys and paths."""
    from tuyengiao.orgunits.models import OrgUnit, UnitKind
    from tuyengiao.orgunits.signals import units_changed
    from tuyengiao.textkit.normalize import fold

    kinds = UnitKind.objects.bulk_create(
        UnitKind(code=code, name=name, sort_order=order)
        for code, name, order in (
            ("tinh-uy", "Tỉnh ủy", 10),
            ("dang-uy-xa", "Đảng ủy xã", 30),
            ("chi-bo", "Chi bộ", 50),
        )
    )

    def unit(pk: int, code: str, name: str, kind, parent: OrgUnit | None) -> OrgUnit:
        path = f"{parent.path if parent else '/'}{pk}/"
        return OrgUnit(
            pk=pk,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            path=path,
            level=path.count("/") - 2,
            search_key=fold(f"{name}  {code}"),  # as save() folds name, short name, code
        )

    province = unit(1, "TU", "Tỉnh ủy Thử", kinds[0], None)
    units = [province]
    pk = 2
    commune_units, cell_units = [], []
    for c in range(communes):
        commune = unit(pk, f"X{c:03d}", f"Đảng ủy xã Số {c + 1}", kinds[1], province)
        pk += 1
        commune_units.append(commune)
        for k in range(CELLS_PER_COMMUNE):
            cell_units.append(
                unit(pk, f"X{c:03d}C{k:02d}", f"Chi bộ {k + 1} xã Số {c + 1}", kinds[2], commune)
            )
            pk += 1
    units += commune_units + cell_units
    OrgUnit.objects.bulk_create(units, batch_size=BATCH)
    # As the bulk import does: the apps that derive structures from the tree hear of it.
    units_changed.send(sender=OrgUnit, unit_ids=[u.pk for u in units])
    return province, commune_units, cell_units


def build_users(province):
    from tuyengiao.accounts.models import Role, RoleAssignment, User

    registrar = User.objects.create(username="bench.registrar", is_superuser=True)
    admin = User.objects.create(username="bench.province", first_name="Quản trị tỉnh")
    RoleAssignment.objects.create(user=admin, orgunit=province, role=Role.UNIT_ADMIN)
    return registrar, admin


def build_documents(rng: random.Random, province, communes, cells, registrar, others: int):
    """The directive, the plans that concretize it, and other documents of the registry."""
    from tuyengiao.documents.models import Document, DocumentRelation, RelationKind, System

    def document(unit, symbol: str, issued_on: datetime.date, title: str, **fields) -> Document:
        number, rest = symbol.split("-", 1)
        return Document(
            system=System.PARTY,
            type_code=rest.split("/")[0],
            type_name={"KL": "Kết luận", "KH": "Kế hoạch", "CV": "Công văn"}[rest.split("/")[0]],
            number=number,
            issuer_code=rest.split("/")[1],
            issuer_name=unit.name,
            symbol=symbol,
            issued_on=issued_on,
            title=title,
            orgunit=unit,
            registered_by=registrar,
            **fields,
        )

    directive = document(
        province,
        "88-KL/TU",
        datetime.date(2026, 3, 5),
        "về tiếp tục đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        summary="Kết luận của Ban Thường vụ Tỉnh ủy.",
    )
    directive.save()
    plans = []
    # Three communes in five answered with their plan; a third of their cells with their own.
    answered = [c for c in communes if rng.random() < 0.6]
    for number, commune in enumerate(answered, start=1):
        plans.append(
            document(
                commune,
                f"{number:02d}-KH/ĐU",
                datetime.date(2026, 4, rng.randint(1, 28)),
                "thực hiện Kết luận số 88-KL/TU của Ban Thường vụ Tỉnh ủy",
            )
        )
    Document.objects.bulk_create(plans)
    plan_of = {plan.orgunit_id: plan for plan in plans}
    relations = [
        DocumentRelation(
            source=plan, kind=RelationKind.CONCRETIZES, target=directive, target_symbol="88-KL/TU"
        )
        for plan in plans
    ]
    cell_plans, answers = [], []
    for number, cell in enumerate(cells, start=1):
        if cell.parent_id in plan_of and rng.random() < 0.33:
            answers.append(plan_of[cell.parent_id])
            cell_plans.append(
                document(
                    cell,
                    f"{number:03d}-KH/CB",
                    datetime.date(2026, 5, rng.randint(1, 28)),
                    "thực hiện Kế hoạch của Đảng ủy xã",
                )
            )
    Document.objects.bulk_create(cell_plans, batch_size=BATCH)
    for plan, target in zip(cell_plans, answers, strict=True):
        relations.append(
            DocumentRelation(
                source=plan,
                kind=RelationKind.IMPLEMENTS,
                target=target,
                target_symbol=target.symbol,
            )
        )
    DocumentRelation.objects.bulk_create(relations, batch_size=BATCH)
    holders = [province, *communes, *cells]
    filler = (
        document(
            rng.choice(holders),
            f"{n}-CV/TU",
            datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 700),
            "về công tác tuyên giáo",
            confidential=rng.random() < 0.02,
        )
        for n in range(1, others + 1)
    )
    Document.objects.bulk_create(filler, batch_size=BATCH)
    return directive, len(plans), len(cell_plans)


def build_tasks(rng: random.Random, directive, province, creator, today: datetime.date):
    """10 tasks: 1, 1.a, 1.b, 2…8; four due in the past, two within the week, four later."""
    from tuyengiao.tracking.models import Recurrence, Task

    offsets = [-60, -30, -30, -10, 3, 6, 20, 45, 90, 180]
    numbers = ["1", "1.a", "1.b", "2", "3", "4", "5", "6", "7", "8"]
    tasks = [
        Task(
            orgunit=province,
            document=directive,
            number=number,
            title=f"Nhiệm vụ {number}: tổ chức học tập, quán triệt và xây dựng kế hoạch",
            deadline=today + datetime.timedelta(days=offset),
            recurrence=Recurrence.HALF if index % 3 == 0 else Recurrence.NONE,
            position=index,
            created_by=creator,
        )
        for index, (number, offset) in enumerate(zip(numbers, offsets, strict=True))
    ]
    Task.objects.bulk_create(tasks)
    Task.objects.filter(pk__in=[tasks[1].pk, tasks[2].pk]).update(parent=tasks[0])
    return tasks


def build_assignments(rng: random.Random, tasks, units, creator, today: datetime.date) -> dict:
    """One assignment per (task, unit); the status depends on how long the unit has had it."""
    from tuyengiao.tracking.models import Assignment, AssignmentRole, Status

    mix: dict[str, int] = {}
    rows = []
    for task in tasks:
        for unit in units:
            deadline = task.deadline
            if rng.random() < 0.1:  # a unit given more time
                deadline += datetime.timedelta(days=rng.choice([7, 14, 30]))
            past = deadline < today
            roll = rng.random()
            if roll < 0.04:
                status = Status.CANCELLED
            elif roll < (0.60 if past else 0.30):
                status = Status.DONE
            elif roll < (0.80 if past else 0.65):
                status = Status.IN_PROGRESS
            else:
                status = Status.NOT_STARTED
            completed = None
            if status == Status.DONE:
                completed = min(today, deadline + datetime.timedelta(days=rng.randint(-40, 10)))
            effective = "overdue" if past and status in ("not_started", "in_progress") else status
            mix[effective] = mix.get(effective, 0) + 1
            rows.append(
                Assignment(
                    task=task,
                    orgunit=unit,
                    role=AssignmentRole.LEAD if unit.level == 1 else AssignmentRole.CARRY_OUT,
                    status=status,
                    deadline=deadline,
                    recurrence=task.recurrence,
                    completed_on=completed,
                    assigned_by=creator,
                )
            )
    Assignment.objects.bulk_create(rows, batch_size=BATCH)
    return mix


# --- the measurements ---------------------------------------------------------------------


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def figures(user, directive, today: datetime.date) -> dict[str, Callable[[], object]]:
    """Each figure as a call that does the whole work (query sets evaluated)."""
    from django.test import Client

    from tuyengiao.tracking import selectors

    client = Client()
    client.force_login(user)
    url = f"/tracking/documents/{directive.pk}/"

    def page() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
        return response.content

    return {
        "matrix first page (GET)": page,
        "totals by level": lambda: selectors.totals_by_level(
            user=user, document=directive, today=today
        ),
        "tracking_matrix": lambda: selectors.tracking_matrix(
            user=user, document=directive, today=today
        ),
        "document_coverage": lambda: selectors.document_coverage(
            user=user, document=directive, today=today
        ),
        "assignments_due": lambda: selectors.assignments_due(user=user, today=today),
    }


GOALS = {"matrix first page (GET)": PAGE_GOAL_MS, "totals by level": TOTALS_GOAL_MS}


def measure(calls: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    for _ in range(3):  # warm-up: page cache, statements, templates
        for call in calls.values():
            call()
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def check(user, directive, today: datetime.date, units: int, assignments: int) -> list[str]:
    """What the figures compute must be the whole dataset: the user sees every unit."""
    from tuyengiao.tracking import selectors

    problems = []
    matrix = selectors.tracking_matrix(user=user, document=directive, today=today)
    if matrix.unit_count != units or len(matrix.rows) != min(units, selectors.MATRIX_PAGE):
        problems.append(f"matrix: {matrix.unit_count} units, {len(matrix.rows)} rows")
    if len(matrix.tasks) != TASKS:
        problems.append(f"matrix: {len(matrix.tasks)} tasks")
    levels = selectors.totals_by_level(user=user, document=directive, today=today)
    if sum(level.counts.total for level in levels) != assignments:
        problems.append(f"totals: {sum(level.counts.total for level in levels)} assignments")
    return problems


def queries_print(calls: dict[str, Callable[[], object]]) -> None:
    """Each figure's statements, each re-run with its rows fetched (the debug cursor times
    `execute` only, and SQLite does a grouped query's aggregation while rows are fetched),
    the best of 3; with the plan of those over 2 ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, call in calls.items():
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            total = (time.perf_counter() - start) * 1000
        timed = []
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                best = float("inf")
                for _ in range(3):
                    begin = time.perf_counter()
                    cursor.execute(query["sql"])
                    cursor.fetchall()
                    best = min(best, (time.perf_counter() - begin) * 1000)
                timed.append((best, query["sql"]))
        sql_ms = sum(ms for ms, _ in timed)
        print(f"\n{name}: {total:.1f} ms, {len(timed)} queries, {sql_ms:.1f} ms in SQL")
        for ms, sql in timed:
            print(f"  {ms:8.2f} ms  {sql[:300]}")
            if ms > 2:
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                    for row in cursor.fetchall():
                        print(f"               plan: {row[-1]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 100 communes")
    parser.add_argument("--repeat", type=int, default=40, help="timed runs of each figure")
    parser.add_argument(
        "--documents", type=int, default=OTHER_DOCUMENTS, help="other documents in the registry"
    )
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--queries", action="store_true", help="print each figure's SQL")
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE before measuring")
    args = parser.parse_args()
    data_dir = configure()
    try:
        return run(args)
    finally:
        from django.db import connection

        connection.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    from django.db import connection, transaction
    from django.utils import timezone

    rng = random.Random(args.seed)
    today = timezone.localdate()  # what the page uses
    communes = max(1, round(COMMUNES * args.scale))
    start = time.perf_counter()
    with transaction.atomic():
        province, commune_units, cell_units = build_tree(communes)
        registrar, admin = build_users(province)
        directive, plans, cell_plans = build_documents(
            rng, province, commune_units, cell_units, registrar, args.documents
        )
        tasks = build_tasks(rng, directive, province, admin, today)
        units = commune_units + cell_units
        mix = build_assignments(rng, tasks, units, admin, today)
    if args.analyze:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built_s = time.perf_counter() - start
    assignments = sum(mix.values())
    print(f"Implementation tracking, scale {args.scale}, SQLite, today {today:%d/%m/%Y}")
    print(
        f"  units: 1 province, {len(commune_units):,} communes, {len(cell_units):,} cells "
        f"({len(units):,} assigned); {len(tasks)} tasks; {assignments:,} assignments "
        f"({', '.join(f'{k} {v:,}' for k, v in sorted(mix.items()))})"
    )
    print(
        f"  documents: the directive, {plans} commune and {cell_plans} cell plans, "
        f"{args.documents:,} others; built in {built_s:.1f} s"
        + ("; ANALYZE run" if args.analyze else "")
    )
    problems = check(admin, directive, today, len(units), assignments)
    for problem in problems:
        print(f"  wrong: {problem}")
    calls = figures(admin, directive, today)
    times = measure(calls, args.repeat)
    if args.queries:
        queries_print(calls)
    print(f"\n{args.repeat} runs each, after 3 warm-up rounds; wall clock (ms), as the province's")
    print("unit administrator:")
    print(f"  {'figure':<28}{'p50':>9}{'p95':>9}{'goal p95':>10}  {'':<8}{'goal / p95':>10}")
    missed = False
    for name, values in times.items():
        p50, high = statistics.median(values), p95(values)
        goal = GOALS.get(name)
        if goal is None:
            print(f"  {name:<28}{p50:>9.1f}{high:>9.1f}{'—':>10}")
            continue
        met = high < goal
        missed |= not met
        verdict = "met" if met else "MISSED"
        print(f"  {name:<28}{p50:>9.1f}{high:>9.1f}{goal:>10.0f}  {verdict:<8}{goal / high:>10.2f}")
    ok = not missed and not problems
    print("OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
