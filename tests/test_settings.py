"""Settings as an operator meets them: each case starts a fresh `tuyengiao` process."""

import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection


def run_tuyengiao(*args: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("TUYENGIAO_")}
    environ.pop("DATABASE_URL", None)
    environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    environ.update(TUYENGIAO_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "tuyengiao", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_tuyengiao("check", tmp_path=tmp_path, TUYENGIAO_PRODUCTION="1")
    assert result.returncode != 0
    assert "TUYENGIAO_SECRET_KEY is required in production" in result.stderr


def test_production_requires_allowed_hosts(tmp_path):
    result = run_tuyengiao(
        "check",
        tmp_path=tmp_path,
        TUYENGIAO_PRODUCTION="1",
        TUYENGIAO_SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode != 0
    assert "TUYENGIAO_ALLOWED_HOSTS is required" in result.stderr


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run_tuyengiao(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        TUYENGIAO_PRODUCTION="1",
        TUYENGIAO_SECRET_KEY=secrets.token_urlsafe(50),
        TUYENGIAO_ALLOWED_HOSTS="tuyengiao.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_bad_value_stops_start_up_with_the_variable_named(tmp_path):
    result = run_tuyengiao("check", tmp_path=tmp_path, TUYENGIAO_LOGIN_FAILURE_LIMIT="nhiều")
    assert result.returncode != 0
    assert "TUYENGIAO_LOGIN_FAILURE_LIMIT" in result.stderr


def test_a_report_template_that_is_not_there_stops_start_up(tmp_path):
    missing = tmp_path / "mau-cua-tinh.docx"
    result = run_tuyengiao("check", tmp_path=tmp_path, TUYENGIAO_REPORT_TEMPLATE=str(missing))
    assert result.returncode != 0
    assert "TUYENGIAO_REPORT_TEMPLATE" in result.stderr and "no such file" in result.stderr


def test_report_template_is_the_default_unless_set(settings):
    assert settings.REPORT_TEMPLATE is None  # render_docx's template=None: the shipped one


def test_unsupported_database_url_is_refused(tmp_path):
    result = run_tuyengiao(
        "check", tmp_path=tmp_path, DATABASE_URL="mysql://root@127.0.0.1:3306/test"
    )
    assert result.returncode != 0
    assert "supports PostgreSQL and SQLite" in result.stderr


def test_sqlite_default_lives_in_data_dir_with_wal(tmp_path):
    result = run_tuyengiao(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0]); "
        "print(connection.settings_dict['NAME'])",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    mode, name = result.stdout.split()
    assert mode == "wal"
    assert name == str(tmp_path / "tuyengiao.sqlite3")


@pytest.mark.django_db
def test_database_backend_matches_database_url():
    # Proof, in the PostgreSQL run of `make test`, that the tests really ran on PostgreSQL.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_tasks_run_at_once_unless_the_database_backend_is_asked(settings):
    # Development and tests: a task runs in the process that enqueues it, nothing else runs.
    assert settings.TASKS["default"]["BACKEND"] == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )


def test_the_database_backend_queues_tasks_for_the_worker(tmp_path):
    result = run_tuyengiao(
        "shell",
        "--no-imports",
        "-c",
        "from django.tasks import task_backends; print(type(task_backends['default']).__module__)",
        tmp_path=tmp_path,
        TUYENGIAO_TASKS="database",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django_tasks_db.backend"


def test_an_unknown_tasks_backend_stops_start_up(tmp_path):
    result = run_tuyengiao("check", tmp_path=tmp_path, TUYENGIAO_TASKS="celery")
    assert result.returncode != 0
    assert "TUYENGIAO_TASKS='celery' is not one of: immediate, database" in result.stderr
