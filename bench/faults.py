"""Faults under load: kill -9 a gunicorn worker, then the whole server, mid-import (issue 20).

    .venv/bin/python bench/faults.py [--import-rows 100000] [--kill-after 2.5]

For SQLite, then PostgreSQL when TUYENGIAO_BENCH_DATABASE_URL names a server (its own
database `tg_faults_bench`, dropped at the end). The demo and gunicorn as `load.py` serves
them (the operator guide's command, production settings). Five editors save values without
pause through `POST /api/datavalues/` the whole time, and the province's editor imports
100,000 new values on the import page (`/reporting/import/`, a CSV of the columns
indicator, orgunit, period, value), which writes them through `datavalues_write`, in one
transaction, in the worker that answers the upload:

1. import A starts; `--kill-after` seconds later the worker that has used the most CPU (the
   one importing) is killed with SIGKILL; gunicorn's master starts another;
2. import B (the same cells, every value + 1000) starts; `--kill-after` seconds later the
   master and every worker are killed with SIGKILL at once (the process group), as a power
   cut would; gunicorn is started again and the editors go on saving for a few seconds;
3. the server stops and the database is read.

Checks (each printed; exit 1 on any failure):
- every value whose save was acknowledged (a 2xx answer) is stored with its value (or with
  the value of a later save of the same cell whose answer never came);
- no save was answered with an error (a 500, or a refusal of a cell the rules allowed);
- the imports are whole: the cells hold none of them, all of A, or all of B;
- `tuyengiao values verify` finds every aggregate equal to the recount of its values;
- the server answered again after the restart.
A kill that came after the import had already answered is said so: the fault then did not
hit the import, and `--kill-after` should be shorter.
"""

import argparse
import sys
import threading
import time
from pathlib import Path

from load_kit import clients, server

AFTER_RESTART_SECONDS = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--kill-after", type=float, default=2.5,
                        help="seconds from an import's upload to the kill")  # fmt: skip
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    sites = [("SQLite", "")]
    pg = "" if args.sqlite_only else server.postgresql_server()
    if pg:
        sites.append(("PostgreSQL", pg))
    failed = False
    for label, url in sites:
        print(f"\n== {label}: 5 savers, imports of {args.import_rows:,} values, kills")
        with server.demo_site("faults", url) as site:
            failed |= not run(site, args)
    return 1 if failed else 0


class Import(threading.Thread):
    """One upload to the import page; `status` None until it answers (0: no answer)."""

    def __init__(self, browser: clients.Browser, path: Path) -> None:
        super().__init__()
        self.browser, self.path = browser, path
        self.status: int | None = None
        self.seconds = 0.0
        self.body = b""

    def run(self) -> None:
        started = time.perf_counter()
        try:
            self.status, self.body = self.browser.post_file(
                "/reporting/import/", self.path.name, self.path.read_bytes()
            )
        except clients.Unanswered:
            self.status = 0
        self.seconds = time.perf_counter() - started


def run(site: server.Site, args) -> bool:
    plan = server.prepare(site, import_rows=args.import_rows)
    base = site.data_dir / "import"
    events: list[str] = []
    with server.Gunicorn(site) as gunicorn:
        gunicorn.start()
        savers = [(clients.Browser(site.port, s["username"]), s) for s in plan["savers"]]
        importer = clients.Browser(site.port, plan["import"]["user"])
        for browser, _ in [*savers, (importer, None)]:
            browser.login()
        recorder = clients.Recorder()
        attempts: list[list[clients.Attempt]] = [[] for _ in savers]
        stop = threading.Event()
        threads = [
            threading.Thread(target=clients.save_loop,
                             args=(b, s, recorder, attempts[i], stop, args.seed + i))
            for i, (b, s) in enumerate(savers)
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        try:
            restarted = _faults(gunicorn, importer, base, args.kill_after, events)
            time.sleep(AFTER_RESTART_SECONDS)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        gunicorn.stop()
    for event in events:
        print(f"  {event}")
    print(f"  load average: {server.load_average()}")
    cells = [c for s in plan["savers"] for c in s["cells"]]
    found = server.read_back(site, cells, str(base))
    return _checks(recorder, attempts, found, server.verify(site), restarted)


def _faults(gunicorn, importer, base: Path, kill_after: float, events: list[str]) -> float:
    """Import A with a worker killed, import B with the server killed, restart; the seconds
    the restart took to answer."""
    time.sleep(1.0)  # the savers at work first
    upload = Import(importer, base.with_suffix(".a.csv"))
    upload.start()
    time.sleep(max(0.0, kill_after - 0.5))
    victim = gunicorn.busiest_worker(0.5)
    gunicorn.kill_worker(victim)
    events.append(f"import A: worker {victim} killed {kill_after:.1f} s after the upload "
                  f"began ({_state(upload)})")  # fmt: skip
    upload.join()
    events.append(f"import A: {_answer(upload)}")
    time.sleep(2.0)
    events.append(f"workers after the kill: {gunicorn.workers()}")
    upload = Import(importer, base.with_suffix(".b.csv"))
    upload.start()
    time.sleep(kill_after)
    before = _state(upload)
    gunicorn.kill_all()
    events.append(f"import B: server killed {kill_after:.1f} s after the upload began ({before})")
    upload.join()
    events.append(f"import B: {_answer(upload)}")
    seconds = gunicorn.start()
    events.append(f"restarted, answering in {seconds:.1f} s")
    return seconds


def _state(upload: Import) -> str:
    if upload.status is None:
        return "the import was running"
    return f"the import had ANSWERED {upload.status} in {upload.seconds:.1f} s: not hit"


def _answer(upload: Import) -> str:
    if upload.status == 0:
        return f"no answer ({upload.seconds:.1f} s)"
    return f"answered {upload.status} in {upload.seconds:.1f} s"


def _checks(recorder, attempts, found, verified, restarted: float) -> bool:
    saves = recorder.results
    answered_bad = [r for r in saves if r.status and not 200 <= r.status < 300]
    unanswered = sum(1 for r in saves if r.status == 0)
    expected = clients.expected_values([a for one in attempts for a in one])
    lost = []
    for cell, values in expected.items():
        stored = found["values"].get("|".join(cell))
        if stored is None or int(stored) not in values:
            lost.append(f"{'|'.join(cell)}: stored {stored}, acknowledged {sorted(values)}")
    imported = found["import"]
    rows, held = imported["rows"], imported["held"]
    whole = {"none": held == 0, "A": imported["a"] == rows, "B": imported["b"] == rows}
    state = next((name for name, ok in whole.items() if ok), "PARTIAL")
    code, seconds, output = verified
    ok_saves = sum(1 for r in saves if 200 <= r.status < 300)
    print(f"  saves: {len(saves)} sent, {ok_saves} acknowledged, {unanswered} unanswered, "
          f"{len(answered_bad)} answered with an error "
          f"{sorted({r.status for r in answered_bad})}")  # fmt: skip
    print(f"  import cells: {rows:,}, stored {held:,} (A {imported['a']:,}, B {imported['b']:,})")
    print(f"  values verify: exit {code} in {seconds:.1f} s: {output[-300:]}")
    checks = [
        ("acknowledged saves stored", f"{len(expected) - len(lost)} of {len(expected)} cells",
         not lost and bool(expected)),
        ("saves answered with an error", str(len(answered_bad)), not answered_bad),
        ("imports whole (none, all A or all B)", state, state != "PARTIAL"),
        ("aggregates equal the recount", f"exit {code}", code == 0),
        ("server answers after the restart", f"{restarted:.1f} s", restarted > 0),
    ]  # fmt: skip
    for name, figure, ok in checks:
        print(f"  {name:<40}{figure:>24}   {'ok' if ok else 'FAILED'}")
    for line in lost[:10]:
        print(f"    {line}")
    return all(ok for *_, ok in checks)


if __name__ == "__main__":
    sys.exit(main())
