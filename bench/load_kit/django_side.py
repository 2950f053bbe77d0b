"""The Django side of load.py and faults.py, run as a subprocess with the server's
environment (DATABASE_URL, TUYENGIAO_DATA_DIR), so that the database is prepared and read
back by the product's own code, never by the clients under test.

    python django_side.py prepare OUT.json --import-csv FILE --import-rows N
    python django_side.py read CELLS.json OUT.json      # current values of cells

`prepare` picks the readers (every scoped non-superuser of the demo) with what each may open,
five savers (editors of five communes) with cells they may write, and an import of N new
values that the province's editor may write; cells are tried through `datavalues_write` in a
transaction rolled back, so the rules are the product's own.
"""

import argparse
import csv
import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuyengiao.settings")
django.setup()

from django.db import transaction  # noqa: E402

from tuyengiao.accounts.models import Role, RoleAssignment, User  # noqa: E402
from tuyengiao.documents.selectors import documents_visible  # noqa: E402
from tuyengiao.orgunits.models import OrgUnit  # noqa: E402
from tuyengiao.tracking.selectors import tasks_visible  # noqa: E402
from tuyengiao.values.models import DataValue, Indicator, SourceKind  # noqa: E402
from tuyengiao.values.services import Source, datavalues_write  # noqa: E402

SAVERS = 5
CELLS_PER_SAVER = 48
MONTHS = [f"2026{m:02d}" for m in range(1, 13)]
IMPORTS = ("a", "b", "c")  # faults.py's three imports of the same cells


class _Rollback(Exception):
    pass


def _plain_indicators() -> list[Indicator]:
    """Counts summed up the tree, typed by people: what an editor saves and a file imports."""
    return list(
        Indicator.objects.filter(
            is_active=True,
            aggregation="sum",
            value_type="count",
            formula="",
            disaggregation__isnull=True,
        ).order_by("code")
    )


def _refused(rows: list[dict], user, source: Source) -> set[int]:
    """Indexes of the rows `datavalues_write` refuses for `user`, nothing kept."""
    report = None
    try:
        with transaction.atomic():
            report = datavalues_write(rows, user=user, source=source)
            raise _Rollback
    except _Rollback:
        pass
    assert report is not None
    return {error.row - 1 for error in report.errors}


def _writable(rows: list[dict], user, source: Source) -> list[dict]:
    """The rows `user` may write, tried until a write of all of them would pass."""
    for _attempt in range(5):
        refused = _refused(rows, user, source)
        if not refused:
            return rows
        rows = [row for i, row in enumerate(rows) if i not in refused]
    raise SystemExit("no writable set of cells found")


def _top_unit(user) -> OrgUnit:
    roles = RoleAssignment.objects.filter(user=user).select_related("orgunit")
    return min((r.orgunit for r in roles), key=lambda unit: (unit.level, unit.path))


def _reader(user, rng: random.Random, indicators: list[str]) -> dict:
    unit = _top_unit(user)
    documents = list(documents_visible(user).values_list("pk", flat=True))
    tracked = tasks_visible(user).exclude(document=None).values_list("document_id", flat=True)
    tracked = sorted(set(tracked))
    return {
        "username": user.username,
        "unit": unit.code,
        "unit_pk": unit.pk,
        "documents": rng.sample(documents, min(40, len(documents))),
        "tracked": tracked[:5],
        "indicators": indicators,
    }


def _saver(user, indicators: list[Indicator], rng: random.Random) -> dict:
    unit = _top_unit(user)
    rows = [
        {"indicator": i.code, "orgunit": unit.code, "period": p, "value": 1}
        for i in indicators
        for p in MONTHS
    ]
    refused = _refused(rows, user, Source(SourceKind.API))
    rows = (
        _writable([r for i, r in enumerate(rows) if i not in refused], user, Source(SourceKind.API))
        if len(refused) < len(rows)
        else []
    )
    rng.shuffle(rows)
    cells = [[r["indicator"], r["orgunit"], r["period"]] for r in rows[:CELLS_PER_SAVER]]
    return {"username": user.username, "unit": unit.code, "cells": cells}


def _import_rows(n: int, indicators: list[Indicator]) -> tuple[str, list[dict]]:
    """`n` new values the province's editor may write: whole years before the demo's first
    figures, every live unit and plain indicator. Each row carries one value per import of
    the same cells (`IMPORTS`: each file's values are the first's + 1000 × its rank), every
    file checked."""
    importer = User.objects.get(username="tinh.bientap")
    units = list(OrgUnit.objects.filter(closed_on__isnull=True).order_by("path"))
    taken = set(DataValue.objects.values_list("period", flat=True).distinct())
    rows: list[dict] = []
    for year in range(2023, 2000, -1):
        periods = [f"{year}{m:02d}" for m in range(1, 13)]
        if any(p in taken or p[:4] in taken for p in periods):
            continue
        for period in periods:
            rows += [
                {"indicator": i.code, "orgunit": u.code, "period": period}
                for u in units
                for i in indicators
            ]
        if len(rows) >= n * 1.2:
            break
    rows = rows[: int(n * 1.2)]
    for number, row in enumerate(rows):
        row["value"] = number % 997 + 1  # every value its own, so a stray one is seen
    source = Source(SourceKind.IMPORT)
    for rank in range(len(IMPORTS)):
        shifted = [row | {"value": row["value"] + 1000 * rank} for row in rows]
        kept = {_key(r) for r in _writable(shifted, importer, source)}
        rows = [row for row in rows if _key(row) in kept]
    rows = rows[:n]
    if len(rows) < n:
        raise SystemExit(f"only {len(rows)} importable values found, {n} wanted")
    return importer.username, rows


def _key(row: dict) -> tuple[str, str, str]:
    return row["indicator"], row["orgunit"], row["period"]


def prepare(args) -> None:
    rng = random.Random(args.seed)
    plain = _plain_indicators()
    codes = [i.code for i in plain]
    users = User.objects.filter(is_superuser=False, is_active=True, role_assignments__isnull=False)
    users = list(users.distinct().order_by("username"))
    # Accounts of the units merged away in 2025 open nothing of theirs any more: left out.
    users = [u for u in users if _top_unit(u).closed_on is None]
    readers = [_reader(u, rng, codes) for u in users]
    editors = [
        u
        for u in users
        if u.username.startswith(("xa.", "phuong."))
        and RoleAssignment.objects.filter(user=u, role=Role.EDITOR).exists()
    ]
    rng.shuffle(editors)
    savers = []
    for editor in editors:  # a commune whose months are all sent and locked has none
        saver = _saver(editor, plain, rng)
        if len(saver["cells"]) >= CELLS_PER_SAVER // 2:
            savers.append(saver)
        if len(savers) == SAVERS:
            break
    plan = {"readers": readers, "savers": savers}
    if args.import_rows:
        importer, rows = _import_rows(args.import_rows, plain)
        for rank, name in enumerate(IMPORTS):
            with open(f"{args.import_csv}.{name}.csv", "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(["indicator", "orgunit", "period", "value"])
                writer.writerows([*_key(r), r["value"] + 1000 * rank] for r in rows)
        plan["import"] = {"user": importer, "csv": args.import_csv, "rows": len(rows)}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(plan, out)


def read(args) -> None:
    """Current values of the cells listed (indicator, orgunit, period), and the import's
    cells found holding the import's value."""
    with open(args.cells, encoding="utf-8") as source:
        wanted = json.load(source)
    found = {}
    periods = {cell[2] for cell in wanted["cells"]}
    rows = DataValue.objects.filter(period__in=periods, option="").values_list(
        "indicator__code", "orgunit__code", "period", "value"
    )
    for indicator, unit, period, value in rows.iterator():
        found[f"{indicator}|{unit}|{period}"] = (
            format(value.normalize(), "f") if value is not None else None
        )
    result = {"values": {k: found.get(k) for k in ("|".join(c) for c in wanted["cells"])}}
    if wanted.get("import_csv"):
        result["import"] = _import_found(wanted["import_csv"])
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out)


def _import_found(path: str) -> dict:
    """Of the imports' cells: how many are stored, and how many hold each file's value."""
    with open(f"{path}.a.csv", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    periods = {row["period"] for row in rows}
    stored = {
        (i, u, p): v
        for i, u, p, v in DataValue.objects.filter(period__in=periods)
        .values_list("indicator__code", "orgunit__code", "period", "value")
        .iterator()
    }
    found = {"rows": len(rows), "held": 0} | dict.fromkeys(IMPORTS, 0)
    for row in rows:
        value = stored.get(_key(row))
        if value is not None:
            found["held"] += 1
            for rank, name in enumerate(IMPORTS):
                found[name] += value == int(row["value"]) + 1000 * rank
    found["others"] = len(stored) - found["held"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    actions = parser.add_subparsers(dest="action", required=True)
    prep = actions.add_parser("prepare")
    prep.add_argument("out")
    prep.add_argument("--seed", type=int, default=20261207)
    prep.add_argument("--import-csv", default="")
    prep.add_argument("--import-rows", type=int, default=0)
    reading = actions.add_parser("read")
    reading.add_argument("cells")
    reading.add_argument("out")
    args = parser.parse_args()
    {"prepare": prepare, "read": read}[args.action](args)


if __name__ == "__main__":
    sys.exit(main())
