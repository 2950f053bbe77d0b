"""Recording an activity that feeds 5 indicators, as a user waits for it (issue 17).

Builds a throw-away SQLite database (a temporary data directory, migrated) with a province,
100 communes and 10 cells under each, a kind of activity feeding 5 indicators (sessions,
attendance, party members, cadres and members, attendance again), and a year of activities
already held in every commune (bulk-created: the figures of a (unit, month) are worked out
again from all its activities whenever one changes, so their number is what a save reads).

Measured: `POST /api/activities/` through django.test.Client (middleware, Bearer token,
the API's validation, the scope helper, the save, the month's figures written through the
values core with their roll-up to the province) by the province's editor, a non-superuser,
for a random commune and month, wall clock, every call counted; after a warm-up. Goal:
p95 < 100 ms. Exit 1 on a miss or a figure that does not match a recount.

Run: .venv/bin/python bench/activities.py [--saves N] [--seed N]
"""

import argparse
import datetime
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 100.0
COMMUNES = 100
CELLS = 10
PER_MONTH = 4  # activities a commune held each month of the year before


def configure() -> Path:
    data_dir = Path(tempfile.mkdtemp(prefix="tuyengiao-bench-activities-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["TUYENGIAO_DATA_DIR"] = str(data_dir)
    os.environ["TUYENGIAO_DEBUG"] = "0"  # as in production: no statement log
    os.environ["TUYENGIAO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data_dir


def build(rng: random.Random):
    """The tree, the kind and its 5 indicators, a year of activities; the editor's token."""
    from tuyengiao.accounts.models import Role, RoleAssignment, User
    from tuyengiao.accounts.services import token_create
    from tuyengiao.activities.models import Activity, ActivityFeed, ActivityKind, Measure
    from tuyengiao.orgunits.models import OrgUnit, UnitKind
    from tuyengiao.values.models import Indicator

    kind = UnitKind.objects.create(code="tinh", name="Tỉnh ủy", sort_order=1)
    province = OrgUnit.objects.create(code="TU", name="Tỉnh ủy", kind=kind)
    communes = []
    for c in range(COMMUNES):
        commune = OrgUnit.objects.create(code=f"X{c}", name=f"Đảng ủy xã {c}", kind=kind,
                                         parent=province)  # fmt: skip
        communes.append(commune)
        for k in range(CELLS):
            OrgUnit.objects.create(code=f"X{c}C{k}", name=f"Chi bộ {k}", kind=kind, parent=commune)
    activity_kind = ActivityKind.objects.create(code="BENCH", name="Hội nghị thử")
    measures = [Measure.EVENTS, Measure.ATTENDANCE, Measure.PARTY_MEMBERS,
                Measure.CADRES_AND_MEMBERS, Measure.ATTENDANCE]  # fmt: skip
    for n, measure in enumerate(measures):
        indicator = Indicator.objects.create(code=f"B{n}", name=f"Chỉ tiêu {n}")
        ActivityFeed.objects.create(kind=activity_kind, indicator=indicator, measure=measure)
    Activity.objects.bulk_create(
        Activity(
            kind=activity_kind,
            orgunit=commune,
            title="Hội nghị",
            held_on=datetime.date(2025, month, rng.randrange(1, 28)),
            party_members=rng.randrange(50),
            public=rng.randrange(200),
        )
        for commune in communes
        for month in range(1, 13)
        for _ in range(PER_MONTH)
    )
    editor = User.objects.create_user(username="tinh.bientap", password="x")  # noqa: S106
    RoleAssignment.objects.create(user=editor, orgunit=province, role=Role.EDITOR)
    return communes, token_create(user=editor, name="bench")[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    data_dir = configure()
    try:
        from django.test import Client

        from tuyengiao.values.models import DataValue

        communes, token = build(rng)
        client = Client()
        headers = {"authorization": f"Bearer {token}"}

        def save(commune, month: int) -> float:
            body = {"kind": "BENCH", "orgunit": commune.code, "title": "Thông tin thời sự",
                    "held_on": f"2025-{month:02d}-15", "party_members": 12, "cadres": 3,
                    "public": 40}  # fmt: skip
            start = time.perf_counter()
            response = client.post("/api/activities/", json.dumps(body),
                                   content_type="application/json", headers=headers)  # fmt: skip
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 201:
                raise SystemExit(f"save refused: {response.status_code} {response.content!r}")
            return elapsed

        last = (communes[0], 1)

        def save_any() -> float:
            nonlocal last
            last = (rng.choice(communes), rng.randrange(1, 13))
            return save(*last)

        for _ in range(20):  # warm-up
            save_any()
        times = [save_any() for _ in range(args.saves)]
        p95 = statistics.quantiles(times, n=20)[-1]
        # The figures match a recount: sessions held by the commune of the last save, in its
        # month (a save works the whole month out again from all its activities).
        from tuyengiao.activities.models import Activity

        commune, month = last
        held = Activity.objects.filter(orgunit=commune, held_on__month=month).count()
        stored = DataValue.objects.filter(
            indicator__code="B0", orgunit=commune, period=f"2025{month:02d}"
        ).first()
        wrong = stored is None or int(stored.value or 0) != held
        median = statistics.median(times)
        print(f"{args.saves} saves of an activity feeding 5 indicators (1,100 units, "
              f"{COMMUNES * 12 * PER_MONTH:,} activities before): median {median:.1f} ms, "
              f"p95 {p95:.1f} ms, max {max(times):.1f} ms")  # fmt: skip
        print(f"  save p95 (ms)   {p95:8.1f}   goal {GOAL_MS:6.1f}   "
              f"{'met' if p95 < GOAL_MS else 'MISSED'}")  # fmt: skip
        if wrong:
            print(f"  the figure of {commune.code} for {month}/2025 is wrong: {stored}, "
                  f"{held} held")  # fmt: skip
        return 0 if p95 < GOAL_MS and not wrong else 1
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
