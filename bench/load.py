"""Many people at once: gunicorn as the operator guide runs it, 25 clients for 60 s (issue 20).

    .venv/bin/python bench/load.py [--seconds 60] [--readers 20] [--savers 5]

For SQLite, then PostgreSQL when TUYENGIAO_BENCH_DATABASE_URL names a server (as `make
bench` passes it; its own database `tg_load_bench`, dropped at the end): a fresh database
with the demo province (`make run`'s migrate and `tuyengiao demo`), served by
`gunicorn tuyengiao.wsgi --bind 127.0.0.1:PORT --workers 3` with the production settings
(`TUYENGIAO_PRODUCTION=1`, the clients sending the proxy's `X-Forwarded-Proto`). Each client
logs in through the login form as a scoped non-superuser of the demo, on loopback, a new
connection per request:

- 20 readers, each a different account (province, commune and grassroots; viewers, editors,
  administrators), open the pages and API reads people use, at random: home, documents list,
  search, a document, a dashboard, what is due, tracking and a directive's matrix, tasks,
  indicators and roll-ups (`/api/aggregates/`);
- 5 savers, editors of five communes, save one value at a time through
  `POST /api/datavalues/` into cells of their commune the rules let them write.

After a warm-up pass (each reader opens each kind of page once, not counted), every request
started in the 60 s window is counted, with no pause between requests. Then the server stops
and the database is read: every acknowledged save must be there with its value, and
`tuyengiao values verify` must find every aggregate equal to the recount of its values.

Goals: 0 errors (any answer other than 200, or none), every saved value present, page p95
≤ 300 ms (wall clock, the readers' requests); throughput is printed. Exit 1 on any miss.
"""

import argparse
import random
import sys
import threading
import time

from load_kit import clients, server

PAGE_P95_GOAL_MS = 300.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--savers", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    sites = server.sites(args.only)
    missed = False
    for label, url in sites:
        print(f"\n== {label}: {args.readers} readers, {args.savers} savers, {args.seconds:.0f} s")
        with server.demo_site("load", url) as site:
            missed |= not run(site, args)
    return 1 if missed else 0


def run(site: server.Site, args) -> bool:
    plan = server.prepare(site)
    rng = random.Random(args.seed)
    savers = plan["savers"][: args.savers]
    taken = {s["username"] for s in savers}
    readers = rng.sample([r for r in plan["readers"] if r["username"] not in taken], args.readers)
    with server.Gunicorn(site) as gunicorn:
        print(f"gunicorn ready in {gunicorn.start():.1f} s, workers {gunicorn.workers()}")
        recorder, attempts, window, alone = drive(site.port, readers, savers, args)
        gunicorn.stop()
    found = server.read_back(site, [c for s in savers for c in s["cells"]])["values"]
    code, verify_seconds, verify_out = server.verify(site)
    return report(recorder, attempts, window, alone, found, (code, verify_seconds, verify_out))


def drive(port: int, readers: list[dict], savers: list[dict], args):
    """Log everyone in, warm up, then run every client for the window; the results."""
    reading = [(clients.Browser(port, r["username"]), r) for r in readers]
    saving = [(clients.Browser(port, s["username"]), s) for s in savers]
    for browser, _ in reading + saving:
        browser.login()
    warm = clients.Recorder()
    threads = [
        threading.Thread(target=_warm_up, args=(b, r, warm), daemon=True) for b, r in reading
    ]
    _run_all(threads)
    # One who opens every kind of page (a directive with tasks, documents).
    alone = _alone(*max(reading, key=lambda br: (bool(br[1]["tracked"]), len(br[1]["documents"]))))
    recorder = clients.Recorder()
    attempts: list[list[clients.Attempt]] = [[] for _ in saving]
    stop = threading.Event()
    threads = [
        threading.Thread(target=clients.read_loop, args=(b, r, recorder, stop, args.seed + i),
                         daemon=True)
        for i, (b, r) in enumerate(reading)
    ] + [
        threading.Thread(target=clients.save_loop, daemon=True,
                         args=(b, s, recorder, attempts[i], stop, args.seed + 100 + i))
        for i, (b, s) in enumerate(saving)
    ]  # fmt: skip
    print(f"load average before the window: {server.load_average()}")
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        time.sleep(args.seconds)
    finally:
        stop.set()
    ended = time.perf_counter()
    for thread in threads:
        thread.join()
    print(f"load average at the end: {server.load_average()}")
    return recorder, attempts, (started, ended), alone


def _warm_up(browser: clients.Browser, reader: dict, recorder: clients.Recorder) -> None:
    seen = set()
    for kind, path in clients.reader_paths(reader, random.Random(0)):
        if kind not in seen:
            seen.add(kind)
            status, _ = browser.request("GET", path)
            recorder.add(clients.Result(kind, status, 0.0, 0.0))


def _alone(browser: clients.Browser, reader: dict, rounds: int = 5) -> dict[str, float]:
    """Each kind of page opened by one client with the others idle, `rounds` times: the
    median is the work of a request, what the window adds to it is waiting for a worker."""
    times: dict[str, list[float]] = {}
    rng = random.Random(1)
    for _ in range(rounds):
        for kind, path in clients.reader_paths(reader, rng):
            started = time.perf_counter()
            browser.request("GET", path)
            times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
    return {kind: clients.percentile(values, 0.5) for kind, values in times.items()}


def _run_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(recorder, attempts, window, alone, found, verified) -> bool:
    started, ended = window
    seconds = ended - started
    results = [r for r in recorder.results if r.started < ended]
    pages = [r for r in results if r.kind != "save"]
    saves = [r for r in results if r.kind == "save"]
    errors = [r for r in results if r.status != 200]
    print(f"\n  {'kind':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}"
          f"{'alone p50':>11}")  # fmt: skip
    for kind in sorted({r.kind for r in results}):
        times = [r.seconds * 1000 for r in results if r.kind == kind]
        bad = sum(1 for r in results if r.kind == kind and r.status != 200)
        print(f"  {kind:<18}{len(times):>9}{clients.percentile(times, 0.5):>9.1f}"
              f"{clients.percentile(times, 0.95):>9.1f}{max(times):>9.1f}{bad:>8}"
              f"{alone.get(kind, float('nan')):>11.1f}")  # fmt: skip
    for status in sorted({r.status for r in errors}):
        kinds = sorted({r.kind for r in errors if r.status == status})
        print(f"  status {status or 'no answer'}: {sum(r.status == status for r in errors)}"
              f" ({', '.join(kinds)})")  # fmt: skip
    expected = clients.expected_values([a for one in attempts for a in one])
    lost = _lost(expected, found)
    page_p95 = clients.percentile([r.seconds * 1000 for r in pages], 0.95)
    print(f"\n  throughput: {len(results) / seconds:.1f} requests/s "
          f"({len(pages) / seconds:.1f} reads/s, {len(saves) / seconds:.1f} saves/s) "
          f"over {seconds:.1f} s")  # fmt: skip
    code, verify_seconds, verify_out = verified
    print(f"  values verify: exit {code} in {verify_seconds:.1f} s: {verify_out[-300:]}")
    checks = [
        ("errors", len(errors), "0", not errors),
        ("acknowledged saves missing or wrong", len(lost), f"0 of {len(expected)} cells",
         not lost and bool(expected)),
        ("page p95 (ms)", round(page_p95, 1), f"≤ {PAGE_P95_GOAL_MS:.0f}",
         page_p95 <= PAGE_P95_GOAL_MS),
        ("aggregates unequal to the recount", code, "exit 0", code == 0),
    ]  # fmt: skip
    for name, figure, goal, met in checks:
        print(f"  {name:<38}{figure!s:>10}   goal {goal:<16}{'met' if met else 'MISSED'}")
    for line in lost[:10]:
        print(f"    {line}")
    return all(met for *_, met in checks)


def _lost(expected: dict, found: dict) -> list[str]:
    lost = []
    for cell, values in expected.items():
        stored = found.get("|".join(cell))
        if stored is None or int(stored) not in values:
            lost.append(f"{'|'.join(cell)}: stored {stored}, acknowledged {sorted(values)}")
    return lost


if __name__ == "__main__":
    sys.exit(main())
