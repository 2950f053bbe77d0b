"""A database with the demo in it and gunicorn serving it as the operator guide says
(`gunicorn tuyengiao.wsgi --bind 127.0.0.1:PORT --workers 3`, production settings behind a
proxy that sets `X-Forwarded-Proto`), started in its own process group so that every
process it forks is killed at the end, whatever happens."""

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
DJANGO_SIDE = Path(__file__).with_name("django_side.py")
# As the operator guide serves it (docs/operator-guide.md, Production, step 3).
WORKERS = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    """One database (SQLite in `data_dir`, or a PostgreSQL database) and its environment."""

    name: str
    data_dir: Path
    port: int
    database_url: str = ""
    admin_url: str = ""  # the PostgreSQL server's `postgres` database, for DROP
    env: dict = field(default_factory=dict)

    def run(self, *command: str, quiet: bool = True) -> subprocess.CompletedProcess:
        """A `tuyengiao` command (or the Django side) with the site's environment."""
        out = subprocess.DEVNULL if quiet else None
        return subprocess.run(command, env=self.env, check=True, stdout=out, cwd=ROOT)  # noqa: S603

    def django_side(self, *args: str) -> None:
        self.run(str(BIN / "python"), str(DJANGO_SIDE), *args)


def _environment(data_dir: Path, port: int, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUYENGIAO_")}
    env.pop("DATABASE_URL", None)
    env |= {
        "TUYENGIAO_PRODUCTION": "1",
        "TUYENGIAO_SECRET_KEY": secrets.token_urlsafe(50),
        "TUYENGIAO_ALLOWED_HOSTS": "127.0.0.1",
        "TUYENGIAO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "TUYENGIAO_DATA_DIR": str(data_dir),
        "TUYENGIAO_TRUSTED_PROXIES": "127.0.0.1",
        "TUYENGIAO_TASKS": "database",
        "TUYENGIAO_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@contextlib.contextmanager
def demo_site(name: str, server_url: str = "") -> Iterator[Site]:
    """A fresh database holding the demo (`make run`'s migrate and `tuyengiao demo`), its
    static files collected as in production; removed at the end. `server_url`: a PostgreSQL
    server (any database name in it is replaced by `tg_<name>_bench`)."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"tg-{name}-"))
    port = free_port()
    database_url = admin_url = ""
    if server_url:
        base = server_url.rsplit("/", 1)[0] if server_url.count("/") > 2 else server_url
        database_url, admin_url = f"{base}/tg_{name}_bench", f"{base}/postgres"
        _postgresql(admin_url, f"DROP DATABASE IF EXISTS tg_{name}_bench WITH (FORCE)")
        _postgresql(admin_url, f"CREATE DATABASE tg_{name}_bench")
    site = Site(name, data_dir, port, database_url, admin_url,
                _environment(data_dir, port, database_url))  # fmt: skip
    try:
        tuyengiao = str(BIN / "tuyengiao")
        site.run(tuyengiao, "migrate", "--no-input")
        site.run(tuyengiao, "demo", "--if-empty")
        site.run(tuyengiao, "collectstatic", "--no-input")
        yield site
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if admin_url:
            _postgresql(admin_url, f"DROP DATABASE IF EXISTS tg_{name}_bench WITH (FORCE)")


def _postgresql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(statement)


class Gunicorn:
    """gunicorn for a site, in its own session (process group): `kill_worker` kills one
    worker with SIGKILL (the master starts another), `kill_all` the master and every worker
    at once, `stop` ends it cleanly, and the context manager always leaves none behind."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.process: subprocess.Popen | None = None
        self.log = open(site.data_dir / "gunicorn.log", "ab")  # noqa: SIM115

    def __enter__(self) -> "Gunicorn":
        return self

    def __exit__(self, *exc) -> None:
        self.kill_all()
        self.log.close()

    def start(self, timeout: float = 60) -> float:
        """Start and wait until a page answers; the seconds that took."""
        started = time.perf_counter()
        command = [str(BIN / "gunicorn"), "tuyengiao.wsgi", "--bind",
                   f"127.0.0.1:{self.site.port}", "--workers", str(WORKERS)]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603
            command, env=self.site.env, cwd=ROOT, stdout=self.log, stderr=self.log,
            start_new_session=True,
        )  # fmt: skip
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            if _answers(self.site.port) and len(self.workers()) == WORKERS:
                return time.perf_counter() - started
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not answer in {timeout} s")

    def workers(self) -> list[int]:
        """The worker processes: the master's children."""
        if self.process is None:
            return []
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    children.append(int(entry.name))
        return sorted(children)

    def worker_serving(self, client_port: int, timeout: float = 30) -> int:
        """The worker holding the connection from the client's `client_port` (a sync worker
        serves one request at a time), once one has accepted it."""
        ended = time.perf_counter() + timeout
        while time.perf_counter() < ended:
            inodes = _loopback_sockets(self.site.port, client_port)
            for pid in self.workers():
                with contextlib.suppress(OSError):
                    for fd in Path(f"/proc/{pid}/fd").iterdir():
                        if os.readlink(fd) in inodes:
                            return pid
            time.sleep(0.02)
        raise RuntimeError(f"no worker took the connection from port {client_port}")

    def kill_worker(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def kill_all(self) -> None:
        """SIGKILL to the whole process group, as a power cut or the OOM killer would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful stop), then SIGKILL after 20 s."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        self.kill_all()


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


class WriteWatch:
    """On PostgreSQL, whether a worker's transaction has begun writing values: its backend
    (found by the worker's connection to the server) holds the row-exclusive lock an INSERT
    or UPDATE of `reporting_datavalue` takes, until it commits or dies."""

    def __init__(self, site: Site) -> None:
        import psycopg

        self.port = int(site.database_url.rsplit(":", 1)[1].split("/")[0])
        self.connection = psycopg.connect(site.database_url, autocommit=True)

    def close(self) -> None:
        self.connection.close()

    def writing(self, worker: int) -> bool:
        ports = _client_ports(worker, self.port)
        if not ports:
            return False
        found = self.connection.execute(
            "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "JOIN pg_class c ON c.oid = l.relation WHERE a.client_port = ANY(%s) "
            "AND c.relname = 'reporting_datavalue' AND l.mode = 'RowExclusiveLock' AND l.granted",
            [sorted(ports)],
        ).fetchone()
        return found is not None


def _client_ports(pid: int, server_port: int) -> set[int]:
    """Local ports of `pid`'s TCP connections to `server_port` on 127.0.0.1."""
    remote = f"0100007F:{server_port:04X}"
    by_inode = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[2] == remote:
            by_inode[f"socket:[{fields[9]}]"] = int(fields[1].split(":")[1], 16)
    ports = set()
    with contextlib.suppress(OSError):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                if (link := os.readlink(fd)) in by_inode:
                    ports.add(by_inode[link])
    return ports


def _loopback_sockets(server_port: int, client_port: int) -> set[str]:
    """`socket:[inode]` of the server's end of a connection on 127.0.0.1 (/proc/net/tcp)."""
    local, remote = f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}"
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            found.add(f"socket:[{fields[9]}]")
    return found


def cpu_seconds(pid: int) -> float:
    return _cpu_ticks(pid) / os.sysconf("SC_CLK_TCK")


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def prepare(site: Site, *, import_rows: int = 0) -> dict:
    """The plan of the run (readers, savers and their cells, the import's file), picked by
    the product's own rules in the site's database."""
    plan_path = site.data_dir / "plan.json"
    args = ["prepare", str(plan_path)]
    if import_rows:
        args += ["--import-csv", str(site.data_dir / "import"), "--import-rows",
                 str(import_rows)]  # fmt: skip
    site.django_side(*args)
    return json.loads(plan_path.read_text())


def read_back(site: Site, cells: list[list[str]], import_csv: str = "") -> dict:
    """What the database holds now for `cells`, and of the import (see django_side.read)."""
    wanted = site.data_dir / "wanted.json"
    found = site.data_dir / "found.json"
    wanted.write_text(json.dumps({"cells": cells, "import_csv": import_csv}))
    site.django_side("read", str(wanted), str(found))
    return json.loads(found.read_text())


def verify(site: Site) -> tuple[int, float, str]:
    """`tuyengiao values verify`: its exit code, seconds and output."""
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [str(BIN / "tuyengiao"), "values", "verify"], env=site.env, cwd=ROOT,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.returncode, time.perf_counter() - started, (done.stdout + done.stderr).strip()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def postgresql_server() -> str:
    """The PostgreSQL server `make bench` passes (TUYENGIAO_BENCH_DATABASE_URL), else ''."""
    url = os.environ.get("TUYENGIAO_BENCH_DATABASE_URL", "").strip()
    if not url:
        print("TUYENGIAO_BENCH_DATABASE_URL is not set: PostgreSQL skipped.", file=sys.stderr)
    return url


def sites(only: str | None) -> list[tuple[str, str]]:
    """(label, PostgreSQL server or '') of each database to run on."""
    chosen = [] if only == "postgresql" else [("SQLite", "")]
    if only != "sqlite" and (url := postgresql_server()):
        chosen.append(("PostgreSQL", url))
    return chosen
