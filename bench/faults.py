"""Faults under load: kill -9 a gunicorn worker, then the whole server, mid-import (issue 20).

    .venv/bin/python bench/faults.py [--import-rows 100000] [--kill-worker-at 0.8]
                                     [--kill-server-at 0.7]

For SQLite, then PostgreSQL when TUYENGIAO_BENCH_DATABASE_URL names a server (its own
database `tg_faults_bench`, dropped at the end). The demo and gunicorn as `load.py` serves
them (the operator guide's command, production settings). Five editors save values without
pause through `POST /api/datavalues/` the whole time, and the province's editor imports
100,000 new values three times on the import page (`/reporting/import/`, a CSV of the
columns indicator, orgunit, period, value, written through `datavalues_write` in one
transaction by the worker that answers the upload); B and C hold the same cells as A with
every value + 1000 and + 2000:

1. import A runs whole: the yardstick of the kills is the CPU its worker spends on it
   (SQLite: uncommitted pages stay in the process, nothing outside shows the writing
   begin) or, on PostgreSQL, how long it writes: from the moment its backend holds the
   row-exclusive lock of `reporting_datavalue` (found by the worker's connection) to the
   answer;
2. import B: at 80 % of that (of the CPU, or of the writing after B's writing is seen to
   begin) its worker (found by the upload's connection) is killed with SIGKILL; gunicorn's
   master starts another;
3. import C: at 70 % the master and every worker are killed with SIGKILL at once (the
   process group), as a power cut would; gunicorn is started again and the editors go on
   saving for a few seconds; then the server stops and the database is read.

Checks (each printed; exit 1 on any failure):
- import A answered 200;
- every value whose save was acknowledged (a 2xx answer) is stored with its value (or with
  the value of a later save of the same cell whose answer never came);
- no save was answered with an error (a 500, or a refusal of a cell the rules allowed);
- the imports are whole: every cell holds A's value, or every cell B's, or every cell C's;
- `tuyengiao values verify` finds every aggregate equal to the recount of its values;
- the server answered again after the restart.
A kill that came after its import had answered is said so ("not hit"): the fault then
missed the import's transaction, and the share should be lower.
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
    parser.add_argument("--kill-worker-at", type=float, default=0.8,
                        help="share of import A's CPU (SQLite) or of its writing time "
                        "(PostgreSQL) at which B's worker is killed")  # fmt: skip
    parser.add_argument(
        "--kill-server-at", type=float, default=0.7, help="the same, for C and the whole server"
    )
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    sites = server.sites(args.only)
    failed = False
    for label, url in sites:
        print(f"\n== {label}: 5 savers, imports of {args.import_rows:,} values, kills")
        with server.demo_site("faults", url) as site:
            failed |= not run(site, args)
    return 1 if failed else 0


class ImportFailed(Exception):
    """Import A, the one no fault touches, did not answer 200."""


class Import(threading.Thread):
    """One upload to the import page; `status` None until it answers (0: no answer)."""

    def __init__(self, browser: clients.Browser, path: Path) -> None:
        super().__init__(daemon=True)
        self.browser, self.path = browser, path
        self.status: int | None = None
        self.started = 0.0
        self.seconds = 0.0
        self.body = b""

    def run(self) -> None:
        self.started = started = time.perf_counter()
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
            threading.Thread(target=clients.save_loop, daemon=True,
                             args=(b, s, recorder, attempts[i], stop, args.seed + i))
            for i, (b, s) in enumerate(savers)
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        watch = server.WriteWatch(site) if site.database_url else None
        try:
            restarted = _faults(gunicorn, importer, base, args, events, watch)
            time.sleep(AFTER_RESTART_SECONDS)
        except ImportFailed as failure:
            print(f"  {failure}\n  FAILED: the faults were not run")
            return False
        finally:
            stop.set()
            if watch:
                watch.close()
            for thread in threads:
                thread.join()
        gunicorn.stop()
    for event in events:
        print(f"  {event}")
    print(f"  load average: {server.load_average()}")
    cells = [c for s in plan["savers"] for c in s["cells"]]
    found = server.read_back(site, cells, str(base))
    return _checks(recorder, attempts, found, server.verify(site), restarted)


def _faults(gunicorn, importer, base: Path, args, events: list[str], watch) -> float:
    """Import A whole, import B with its worker killed, import C with the server killed,
    restart; the seconds the restart took to answer. `watch` (PostgreSQL): the kills come
    at a share of A's writing time after B's and C's writing is seen to begin; without it
    (SQLite, whose uncommitted pages stay in the process), at a share of A's CPU."""
    time.sleep(1.0)  # the savers at work first
    upload, worker = _upload(gunicorn, importer, base.with_suffix(".a.csv"))
    start, writing_from = server.cpu_seconds(worker), None
    while upload.status is None:
        cpu = server.cpu_seconds(worker) - start
        if watch and writing_from is None and watch.writing(worker):
            writing_from = time.perf_counter()
        time.sleep(0.02)
    upload.join()
    if upload.status != 200:
        log = (gunicorn.site.data_dir / "gunicorn.log").read_text(errors="replace")
        said = [line for line in log.splitlines() if "TIMEOUT" in line or "Error" in line]
        raise ImportFailed(f"import A, with no fault, answered {upload.status or 'nothing'} "
                           f"after {upload.seconds:.1f} s; gunicorn: {said[-3:]}")  # fmt: skip
    writing = upload.started + upload.seconds - writing_from if writing_from else 0.0
    events.append(f"import A, whole: {_answer(upload)}, {cpu:.1f} s of its worker's CPU"
                  + (f", writing for its last {writing:.1f} s" if watch else ""))  # fmt: skip
    for name, share, kill, what in (
        ("B", args.kill_worker_at, gunicorn.kill_worker, "its worker"),
        ("C", args.kill_server_at, lambda _: gunicorn.kill_all(), "the server"),
    ):
        upload, worker = _upload(gunicorn, importer, base.with_suffix(f".{name.lower()}.csv"))
        when = f"{share:.0%} of A's " + ("writing" if watch else "CPU")
        hit = _kill_at(upload, worker, share * (writing if watch else cpu), kill, watch)
        events.append(f"import {name}: {what} killed at {when} ({hit})")
        upload.join()
        time.sleep(1.0)  # the master reaps a killed worker and starts another
        events.append(f"import {name}: {_answer(upload)}; workers {gunicorn.workers()}")
    seconds = gunicorn.start()
    events.append(f"restarted, answering in {seconds:.1f} s")
    return seconds


def _upload(gunicorn, importer, path: Path) -> tuple["Import", int]:
    """Start an upload; the worker serving it, once it holds the connection."""
    importer.local_port = 0
    upload = Import(importer, path)
    upload.start()
    while not importer.local_port:
        time.sleep(0.005)
    return upload, gunicorn.worker_serving(importer.local_port)


def _kill_at(upload: "Import", worker: int, amount: float, kill, watch) -> str:
    """`kill(worker)` once the upload has been writing for `amount` seconds (`watch`), or
    once its worker has spent `amount` seconds of CPU on it."""
    start, writing_from = server.cpu_seconds(worker), None
    while upload.status is None:
        if watch is None:
            if server.cpu_seconds(worker) - start >= amount:
                break
        elif writing_from is None:
            writing_from = time.perf_counter() if watch.writing(worker) else None
        elif time.perf_counter() - writing_from >= amount and watch.writing(worker):
            break  # held now: a first INSERT tried in a savepoint may have been rolled back
        time.sleep(0.01)
    state = _state(upload)
    if watch is not None and upload.status is None:
        if writing_from is None:
            state += ", NOT YET WRITING"
        else:
            held = "held" if watch.writing(worker) else "NOT HELD"
            state += f", writing for {time.perf_counter() - writing_from:.1f} s, lock {held}"
    kill(worker)
    return state


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
    whole = {name.upper(): imported[name] == rows for name in ("a", "b", "c")}
    whole["none"] = held == 0
    state = next((name for name, ok in whole.items() if ok), "PARTIAL")
    code, seconds, output = verified
    ok_saves = sum(1 for r in saves if 200 <= r.status < 300)
    print(f"  saves: {len(saves)} sent, {ok_saves} acknowledged, {unanswered} unanswered, "
          f"{len(answered_bad)} answered with an error "
          f"{sorted({r.status for r in answered_bad})}")  # fmt: skip
    print(f"  import cells: {rows:,}, stored {held:,} (A {imported['a']:,}, "
          f"B {imported['b']:,}, C {imported['c']:,})")  # fmt: skip
    print(f"  values verify: exit {code} in {seconds:.1f} s: {output[-300:]}")
    checks = [
        ("acknowledged saves stored", f"{len(expected) - len(lost)} of {len(expected)} cells",
         not lost and bool(expected)),
        ("saves answered with an error", str(len(answered_bad)), not answered_bad),
        ("imports whole (all A, all B or all C)", state, state in ("A", "B", "C")),
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
